"""Issue 20, the defects: each on both sides of its boundary."""

import datetime as dt
import io
import json

import pytest

import rules
from rules import cli

from .helpers import _room, base_case, covers, found, run, status, statuses

# --- Art. 11-13 apply to every room where teaching happens --------------------------------------------------------


def _in_other_room(area=10.0, seats=6, light=False, group=12):
    data = base_case()
    data["rooms"].append(_room("R-OT", "other", area_m2=area, seats=seats, natural_light=light))
    data["programs"][0]["rooms"] = ["R-OT"]
    data["programs"][0]["group_size"] = group
    return data


@covers("P89-11.2", "P89-11.3", "P89-12.1.1.1", "P89-13.1.1")
def test_a_program_in_an_other_room_is_checked_as_a_classroom():
    data = _in_other_room()  # the issue's case: 10 m² for 12 learners, 6 seats, no daylight
    assert status(data, "P89-11.2", "rooms[R-OT]") == "fail"
    assert status(data, "P89-11.3", "rooms[R-OT]") == "manual"
    assert status(data, "P89-12.1.1.1", "rooms[R-OT]") == "fail"
    assert status(data, "P89-13.1.1", "rooms[R-OT]") == "fail"
    # the other side: the same room big enough, with daylight and seats for all
    ok = _in_other_room(area=30.0, seats=12, light=True)
    assert status(ok, "P89-11.2", "rooms[R-OT]") == "pass"
    assert status(ok, "P89-12.1.1.1", "rooms[R-OT]") == "pass"   # 30 / 12 = 2.5: the general rule, at its edge
    assert status(ok, "P89-13.1.1", "rooms[R-OT]") == "pass"
    assert status(_in_other_room(area=29.99, seats=12, light=True), "P89-12.1.1.1", "rooms[R-OT]") == "fail"


@covers("P89-11.2", "P89-12.1.1.1")
def test_an_other_room_no_program_uses_is_not_a_classroom():
    data = base_case()
    data["rooms"].append(_room("R-OT", "other", area_m2=5.0, seats=1, natural_light=False))
    assert statuses(data, "P89-11.2", "rooms[R-OT]") == []
    assert statuses(data, "P89-12.1.1.1", "rooms[R-OT]") == []


@covers("P89-12.1.1.2", "P89-12.1.1.3")
def test_the_kind_of_room_decides_the_area_rule():
    data = base_case()
    data["rooms"][0]["kind"] = "specialized"   # 40 m² for 10: 4 ≥ 3
    assert status(data, "P89-12.1.1.2", "rooms[R1]") == "pass"
    data["rooms"][0]["area_m2"] = 29.9
    assert status(data, "P89-12.1.1.2", "rooms[R1]") == "fail"
    assert statuses(data, "P89-12.1.1.1", "rooms[R1]") == []


@covers("P89-11.1")
def test_an_archive_a_program_is_held_in_needs_ventilation_as_a_classroom():
    data = base_case()
    data["programs"][0]["rooms"] = ["R1", "R-AR"]
    data["rooms"][3]["natural_ventilation"] = False
    assert status(data, "P89-11.1", "rooms[R-AR]") == "fail"
    data["rooms"][3]["natural_ventilation"] = True
    assert status(data, "P89-11.1", "rooms[R-AR]") == "pass"


# --- a program that names no room ---------------------------------------------------------------------------------

@covers("P89-11.2", "P89-12.1.1.1", "P89-13.1.1")
def test_a_program_naming_no_room_fails_the_space_and_seat_checks():
    data = base_case()
    data["programs"][0]["rooms"] = []
    report = run(data)
    for pid in ("P89-11.2", "P89-12.1.1.1", "P89-13.1.1"):
        (finding,) = found(report, pid, "programs[P1]")
        assert finding["status"] == "fail"
        assert "names no room" in finding["message"]
    data["programs"][0]["rooms"] = ["R1"]
    assert statuses(data, "P89-12.1.1.1", "programs[P1]") == []
    assert status(data, "P89-12.1.1.1", "rooms[R1]") == "pass"


@covers("P89-11.2")
def test_a_school_program_naming_no_room_fails_art_11_only():
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    data["programs"][0]["rooms"] = []
    assert status(data, "P89-11.2", "programs[P1]") == "fail"
    assert statuses(data, "P89-12.1.1.1", "programs[P1]") == []   # Art. 12 and 13.1 speak of a JPOA


