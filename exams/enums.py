"""Kinds and states of the exams app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class ExamKind(models.TextChoices):
    PROFESSIONAL = "professional", pgettext_lazy("exam", "Professional-competence exam")
    KEY_COMPETENCES = "key_competences", pgettext_lazy("exam", "Key-competence exam")


class Grade(models.TextChoices):
    """Art. 6.5: there are two grades and nothing else."""

    PASSED = "passed", pgettext_lazy("grade", "Passed (положио)")
    FAILED = "failed", pgettext_lazy("grade", "Failed (није положио)")


class Script(models.TextChoices):
    CYRILLIC = "cyrl", pgettext_lazy("script", "Cyrillic")
    LATIN = "latn", pgettext_lazy("script", "Latin")


class SessionState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("exam session", "Planned")
    HELD = "held", pgettext_lazy("exam session", "Held")


class RenderState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("document state", "Being prepared")
    READY = "ready", pgettext_lazy("document state", "Ready")
    FAILED = "failed", pgettext_lazy("document state", "Failed")


# Art. 5.3 / 5.4: who may form a commission for which exam (organization kinds of providers.enums).
FORMED_BY = {
    ExamKind.PROFESSIONAL: ("jpoa", "secondary_school"),
    ExamKind.KEY_COMPETENCES: ("primary_school", "secondary_school"),
}
KEY_TASKS = (6, 12)  # Art. 6.1
WORK_TASKS = (2, 4)  # Art. 6.2
