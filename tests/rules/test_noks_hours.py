"""NOKS-HOURS: program duration against the NOKS level of its qualification standard."""

import pytest

from .helpers import base_case, covers, run, status


def level(lvl, **program):
    data = base_case()
    data["programs"][0]["qualification_standard"] = {"code": "QS", "noks_level": lvl}
    data["programs"][0].update(program)
    return data


@covers("NOKS-H.2")
@pytest.mark.parametrize("hours, expected", [(119, "fail"), (120, "pass"), (360, "pass"), (360.5, "fail"),
                                             (None, "fail")])
def test_level_2_runs_120_to_360_hours(hours, expected):
    assert status(level("2", duration_hours=hours), "NOKS-H.2", "programs[P1]") == expected


@covers("NOKS-H.3")
@pytest.mark.parametrize("hours, expected", [(959, "fail"), (960, "pass"), (2000, "pass")])
def test_level_3_at_least_960_hours(hours, expected):
    assert status(level("3", duration_hours=hours), "NOKS-H.3", "programs[P1]") == expected


@covers("NOKS-H.5")
@pytest.mark.parametrize("starts, ends, held, expected", [
    ("2027-01-01", "2027-06-30", "4", "pass"),      # six months
    ("2027-01-01", "2027-06-29", "4", "fail"),      # a day short
    ("2027-01-01", "2027-06-30", "3", "fail"),      # level 4 not required for enrolment
    ("2027-01-01", "2027-06-30", "6.1", "pass"),
    ("2027-01-01", "2027-06-30", None, "fail"),
    (None, "2027-06-30", "4", "fail"),
])
def test_level_5_six_months_with_level_4(starts, ends, held, expected):
    data = level("5", starts_on=starts, ends_on=ends, enrolment_noks_level=held)
    assert status(data, "NOKS-H.5", "programs[P1]") == expected


@covers("NOKS-H.2", "NOKS-H.3", "NOKS-H.5")
def test_noks_set_not_in_force_before_2018_04_14():
    data = base_case()
    data["date"] = "2018-04-13"
    assert [rs["id"] for rs in run(data).to_dict()["rule_sets"]] == ["P89-2015"]
    data["date"] = "2018-04-14"
    assert [rs["id"] for rs in run(data).to_dict()["rule_sets"]] == ["P89-2015", "NOKS-HOURS"]
