"""Art. 1–4: scope, activities per kind of organization, program kinds, program content."""

import pytest

from .helpers import base_case, covers, program, run, status, statuses


@covers("P89-1.1", "P89-1.2")
def test_scope_jpoa_passes_1_1_and_school_passes_1_2():
    data = base_case()
    assert (status(data, "P89-1.1"), status(data, "P89-1.2")) == ("pass", "not_applicable")
    data["organization"]["kind"] = "secondary_school"
    assert (status(data, "P89-1.1"), status(data, "P89-1.2")) == ("not_applicable", "pass")


@covers("P89-2.1.1", "P89-2.1.2", "P89-2.1.3")
def test_activities_jpoa_allowed_items_pass():
    data = base_case()
    data["activities"] = ["A-COMP", "A-PERS", "A-CAREER"]
    assert [status(data, pid) for pid in ("P89-2.1.1", "P89-2.1.2", "P89-2.1.3")] == ["pass"] * 3


@covers("P89-2.2.1", "P89-2.2.2", "P89-2.2.3", "P89-2.2.4", "P89-2.2.5", "P89-2.2.6", "P89-2.2.7")
def test_activities_secondary_school_all_seven_pass():
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    data["activities"] = ["A-KEY-SEC", "A-KEY-PRI", "A-COMP", "A-QUAL", "A-PERS", "A-RPL", "A-CAREER"]
    assert [status(data, f"P89-2.2.{i}") for i in range(1, 8)] == ["pass"] * 7


@covers("P89-2.3.1", "P89-2.3.2", "P89-2.3.3", "P89-2.3.4")
def test_activities_primary_school_all_four_pass():
    data = base_case()
    data["organization"]["kind"] = "primary_school"
    data["programs"] = []
    data["activities"] = ["A-KEY-PRI", "A-PERS", "A-RPL", "A-CAREER"]
    assert [status(data, f"P89-2.3.{i}") for i in range(1, 5)] == ["pass"] * 4


@covers("P89-2.2.4", "P89-2.1.1")
@pytest.mark.parametrize("kind, activity, provision", [
    ("jpoa", "A-QUAL", "P89-2.2.4"),
    ("jpoa", "A-KEY-SEC", "P89-2.2.1"),
    ("primary_school", "A-COMP", "P89-2.1.1"),
    ("primary_school", "A-QUAL", "P89-2.2.4"),
])
def test_activities_not_allowed_for_kind_fail(kind, activity, provision):
    data = base_case()
    data["organization"]["kind"] = kind
    data["activities"] = [activity]
    data["programs"] = []
    assert status(data, provision, f"activities[{activity}]") == "fail"


@covers("P89-2.1.2")
def test_activities_program_implies_activity():
    data = base_case()
    data["programs"].append(program("P2", activity="A-PERS", kind=9))
    assert status(data, "P89-2.1.2") == "pass"


@covers("P89-3.1")
def test_program_kind_missing_fails_3_1():
    data = base_case()
    data["programs"][0]["kind"] = None
    assert status(data, "P89-3.1", "programs[P1]") == "fail"


@covers("P89-3.2")
@pytest.mark.parametrize("kind, expected", [(4, "pass"), (5, "pass"), (6, "pass"), (8, "pass"), (9, "pass"),
                                            (1, "fail"), (7, "fail"), (10, "fail"), (None, "fail")])
def test_program_kind_primary_school_only_4_5_6_8_9(kind, expected):
    data = base_case()
    data["organization"]["kind"] = "primary_school"
    data["programs"] = [program("P1", activity="A-PERS", kind=kind, exam=None)]
    assert status(data, "P89-3.2", "programs[P1]") == expected


@covers("P89-3.3")
def test_qualification_program_needs_standard():
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    data["programs"] = [program("Q", activity="A-QUAL", kind=None,
                                qualification_standard={"code": "QS-1", "noks_level": "3"})]
    assert status(data, "P89-3.3", "programs[Q]") == "pass"
    data["programs"][0]["qualification_standard"] = None
    assert status(data, "P89-3.3", "programs[Q]") == "fail"


