"""Cohorts (one run of an accredited program), learners, exam commissions, exams and certificates (Art. 5, 6, 14.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exams.enums import (CertificateKind, CertificateLanguage, ExamKind, Grade, RenderState, RevocationReason, Script,
                         SessionState)
from core.models import TimeStampedModel
from rules.translit import cyr_to_lat


class Cohort(TimeStampedModel):
    organization = models.ForeignKey("providers.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="cohorts")
    program = models.ForeignKey("programs.Program", verbose_name=_("program"), on_delete=models.PROTECT,
                                related_name="cohorts")
    name = models.CharField(_("name"), max_length=120, help_text=_("For example “Spring 2027, group 1”."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    rooms = models.ManyToManyField("providers.Room", verbose_name=_("rooms"), blank=True, related_name="cohorts")
    instructors = models.ManyToManyField("providers.StaffMember", verbose_name=_("instructors"), blank=True,
                                         related_name="cohorts")

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return f"{self.program} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("exams:cohort", kwargs={"pk": self.pk})


class Learner(TimeStampedModel):
    """Personal data: seen by the learner's organization and the Office only (every Office view is logged)."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="learners")
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    jmbg = models.CharField(_("JMBG"), max_length=13, blank=True)
    foreign_document = models.CharField(_("foreign document number"), max_length=40, blank=True,
                                        help_text=_("For a learner without a JMBG: passport or identity card."))
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    birth_place = models.CharField(_("place of birth"), max_length=120, blank=True)
    # The sex the school gives for a learner without a JMBG (a foreign document): Serbian documents mark it in their
    # wording ("полазница ... положила"). With a valid JMBG the JMBG decides (``sex``).
    declared_sex = models.CharField(_("sex"), max_length=6, blank=True,
                                    choices=[("female", _("female")), ("male", _("male"))])
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    script = models.CharField(_("certificate script"), max_length=4, choices=Script.choices, default=Script.CYRILLIC)
    certificate_language = models.CharField(_("certificate language"), max_length=2,
                                            choices=CertificateLanguage.choices, default=CertificateLanguage.SERBIAN)

    class Meta:
        ordering = ["cohort", "last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "jmbg"], condition=~models.Q(jmbg=""),
                                    name="one_jmbg_per_cohort"),
            models.CheckConstraint(condition=~models.Q(jmbg="", foreign_document=""), name="learner_identified"),
        ]
        verbose_name = _("learner")
        verbose_name_plural = _("learners")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def name_in(self, script: str) -> str:
        name = f"{self.first_name} {self.last_name}"
        return cyr_to_lat(name) if script == Script.LATIN else name

    @property
    def sex(self) -> str:
        """"female", "male" or "" (unknown): the grammatical gender the exams' wording takes — from the JMBG, or, for
        a learner without one, as the school gave it."""
        from exams.wording import sex_from_jmbg

        return sex_from_jmbg(self.jmbg) or self.declared_sex

    @property
    def masked(self) -> str:
        """What the public verification page shows: the initials, no more (the verifier has the paper)."""
        return f"{self.first_name[:1]}. {self.last_name[:1]}."


