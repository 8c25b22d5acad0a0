"""Activities (Art. 2), program kinds (Art. 3), the 18 elements of a program (Art. 4) and the sections of its form.

The codes and element names are those of the rules contract (``rules/facts.py``: ``ACTIVITIES``, ``ELEMENTS``).
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from providers.enums import OrganizationKind


class Activity(models.TextChoices):
    """Art. 2: the activities of adult education, with the codes the rules engine uses."""

    COMP = "A-COMP", _("Professional competences per a qualification standard")
    PERS = "A-PERS", _("Personal and professional development, quality of life, general education, culture")
    CAREER = "A-CAREER", _("Career guidance and counselling")
    KEY_SEC = "A-KEY-SEC", _("Key competences for the general-education part of secondary vocational education")
    KEY_PRI = "A-KEY-PRI", _("Key competences for the primary adult-education level")
    QUAL = "A-QUAL", _("Acquiring a qualification per a qualification standard")
    RPL = "A-RPL", _("Recognition of prior learning")


class ProgramKind(models.IntegerChoices):
    """Art. 3 para 1: the kinds of non-formal programs, numbered as in the text."""

    PROFESSION = 1, _("Training for work in a profession")
    ENTREPRENEURSHIP = 2, _("Entrepreneurship and management")
    SCIENCE = 3, _("Science and technology")
    COMPUTER = 4, _("Computer training")
    LANGUAGES = 5, _("Foreign languages")
    ENVIRONMENT = 6, _("Environment and ecology")
    SAFETY = 7, _("Safe and healthy working conditions")
    CREATIVE = 8, _("Creative and artistic expression")
    OTHER = 9, _("Other knowledge, skills and attitudes")
    LABOUR_MARKET = 10, _("Per labour-market demand")


class CefrLevel(models.TextChoices):
    """Art. 4.2: levels of the Common European Framework of Reference for Languages."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class DeliveryLanguage(models.TextChoices):
    SERBIAN = "sr", _("Serbian")
    HUNGARIAN = "hu", _("Hungarian")
    SLOVAK = "sk", _("Slovak")
    ROMANIAN = "ro", _("Romanian")
    RUSYN = "rue", _("Rusyn")
    CROATIAN = "hr", _("Croatian")
    BOSNIAN = "bs", _("Bosnian")
    ALBANIAN = "sq", _("Albanian")
    BULGARIAN = "bg", _("Bulgarian")
    ENGLISH = "en", _("English")


class TaskListKind(models.TextChoices):
    """Art. 6.3: the list of tasks (key-competence exam) and the list of work tasks (professional exam)."""

    KEY = "key", pgettext_lazy("task list", "Tasks for the key-competence exam")
    WORK = "work", pgettext_lazy("task list", "Work tasks for the professional exam")


# Art. 2: which activities each kind of organization may run.
ALLOWED_ACTIVITIES: dict[str, tuple[str, ...]] = {
    OrganizationKind.JPOA: (Activity.COMP, Activity.PERS, Activity.CAREER),
    OrganizationKind.SECONDARY_SCHOOL: (Activity.KEY_SEC, Activity.KEY_PRI, Activity.COMP, Activity.QUAL,
                                        Activity.PERS, Activity.RPL, Activity.CAREER),
    OrganizationKind.PRIMARY_SCHOOL: (Activity.KEY_PRI, Activity.PERS, Activity.RPL, Activity.CAREER),
}

ALL_KINDS: tuple[int, ...] = tuple(ProgramKind.values)
PRIMARY_SCHOOL_PERS_KINDS: tuple[int, ...] = (4, 5, 6, 8, 9)

# Art. 3 paras 1 and 2: the kinds (1..10) through which an organization runs an activity; other activities have none.
ALLOWED_KINDS: dict[str, dict[str, tuple[int, ...]]] = {
    org_kind: {
        activity: (
            PRIMARY_SCHOOL_PERS_KINDS
            if org_kind == OrganizationKind.PRIMARY_SCHOOL and activity == Activity.PERS
            else ALL_KINDS if activity in (Activity.COMP, Activity.PERS) else ()
        )
        for activity in activities
    }
    for org_kind, activities in ALLOWED_ACTIVITIES.items()
}

# Activities whose program is written per a NOKS qualification standard (Art. 2.1.1, 2.2.3, 2.2.4).
STANDARD_ACTIVITIES: tuple[str, ...] = (Activity.COMP, Activity.QUAL)


def allowed_activities(org_kind: str) -> tuple[str, ...]:
    return ALLOWED_ACTIVITIES.get(org_kind, ())


def allowed_kinds(org_kind: str, activity: str) -> tuple[int, ...]:
    return ALLOWED_KINDS.get(org_kind, {}).get(activity, ())


