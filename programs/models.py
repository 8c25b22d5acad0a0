"""A provider's programs with the 18 elements of Art. 4, their modules and the task lists of Art. 6.3.

How the fields map to the element names of the rules contract (``rules.facts.ELEMENTS``), see also
``programs.enums.ELEMENTS``:

====  =========================  ==========================================================
 no.  contract element           Program field
====  =========================  ==========================================================
  1   name                       name (translated)
  2   purpose                    purpose (translated)
  3   goal                       goal (translated)
  4   general_outcomes           general_outcomes (translated)
  5   specific_outcomes          specific_outcomes (translated)
  6   enrolment_conditions       enrolment_conditions (translated)
  7   modules                    modules_content (translated) + the Module rows (name, outcomes, content, hours)
  8   duration                   duration_hours (positive integer; the element is derived from the number)
  9   organisation_methods       organisation_methods (translated)
 10   accessibility              accessibility (translated)
 11   materials                  materials (translated)
 12   assessment                 assessment (translated)
 13   group_size                 group_size (positive integer; the element is derived from the number)
 14   staff                      staff_needed (translated)
 15   premises_equipment         premises_equipment (translated)
 16   publicity                  publicity (translated)
 17   adaptation                 adaptation (translated)
 18   document_name              document_name (translated)
====  =========================  ==========================================================

The exam plan of the contract (``Program.exam``) maps to exam_professional, exam_key_competences, key_tasks,
work_tasks_min, work_tasks_max, and ``task_lists_published_on`` to the TaskList rows' published_on.
Translated fields are typed in Cyrillic (``*_sr``); services derive ``*_sr_latn`` with sync_scripts().
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.numbers import AtMost
from programs.enums import (
    ACTIVITY_REFUSED,
    Activity,
    CefrLevel,
    DeliveryLanguage,
    ProgramKind,
    TaskListKind,
    VersionState,
    allowed_activities,
    allowed_kinds,
)


class Program(TimeStampedModel):
    organization = models.ForeignKey("providers.Organization", verbose_name=_("organization"),
                                     on_delete=models.CASCADE, related_name="programs")
    activity = models.CharField(_("activity (Art. 2)"), max_length=12, choices=Activity.choices)
    kind = models.PositiveSmallIntegerField(_("kind of program (Art. 3)"), choices=ProgramKind.choices, null=True,
                                            blank=True)
    qualification_standard = models.ForeignKey(
        "qualifications.QualificationStandard", verbose_name=_("qualification standard"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="programs",
    )
    language_of_delivery = models.CharField(_("language of delivery"), max_length=8,
                                            choices=DeliveryLanguage.choices, default=DeliveryLanguage.SERBIAN)
    # fold() of the names in both scripts and English, the provider, its municipality and the standard: the one
    # normalization used for indexing and for querying (programs.search). A trigram GIN index on PostgreSQL.
    search_text = models.TextField(editable=False, default="")
    search_name = models.TextField(editable=False, default="")
    # Copied from the active accreditations that cover the program (applications keeps them current): the public
    # sees the program while public_from <= today <= public_until. One table to filter, so the search index leads.
    public_from = models.DateField(editable=False, null=True)
    public_until = models.DateField(editable=False, null=True)
    cefr_levels = models.JSONField(_("CEFR levels"), default=list, blank=True)
    ecdl_modules = models.JSONField(_("ECDL modules"), default=list, blank=True)

    # The 18 elements of Art. 4 para 1 (see the module docstring for the mapping to the contract's names).
    name = models.CharField(_("name of the program"), max_length=255)
    purpose = models.TextField(_("purpose"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    general_outcomes = models.TextField(_("general learning outcomes"), blank=True)
    specific_outcomes = models.TextField(_("specific learning outcomes"), blank=True)
    enrolment_conditions = models.TextField(_("conditions of enrolment"), blank=True)
    modular = models.BooleanField(_("the program is modular"), default=False)
    modules_content = models.TextField(_("content by module"), blank=True)
    duration_hours = models.PositiveIntegerField(_("duration (hours)"), null=True, blank=True, validators=[
        MinValueValidator(1),
        AtMost(5000, message=_("A program cannot last more than %(limit_value)s hours; check the number."))])
    organisation_methods = models.TextField(_("organisation, forms and methods"), blank=True)
    accessibility = models.TextField(_("accessibility for persons with disabilities"), blank=True)
    materials = models.TextField(_("learning and teaching materials"), blank=True)
    assessment = models.TextField(_("assessment procedure"), blank=True)
    group_size = models.PositiveIntegerField(_("learners per group"), null=True, blank=True, validators=[
        MinValueValidator(1),
        AtMost(200, message=_("A group cannot have more than %(limit_value)s learners; check the number."))])
    staff_needed = models.TextField(_("staff needed"), blank=True)
    premises_equipment = models.TextField(_("premises, equipment and means"), blank=True)
    publicity = models.TextField(_("how the program is made public"), blank=True)
    adaptation = models.TextField(_("adaptation to learners"), blank=True)
    document_name = models.TextField(_("public document or certificate issued"), blank=True)

    # Delivery.
    individual_work = models.BooleanField(_("provides for individual work"), default=False)
    rooms = models.ManyToManyField("providers.Room", verbose_name=_("rooms"), blank=True, related_name="programs")
    instructors = models.ManyToManyField("providers.StaffMember", verbose_name=_("instructors"), blank=True,
                                         related_name="programs")
    partners = models.ManyToManyField("providers.Partner", verbose_name=_("practical-work partners"), blank=True,
                                      related_name="programs")
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)

    # Exams (Art. 5, 6).
    exam_professional = models.BooleanField(_("ends with an exam of professional competences"), default=False)
    exam_key_competences = models.BooleanField(_("ends with an exam of key competences"), default=False)
    key_tasks = models.PositiveSmallIntegerField(_("tasks in the key-competence exam"), null=True, blank=True)
    work_tasks_min = models.PositiveSmallIntegerField(_("work tasks per learner, at least"), null=True, blank=True)
    work_tasks_max = models.PositiveSmallIntegerField(_("work tasks per learner, at most"), null=True, blank=True)

    saved_sections = models.JSONField(default=list, blank=True, editable=False,
                                      help_text="slugs of the form sections saved at least once")

    # Versions (docs/program-versions.md). Each version is its own row, so cohorts and certificates keep pointing
    # at the version they were created under. ``lineage`` is the first version (null on the first version itself).
    lineage = models.ForeignKey("self", verbose_name=_("first version"), null=True, blank=True, editable=False,
                                on_delete=models.PROTECT, related_name="later_versions")
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    version_state = models.CharField(_("state of the version"), max_length=12, choices=VersionState.choices,
                                     default=VersionState.DRAFT, editable=False, db_index=True)
    editorial = models.BooleanField(_("editorial correction"), default=False, editable=False)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", kwargs={"pk": self.pk})

    @property
    def lineage_root_id(self) -> int | None:
        """The first version's id: the same for every version of one program."""
        return self.lineage_id or self.pk

    @property
    def is_frozen(self) -> bool:
        """Submitted, approved or superseded: never edited in place (start a new version instead)."""
        from programs.enums import FROZEN_VERSION_STATES

        return self.version_state in FROZEN_VERSION_STATES

    def is_public_on(self, day) -> bool:
        """Whether the public sees the program on ``day`` (the row-level twin of programs.search.public_programs)."""
        return self.public_from is not None and self.public_from <= day <= self.public_until

    def clean(self):
        """Refuse what Arts. 2-4 make impossible (and a missing kind, which decides the rules that apply).

        What is merely missing (an element, CEFR levels, ECDL modules) is left to the rules engine.
        """
        errors: dict[str, list] = {}
        org_kind = self.organization.kind if self.organization_id else None
        if org_kind and self.activity and self.activity not in allowed_activities(org_kind):
            errors.setdefault("activity", []).append(ACTIVITY_REFUSED[org_kind])
        elif org_kind and self.activity:
            kinds = allowed_kinds(org_kind, self.activity)
            if self.kind is None:
                if kinds:
                    errors.setdefault("kind", []).append(
                        _("Art. 3.1: choose the kind of program this activity is run through."))
            elif not kinds:
                errors.setdefault("kind", []).append(
                    _("Art. 3: programs of this activity have no kind of Art. 3 para 1; leave the kind empty."))
            elif self.kind not in kinds:
                errors.setdefault("kind", []).append(
                    _("Art. 3.2: a primary school runs this activity only through programs of kinds 4, 5, 6, 8 "
                      "and 9 (computer training, foreign languages, environment and ecology, creative and "
                      "artistic expression, other knowledge, skills and attitudes)."))
        if self.cefr_levels:
            unknown = [level for level in self.cefr_levels if level not in CefrLevel.values]
            if unknown:
                errors.setdefault("cefr_levels", []).append(_("Art. 4.2: CEFR levels are A1, A2, B1, B2, C1, C2."))
            elif self.kind != ProgramKind.LANGUAGES:
                errors.setdefault("cefr_levels", []).append(
                    _("Art. 4.2: CEFR levels belong only to foreign-language programs (kind 5)."))
        if self.ecdl_modules and self.kind != ProgramKind.COMPUTER:
            errors.setdefault("ecdl_modules", []).append(
                _("Art. 4.3: ECDL modules belong only to computer-training programs (kind 4)."))
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors.setdefault("ends_on", []).append(_("The program cannot end before it starts."))
        if (self.work_tasks_min is not None and self.work_tasks_max is not None
                and self.work_tasks_min > self.work_tasks_max):
            errors.setdefault("work_tasks_max", []).append(
                _("The largest number of work tasks cannot be smaller than the smallest."))
        if errors:
            raise ValidationError(errors)


