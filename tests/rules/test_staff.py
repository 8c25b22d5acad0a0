"""Art. 7–8: staff, associates, adult-education competences, scale."""

import pytest

from .helpers import base_case, covers, found, program, run, status


@covers("P89-7.1.1")
def test_instructor_education_declared_is_manual():
    assert status(base_case(), "P89-7.1.1", "programs[P1]") == "manual"


@covers("P89-7.1.1")
@pytest.mark.parametrize("matches", [False, None])
def test_instructor_education_not_matching_or_undeclared_fails(matches):
    data = base_case()
    data["staff"][0]["education_matches"] = matches
    assert status(data, "P89-7.1.1", "programs[P1]") == "fail"


@covers("P89-7.1.1")
def test_program_without_instructor_fails():
    data = base_case()
    data["programs"][0]["instructors"] = []
    assert status(data, "P89-7.1.1", "programs[P1]") == "fail"


@covers("P89-7.1.1", "P89-7.2")
def test_school_staff_is_manual_7_2_not_7_1_1():
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    assert (status(data, "P89-7.1.1"), status(data, "P89-7.2", "organization")) == ("not_applicable", "manual")


@covers("P89-7.1.2", "P89-7.3")
def test_associates_present_pass():
    data = base_case()
    assert [status(data, "P89-7.1.2", f"associates[{r}]") for r in ("andragogue", "psychologist", "librarian")] \
        == ["pass"] * 3
    assert status(data, "P89-7.3") == "not_applicable"


@covers("P89-7.1.2", "P89-7.3")
def test_missing_associate_without_justification_fails():
    data = base_case()
    data["staff"] = [s for s in data["staff"] if s["id"] != "S3"]
    assert status(data, "P89-7.1.2", "associates[psychologist]") == "fail"


@covers("P89-7.1.2", "P89-7.3")
def test_missing_associate_with_justification_is_manual():
    data = base_case()
    data["staff"] = [s for s in data["staff"] if s["id"] != "S3"]
    data["associate_deviations"] = {"psychologist": "Нема кандидата на два огласа."}
    assert status(data, "P89-7.1.2", "associates[psychologist]") == "manual"
    assert status(data, "P89-7.3", "associates[psychologist]") == "manual"
    assert found(run(data), "P89-7.3")[0]["message"] == (
        "Deviation (psychologist) justified as: \"Нема кандидата на два огласа.\".")


@covers("P89-7.3")
def test_blank_justification_does_not_count():
    data = base_case()
    data["staff"] = [s for s in data["staff"] if s["id"] != "S3"]
    data["associate_deviations"] = {"psychologist": "   "}
    assert status(data, "P89-7.1.2", "associates[psychologist]") == "fail"


@covers("P89-7.4")
@pytest.mark.parametrize("granted, date, expected", [
    (None, "2026-11-21", "manual"),                 # not granted yet: the period has not started
    ("2026-05-21", "2026-11-21", "manual"),         # the last day of the six months
    ("2026-05-20", "2026-11-21", "fail"),           # one day late
    ("2026-08-31", "2027-02-28", "manual"),         # 31 Aug + 6 months = 28 Feb
    ("2026-08-31", "2027-03-01", "fail"),
])
def test_adult_ed_competence_six_month_deadline(granted, date, expected):
    data = base_case()
    data["date"] = date
    data["organization"]["status_granted_on"] = granted
    data["staff"][0]["adult_ed_competence"] = "in_training"
    assert status(data, "P89-7.4", "staff[S1]") == expected


@covers("P89-7.4")
@pytest.mark.parametrize("competence", ["none", None])
def test_no_competence_after_deadline_fails(competence):
    data = base_case()
    data["organization"]["status_granted_on"] = "2025-01-01"
    data["staff"][0]["adult_ed_competence"] = competence
    assert status(data, "P89-7.4", "staff[S1]") == "fail"


@covers("P89-7.4", "P89-7.5")
@pytest.mark.parametrize("competence", ["andragogy_degree", "pd_program", "association_certificate"])
def test_recognised_evidence_satisfies_7_4(competence):
    data = base_case()
    data["organization"]["status_granted_on"] = "2020-01-01"
    data["staff"][0]["adult_ed_competence"] = competence
    assert (status(data, "P89-7.4", "staff[S1]"), status(data, "P89-7.5", "staff[S1]")) == ("pass", "pass")


@covers("P89-7.5")
@pytest.mark.parametrize("calibrated, expected", [(True, ["pass", "pass"]), (False, ["fail", "pass"]),
                                                  (None, ["fail", "pass"])])
def test_language_instructor_calibration(calibrated, expected):
    data = base_case()
    data["programs"] = [program("L", activity="A-PERS", kind=5, cefr_levels=["B1"])]
    data["staff"][0]["cefr_calibration"] = calibrated
    report = run(data)
    assert sorted(f["status"] for f in found(report, "P89-7.5", "staff[S1]")) == expected


@covers("P89-7.6", "P89-7.7")
def test_rpl_and_career_staff_manual():
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    data["activities"] = ["A-RPL", "A-CAREER"]
    assert (status(data, "P89-7.6"), status(data, "P89-7.7")) == ("manual", "manual")


def _programs(n, instructor_for=lambda i: "S1"):
    return [program(f"P{i}", activity="A-PERS", kind=9, exam=None, instructors=[instructor_for(i)])
            for i in range(1, n + 1)]


@covers("P89-8.1")
def test_three_programs_in_one_activity_not_applicable():
    data = base_case()
    data["programs"] = _programs(3)
    assert status(data, "P89-8.1") == "not_applicable"


@covers("P89-8.1")
def test_four_programs_in_one_activity_applies():
    data = base_case()
    data["programs"] = _programs(4, lambda i: "S1" if i <= 3 else "S5")
    data["staff"].append({"id": "S5", "roles": ["instructor"]})
    assert [f["status"] for f in found(run(data), "P89-8.1")] == ["pass", "pass"]


@covers("P89-8.1")
def test_instructor_on_four_programs_fails_on_three_passes():
    data = base_case()
    data["programs"] = _programs(4)
    assert status(data, "P89-8.1", "staff[S1]") == "fail"


@covers("P89-8.1")
@pytest.mark.parametrize("engagement, expected", [("employed_full_time", "pass"), ("engaged", "pass"),
                                                  ("employed_part_time", "fail"), (None, "fail")])
def test_responsible_person_engagement(engagement, expected):
    data = base_case()
    data["programs"] = _programs(4, lambda i: f"S1{i}")
    data["staff"] += [{"id": f"S1{i}", "roles": ["instructor"]} for i in range(1, 5)]
    data["staff"][1]["engagement"] = engagement
    # two organization-level findings: the responsible person, and the instructors' load (all at most one program)
    assert sorted(f["status"] for f in found(run(data), "P89-8.1", "organization")) == sorted([expected, "pass"])


@covers("P89-8.1")
def test_scale_not_applicable_to_schools():
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    data["programs"] = _programs(5)
    assert status(data, "P89-8.1") == "not_applicable"
