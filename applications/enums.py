"""Application states, who may move an application between them, and the allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class ApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application state", "Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("application state", "In review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("application state", "Changes requested")
    RECOMMENDED_APPROVE = "recommended_approve", pgettext_lazy("application state", "Recommended for approval")
    RECOMMENDED_REJECT = "recommended_reject", pgettext_lazy("application state", "Recommended for rejection")
    APPROVED = "approved", pgettext_lazy("application state", "Approved")
    REJECTED = "rejected", pgettext_lazy("application state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "Withdrawn")


class ApplicationKind(models.TextChoices):
    """What an application asks for: JPOA status for activities and their programs, or approval of new versions of
    programs already accredited (an amendment, docs/program-versions.md)."""

    STATUS = "status", pgettext_lazy("application kind", "JPOA status")
    AMENDMENT = "amendment", pgettext_lazy("application kind", "Change of accredited programs")


class Actor(models.TextChoices):
    PROVIDER = "provider", "provider"
    REVIEWER = "reviewer", "reviewer"
    DECIDER = "decider", "decider"


S = ApplicationState

# (from, to) -> who may make the move. Nothing else ever writes Application.state.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): Actor.PROVIDER,
    (S.CHANGES_REQUESTED, S.SUBMITTED): Actor.PROVIDER,
    (S.DRAFT, S.WITHDRAWN): Actor.PROVIDER,
    (S.SUBMITTED, S.WITHDRAWN): Actor.PROVIDER,
    (S.CHANGES_REQUESTED, S.WITHDRAWN): Actor.PROVIDER,
    (S.SUBMITTED, S.IN_REVIEW): Actor.REVIEWER,
    (S.IN_REVIEW, S.CHANGES_REQUESTED): Actor.REVIEWER,
    (S.IN_REVIEW, S.RECOMMENDED_APPROVE): Actor.REVIEWER,
    (S.IN_REVIEW, S.RECOMMENDED_REJECT): Actor.REVIEWER,
    (S.RECOMMENDED_APPROVE, S.APPROVED): Actor.DECIDER,
    (S.RECOMMENDED_APPROVE, S.REJECTED): Actor.DECIDER,
    (S.RECOMMENDED_REJECT, S.APPROVED): Actor.DECIDER,
    (S.RECOMMENDED_REJECT, S.REJECTED): Actor.DECIDER,
}

EDITABLE_STATES = (S.DRAFT, S.CHANGES_REQUESTED)
OPEN_STATES = (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.RECOMMENDED_APPROVE, S.RECOMMENDED_REJECT)
FINAL_STATES = (S.APPROVED, S.REJECTED, S.WITHDRAWN)


class Verdict(models.TextChoices):
    """A reviewer's verdict on a requirement only a person can judge (a `manual` finding) or on their own finding."""

    CONFIRMED = "confirmed", pgettext_lazy("verdict", "Met (confirmed)")
    NOT_MET = "not_met", pgettext_lazy("verdict", "Not met")


class Outcome(models.TextChoices):
    APPROVE = "approve", pgettext_lazy("decision", "Approve")
    REJECT = "reject", pgettext_lazy("decision", "Reject")


class DeclarationStage(models.TextChoices):
    """What an Office official declared no conflict of interest for."""

    REVIEW = "review", pgettext_lazy("declaration", "Review")
    DECISION = "decision", pgettext_lazy("declaration", "Decision")


class DocumentKind(models.TextChoices):
    """Official documents the Office issues; each kind has its own serial-number series per year."""

    DECISION = "decision", pgettext_lazy("official document", "Decision (rešenje)")
    STATUS_CERTIFICATE = "status_certificate", pgettext_lazy("official document", "JPOA status certificate")
    REVOCATION = "revocation", pgettext_lazy("official document", "Decision on revocation")


SERIAL_PREFIX = {DocumentKind.DECISION: "R", DocumentKind.STATUS_CERTIFICATE: "S", DocumentKind.REVOCATION: "O"}


class Script(models.TextChoices):
    CYRILLIC = "cyrl", pgettext_lazy("script", "Cyrillic")
    LATIN = "latn", pgettext_lazy("script", "Latin")


SCRIPT_LANGUAGE = {Script.CYRILLIC: "sr", Script.LATIN: "sr-latn"}


class RenderState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("document state", "Being prepared")
    READY = "ready", pgettext_lazy("document state", "Ready")
    FAILED = "failed", pgettext_lazy("document state", "Failed")


class AccreditationState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("accreditation state", "Active")
    EXPIRED = "expired", pgettext_lazy("accreditation state", "Expired")
    REVOKED = "revoked", pgettext_lazy("accreditation state", "Revoked")


REVIEW_STATES = (S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.RECOMMENDED_APPROVE, S.RECOMMENDED_REJECT)
DECIDABLE_STATES = (S.RECOMMENDED_APPROVE, S.RECOMMENDED_REJECT)