ACTIVITY_REFUSED = {
    OrganizationKind.JPOA: _("Art. 2: a JPOA may not run this activity."),
    OrganizationKind.SECONDARY_SCHOOL: _("Art. 2: a secondary school may not run this activity."),
    OrganizationKind.PRIMARY_SCHOOL: _("Art. 2: a primary school may not run this activity."),
}


class Element(NamedTuple):
    """One of the 18 elements of Art. 4 para 1: its number, its name in the rules contract, its label, the field."""

    number: int
    name: str
    label: str
    field: str


# Art. 4 para 1, in order. `name` is the contract's element name; `field` the Program field holding it.
ELEMENTS: tuple[Element, ...] = (
    Element(1, "name", _("Name of the program"), "name"),
    Element(2, "purpose", _("Purpose of the program"), "purpose"),
    Element(3, "goal", _("Goal of the program"), "goal"),
    Element(4, "general_outcomes", _("General learning outcomes"), "general_outcomes"),
    Element(5, "specific_outcomes", _("Specific learning outcomes"), "specific_outcomes"),
    Element(6, "enrolment_conditions", _("Conditions of enrolment"), "enrolment_conditions"),
    Element(7, "modules", _("Content by module"), "modules_content"),
    Element(8, "duration", _("Duration in hours"), "duration_hours"),
    Element(9, "organisation_methods", _("Organisation, forms and methods of delivery"), "organisation_methods"),
    Element(10, "accessibility", _("Accessibility for persons with disabilities"), "accessibility"),
    Element(11, "materials", _("Learning and teaching materials, exam guide"), "materials"),
    Element(12, "assessment", _("Assessment procedure"), "assessment"),
    Element(13, "group_size", _("Number of learners per group"), "group_size"),
    Element(14, "staff", _("Staff needed"), "staff_needed"),
    Element(15, "premises_equipment", _("Premises, equipment and means needed"), "premises_equipment"),
    Element(16, "publicity", _("How the program is made public"), "publicity"),
    Element(17, "adaptation", _("Adaptation to learners' experience and prior learning"), "adaptation"),
    Element(18, "document_name", _("Name of the public document or certificate issued"), "document_name"),
)
ELEMENT_BY_FIELD: dict[str, Element] = {e.field: e for e in ELEMENTS}
NUMERIC_ELEMENT_FIELDS: tuple[str, ...] = ("duration_hours", "group_size")
TEXT_ELEMENT_FIELDS: tuple[str, ...] = tuple(e.field for e in ELEMENTS if e.field not in NUMERIC_ELEMENT_FIELDS)


class Section(NamedTuple):
    """A page of the long program form: saved on its own, come back to later."""

    number: int
    slug: str
    title: str


SECTIONS: tuple[Section, ...] = (
    Section(1, "basics", _("Basics")),
    Section(2, "aims", _("Aims and outcomes")),
    Section(3, "content", _("Content and modules")),
    Section(4, "delivery", _("Delivery")),
    Section(5, "assessment", _("Assessment and exams")),
    Section(6, "publicity", _("Publicity and adaptation")),
)
SECTION_BY_SLUG: dict[str, Section] = {s.slug: s for s in SECTIONS}


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("section", "not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("section", "in progress")
    DONE = "done", pgettext_lazy("section", "done")


class VersionState(models.TextChoices):
    """The life of one version of a program (docs/program-versions.md). Nothing but
    programs.services.program_version_transition writes it."""

    DRAFT = "draft", pgettext_lazy("program version", "In preparation")
    SUBMITTED = "submitted", pgettext_lazy("program version", "With the Office")
    APPROVED = "approved", pgettext_lazy("program version", "Approved, in force")
    SUPERSEDED = "superseded", pgettext_lazy("program version", "Superseded")


V = VersionState

# (from, to): the moves a program version may make. Who makes them: the application it is part of moves it (the
# provider submits, the Office asks for changes, rejects or approves, the provider withdraws); the provider publishes
# an editorial version (draft -> approved, only when every change is editorial); approving a later version
# supersedes the earlier one.
VERSION_TRANSITIONS: frozenset[tuple[str, str]] = frozenset({
    (V.DRAFT, V.SUBMITTED),
    (V.SUBMITTED, V.DRAFT),
    (V.SUBMITTED, V.APPROVED),
    (V.DRAFT, V.APPROVED),
    (V.APPROVED, V.SUPERSEDED),
})
# A version in these states is frozen: what was submitted or approved is never edited in place.
FROZEN_VERSION_STATES: tuple[str, ...] = (V.SUBMITTED, V.APPROVED, V.SUPERSEDED)