class Module(models.Model):
    """A module of a modular program (Art. 4 para 1 items 5 and 7): its outcomes and content."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name of the module"), max_length=255)
    outcomes = models.TextField(_("outcomes of the module"), blank=True)
    content = models.TextField(_("content of the module"), blank=True)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True, validators=[
        MinValueValidator(1),
        AtMost(5000, message=_("A module cannot last more than %(limit_value)s hours; check the number."))])

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.name


class TaskList(models.Model):
    """Art. 6.3: a list of tasks or of work tasks, available to learners before the program starts."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE,
                                related_name="task_lists")
    kind = models.CharField(_("kind of list"), max_length=4, choices=TaskListKind.choices)
    title = models.CharField(_("title"), max_length=255)
    items = models.TextField(_("tasks"), help_text=_("One task per line."))
    published_on = models.DateField(_("made available to learners on"), null=True, blank=True)

    class Meta:
        ordering = ["program", "kind", "pk"]
        verbose_name = _("task list")
        verbose_name_plural = _("task lists")

    def __str__(self) -> str:
        return self.title

    @property
    def item_list(self) -> list[str]:
        return [line.strip() for line in (self.items or "").splitlines() if line.strip()]


class SearchWord(models.Model):
    """A word the public search knows (programs.search.vocabulary_add): folded, with its Latin spelling. A query
    word that begins none of the register's words is corrected to the nearest of these (core.textsearch)."""

    word = models.CharField(max_length=40, primary_key=True)
    form = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