@covers("P89-3.4", "P89-3.5")
@pytest.mark.parametrize("activity, provision", [("A-KEY-PRI", "P89-3.4"), ("A-KEY-SEC", "P89-3.5")])
def test_key_competence_program_needs_general_outcomes(activity, provision):
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    data["programs"] = [program("K", activity=activity, kind=None)]
    assert status(data, provision, "programs[K]") == "pass"
    data["programs"][0]["elements"]["general_outcomes"] = "  "
    assert status(data, provision, "programs[K]") == "fail"


@covers("P89-3.6", "P89-3.7")
def test_rpl_and_career_are_manual_when_declared():
    data = base_case()
    assert (status(data, "P89-3.6"), status(data, "P89-3.7")) == ("not_applicable", "not_applicable")
    data["activities"] += ["A-RPL", "A-CAREER"]
    assert (status(data, "P89-3.6"), status(data, "P89-3.7")) == ("manual", "manual")


@covers("P89-4.1")
def test_content_all_18_elements_pass():
    assert status(base_case(), "P89-4.1", "programs[P1]") == "pass"


@covers("P89-4.1")
@pytest.mark.parametrize("element", ["name", "purpose", "accessibility", "document_name", "publicity"])
def test_content_missing_element_fails(element):
    data = base_case()
    data["programs"][0]["elements"][element] = ""
    report = run(data)
    finding = next(f.to_dict("en") for f in report.findings if f.provision == "P89-4.1")
    assert finding["status"] == "fail"


@covers("P89-4.1")
def test_content_modules_required_only_when_modular():
    data = base_case()
    data["programs"][0]["elements"].pop("modules", None)
    assert status(data, "P89-4.1") == "pass"
    data["programs"][0]["modular"] = True
    assert status(data, "P89-4.1") == "fail"


@covers("P89-4.1")
@pytest.mark.parametrize("field", ["duration_hours", "group_size"])
def test_content_duration_and_group_size_must_be_positive(field):
    data = base_case()
    data["programs"][0][field] = 0
    assert status(data, "P89-4.1") == "fail"


@covers("P89-4.1")
def test_content_not_required_for_language_program_of_jpoa():
    data = base_case()
    data["programs"] = [program("L", activity="A-PERS", kind=5, cefr_levels=["B1"], elements=None, exam=None)]
    assert status(data, "P89-4.1") == "not_applicable"


@covers("P89-4.1")
def test_content_required_for_primary_school_language_program():
    data = base_case()
    data["organization"]["kind"] = "primary_school"
    data["programs"] = [program("L", activity="A-PERS", kind=5, cefr_levels=["A1"], elements=None, exam=None)]
    assert status(data, "P89-4.1", "programs[L]") == "fail"


@covers("P89-4.2")
@pytest.mark.parametrize("levels, expected", [(["B1"], "pass"), (["A1", "C2"], "pass"), ([], "fail"),
                                              (["B3"], "fail"), (["b1"], "fail")])
def test_language_program_names_cefr_levels(levels, expected):
    data = base_case()
    data["programs"] = [program("L", activity="A-PERS", kind=5, cefr_levels=levels)]
    assert status(data, "P89-4.2", "programs[L]") == expected


@covers("P89-4.3")
@pytest.mark.parametrize("modules, expected", [(["Spreadsheets"], "pass"), ([], "fail"), ([" "], "fail")])
def test_computer_program_names_ecdl_modules(modules, expected):
    data = base_case()
    data["programs"] = [program("C", activity="A-PERS", kind=4, ecdl_modules=modules)]
    assert status(data, "P89-4.3", "programs[C]") == expected


def test_content_missing_elements_are_named_in_message():
    data = base_case()
    data["programs"][0]["elements"]["goal"] = None
    assert statuses(data, "P89-4.1") == ["fail"]
    message = next(f.to_dict("en") for f in run(data).findings if f.provision == "P89-4.1")["message"]
    assert message == "The program lacks elements: 3 goal."
