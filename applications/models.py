"""Applications for JPOA status, their frozen submissions, and the Office's requests for changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.enums import (
    EDITABLE_STATES,
    AccreditationState,
    ApplicationKind,
    ApplicationState,
    DeclarationStage,
    DocumentKind,
    Outcome,
    RenderState,
    Script,
    Verdict,
)
from core.models import TimeStampedModel


class Application(TimeStampedModel):
    organization = models.ForeignKey("providers.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="applications")
    state = models.CharField(_("state"), max_length=24, choices=ApplicationState.choices,
                             default=ApplicationState.DRAFT, db_index=True)
    kind = models.CharField(_("kind of application"), max_length=10, choices=ApplicationKind.choices,
                            default=ApplicationKind.STATUS, editable=False)
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
    def is_amendment(self) -> bool:
        return self.kind == ApplicationKind.AMENDMENT

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
    respond_by = models.DateField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")


class ChangeRequestItem(models.Model):
    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="items")
    subject = models.CharField(_("item"), max_length=100,
                               help_text="as in the facts: rooms[R3], programs[P2], programs[P2].goal, "
                                         "hygiene_technical.water, associate_deviations.psychologist, organization")
    provision = models.CharField(_("provision"), max_length=30, blank=True)
    comment = models.TextField(_("comment"))
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["change_request", "pk"]


class ReviewFinding(TimeStampedModel):
    """What a reviewer concluded about one provision for one subject of a submission: a verdict on a `manual`
    finding of the stored report, or a finding of the reviewer's own (``own``). Office-internal."""

    submission = models.ForeignKey(Submission, verbose_name=_("submission"), on_delete=models.CASCADE,
                                   related_name="review_findings")
    provision = models.CharField(_("provision"), max_length=30)
    subject = models.CharField(_("item"), max_length=60, default="organization")
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    own = models.BooleanField(_("added by the reviewer"), default=False)
    carried_from = models.PositiveSmallIntegerField(
        _("carried over from submission"), null=True, blank=True,
        help_text="the number of the earlier submission whose verdict on the unchanged item this repeats")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["submission", "provision", "subject", "pk"]
        constraints = [models.UniqueConstraint(fields=["submission", "provision", "subject"],
                                               condition=models.Q(own=False), name="one_verdict_per_finding")]
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")


class Review(TimeStampedModel):
    """The Office's side of one application: who reviews it, what they recommended, who decided what."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recommended by"), null=True,
                                       on_delete=models.SET_NULL, related_name="+")
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Outcome.choices, blank=True)
    recommendation_reasons = models.TextField(_("reasons for the recommendation"), blank=True)
    recommended_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    @property
    def outcome_label(self) -> str:
        """The decision as taken ("Approved"), where the choice's own label is the verb offered ("Approve")."""
        from django.utils.translation import pgettext

        return {Outcome.APPROVE: pgettext("decision taken", "Approved"),
                Outcome.REJECT: pgettext("decision taken", "Rejected")}.get(self.outcome, "")


class ConflictDeclaration(models.Model):
    """An Office official's own declaration that they have no conflict of interest with the organization of the
    application: the reviewer before working on it, the decider with the decision. Each also writes an audit row."""

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.CASCADE,
                                    related_name="conflict_declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT,
                             related_name="+")
    stage = models.CharField(_("declared for"), max_length=10, choices=DeclarationStage.choices)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        ordering = ["declared_at"]
        indexes = [models.Index(fields=["application", "user", "stage"])]
        verbose_name = _("declaration of no conflict of interest")
        verbose_name_plural = _("declarations of no conflict of interest")


class Accreditation(TimeStampedModel):
    """JPOA status for one activity of Art. 2, granted by a decision: the public JPOA register is made of these."""

    organization = models.ForeignKey("providers.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="accreditations")
    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="accreditations")
    activity = models.CharField(_("activity"), max_length=20)
    programs = models.ManyToManyField("programs.Program", verbose_name=_("programs"), related_name="accreditations")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=AccreditationState.choices,
                             default=AccreditationState.ACTIVE, db_index=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revocation_reasons = models.TextField(_("reasons for revocation"), blank=True)
    reminded_90_at = models.DateTimeField(null=True, blank=True)
    reminded_30_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organization", "activity", "-valid_from"]
        indexes = [models.Index(fields=["state", "valid_until"])]
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")

    def __str__(self) -> str:
        return f"{self.organization} — {self.activity} ({self.valid_from}–{self.valid_until})"

    def get_activity_display(self) -> str:
        from programs.enums import Activity

        try:
            return str(Activity(self.activity).label)
        except ValueError:
            return self.activity

    def valid_on(self, day) -> bool:
        """Was the status in force on ``day``? A revocation ends it from the day it was revoked."""
        if not (self.valid_from <= day <= self.valid_until):
            return False
        if self.state == AccreditationState.REVOKED and self.revoked_at:
            return day < timezone.localdate(self.revoked_at)
        return True


class SerialCounter(models.Model):
    """The last serial number given per series (kind of document, issuer and year); rows are locked to count."""

    series = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_year")]


class OfficialDocument(TimeStampedModel):
    """A PDF the Office issues (decision, status certificate, revocation), rendered by a Celery task.

    The row is the source of truth: it is created with the decision, in the same transaction, as ``pending``; the
    task fills ``file`` and marks it ``ready`` (or ``failed`` after its retries); a periodic sweep re-enqueues rows
    left pending. The same document in the other script shares the serial number and the verification code.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="official_documents")
    accreditation = models.ForeignKey(Accreditation, verbose_name=_("accreditation"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="official_documents")
    serial = models.CharField(_("serial number"), max_length=30, db_index=True)
    code = models.CharField(_("verification code"), max_length=20, db_index=True)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices, default=Script.CYRILLIC)
    issued_on = models.DateField(_("issued on"))
    state = models.CharField(_("state"), max_length=10, choices=RenderState.choices, default=RenderState.PENDING,
                             db_index=True)
    file = models.FileField(_("file"), upload_to="official/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "serial", "script"]
        constraints = [models.UniqueConstraint(fields=["serial", "script"], name="one_document_per_serial_script")]
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"

    def get_absolute_url(self) -> str:
        return reverse("documents:download", kwargs={"pk": self.pk})

    @property
    def verification_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('verify_short', kwargs={'code': self.code})}"
