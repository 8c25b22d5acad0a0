"""Reads about programs: the organization's list, each section's status, the element checklist, warnings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.ordering import translated_order
from programs.enums import (
    ELEMENTS,
    SECTIONS,
    STANDARD_ACTIVITIES,
    Element,
    ProgramKind,
    Section,
    SectionStatus,
    TaskListKind,
    allowed_kinds,
)
from programs.enums import VersionState
from programs.models import Program


def program_list(organization) -> QuerySet[Program]:
    """The organization's programs with what the list shows, in a constant number of queries."""
    return (
        organization.programs.select_related("qualification_standard", "qualification_standard__level")
        .annotate(module_count=Count("modules", distinct=True))
        .order_by(*translated_order("name"))
    )


def program_for_overview(organization, pk: int) -> Program:
    """One program of the organization with everything the overview needs; DoesNotExist for anyone else's."""
    return (
        Program.objects.select_related("organization", "qualification_standard", "qualification_standard__level")
        .prefetch_related("modules", "task_lists", "rooms", "instructors", "partners")
        .get(organization=organization, pk=pk)
    )


def _filled(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return bool(value)
    return value is not None and value is not False and value != 0


def _count(program: Program, relation: str) -> int:
    """How many related rows, using an annotation or a prefetch when there is one."""
    annotated = getattr(program, f"{relation.rstrip('s')}_count", None)
    if annotated is not None:
        return annotated
    cache = getattr(program, "_prefetched_objects_cache", {})
    if relation in cache:
        return len(cache[relation])
    return getattr(program, relation).count()


def _task_lists(program: Program) -> list:
    cache = getattr(program, "_prefetched_objects_cache", {})
    return list(cache["task_lists"]) if "task_lists" in cache else list(program.task_lists.all())


def _published_list(program: Program, kind: str) -> bool:
    return any(t.kind == kind and t.published_on for t in _task_lists(program))


def element_present(program: Program, element: Element) -> bool | None:
    """True or False; None when the element does not apply (content by module of a program that has none)."""
    if element.name == "modules":
        if not program.modular:
            return None
        return _filled(program.modules_content) or _count(program, "modules") > 0
    return _filled(getattr(program, element.field))


def element_checklist(program: Program) -> list[tuple[Element, bool | None]]:
    return [(element, element_present(program, element)) for element in ELEMENTS]


def missing_elements(program: Program) -> list[int]:
    """The numbers (1..18) of the Art. 4 elements the program lacks; element 7 only counts when it is modular."""
    return [element.number for element, present in element_checklist(program) if present is False]


def _required(program: Program) -> dict[str, list[Callable[[], bool]]]:
    """Per section, what must be filled for it to be done."""
    org_kind = program.organization.kind
    basics = [lambda: _filled(program.name), lambda: _filled(program.activity),
              lambda: _filled(program.language_of_delivery)]
    if allowed_kinds(org_kind, program.activity):
        basics.append(lambda: program.kind is not None)
    if program.activity in STANDARD_ACTIVITIES:
        basics.append(lambda: program.qualification_standard_id is not None)
    if program.kind == ProgramKind.LANGUAGES:
        basics.append(lambda: _filled(program.cefr_levels))
    if program.kind == ProgramKind.COMPUTER:
        basics.append(lambda: _filled(program.ecdl_modules))
    aims = [lambda f=f: _filled(getattr(program, f)) for f in
            ("purpose", "goal", "general_outcomes", "specific_outcomes", "enrolment_conditions")]
    content = ([lambda: _filled(program.modules_content), lambda: _count(program, "modules") > 0]
               if program.modular else [])
    delivery = [lambda f=f: _filled(getattr(program, f)) for f in
                ("duration_hours", "organisation_methods", "accessibility", "materials", "group_size",
                 "staff_needed", "premises_equipment")]
    delivery += [lambda: _count(program, "rooms") > 0, lambda: _count(program, "instructors") > 0]
    assessment = [lambda: _filled(program.assessment), lambda: _filled(program.document_name)]
    if program.exam_professional:
        assessment += [lambda: program.work_tasks_min is not None, lambda: program.work_tasks_max is not None,
                       lambda: _published_list(program, TaskListKind.WORK)]
    if program.exam_key_competences:
        assessment += [lambda: program.key_tasks is not None, lambda: _published_list(program, TaskListKind.KEY)]
    publicity = [lambda: _filled(program.publicity), lambda: _filled(program.adaptation)]
    return {"basics": basics, "aims": aims, "content": content, "delivery": delivery, "assessment": assessment,
            "publicity": publicity}


@dataclass(frozen=True)
class SectionState:
    section: Section
    status: str
    filled: int
    required: int

    @property
    def status_label(self) -> str:
        return str(SectionStatus(self.status).label)


def section_status(program: Program) -> list[SectionState]:
    """Each section of the form: not started, in progress, or done (everything it requires is filled)."""
    required = _required(program)
    saved = set(program.saved_sections or ())
    states = []
    for section in SECTIONS:
        checks = required[section.slug]
        filled = sum(1 for check in checks if check())
        if (checks and filled == len(checks)) or (not checks and section.slug in saved):
            status = SectionStatus.DONE
        elif filled or section.slug in saved:
            status = SectionStatus.IN_PROGRESS
        else:
            status = SectionStatus.NOT_STARTED
        states.append(SectionState(section, status, filled, len(checks)))
    return states


def program_warnings(program: Program) -> list[str]:
    """What is missing or late by the rules (not blocking: the rules engine reports it when the case is checked)."""
    warnings = []
    if program.kind == ProgramKind.LANGUAGES and not program.cefr_levels:
        warnings.append(_("Art. 4.2: a foreign-language program names its CEFR level or levels (A1–C2)."))
    if program.kind == ProgramKind.COMPUTER and not program.ecdl_modules:
        warnings.append(_("Art. 4.3: a computer-training program names the ECDL modules it covers."))
    if program.activity in STANDARD_ACTIVITIES and program.qualification_standard_id is None:
        warnings.append(_("Art. 2: this activity follows a qualification standard; choose it in the basics."))
    if program.exam_key_competences and program.key_tasks is not None and not 6 <= program.key_tasks <= 12:
        warnings.append(_("Art. 6.1: the key-competence exam has 6 to 12 tasks."))
    if program.exam_professional and any(
        n is not None and not 2 <= n <= 4 for n in (program.work_tasks_min, program.work_tasks_max)
    ):
        warnings.append(_("Art. 6.2: each learner performs 2 to 4 work tasks."))
    if program.starts_on:
        late = [t for t in _task_lists(program) if t.published_on and t.published_on > program.starts_on]
        if late:
            warnings.append(ngettext(
                "Art. 6.3: task lists must be available to learners before the program starts; "
                "%(count)s list is published after the planned start.",
                "Art. 6.3: task lists must be available to learners before the program starts; "
                "%(count)s lists are published after the planned start.",
                len(late),
            ) % {"count": len(late)})
    return warnings


def approved_versions(program: Program) -> list[Program]:
    """The approved versions of the program (in force and superseded), newest first: its public history. Versions in
    preparation or with the Office are not public."""
    from django.db.models import Q

    root = program.lineage_root_id
    return list(Program.objects.filter(Q(pk=root) | Q(lineage_id=root))
                .filter(version_state__in=(VersionState.APPROVED, VersionState.SUPERSEDED))
                .only("pk", "version", "version_state", "editorial", "approved_on", "superseded_on", "lineage_id")
                .order_by("-version", "-pk"))


def programs_for_teaching(organization):
    """The organization's programs a new cohort or commission may be made for: no superseded version, and no new
    version still in preparation or with the Office (its approved version is taught until the amendment is approved).
    A first version not yet approved stays (a school teaches its own programs without a JPOA accreditation)."""
    from django.db.models import Q

    return (organization.programs.exclude(version_state=VersionState.SUPERSEDED)
            .exclude(Q(version__gt=1) & Q(version_state__in=(VersionState.DRAFT, VersionState.SUBMITTED))))
