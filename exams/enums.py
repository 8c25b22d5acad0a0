"""Kinds and states of the exams app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class ExamKind(models.TextChoices):
    PROFESSIONAL = "professional", pgettext_lazy("exam", "Professional-competence exam")
    KEY_COMPETENCES = "key_competences", pgettext_lazy("exam", "Key-competence exam")


class Grade(models.TextChoices):
    """Art. 6.5: there are two grades and nothing else."""

    PASSED = "passed", pgettext_lazy("grade", "Passed")
    FAILED = "failed", pgettext_lazy("grade", "Failed")


class Script(models.TextChoices):
    CYRILLIC = "cyrl", pgettext_lazy("script", "Cyrillic")
    LATIN = "latn", pgettext_lazy("script", "Latin")


class CertificateLanguage(models.TextChoices):
    """The language of a learner's certificate: Serbian (in the learner's script) or, on request, English (the names
    in Serbian Latin)."""

    SERBIAN = "sr", pgettext_lazy("certificate language", "Serbian")
    ENGLISH = "en", pgettext_lazy("certificate language", "English")


class SessionState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("exam session", "Planned")
    HELD = "held", pgettext_lazy("exam session", "Held")


class RenderState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("document state", "Being prepared")
    READY = "ready", pgettext_lazy("document state", "Ready")
    FAILED = "failed", pgettext_lazy("document state", "Failed")


class CertificateKind(models.TextChoices):
    ORIGINAL = "original", pgettext_lazy("certificate kind", "Original")
    REISSUE = "reissue", pgettext_lazy("certificate kind", "Corrected certificate (replaces a revoked one)")
    DUPLICATE = "duplicate", pgettext_lazy("certificate kind", "Duplicate")


class RevocationReason(models.TextChoices):
    """Why a certificate stopped being valid; the category is public (verification), the free text is not."""

    RESULT_CHANGED = "result_changed", pgettext_lazy("revocation reason", "Correction of the exam result")
    HOLDER_DATA = "holder_data", pgettext_lazy("revocation reason", "The holder's data were wrong")
    ISSUED_IN_ERROR = "issued_in_error", pgettext_lazy("revocation reason", "Issued by mistake")
    LOST = "lost", pgettext_lazy("revocation reason", "Declared lost; a duplicate was issued")
    OTHER = "other", pgettext_lazy("revocation reason", "Another reason")


# Reasons a person chooses when revoking (a lost certificate is declared lost by issuing its duplicate).
REVOCATION_CHOICES = [(value, label) for value, label in RevocationReason.choices if value != RevocationReason.LOST]


class CertificateStatus(models.TextChoices):
    """What the certificate list filters on."""

    VALID = "valid", pgettext_lazy("certificate status", "Certificates in force")
    REVOKED = "revoked", pgettext_lazy("certificate status", "Revoked certificates")
    DUPLICATE = "duplicate", pgettext_lazy("certificate status", "Duplicates")
    REISSUE = "reissue", pgettext_lazy("certificate status", "Corrected certificates")


# Art. 5.3 / 5.4: who may form a commission for which exam (organization kinds of providers.enums).
FORMED_BY = {
    ExamKind.PROFESSIONAL: ("jpoa", "secondary_school"),
    ExamKind.KEY_COMPETENCES: ("primary_school", "secondary_school"),
}
KEY_TASKS = (6, 12)  # Art. 6.1
WORK_TASKS = (2, 4)  # Art. 6.2
