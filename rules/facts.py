"""The facts of a case (contract rules-facts-v1): frozen dataclasses, a strict loader, a dumper, a JSON Schema.

Every field carries its JSON type in ``field(metadata=...)``; the loader, the dumper and the JSON Schema in
``docs/rules/facts-v1.schema.json`` are all derived from those declarations, so they cannot disagree on shape.
What a schema cannot say (unique ids, references between objects, date order) is checked after the shape, in
:func:`_check_integrity`. Invalid input raises :class:`CaseError` naming the JSON path, e.g.
``rooms[2].area_m2: expected a number >= 0, got "forty"``.

Missing and ``null`` mean the same: "not declared". Lists that are missing load as empty tuples.
Unknown fields are rejected (a misspelt ``aera_m2`` would otherwise silently read as "not declared"), except
keys starting with ``$`` or ``x-``, which are left for comments and extensions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .jsontypes import (Bool, CaseError, Date, Enum, Int, JType, List, Number, Obj, Str, _got, dump_object,
                        load_object, opt, parse_constant, parse_int, req, v11)

ACTIVITIES = ("A-COMP", "A-PERS", "A-CAREER", "A-KEY-SEC", "A-KEY-PRI", "A-QUAL", "A-RPL")
ORG_KINDS = ("jpoa", "secondary_school", "primary_school")
STAFF_ROLES = ("instructor", "andragogue", "psychologist", "librarian", "responsible_person")
ASSOCIATE_ROLES = ("andragogue", "psychologist", "librarian")
ENGAGEMENTS = ("employed_full_time", "employed_part_time", "engaged")
COMPETENCES = ("andragogy_degree", "pd_program", "association_certificate", "in_training", "none")
ROOM_KINDS = ("classroom", "specialized", "computer", "individual_work", "instructors", "management",
              "archive", "sanitary_women", "sanitary_men", "other")
TENURES = ("owned", "leased")
PARTNER_KINDS = ("jpoa", "employer")
EXAM_KINDS = ("professional", "key_competences")
NOKS_LEVELS = ("1", "2", "3", "4", "5", "6.1", "6.2", "7.1", "7.2", "8")
ELEMENTS = ("name", "purpose", "goal", "general_outcomes", "specific_outcomes", "enrolment_conditions", "modules",
            "duration", "organisation_methods", "accessibility", "materials", "assessment", "group_size", "staff",
            "premises_equipment", "publicity", "adaptation", "document_name")
HYGIENE_ITEMS = ("lighting", "visibility", "noise", "acoustics", "heating_cooling", "water", "electrical", "it", "fire")
# v1.1 (docs/rules/facts-v1.1.md)
ADULT_ED_TOPICS = ("learning_principles", "motivation", "group_management", "interactive_methods", "assessment",
                   "planning_individualisation", "evaluation")                     # Art. 7.4 items 1-7, in order
RECORD_KINDS = ("learners", "results", "exams", "program_delivery", "staff")      # Art. 14.2, in order
PRACTICAL_FORMS = ("professional_practice", "practical_teaching", "exercises")    # Art. 15
DOCUMENT_KINDS = ("certificate", "public_document", "attestation")                 # Art. 4.1.18 / 5.6
TASK_LIST_KINDS = ("tasks", "work_tasks")                                          # Art. 6.3


# --- the facts --------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class ElectronicRecords:
    """v1.1, Art. 14.2: electronic records are kept of each of the five (true), not (false), not declared
    (missing)."""

    learners: bool | None = opt(Bool(), "learners")
    results: bool | None = opt(Bool(), "learners' results")
    exams: bool | None = opt(Bool(), "exams")
    program_delivery: bool | None = opt(Bool(), "delivery of the programs")
    staff: bool | None = opt(Bool(), "the staff who deliver the programs")


@dataclass(frozen=True, kw_only=True)
class Organization:
    kind: str = req(Enum(ORG_KINDS), "JPOA applicant, secondary or primary school")
    name: str | None = opt(Str())
    pib: str | None = opt(Str())
    mb: str | None = opt(Str())
    electronic_records: bool | None = opt(Bool(), "Art. 14.2")
    status_granted_on: dt.date | None = opt(Date(), "when JPOA status was granted (Art. 7.4 deadline)")
    electronic_records_of: ElectronicRecords | None = v11(Obj(ElectronicRecords), "Art. 14.2, kind by kind; "
                                                          "when present it decides 14.2 instead of electronic_records")


@dataclass(frozen=True, kw_only=True)
class Elements:
    """The 18 elements of a program (Art. 4 para 1), in order; empty or missing = absent."""

    name: str | None = opt(Str())
    purpose: str | None = opt(Str())
    goal: str | None = opt(Str())
    general_outcomes: str | None = opt(Str())
    specific_outcomes: str | None = opt(Str())
    enrolment_conditions: str | None = opt(Str())
    modules: str | None = opt(Str())
    duration: str | None = opt(Str())
    organisation_methods: str | None = opt(Str())
    accessibility: str | None = opt(Str())
    materials: str | None = opt(Str())
    assessment: str | None = opt(Str())
    group_size: str | None = opt(Str())
    staff: str | None = opt(Str())
    premises_equipment: str | None = opt(Str())
    publicity: str | None = opt(Str())
    adaptation: str | None = opt(Str())
    document_name: str | None = opt(Str())


@dataclass(frozen=True, kw_only=True)
class QualificationStandard:
    code: str | None = opt(Str())
    noks_level: str | None = opt(Enum(NOKS_LEVELS))


@dataclass(frozen=True, kw_only=True)
class TaskList:
    """v1.1, Art. 6.3: the list of tasks (key-competence exam) or of work tasks (professional exam) set for one
    learning outcome, and the day it was made available to learners."""

    outcome: str = req(Str(1), "the general or specific learning outcome the list checks")
    kind: str | None = opt(Enum(TASK_LIST_KINDS), "tasks (key competences) or work_tasks (professional)")
    tasks: int | None = opt(Int(0), "how many tasks the list holds")
    published_on: dt.date | None = opt(Date(), "made available to learners on")


@dataclass(frozen=True, kw_only=True)
class ExamPlan:
    professional: bool | None = opt(Bool())
    key_competences: bool | None = opt(Bool())
    key_tasks: int | None = opt(Int(0), "Art. 6.1, as planned")
    work_tasks_min: int | None = opt(Int(0), "Art. 6.2, as planned")
    work_tasks_max: int | None = opt(Int(0), "Art. 6.2, as planned")
    task_lists_published_on: dt.date | None = opt(Date(), "Art. 6.3")
    outcomes: tuple[str, ...] | None = v11(List(Str(1), nullable=True),
                                           "Art. 6.3: the outcomes checked at the exam (each needs a task list)")
    task_lists: tuple[TaskList, ...] | None = v11(List(Obj(TaskList), nullable=True), "Art. 6.3, per outcome")
    preparation_minutes: int | None = v11(Int(0), "Art. 6.4: time to prepare after drawing the work tasks")
    defence: bool | None = v11(Bool(), "Art. 6.1 / 6.4: the learner defends (key) or explains (professional) the "
                                       "tasks before the commission")


@dataclass(frozen=True, kw_only=True)
class EnrolmentPrerequisites:
    """v1.1, Art. 4.1.6: what a learner must hold to enrol."""

    noks_level: str | None = opt(Enum(NOKS_LEVELS), "the NOKS level held before (level 1 = primary education)")
    min_age: int | None = opt(Int(0, 150), "years of age")
    other: str | None = opt(Str(), "other conditions (health, other regulations)")


@dataclass(frozen=True, kw_only=True)
class Program:
    id: str = req(Str(1))
    activity: str = req(Enum(ACTIVITIES))
    kind: int | None = opt(Int(1, 10), "Art. 3 para 1 kind 1..10")
    elements: Elements | None = opt(Obj(Elements))
    modular: bool | None = opt(Bool())
    duration_hours: float | None = opt(Number(0))
    group_size: int | None = opt(Int(0))
    qualification_standard: QualificationStandard | None = opt(Obj(QualificationStandard))
    enrolment_noks_level: str | None = opt(Enum(NOKS_LEVELS), "NOKS level a learner must hold to enrol (NOKS-H.5)")
    enrolment_prerequisites: EnrolmentPrerequisites | None = v11(Obj(EnrolmentPrerequisites),
                                                                 "Art. 4.1.6; NOKS-H.2, H.3, H.5")
    field: str | None = v11(Str(1), "the professional or scientific field of the program (Art. 5.3 experts)")
    other_professionals: tuple[str, ...] | None = v11(List(Str(1), nullable=True),
                                                      "Art. 5.5: other professionals who delivered the program "
                                                      "(staff ids or names)")
    document_kind: str | None = v11(Enum(DOCUMENT_KINDS), "Art. 4.1.18 / 5.6: certificate (уверење), public_document "
                                                          "(јавна исправа) or attestation (потврда)")
    cefr_levels: tuple[str, ...] = opt(List(Str()))
    ecdl_modules: tuple[str, ...] = opt(List(Str()))
    individual_work: bool | None = opt(Bool(), "Art. 12.1.2")
    rooms: tuple[str, ...] = opt(List(Str(1)), "room ids")
    instructors: tuple[str, ...] = opt(List(Str(1)), "staff ids")
    exam: ExamPlan | None = opt(Obj(ExamPlan))
    starts_on: dt.date | None = opt(Date())
    ends_on: dt.date | None = opt(Date())
    partners: tuple[str, ...] = opt(List(Str(1)), "partner ids (Art. 15)")


@dataclass(frozen=True, kw_only=True)
class CompetenceTopic:
    """v1.1, Art. 7.4: one of the seven topics of adult-education competence, completed through professional
    development on a date."""

    topic: str = req(Enum(ADULT_ED_TOPICS))
    completed_on: dt.date | None = opt(Date())


@dataclass(frozen=True, kw_only=True)
class Staff:
    id: str = req(Str(1))
    roles: tuple[str, ...] = opt(List(Enum(STAFF_ROLES)))
    engagement: str | None = opt(Enum(ENGAGEMENTS))
    education_matches: bool | None = opt(Bool(), "Art. 7.1.1, declared; a reviewer confirms on evidence")
    adult_ed_competence: str | None = opt(Enum(COMPETENCES), "Art. 7.4 / 7.5")
    cefr_calibration: bool | None = opt(Bool(), "Art. 7.5, foreign-language staff")
    competence_topics: tuple[CompetenceTopic, ...] | None = v11(List(Obj(CompetenceTopic), nullable=True),
                                                                "Art. 7.4: the seven topics, each with its date")


@dataclass(frozen=True, kw_only=True)
class AssociateDeviations:
    """Art. 7.3: why an associate cannot be engaged, per role."""

    andragogue: str | None = opt(Str())
    psychologist: str | None = opt(Str())
    librarian: str | None = opt(Str())


@dataclass(frozen=True, kw_only=True)
class Room:
    id: str = req(Str(1))
    kind: str | None = opt(Enum(ROOM_KINDS))
    area_m2: float | None = opt(Number(0))
    seats: int | None = opt(Int(0))
    computers: int | None = opt(Int(0))
    networked: bool | None = opt(Bool())
    licensed_software: bool | None = opt(Bool())
    natural_light: bool | None = opt(Bool())
    natural_ventilation: bool | None = opt(Bool())
    washbasin: bool | None = opt(Bool())
    tenure: str | None = opt(Enum(TENURES))
    lease_until: dt.date | None = opt(Date())
    accessible: bool | None = opt(Bool())
    desks: int | None = v11(Int(0), "Art. 13.1.1: desks (seats alone do not say a learner has a desk)")
    chairs: int | None = v11(Int(0), "Art. 13.1.1: chairs")
    lease_from: dt.date | None = v11(Date(), "Art. 9.2: the day the lease starts")


@dataclass(frozen=True, kw_only=True)
class HygieneTechnical:
    """Art. 10: each standard declared met (true), not met (false) or not declared (missing)."""

    lighting: bool | None = opt(Bool())
    visibility: bool | None = opt(Bool())
    noise: bool | None = opt(Bool())
    acoustics: bool | None = opt(Bool())
    heating_cooling: bool | None = opt(Bool())
    water: bool | None = opt(Bool())
    electrical: bool | None = opt(Bool())
    it: bool | None = opt(Bool())
    fire: bool | None = opt(Bool())


@dataclass(frozen=True, kw_only=True)
class Partner:
    id: str = req(Str(1))
    kind: str | None = opt(Enum(PARTNER_KINDS))
    contract_signed: bool | None = opt(Bool())
    in_zuov_register: bool | None = opt(Bool())
    practical_forms: tuple[str, ...] | None = v11(List(Enum(PRACTICAL_FORMS), nullable=True),
                                                  "Art. 15: the forms of practical work the partner hosts")


@dataclass(frozen=True, kw_only=True)
class Member:
    person: str = req(Str(1), "a staff id or another identifier of the person")
    chair: bool | None = opt(Bool())
    expert: bool | None = opt(Bool())
    teacher: bool | None = opt(Bool())
    identifier: str | None = v11(Str(1), "JMBG or document number: the same identifier is the same person")
    field: str | None = v11(Str(1), "the member's professional or scientific field (Art. 5.3)")


@dataclass(frozen=True, kw_only=True)
class Commission:
    id: str = req(Str(1))
    exam: str | None = opt(Enum(EXAM_KINDS))
    formed_by: str | None = opt(Enum(ORG_KINDS))
    program: str | None = opt(Str(1), "program id")
    members: tuple[Member, ...] = opt(List(Obj(Member)))


@dataclass(frozen=True, kw_only=True)
class WorkTask:
    drawn: bool | None = opt(Bool())
    drawn_on: dt.date | None = opt(Date(), "the day the draw was recorded (Art. 6.4: the day of the exam)")
    performed_to_criteria: bool | None = opt(Bool())


@dataclass(frozen=True, kw_only=True)
class ExamResult:
    id: str = req(Str(1))
    commission: str | None = opt(Str(1), "commission id")
    exam: str | None = opt(Enum(EXAM_KINDS))
    held_on: dt.date | None = opt(Date(), "the date of the exam")
    tasks_set: int | None = opt(Int(0))
    tasks_solved: int | None = opt(Int(0))
    work_tasks: tuple[WorkTask, ...] = opt(List(Obj(WorkTask)))
    votes: tuple[str, ...] = opt(List(Str()), "one per commission member: passed | failed")
    grade: str | None = opt(Str(), "the grade recorded: passed | failed (Art. 6.5 checks it)")
    preparation_minutes: int | None = v11(Int(0), "Art. 6.4: time the learner had to prepare after the draw")
    defended: bool | None = v11(Bool(), "Art. 6.1 / 6.4: the learner defended (key) or explained (professional) "
                                        "the tasks before the commission")


@dataclass(frozen=True, kw_only=True)
class Case:
    date: dt.date = req(Date(), "the day the case is judged on")
    regulation: str | None = opt(Str(1), "rule set id; default: the one in force on date")
    organization: Organization = req(Obj(Organization))
    activities: tuple[str, ...] = opt(List(Enum(ACTIVITIES)))
    programs: tuple[Program, ...] = opt(List(Obj(Program)))
    staff: tuple[Staff, ...] = opt(List(Obj(Staff)))
    associate_deviations: AssociateDeviations | None = opt(Obj(AssociateDeviations))
    rooms: tuple[Room, ...] = opt(List(Obj(Room)))
    hygiene_technical: HygieneTechnical | None = opt(Obj(HygieneTechnical))
    partners: tuple[Partner, ...] = opt(List(Obj(Partner)))
    commissions: tuple[Commission, ...] = opt(List(Obj(Commission)))
    exam_results: tuple[ExamResult, ...] = opt(List(Obj(ExamResult)))


# --- loading and dumping ----------------------------------------------------------------------------------------

def _check_unique(items, path: str) -> dict:
    seen: dict = {}
    for i, item in enumerate(items):
        if item.id in seen:
            raise CaseError(f"{path}[{i}].id", f"duplicate id {_got(item.id)}")
        seen[item.id] = item
    return seen


def _check_refs(refs, known: dict, path: str, what: str) -> None:
    for i, ref in enumerate(refs):
        if ref not in known:
            raise CaseError(f"{path}[{i}]", f"unknown {what} {_got(ref)}")


def _check_integrity(case: Case) -> None:
    rooms = _check_unique(case.rooms, "rooms")
    staff = _check_unique(case.staff, "staff")
    partners = _check_unique(case.partners, "partners")
    programs = _check_unique(case.programs, "programs")
    commissions = _check_unique(case.commissions, "commissions")
    _check_unique(case.exam_results, "exam_results")
    for i, p in enumerate(case.programs):
        base = f"programs[{i}]"
        _check_refs(p.rooms, rooms, f"{base}.rooms", "room")
        _check_refs(p.instructors, staff, f"{base}.instructors", "staff member")
        _check_refs(p.partners, partners, f"{base}.partners", "partner")
        if p.starts_on and p.ends_on and p.ends_on < p.starts_on:
            raise CaseError(f"{base}.ends_on", f"must not be before starts_on ({p.starts_on.isoformat()})")
    for i, r in enumerate(case.rooms):
        if r.lease_from and r.lease_until and r.lease_until < r.lease_from:
            raise CaseError(f"rooms[{i}].lease_until", f"must not be before lease_from ({r.lease_from.isoformat()})")
    for i, c in enumerate(case.commissions):
        if c.program is not None and c.program not in programs:
            raise CaseError(f"commissions[{i}].program", f"unknown program {_got(c.program)}")
    for i, r in enumerate(case.exam_results):
        if r.commission is not None and r.commission not in commissions:
            raise CaseError(f"exam_results[{i}].commission", f"unknown commission {_got(r.commission)}")
        if r.tasks_set is not None and r.tasks_solved is not None and r.tasks_solved > r.tasks_set:
            raise CaseError(f"exam_results[{i}].tasks_solved", f"must not exceed tasks_set ({r.tasks_set})")


def load_case(data: Any) -> Case:
    """A :class:`Case` from the decoded JSON of contract rules-facts-v1; raises :class:`CaseError`."""
    case = load_object(Case, data, "")
    _check_integrity(case)
    return case


def loads_case(text: str) -> Case:
    """A :class:`Case` from JSON text; malformed JSON is a :class:`CaseError` too."""
    try:
        # Big integers and NaN / Infinity are kept as text (jsontypes.Unparsed) so the loader rejects them naming
        # their JSON path, like any other value of the wrong type.
        data = json.loads(text, parse_int=parse_int, parse_constant=parse_constant)
    except json.JSONDecodeError as exc:
        raise CaseError("$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise CaseError("$", "not valid JSON: nested too deeply") from None
    return load_case(data)


def dump_case(case: Case) -> dict:
    """The JSON-ready dict of a case; ``load_case(dump_case(c)) == c``."""
    return dump_object(case)


# --- JSON Schema ------------------------------------------------------------------------------------------------

_ALL_CLASSES = (Case, Organization, ElectronicRecords, Program, Elements, QualificationStandard,
                EnrolmentPrerequisites, ExamPlan, TaskList, Staff, CompetenceTopic, AssociateDeviations, Room,
                HygieneTechnical, Partner, Commission, Member, ExamResult, WorkTask)
_V11_ONLY = (ElectronicRecords, EnrolmentPrerequisites, TaskList, CompetenceTopic)


def _object_schema(cls: type, version: str) -> dict:
    props = {}
    required = []
    for f in dataclasses.fields(cls):
        if f.metadata["since"] == "1.1" and version == "1":
            continue
        jtype: JType = f.metadata["jtype"]
        sub = jtype.schema()
        if not f.metadata["required"] and (not isinstance(jtype, List) or jtype.nullable):
            sub = {"anyOf": [sub, {"type": "null"}]}
        doc = f.metadata["doc"]
        if f.metadata["since"] == "1.1":
            doc = f"v1.1. {doc}" if doc else "v1.1"
        if doc:
            sub = {"description": doc, **sub}
        props[f.name] = sub
        if f.metadata["required"]:
            required.append(f.name)
    out = {"type": "object", "properties": props, "patternProperties": {"^(\\$|x-)": {}},
           "additionalProperties": False}
    if required:
        out["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        out = {"description": " ".join(cls.__doc__.split()), **out}
    return out


def json_schema(version: str = "1") -> dict:
    """The JSON Schema (draft 2020-12) of the case: contract v1 (docs/rules/facts-v1.schema.json) or v1 with the
    additive fields of v1.1 (docs/rules/facts-v1.1.schema.json). The loader reads both; a v1.1 field left out
    means "not declared" and the engine behaves as under v1."""
    assert version in ("1", "1.1")
    root = _object_schema(Case, version)
    classes = [cls for cls in _ALL_CLASSES if cls is not Case and (version == "1.1" or cls not in _V11_ONLY)]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://noks.example/schemas/rules-facts-v{version}.schema.json",
        "title": f"NOKS rules engine: facts of a case (contract rules-facts-v{version})",
        "description": ("Shape only. The loader also checks unique ids, references between objects, "
                        "ends_on >= starts_on and tasks_solved <= tasks_set." if version == "1" else
                        "Shape only. The loader also checks unique ids, references between objects, "
                        "ends_on >= starts_on, lease_until >= lease_from and tasks_solved <= tasks_set. v1.1 adds "
                        "optional fields only (docs/rules/facts-v1.1.md)."),
        **{k: v for k, v in root.items() if k != "description"},
        "$defs": {cls.__name__: _object_schema(cls, version) for cls in classes},
    }
