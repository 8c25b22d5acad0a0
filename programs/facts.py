"""Turning programs into rules facts (contract rules-facts-v1, with the v1.1 additions the portal has data for:
task lists one by one, the document's kind, the program's field) with a constant number of queries.

A program's id in the facts is ``P<pk>``; its rooms, instructors and partners are ``R<pk>``, ``S<pk>``, ``X<pk>``
as in providers.facts. The 18 elements of Art. 4 come from the text fields (see programs.models for the mapping);
"duration" and "group_size" are the numbers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

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


def _elements(program, module_names: list[str]) -> dict[str, str]:
    elements = {element: (getattr(program, f"{field}_sr", None) or getattr(program, field) or "").strip()
                for element, field in TEXT_ELEMENTS.items()}
    if not elements["modules"] and module_names:
        elements["modules"] = "; ".join(module_names)
    elements["duration"] = f"{program.duration_hours}" if program.duration_hours else ""
    elements["group_size"] = f"{program.group_size}" if program.group_size else ""
    return {key: value for key, value in elements.items() if value}


TASK_LIST_KINDS = {"key": "tasks", "work": "work_tasks"}
# Art. 4.1.18 / 5.6: the kind of document, read from its name when the name says exactly one kind (folded, so
# either script and any case): "Уверење о ...", "Javna isprava ...", "Потврда о ...".
DOCUMENT_WORDS = {"certificate": "uveren", "public_document": "javn", "attestation": "potvrd"}


def document_kind(name: str) -> str | None:
    from rules.translit import fold

    folded = fold(name)
    kinds = [kind for kind, stem in DOCUMENT_WORDS.items()
             if stem in folded and (kind != "public_document" or "ispra" in folded)]
    return kinds[0] if len(kinds) == 1 else None


def _task_lists(lists: list[tuple]) -> list[dict]:
    """v1.1, Art. 6.3: each list as it is kept — by its title (the portal does not tie a list to an outcome), its
    kind and the day it was made available. ``lists``: (pk, kind, title, published_on)."""
    return [{"outcome": title or f"{pk}", "kind": TASK_LIST_KINDS.get(kind),
             "published_on": published_on.isoformat() if published_on else None}
            for pk, kind, title, published_on in lists]


def _task_lists_published_on(lists: list[tuple]):
    if not lists or any(published_on is None for *_rest, published_on in lists):
        return None
    return max(published_on for *_rest, published_on in lists).isoformat()


class Related:
    """The rows related to a set of programs, read with one plain query each (ids, names, dates — no model
    instances, no per-program querysets: Django's prefetch machinery was most of the time of the facts, bench)."""

    def __init__(self, program_ids: list[int]):
        from programs.models import Module, Program, TaskList

        def grouped(rows) -> dict[int, list]:
            out: dict[int, list] = {}
            for program_pk, *value in rows:
                out.setdefault(program_pk, []).append(value[0] if len(value) == 1 else tuple(value))
            return out

        # Each in the order of the related model's Meta.ordering, as the managers would give them.
        self.rooms = grouped(Program.rooms.through.objects.filter(program_id__in=program_ids)
                             .order_by("program_id", "room__kind", "room__name", "room_id")
                             .values_list("program_id", "room_id"))
        self.instructors = grouped(Program.instructors.through.objects.filter(program_id__in=program_ids)
                                   .order_by("program_id", "staffmember__last_name", "staffmember__first_name",
                                             "staffmember_id")
                                   .values_list("program_id", "staffmember_id"))
        self.partners = grouped(Program.partners.through.objects.filter(program_id__in=program_ids)
                                .order_by("program_id", "partner__name", "partner_id")
                                .values_list("program_id", "partner_id"))
        self.modules = {
            pk: [next((n for n in names if n), "") for names in rows]
            for pk, rows in grouped(Module.objects.filter(program_id__in=program_ids)
                                    .order_by("program_id", "order", "pk")
                                    .values_list("program_id", "name_sr", "name_sr_latn", "name_en")).items()}
        self.task_lists = grouped(
            (program_pk, pk, kind, title_sr or title_sr_latn or title_en, published_on)
            for program_pk, pk, kind, title_sr, title_sr_latn, title_en, published_on
            in TaskList.objects.filter(program_id__in=program_ids).order_by("program_id", "pk")
            .values_list("program_id", "pk", "kind", "title_sr", "title_sr_latn", "title_en", "published_on"))

    def of(self, program) -> dict[str, list]:
        pk = program.pk
        return {"rooms": self.rooms.get(pk, []), "instructors": self.instructors.get(pk, []),
                "partners": self.partners.get(pk, []), "modules": self.modules.get(pk, []),
                "task_lists": self.task_lists.get(pk, [])}


def program_facts(program, related: dict[str, list] | None = None) -> dict[str, Any]:
    """One program as facts; ``related`` (from :class:`Related`) saves the five queries of its related rows."""
    if related is None:
        related = Related([program.pk]).of(program)
    lists = related["task_lists"]
    standard = program.qualification_standard
    exam = None
    if program.exam_professional or program.exam_key_competences:
        exam = {
            "professional": program.exam_professional,
            "key_competences": program.exam_key_competences,
            "key_tasks": program.key_tasks,
            "work_tasks_min": program.work_tasks_min,
            "work_tasks_max": program.work_tasks_max,
            "task_lists_published_on": _task_lists_published_on(lists),
            "task_lists": _task_lists(lists),
        }
    elements = _elements(program, related["modules"])
    return {
        "id": program_id(program.pk),
        "activity": program.activity,
        "kind": program.kind,
        "elements": elements,
        "modular": program.modular,
        "duration_hours": program.duration_hours,
        "group_size": program.group_size,
        "qualification_standard": {"code": standard.code, "noks_level": standard.level.code} if standard else None,
        "cefr_levels": list(program.cefr_levels or []),
        "ecdl_modules": list(program.ecdl_modules or []),
        "individual_work": program.individual_work,
        "rooms": [room_id(pk) for pk in related["rooms"]],
        "instructors": [staff_id(pk) for pk in related["instructors"]],
        "exam": exam,
        "starts_on": program.starts_on.isoformat() if program.starts_on else None,
        "ends_on": program.ends_on.isoformat() if program.ends_on else None,
        "partners": [partner_id(pk) for pk in related["partners"]],
        "field": _field(standard),
        "document_kind": document_kind(elements.get("document_name", "")),
    }


def _field(standard) -> str | None:
    """v1.1, Art. 5.3: the program's field is its standard's sector (подручје рада)."""
    if standard is None or standard.sector_id is None:
        return None
    sector = standard.sector
    return (getattr(sector, "name_sr", None) or sector.name or "").strip() or None


def programs_facts(programs: QuerySet) -> list[dict[str, Any]]:
    """All programs of a queryset as facts: six queries whatever their number (the programs with their standard,
    its level and sector; then rooms, instructors, partners, modules and task lists, one plain query each)."""
    rows = list(programs.select_related("qualification_standard__level", "qualification_standard__sector")
                .order_by("pk"))
    related = Related([program.pk for program in rows])
    return [program_facts(program, related.of(program)) for program in rows]
