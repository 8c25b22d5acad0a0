"""Shared base model and the append-only audit trail every state change writes to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


ACTION_LABELS = {
    "user.registered": _("Account created"),
    "user.email_confirmed": _("E-mail address confirmed"),
    "organization.registered": _("Organization registered"),
    "organization.updated": _("Particulars changed"),
    "membership.removed": _("Member removed"),
    "invitation.created": _("Colleague invited"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.revoked": _("Invitation revoked"),
    "staff.saved": _("Staff member saved"),
    "staff.deleted": _("Staff member deleted"),
    "room.saved": _("Room saved"),
    "room.deleted": _("Room deleted"),
    "hygiene.saved": _("Hygiene-technical declaration saved"),
    "partner.saved": _("Partner saved"),
    "partner.deleted": _("Partner deleted"),
    "document.uploaded": _("Evidence uploaded"),
    "document.deleted": _("Evidence deleted"),
    "program.created": _("Program created"),
    "program.saved": _("Program saved"),
    "program.deleted": _("Program deleted"),
    "application.created": _("Application started"),
    "application.scope_changed": _("Activities and programs of an application changed"),
    "application.deviations_changed": _("Justified deviations changed"),
    "application.transition": _("Application state changed"),
    "application.change_request_answered": _("Change request answered"),
    "application.assigned": _("Reviewer assigned"),
    "review.verdict": _("Reviewer's verdict recorded"),
    "review.finding_added": _("Reviewer's finding added"),
    "review.no_conflict_declared": _("Reviewer declared no conflict of interest"),
    "decision.no_conflict_declared": _("Decider declared no conflict of interest"),
    "document.issued": _("Document issued"),
    "document.latin_requested": _("Latin version requested"),
    "document.retried": _("Document rendering retried"),
    "accreditation.granted": _("JPOA status granted"),
    "accreditation.renewed": _("JPOA status renewed"),
    "accreditation.expired": _("JPOA status expired"),
    "accreditation.revoked": _("JPOA status revoked"),
    "accreditation.reminded": _("Expiry reminder sent"),
    "cohort.created": _("Cohort created"),
    "cohort.saved": _("Cohort saved"),
    "learner.created": _("Learner enrolled"),
    "learner.saved": _("Learner's data changed"),
    "learners.imported": _("Learners imported from a file"),
    "learners.viewed_by_office": _("Learners' data viewed by the Office"),
    "commission.registered": _("Exam commission registered"),
    "exam.session_created": _("Exam set up"),
    "exam.rescheduled": _("Exam moved to another day"),
    "exam.tasks_drawn": _("Work tasks drawn"),
    "exam.result_recorded": _("Exam recorded"),
    "certificate.issued": _("Certificate issued"),
    "certificate.retried": _("Certificate rendering retried"),
    "certificate.revoked": _("Certificate revoked"),
}
# Labels of the states audit rows name (from_state / to_state); each app registers its own in AppConfig.ready().
STATE_LABELS: dict[str, object] = {}


class AuditEvent(models.Model):
    """One row per change of state or of something the Office relies on. Never updated, never deleted.

    The rows form a hash chain (core.audit): `seq` numbers them 1, 2, 3, … without gaps, `prev_hash` is the
    `row_hash` of row seq − 1 and `row_hash` covers `prev_hash` and this row's fields, so a changed, removed or
    inserted row breaks the chain (`manage.py audit_verify`). Written only by core.audit.audit_log.
    """

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True, editable=False)
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("hash of the previous row"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("hash"), max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    @property
    def to_state_label(self) -> str:
        return str(STATE_LABELS.get(self.to_state, self.to_state))

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
