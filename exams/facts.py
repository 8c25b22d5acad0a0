"""Commissions and exam results as rules facts (contract rules-facts-v1), so that Art. 5 and 6 are judged by the
rules engine and nowhere else. Ids: staff ``S<pk>``, outside members ``M<pk>``, commission ``C<pk>``, program
``P<pk>``, result ``E<pk>``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import rules


def member_person(member) -> str:
    return f"S{member.staff_id}" if member.staff_id else f"M{member.pk or id(member)}"


def commission_case(organization, *, program, exam: str, members: list, instructors: list, on_date: dt.date,
                    results: list[dict] | None = None) -> dict[str, Any]:
    """A case holding one commission (``C0``) for ``program`` whose deliverers are ``instructors`` (staff rows)."""
    staff_ids = {f"S{s.pk}" for s in instructors} | {f"S{m.staff_id}" for m in members if m.staff_id}
    return {
        "date": on_date.isoformat(),
        "organization": {"kind": organization.kind, "name": organization.name_sr or organization.name},
        "staff": [{"id": sid, "roles": ["instructor"]} for sid in sorted(staff_ids)],
        "programs": [{"id": f"P{program.pk}", "activity": program.activity,
                      "instructors": [f"S{s.pk}" for s in instructors]}],
        "commissions": [{
            "id": "C0", "exam": exam, "formed_by": organization.kind, "program": f"P{program.pk}",
            "members": [{"person": member_person(m), "chair": m.chair, "expert": m.expert, "teacher": m.teacher}
                        for m in members],
        }],
        "exam_results": results or [],
    }


def findings_about(case: dict, subject_prefix: str, *, provisions: tuple[str, ...], lang: str = "sr") -> list[dict]:
    """The engine's findings on the given provisions for subjects starting with ``subject_prefix``."""
    report = rules.evaluate(rules.load_case(case), lang=lang).to_dict()
    return [f for f in report["findings"]
            if f["subject"].startswith(subject_prefix) and f["provision"].startswith(provisions)]
