"""The facts: strict loading with JSON paths, dumping, and agreement with the JSON Schema."""

import dataclasses
import datetime as dt
import json

import jsonschema
import pytest

import rules
from rules import docs_gen
from rules.examples import EXAMPLES

from .helpers import base_case


def error_of(data) -> str:
    with pytest.raises(rules.CaseError) as info:
        rules.load_case(data)
    return str(info.value)


def test_load_case_builds_frozen_dataclasses():
    case = rules.load_case(base_case())
    assert (case.date, case.organization.kind, case.programs[0].rooms, case.rooms[0].area_m2) == (
        dt.date(2026, 11, 21), "jpoa", ("R1",), 40.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.organization.kind = "primary_school"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_dump_case_round_trips(name):
    case = rules.load_case(EXAMPLES[name])
    assert rules.load_case(json.loads(json.dumps(rules.dump_case(case)))) == case


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["rooms"][2].update(area_m2="forty"), 'rooms[2].area_m2: expected a number >= 0, got "forty"'),
    (lambda d: d["rooms"][0].update(area_m2=-1), "rooms[0].area_m2: expected a number >= 0, got -1"),
    (lambda d: d.pop("date"), "date: required field is missing"),
    (lambda d: d.update(date="2026-13-01"), 'date: expected a date YYYY-MM-DD, got "2026-13-01"'),
    (lambda d: d.update(date="21.11.2026"), 'date: expected a date YYYY-MM-DD, got "21.11.2026"'),
    (lambda d: d["organization"].update(kind="school"),
     'organization.kind: expected one of jpoa, secondary_school, primary_school; got "school"'),
    (lambda d: d["programs"][0].update(kind=11), "programs[0].kind: expected an integer from 1 to 10, got 11"),
    (lambda d: d["programs"][0].update(group_size=True), "programs[0].group_size: expected an integer >= 0, got true"),
    (lambda d: d["programs"][0].update(rooms=["R9"]), 'programs[0].rooms[0]: unknown room "R9"'),
    (lambda d: d["programs"][0].update(instructors=["S1", "X"]), 'programs[0].instructors[1]: unknown staff member "X"'),
    (lambda d: d["programs"][0].update(ends_on="2027-01-01"),
     "programs[0].ends_on: must not be before starts_on (2027-02-01)"),
    (lambda d: d["rooms"][1].update(id="R1"), 'rooms[1].id: duplicate id "R1"'),
    (lambda d: d["rooms"][0].update(aera_m2=40), "rooms[0].aera_m2: unknown field"),
    (lambda d: d.update(staff={"id": "S1"}), 'staff: expected a list, got {"id": "S1"}'),
    (lambda d: d.update(commissions=[{"id": "C1", "members": [None]}]),
     "commissions[0].members[0]: expected an object, got null"),
    (lambda d: d.update(exam_results=[{"id": "E", "tasks_set": 5, "tasks_solved": 6}]),
     "exam_results[0].tasks_solved: must not exceed tasks_set (5)"),
    (lambda d: d.update(exam_results=[{"id": "E", "commission": "C9"}]),
     'exam_results[0].commission: unknown commission "C9"'),
])
def test_load_case_invalid_names_json_path(mutate, message):
    data = base_case()
    mutate(data)
    assert error_of(data) == message


def test_load_case_root_must_be_object():
    assert error_of([1, 2]) == "$: expected an object, got [1, 2]"


def test_load_case_missing_and_null_mean_not_declared():
    data = base_case()
    data["rooms"][0]["seats"] = None
    data["programs"][0]["partners"] = None
    case = rules.load_case(data)
    assert (case.rooms[0].seats, case.programs[0].partners) == (None, ())


def test_load_case_allows_comment_and_extension_keys():
    data = base_case()
    data["$comment"] = "note"
    data["rooms"][0]["x-floor"] = 2
    assert rules.load_case(data).rooms[0].id == "R1"


def test_loads_case_rejects_bad_json_and_nan():
    with pytest.raises(rules.CaseError) as info:
        rules.loads_case('{"date": ')
    assert info.value.path == "$"
    with pytest.raises(rules.CaseError) as info:
        rules.loads_case('{"date": "2026-01-01", "organization": {"kind": "jpoa"}, "rooms": [{"id": "R", '
                         '"area_m2": NaN}]}')
    assert str(info.value) == "rooms[0].area_m2: expected a number >= 0, got NaN"  # the field is named (issue 20)


def _schema():
    return json.loads((docs_gen.DOCS / "facts-v1.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate", [
    lambda d: d["rooms"][2].update(area_m2="forty"),
    lambda d: d.pop("date"),
    lambda d: d["organization"].update(kind="school"),
    lambda d: d["programs"][0].update(kind=0),
    lambda d: d["rooms"][0].update(aera_m2=40),
    lambda d: d.update(activities=["A-XYZ"]),
    lambda d: d["staff"][0].update(roles="instructor"),
    lambda d: d.update(commissions=[{"id": "C1", "members": [{"chair": True}]}]),
])
def test_schema_and_loader_agree_on_malformed_cases(mutate):
    data = base_case()
    mutate(data)
    schema_errors = list(jsonschema.Draft202012Validator(_schema()).iter_errors(data))
    with pytest.raises(rules.CaseError):
        rules.load_case(data)
    assert len(schema_errors) >= 1


def test_schema_and_loader_agree_on_valid_case():
    data = base_case()
    assert list(jsonschema.Draft202012Validator(_schema()).iter_errors(data)) == []
    assert rules.load_case(data).organization.kind == "jpoa"