class Commission(TimeStampedModel):
    """An exam commission (Art. 5.3 professional, 5.4 key competences), registered by the organization forming it."""

    organization = models.ForeignKey("providers.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="commissions")
    program = models.ForeignKey("programs.Program", verbose_name=_("program"), on_delete=models.PROTECT,
                                related_name="commissions")
    exam = models.CharField(_("exam"), max_length=20, choices=ExamKind.choices)
    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("exam commission")
        verbose_name_plural = _("exam commissions")

    def __str__(self) -> str:
        return self.name


class CommissionMember(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey("providers.StaffMember", verbose_name=_("staff member"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="commission_seats")
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    identifier = models.CharField(
        _("JMBG or identity document number"), max_length=40, blank=True,
        help_text=_("For a member who is not on the staff: what tells this person apart from any namesake."))
    chair = models.BooleanField(_("chair"), default=False)
    expert = models.BooleanField(_("expert in the field"), default=False)
    teacher = models.BooleanField(_("teacher of the relevant subject"), default=False)

    class Meta:
        ordering = ["commission", "-chair", "last_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ExamSession(TimeStampedModel):
    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="sessions")
    commission = models.ForeignKey(Commission, verbose_name=_("commission"), on_delete=models.PROTECT,
                                   related_name="sessions")
    held_on = models.DateField(_("date of the exam"))
    state = models.CharField(_("state"), max_length=10, choices=SessionState.choices, default=SessionState.PLANNED)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")

    def get_absolute_url(self) -> str:
        return reverse("exams:session", kwargs={"pk": self.pk})


class ExamResult(TimeStampedModel):
    """One learner's exam: tasks (key competences) or drawn work tasks (professional), votes, and the grade."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="results")
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="results")
    draw_seed = models.BigIntegerField(_("seed of the draw"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn"), null=True, blank=True)
    tasks_set = models.PositiveSmallIntegerField(_("tasks set"), null=True, blank=True)
    tasks_solved = models.PositiveSmallIntegerField(_("tasks solved"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    explanation = models.JSONField(_("how the grade follows from Art. 6"), default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        ordering = ["session", "learner__last_name", "learner__first_name"]
        constraints = [models.UniqueConstraint(fields=["session", "learner"], name="one_result_per_learner")]

    @property
    def grade_label(self):
        """The grade in the learner's grammatical gender ("Положила" / "Положио" / "Положио/ла")."""
        from exams.wording import grade_label

        return grade_label(self.grade, self.learner.sex) if self.grade else "—"


class DrawnTask(models.Model):
    result = models.ForeignKey(ExamResult, on_delete=models.CASCADE, related_name="drawn_tasks")
    position = models.PositiveSmallIntegerField()
    task = models.TextField(_("work task"))
    performed_to_criteria = models.BooleanField(_("performed to the criteria"), null=True)

    class Meta:
        ordering = ["result", "position"]


class Vote(models.Model):
    result = models.ForeignKey(ExamResult, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CommissionMember, on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(max_length=8, choices=Grade.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["result", "member"], name="one_vote_per_member")]


class Certificate(TimeStampedModel):
    """A certificate (уверење) or public document (јавна исправа) for a passed exam; rendered by a Celery task."""

    result = models.ForeignKey(ExamResult, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=10, choices=CertificateKind.choices,
                            default=CertificateKind.ORIGINAL)
    replaces = models.OneToOneField("self", verbose_name=_("replaces"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaced_by",
                                    help_text=_("The revoked certificate a corrected one replaces, or the lost "
                                                "original of a duplicate."))
    issuer = models.ForeignKey("providers.Organization", on_delete=models.PROTECT, related_name="certificates")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    language = models.CharField(_("language"), max_length=2, choices=CertificateLanguage.choices,
                                default=CertificateLanguage.SERBIAN)  # English: names in Serbian Latin (script)
    issued_on = models.DateField(_("issued on"))
    state = models.CharField(_("state"), max_length=10, choices=RenderState.choices, default=RenderState.PENDING,
                             db_index=True)
    file = models.FileField(upload_to="certificates/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=20,
                                         choices=RevocationReason.choices, blank=True)
    revocation_reasons = models.TextField(_("reasons for revocation"), blank=True)

    class Meta:
        ordering = ["-issued_on", "serial"]
        constraints = [
            # A result has at most one certificate in force: a corrected one or a duplicate comes after a revocation.
            models.UniqueConstraint(fields=["result"], condition=models.Q(revoked_at__isnull=True),
                                    name="one_valid_certificate_per_result"),
        ]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.serial

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def verification_url(self) -> str:
        return f"{settings.SITE_URL}{reverse('verify_short', kwargs={'code': self.code})}"


class VerificationCount(models.Model):
    """How many certificate verifications one client asked for in one time window (the rate limit of
    exams.verification); rows of past windows are deleted as new ones come."""

    client = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "window"], name="one_count_per_client_window")]
        indexes = [models.Index(fields=["window"], name="verification_count_window")]


class CredentialStatusList(models.Model):
    """One W3C Bitstring Status List of the certificates' credentials (exams.credentials): a revocation bit per
    credential, set when its certificate is revoked; published, signed, at /credentials/status/<number>."""

    purpose = models.CharField(max_length=20, default="revocation")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()  # bits
    allocated = models.PositiveIntegerField(default=0)  # positions handed out; a position maps to an index
    shuffle_key = models.CharField(max_length=64)  # keys the permutation of positions to indexes (hex)
    bits = models.BinaryField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["purpose", "number"], name="one_status_list_per_number")]


class CredentialStatus(models.Model):
    """Where a certificate's credential has its revocation bit: allocated when the certificate is issued."""

    certificate = models.OneToOneField(Certificate, on_delete=models.PROTECT, related_name="credential_status")
    status_list = models.ForeignKey(CredentialStatusList, on_delete=models.PROTECT, related_name="entries")
    index = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["status_list", "index"], name="one_credential_per_status_bit")]
