"""Shared builders for the rules tests (pure Python: no Django)."""

from __future__ import annotations

import copy

import rules
from rules.examples import elements


def covers(*provision_ids: str):
    """Mark a test as exercising provisions; ``python -m rules matrix`` reads these (statically)."""
    def decorate(func):
        func.covers = provision_ids
        return func
    return decorate


def _room(rid, kind, **kw):
    return {"id": rid, "kind": kind, "natural_light": True, "natural_ventilation": True, "accessible": True,
            "tenure": "owned", **kw}


_BASE = {
    "date": "2026-11-21",
    "organization": {"kind": "jpoa", "name": "Тест д.о.о.", "electronic_records": True},
    "activities": ["A-COMP"],
    "programs": [{
        "id": "P1", "activity": "A-COMP", "kind": 1,
        "elements": elements("Кувар", 240, 10, "Уверење о стеченим стручним компетенцијама"),
        "duration_hours": 240, "group_size": 10, "rooms": ["R1"], "instructors": ["S1"],
        "exam": {"professional": True, "work_tasks_min": 2, "work_tasks_max": 4,
                 "task_lists_published_on": "2027-01-10"},
        "starts_on": "2027-02-01", "ends_on": "2027-06-30",
    }],
    "staff": [
        {"id": "S1", "roles": ["instructor"], "engagement": "employed_full_time", "education_matches": True,
         "adult_ed_competence": "pd_program"},
        {"id": "S2", "roles": ["andragogue", "responsible_person"], "engagement": "employed_full_time",
         "adult_ed_competence": "andragogy_degree"},
        {"id": "S3", "roles": ["psychologist"], "engagement": "engaged", "adult_ed_competence": "pd_program"},
        {"id": "S4", "roles": ["librarian"], "engagement": "engaged", "adult_ed_competence": "pd_program"},
    ],
    "rooms": [
        _room("R1", "classroom", area_m2=40.0, seats=16),
        _room("R-ZB", "instructors"), _room("R-UP", "management"), _room("R-AR", "archive"),
        _room("R-WCZ", "sanitary_women", washbasin=True), _room("R-WCM", "sanitary_men", washbasin=True),
    ],
    "hygiene_technical": {k: True for k in ("lighting", "visibility", "noise", "acoustics", "heating_cooling",
                                            "water", "electrical", "it", "fire")},
}


def base_case() -> dict:
    """A JPOA case that fails nothing; tests change one fact and look at one provision."""
    return copy.deepcopy(_BASE)


def program(pid: str = "P2", **overrides) -> dict:
    out = copy.deepcopy(_BASE["programs"][0])
    out["id"] = pid
    out.update(overrides)
    return out


def run(data: dict, lang: str = "en") -> rules.Report:
    return rules.evaluate(rules.load_case(data), lang=lang)


def found(report: rules.Report, provision: str, subject: str | None = None, lang: str = "en") -> list[dict]:
    return [f.to_dict(lang) for f in report.findings
            if f.provision == provision and (subject is None or f.subject == subject)]


def statuses(data: dict, provision: str, subject: str | None = None) -> list[str]:
    return [f["status"] for f in found(run(data), provision, subject)]


def status(data: dict, provision: str, subject: str | None = None) -> str:
    result = statuses(data, provision, subject)
    assert len(result) == 1, result
    return result[0]
