"""Applications for JPOA status, their frozen submissions, and the Office's requests for changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.enums import EDITABLE_STATES, ApplicationState
from noks_portal.models import TimeStampedModel


class Application(TimeStampedModel):
    organization = models.ForeignKey("providers.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="applications")
    state = models.CharField(_("state"), max_length=24, choices=ApplicationState.choices,
                             default=ApplicationState.DRAFT, db_index=True)
    activities = models.JSONField(_("activities"), default=list)
    programs = models.ManyToManyField("programs.Program", verbose_name=_("programs"), blank=True,
                                      related_name="applications")
    associate_deviations = models.JSONField(
        _("justified deviations (Art. 7.3)"), default=dict, blank=True,
        help_text=_("Why an andragogue, psychologist or librarian cannot be engaged."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.reference} — {self.organization}"

    @property
    def reference(self) -> str:
        return f"JPOA-{self.created_at:%Y}-{self.pk:05d}" if self.pk and self.created_at else "JPOA-—"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"pk": self.pk})


class Submission(models.Model):
    """What was submitted, frozen: the facts, the rules report, a readable copy of the records, the evidence."""

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.CASCADE,
                                    related_name="submissions")
    number = models.PositiveSmallIntegerField(_("submission number"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    regulation = models.CharField(_("rule set"), max_length=20)
    facts = models.JSONField(_("facts"))
    report = models.JSONField(_("rules report"))
    records = models.JSONField(_("records as submitted"))

    class Meta:
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="one_number_per_submission")]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.application.reference} #{self.number}"


class SubmittedDocument(models.Model):
    """A copy of an evidence file as it was at submission: later edits of the records do not change it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="documents")
    source_id = models.PositiveIntegerField()
    subject = models.CharField(max_length=40)
    kind = models.CharField(max_length=20)
    original_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="submissions/%Y/")

    class Meta:
        ordering = ["submission", "subject", "pk"]


class ChangeRequest(TimeStampedModel):
    """The Office asks for changes; the provider answers item by item and resubmits."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="change_requests")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="change_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    note = models.TextField(_("message from the Office"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")


class ChangeRequestItem(models.Model):
    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="items")
    subject = models.CharField(_("item"), max_length=40, help_text="as in the facts: rooms[R3], programs[P2], …")
    comment = models.TextField(_("comment"))
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["change_request", "pk"]