# --- schools and Art. 7.2 / 7.3 ---------------------------------------------------------------------------------

def _school(**deviations):
    data = base_case()
    data["organization"]["kind"] = "primary_school"
    data["staff"] = [s for s in data["staff"] if s["id"] == "S1"]
    if deviations:
        data["associate_deviations"] = deviations
    return data


@covers("P89-7.2", "P89-7.3")
def test_a_school_without_associates_and_without_justification_fails():
    data = _school()
    assert [status(data, "P89-7.2", f"associates[{r}]") for r in ("andragogue", "psychologist", "librarian")] \
        == ["fail"] * 3
    (finding,) = found(run(data), "P89-7.2", "associates[psychologist]")
    assert finding["message"] == "The school has no professional associate: psychologist."


@covers("P89-7.2", "P89-7.3")
def test_a_school_with_a_justification_is_assessed_and_with_the_associate_passes():
    data = _school(psychologist="Нема психолога у општини; три огласа без пријаве.")
    assert status(data, "P89-7.2", "associates[psychologist]") == "manual"
    assert status(data, "P89-7.3", "associates[psychologist]") == "manual"
    data["staff"].append({"id": "S9", "roles": ["psychologist"]})   # a school's staff are its own: no engagement
    assert status(data, "P89-7.2", "associates[psychologist]") == "pass"


# --- undeclared engagement --------------------------------------------------------------------------------------

@covers("P89-7.1.2")
def test_an_associate_whose_engagement_is_not_declared_does_not_count():
    data = base_case()
    del data["staff"][2]["engagement"]   # S3, the psychologist
    (finding,) = found(run(data), "P89-7.1.2", "associates[psychologist]")
    assert finding["status"] == "fail"
    assert "S3" in finding["message"] and "not declared" in finding["message"]
    data["staff"][2]["engagement"] = "employed_part_time"
    assert status(data, "P89-7.1.2", "associates[psychologist]") == "pass"


@covers("P89-7.1.1")
def test_an_instructor_whose_engagement_is_not_declared_fails_like_an_undeclared_education():
    data = base_case()
    del data["staff"][0]["engagement"]
    assert statuses(data, "P89-7.1.1", "programs[P1]") == ["fail"]
    data["staff"][0]["engagement"] = "engaged"
    assert statuses(data, "P89-7.1.1", "programs[P1]") == ["manual"]
    del data["staff"][0]["education_matches"]
    assert statuses(data, "P89-7.1.1", "programs[P1]") == ["fail"]


# --- commission members are people ------------------------------------------------------------------------------

def _commission(*members, votes=None):
    data = base_case()
    data["commissions"] = [{"id": "C1", "exam": "professional", "formed_by": "jpoa", "members": list(members)}]
    if votes is not None:
        data["exam_results"] = [{"id": "E1", "commission": "C1", "exam": "professional",
                                 "work_tasks": [{"drawn": True, "performed_to_criteria": True}] * 2,
                                 "votes": votes, "grade": "passed"}]
    return data


CHAIR = {"person": "Марко Кувар", "chair": True, "expert": True}
EXPERT = {"person": "Ана Анић", "expert": True}


@covers("P89-5.3")
def test_the_same_person_by_normalized_name_is_one_member():
    data = _commission(CHAIR, EXPERT, {"person": "MARKO  kuvar", "expert": True})   # Latin, other case, spaces
    (finding,) = found(run(data), "P89-5.3", "commissions[C1]")
    assert finding["status"] == "fail"
    assert "more than once" in finding["message"] and "an even number of members (2)" in finding["message"]
    ok = _commission(CHAIR, EXPERT, {"person": "Петар Петровић", "expert": True})
    assert status(ok, "P89-5.3", "commissions[C1]") == "pass"


@covers("P89-5.3")
def test_the_same_identifier_is_one_person_and_different_identifiers_are_namesakes():
    same = _commission(CHAIR, {**EXPERT, "identifier": "P-123 456"},
                       {"person": "Ана Анић-Петровић", "expert": True, "identifier": "p123456"})
    assert status(same, "P89-5.3", "commissions[C1]") == "fail"
    namesakes = _commission(CHAIR, {**EXPERT, "identifier": "0101990710001"},
                            {**EXPERT, "identifier": "0202985715002"})
    assert status(namesakes, "P89-5.3", "commissions[C1]") == "pass"


