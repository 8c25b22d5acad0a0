"""Turning programs into rules facts (contract rules-facts-v1) with a constant number of queries.

A program's id in the facts is ``P<pk>``; its rooms, instructors and partners are ``R<pk>``, ``S<pk>``, ``X<pk>``
as in providers.facts. The 18 elements of Art. 4 come from the text fields (see programs.models for the mapping);
"duration" and "group_size" are the numbers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from providers.facts import partner_id, room_id, staff_id

TEXT_ELEMENTS = {
    "name": "name", "purpose": "purpose", "goal": "goal", "general_outcomes": "general_outcomes",
    "specific_outcomes": "specific_outcomes", "enrolment_conditions": "enrolment_conditions",
    "modules": "modules_content", "organisation_methods": "organisation_methods", "accessibility": "accessibility",
    "materials": "materials", "assessment": "assessment", "staff": "staff_needed",
    "premises_equipment": "premises_equipment", "publicity": "publicity", "adaptation": "adaptation",
    "document_name": "document_name",
}


def program_id(pk: int) -> str:
    return f"P{pk}"


def _elements(program) -> dict[str, str]:
    elements = {element: (getattr(program, f"{field}_sr", None) or getattr(program, field) or "").strip()
                for element, field in TEXT_ELEMENTS.items()}
    if not elements["modules"] and program.modules.all():
        elements["modules"] = "; ".join(module.name_sr or module.name for module in program.modules.all())
    elements["duration"] = f"{program.duration_hours}" if program.duration_hours else ""
    elements["group_size"] = f"{program.group_size}" if program.group_size else ""
    return {key: value for key, value in elements.items() if value}


def _task_lists_published_on(program):
    lists = list(program.task_lists.all())
    if not lists or any(task_list.published_on is None for task_list in lists):
        return None
    return max(task_list.published_on for task_list in lists).isoformat()


def program_facts(program) -> dict[str, Any]:
    standard = program.qualification_standard
    exam = None
    if program.exam_professional or program.exam_key_competences:
        exam = {
            "professional": program.exam_professional,
            "key_competences": program.exam_key_competences,
            "key_tasks": program.key_tasks,
            "work_tasks_min": program.work_tasks_min,
            "work_tasks_max": program.work_tasks_max,
            "task_lists_published_on": _task_lists_published_on(program),
        }
    return {
        "id": program_id(program.pk),
        "activity": program.activity,
        "kind": program.kind,
        "elements": _elements(program),
        "modular": program.modular,
        "duration_hours": program.duration_hours,
        "group_size": program.group_size,
        "qualification_standard": {"code": standard.code, "noks_level": standard.level.code} if standard else None,
        "cefr_levels": list(program.cefr_levels or []),
        "ecdl_modules": list(program.ecdl_modules or []),
        "individual_work": program.individual_work,
        "rooms": [room_id(r.pk) for r in program.rooms.all()],
        "instructors": [staff_id(s.pk) for s in program.instructors.all()],
        "exam": exam,
        "starts_on": program.starts_on.isoformat() if program.starts_on else None,
        "ends_on": program.ends_on.isoformat() if program.ends_on else None,
        "partners": [partner_id(x.pk) for x in program.partners.all()],
    }


def programs_facts(programs: QuerySet) -> list[dict[str, Any]]:
    """All programs of a queryset as facts: six queries whatever their number. The related rows load only the
    columns the facts use (an id, a module's name, a list's date): building them is most of the time (bench)."""
    from programs.models import Module, TaskList
    from providers.models import Partner, Room, StaffMember

    rows = programs.select_related("qualification_standard__level").prefetch_related(
        Prefetch("rooms", queryset=Room.objects.only("pk")),
        Prefetch("instructors", queryset=StaffMember.objects.only("pk")),
        Prefetch("partners", queryset=Partner.objects.only("pk")),
        Prefetch("modules", queryset=Module.objects.only("pk", "program_id", "order", "name", "name_sr",
                                                         "name_sr_latn", "name_en")),
        Prefetch("task_lists", queryset=TaskList.objects.only("pk", "program_id", "published_on")),
    ).order_by("pk")
    return [program_facts(program) for program in rows]
