"""Commissions and exam results as rules facts (contract rules-facts-v1), so that Art. 5 and 6 are judged by the
rules engine and nowhere else.

Members of a commission are people, not rows: a member picked from the staff list is that staff record; a member
typed by name whose name is the name of someone on the organization's staff (in either script, any case) is that
staff record too (the staff list holds no other identifier, so a namesake cannot be told apart and is treated as
the same person, the safe side of Art. 5.5); anyone else is an outside person told apart by their identifier (JMBG
or document number). The people carry their names as ids in the case, so that the engine's messages name people
("Марко Кувар"), never database ids; people who share a name get a number after it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import rules
from rules.translit import fold

_IDENTIFIER_NOISE = re.compile(r"[\s\-./]+")


def normalize_identifier(raw: str) -> str:
    """"p-123 456" and "P123456" are the same document number."""
    return _IDENTIFIER_NOISE.sub("", raw or "").upper()


def _name(first: str, last: str) -> str:
    return " ".join(f"{first} {last}".split())


def member_person(member, staff_by_name: dict[str, list] | None = None, instructor_ids: frozenset = frozenset()):
    """Who a member is: ``("staff", pk)`` or ``("outside", identifier)`` (or the row itself without either)."""
    if member.staff_id:
        return ("staff", member.staff_id)
    namesakes = (staff_by_name or {}).get(fold(_name(member.first_name, member.last_name)), [])
    if namesakes:
        teaching = [s for s in namesakes if s.pk in instructor_ids]
        return ("staff", (teaching or namesakes)[0].pk)
    identifier = normalize_identifier(getattr(member, "identifier", ""))
    if identifier:
        return ("outside", identifier)
    return ("row", member.pk or id(member))


class People:
    """The people of one case: staff records and outside members, each with the name that is its id."""

    def __init__(self, staff: list, members: list, instructors: list):
        self.staff = {s.pk: s for s in [*staff, *instructors]}
        by_name: dict[str, list] = {}
        for s in self.staff.values():
            by_name.setdefault(fold(_name(s.first_name, s.last_name)), []).append(s)
        instructor_ids = frozenset(s.pk for s in instructors)
        self.members = [member_person(m, by_name, instructor_ids) for m in members]
        names: dict[tuple, str] = {}
        for m, person in zip(members, self.members, strict=True):
            if person[0] == "staff" and person[1] not in self.staff:
                self.staff[person[1]] = m.staff
            source = self.staff[person[1]] if person[0] == "staff" else m
            names.setdefault(person, _name(source.first_name, source.last_name))
        for s in instructors:
            names.setdefault(("staff", s.pk), _name(s.first_name, s.last_name))
        self.ids: dict[tuple, str] = {}
        taken: dict[str, int] = {}
        for person, name in names.items():
            taken[name] = taken.get(name, 0) + 1
            self.ids[person] = name if taken[name] == 1 else f"{name} ({taken[name]})"

    def id_of(self, person: tuple) -> str:
        return self.ids[person]


def person_identifier(person: tuple) -> str | None:
    """v1.1 ``members[].identifier``: the same person has the same one, so the engine never counts one person twice
    (Art. 5.3) nor lets namesakes merge. A staff record gives ``staff-<pk>``; an outside member a digest of the
    normalized JMBG or document number, never the number itself (the case may be stored with the report)."""
    kind, value = person
    if kind == "staff":
        return f"staff-{value}"
    if kind == "outside":
        return "id-" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
    return None


def commission_case(organization, *, program, exam: str, members: list, instructors: list, on_date: dt.date,
                    results: list[dict] | None = None, staff: list | None = None) -> dict[str, Any]:
    """A case holding one commission (``C0``) for ``program`` whose deliverers are ``instructors`` (staff rows);
    ``staff`` is the organization's staff list (read when not given), against which typed names are matched."""
    staff = list(staff if staff is not None else organization.staff.all())
    people = People(staff, members, instructors)
    program_id = program.name or f"P{program.pk}"
    return {
        "date": on_date.isoformat(),
        "organization": {"kind": organization.kind, "name": organization.name_sr or organization.name},
        "staff": [{"id": pid, "roles": ["instructor"]}
                  for pid in sorted({pid for person, pid in people.ids.items() if person[0] == "staff"})],
        "programs": [{"id": program_id, "activity": program.activity,
                      "instructors": sorted({people.id_of(("staff", s.pk)) for s in instructors})}],
        "commissions": [{
            "id": "C0", "exam": exam, "formed_by": organization.kind, "program": program_id,
            "members": [{"person": people.id_of(person), "chair": m.chair, "expert": m.expert, "teacher": m.teacher,
                         "identifier": person_identifier(person)}
                        for m, person in zip(members, people.members, strict=True)],
        }],
        "exam_results": results or [],
    }


def findings_about(case: dict, subject_prefix: str, *, provisions: tuple[str, ...], lang: str = "sr") -> list[dict]:
    """The engine's findings on the given provisions for subjects starting with ``subject_prefix``."""
    report = rules.evaluate(rules.load_case(case), lang=lang).to_dict(codes=True)
    return [f for f in report["findings"]
            if f["subject"].startswith(subject_prefix) and f["provision"].startswith(provisions)]