@covers("P89-5.3", "P89-6.8")
def test_a_person_listed_twice_votes_once():
    data = _commission(CHAIR, EXPERT, dict(EXPERT), votes=["passed", "passed", "failed"])
    assert status(data, "P89-6.8", "exam_results[E1]") == "fail"   # 3 votes, 2 people
    assert status(data, "P89-5.3", "commissions[C1]") == "fail"
    data = _commission(CHAIR, EXPERT, {"person": "Петар Петровић", "expert": True},
                       votes=["passed", "passed", "failed"])
    assert status(data, "P89-6.8", "exam_results[E1]") == "pass"


# --- malformed input: exit 2, naming the JSON path --------------------------------------------------------------

def _cli(text: str):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["check", "-"], stdin=io.StringIO(text), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


_HEAD = '{"date": "2026-11-21", "organization": {"kind": "jpoa"}, '


@pytest.mark.parametrize(("text", "path"), [
    (_HEAD + '"rooms": [{"id": "R1", "seats": ' + "9" * 5000 + "}]}", "rooms[0].seats"),
    (_HEAD + '"rooms": [{"id": "R1", "area_m2": ' + "9" * 5000 + "}]}", "rooms[0].area_m2"),
    (_HEAD + '"rooms": [{"id": "R1", "area_m2": ' + "9" * 400 + "}]}", "rooms[0].area_m2"),
    (_HEAD + '"rooms": [{"id": "\\ud800"}]}', "rooms[0].id"),
    (_HEAD + '"staff": [{"id": "S1", "engagement": "\\udfff"}]}', "staff[0].engagement"),
    (_HEAD + '"rooms": [{"id": "R1", "\\udfff": 1}]}', "rooms[0].\\udfff"),
    (_HEAD + '"rooms": [{"id": "R1", "area_m2": NaN}]}', "rooms[0].area_m2"),
    (_HEAD + '"rooms": [{"id": "R1", "area_m2": Infinity}]}', "rooms[0].area_m2"),
    (_HEAD + '"programs": [{"id": "P1", "activity": "A-COMP", "group_size": -Infinity}]}', "programs[0].group_size"),
    (_HEAD + '"rooms": [{"id": "R1", "area_m2": 1e999}]}', "rooms[0].area_m2"),
])
def test_malformed_input_exits_2_naming_the_path(text, path):
    code, out, err = _cli(text)
    assert (code, out) == (2, "")
    assert err.startswith(f"invalid case: {path}: ")
    err.encode("utf-8")   # printable whatever the input held


def test_the_largest_sensible_integer_still_loads():
    code, out, _err = _cli(_HEAD + '"rooms": [{"id": "R1", "seats": ' + "9" * 64 + "}]}")
    assert code in (0, 1) and json.loads(out)["findings"]


# --- NOKS rule dates ------------------------------------------------------------------------------------------------

def _level5(date):
    data = base_case()
    data["date"] = date
    data["programs"][0].update(qualification_standard={"noks_level": "5"}, enrolment_noks_level="4",
                               starts_on="2024-01-01", ends_on="2024-06-30")
    return data


@covers("NOKS-H.5")
def test_the_level_5_rule_is_in_force_from_the_2023_amendment():
    before = found(run(_level5("2023-09-14")), "NOKS-H.5")
    assert [f["status"] for f in before] == ["not_applicable"]
    assert "76/2023" in before[0]["message"] and "2023-09-15" in before[0]["message"]
    assert status(_level5("2023-09-15"), "NOKS-H.5", "programs[P1]") == "pass"
    (prov,) = [p for p in rules.provisions("NOKS-HOURS") if p.id == "NOKS-H.5"]
    assert prov.in_force_from == dt.date(2023, 9, 15)


@covers("NOKS-H.2", "NOKS-H.3")
def test_levels_2_and_3_are_in_force_from_the_law_itself():
    data = _level5("2018-04-14")
    data["programs"][0].update(qualification_standard={"noks_level": "2"}, duration_hours=120)
    assert status(data, "NOKS-H.2", "programs[P1]") == "pass"
    assert status(data, "NOKS-H.5") == "not_applicable"
