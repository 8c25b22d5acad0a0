"""Art. 5–6: exams, commissions, exam structure and grading — every threshold on both sides."""

import pytest

from .helpers import base_case, covers, found, program, run, status


def with_commission(members, exam="professional", formed_by="jpoa", program_id="P1"):
    data = base_case()
    data["staff"] += [{"id": f"M{i}"} for i in range(1, 6)]
    data["commissions"] = [{"id": "C1", "exam": exam, "formed_by": formed_by, "program": program_id,
                            "members": members}]
    return data


def m(person, chair=False, expert=True, teacher=False):
    return {"person": person, "chair": chair, "expert": expert, "teacher": teacher}


def with_result(**result):
    data = with_commission([m("M1", chair=True), m("M2"), m("M3")])
    data["exam_results"] = [{"id": "E1", "commission": "C1", **result}]
    return data


@covers("P89-5.1")
def test_professional_program_needs_professional_exam():
    data = base_case()
    assert status(data, "P89-5.1", "programs[P1]") == "pass"
    data["programs"][0]["exam"]["professional"] = False
    assert status(data, "P89-5.1", "programs[P1]") == "fail"


@covers("P89-5.2")
@pytest.mark.parametrize("professional, key, expected", [(True, True, "pass"), (True, False, "fail"),
                                                         (False, True, "fail")])
def test_qualification_exam_has_both_parts(professional, key, expected):
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    data["programs"] = [program("Q", activity="A-QUAL", kind=None,
                                exam={"professional": professional, "key_competences": key, "key_tasks": 8,
                                      "work_tasks_min": 2, "work_tasks_max": 2,
                                      "task_lists_published_on": "2027-01-01"})]
    assert status(data, "P89-5.2", "programs[Q]") == expected


@covers("P89-5.3")
@pytest.mark.parametrize("members, expected", [
    ([m("M1", chair=True), m("M2")], "fail"),                                   # 2 members: even
    ([m("M1", chair=True), m("M2"), m("M3")], "pass"),                          # 3 members, 3 experts
    ([m("M1", chair=True), m("M2"), m("M3"), m("M4")], "fail"),                 # 4 members: even
    ([m("M1", chair=True), m("M2", expert=False), m("M3", expert=False)], "fail"),   # 1 expert
    ([m("M1", chair=True), m("M2"), m("M3", expert=False)], "pass"),            # 2 experts
    ([m("M1"), m("M2"), m("M3")], "fail"),                                      # no chair
    ([m("M1", chair=True, expert=False), m("M2"), m("M3")], "fail"),            # chair not an expert
    ([m("M1", chair=True), m("M2", chair=True), m("M3")], "fail"),              # two chairs
])
def test_professional_commission_composition(members, expected):
    assert status(with_commission(members), "P89-5.3", "commissions[C1]") == expected


@covers("P89-5.3")
def test_professional_commission_formed_by_primary_school_fails():
    data = with_commission([m("M1", chair=True), m("M2"), m("M3")], formed_by="primary_school")
    assert status(data, "P89-5.3", "commissions[C1]") == "fail"


@covers("P89-5.3")
def test_commission_composition_message_names_problem():
    report = run(with_commission([m("M1", chair=True), m("M2"), m("M3"), m("M4")]))
    assert found(report, "P89-5.3")[0]["message"] == (
        "The commission's composition breaks the rulebook: an even number of members (4).")


@covers("P89-5.4")
@pytest.mark.parametrize("formed_by, teachers, expected", [
    ("secondary_school", (True, True, True), "pass"),
    ("primary_school", (True, True, True), "pass"),
    ("jpoa", (True, True, True), "fail"),
    ("secondary_school", (True, False, True), "fail"),
])
def test_key_competence_commission(formed_by, teachers, expected):
    members = [m(f"M{i}", chair=(i == 1), expert=False, teacher=t) for i, t in enumerate(teachers, start=1)]
    data = with_commission(members, exam="key_competences", formed_by=formed_by)
    assert status(data, "P89-5.4", "commissions[C1]") == expected


@covers("P89-5.5")
def test_member_who_taught_the_program_fails():
    data = with_commission([m("M1", chair=True), m("M2"), m("M3")])
    assert status(data, "P89-5.5", "commissions[C1]") == "pass"
    data = with_commission([m("S1", chair=True), m("M2"), m("M3")])
    assert status(data, "P89-5.5", "commissions[C1]") == "fail"
    assert found(run(data), "P89-5.5")[0]["message"] == "Commission members who delivered program P1: S1."


@covers("P89-5.5")
def test_commission_without_program_is_manual():
    data = with_commission([m("M1", chair=True), m("M2"), m("M3")], program_id=None)
    assert status(data, "P89-5.5", "commissions[C1]") == "manual"


@covers("P89-5.6")
def test_document_named_and_qualification_issued_by_school():
    data = base_case()
    assert status(data, "P89-5.6", "programs[P1]") == "pass"
    data["programs"][0]["elements"]["document_name"] = ""
    assert status(data, "P89-5.6", "programs[P1]") == "fail"
    data = base_case()
    data["programs"] = [program("Q", activity="A-QUAL", kind=None)]
    assert status(data, "P89-5.6", "programs[Q]") == "fail"           # a JPOA may not issue it
    data["organization"]["kind"] = "secondary_school"
    assert status(data, "P89-5.6", "programs[Q]") == "pass"


@covers("P89-5.7", "P89-5.8")
def test_language_and_computer_assessment_standards():
    data = base_case()
    data["programs"] = [program("L", activity="A-PERS", kind=5, cefr_levels=["B2"]),
                        program("C", activity="A-PERS", kind=4, ecdl_modules=["Spreadsheets"])]
    assert (status(data, "P89-5.7", "programs[L]"), status(data, "P89-5.8", "programs[C]")) == ("pass", "pass")
    for p in data["programs"]:
        p["elements"]["assessment"] = None
    assert (status(data, "P89-5.7", "programs[L]"), status(data, "P89-5.8", "programs[C]")) == ("fail", "fail")


@covers("P89-6.1")
@pytest.mark.parametrize("tasks, expected", [(5, "fail"), (6, "pass"), (12, "pass"), (13, "fail"), (None, "fail")])
def test_key_tasks_6_to_12_planned(tasks, expected):
    data = base_case()
    data["programs"][0]["exam"] = {"key_competences": True, "key_tasks": tasks,
                                   "task_lists_published_on": "2027-01-01"}
    assert status(data, "P89-6.1", "programs[P1]") == expected


@covers("P89-6.1")
@pytest.mark.parametrize("tasks, expected", [(5, "fail"), (6, "pass"), (12, "pass"), (13, "fail")])
def test_key_tasks_6_to_12_in_results(tasks, expected):
    data = with_result(exam="key_competences", tasks_set=tasks, tasks_solved=0, votes=["failed"] * 3,
                       grade="failed")
    assert status(data, "P89-6.1", "exam_results[E1]") == expected


@covers("P89-6.2")
@pytest.mark.parametrize("low, high, expected", [(1, 3, "fail"), (2, 3, "pass"), (2, 4, "pass"), (3, 5, "fail"),
                                                 (4, 2, "fail"), (None, 4, "fail")])
def test_work_tasks_2_to_4_planned(low, high, expected):
    data = base_case()
    data["programs"][0]["exam"]["work_tasks_min"] = low
    data["programs"][0]["exam"]["work_tasks_max"] = high
    assert status(data, "P89-6.2", "programs[P1]") == expected


@covers("P89-6.2")
@pytest.mark.parametrize("count, expected", [(1, "fail"), (2, "pass"), (4, "pass"), (5, "fail")])
def test_work_tasks_2_to_4_performed(count, expected):
    tasks = [{"drawn": True, "performed_to_criteria": True}] * count
    data = with_result(exam="professional", work_tasks=tasks, votes=["passed"] * 3, grade="passed")
    assert status(data, "P89-6.2", "exam_results[E1]") == expected


@covers("P89-6.3")
@pytest.mark.parametrize("published, expected", [("2027-01-31", "pass"), ("2027-02-01", "fail"),
                                                 ("2027-03-01", "fail"), (None, "fail")])
def test_task_lists_published_before_start(published, expected):
    data = base_case()
    data["programs"][0]["exam"]["task_lists_published_on"] = published
    assert status(data, "P89-6.3", "programs[P1]") == expected


@covers("P89-6.3")
def test_task_lists_without_start_date_is_manual():
    data = base_case()
    data["programs"][0]["starts_on"] = None
    assert status(data, "P89-6.3", "programs[P1]") == "manual"


@covers("P89-6.4")
@pytest.mark.parametrize("drawn, expected", [((True, True), "pass"), ((True, False), "fail"), ((True, None), "fail")])
def test_work_tasks_drawn(drawn, expected):
    tasks = [{"drawn": d, "drawn_on": "2027-06-10", "performed_to_criteria": True} for d in drawn]
    data = with_result(exam="professional", held_on="2027-06-10", work_tasks=tasks, votes=["passed"] * 3,
                       grade="passed")
    assert status(data, "P89-6.4", "exam_results[E1]") == expected


@covers("P89-6.4")
@pytest.mark.parametrize("drawn_on, expected, text", [
    ("2027-06-09", "fail", "not immediately before it"),   # the day before the exam
    ("2027-06-10", "pass", "drawn immediately before"),    # the day of the exam
    ("2027-06-11", "fail", "after the exam"),              # the day after
    ("2027-06-13", "fail", "after the exam"),              # three days after: never "compliant"
])
def test_work_tasks_drawn_on_the_day_of_the_exam(drawn_on, expected, text):
    tasks = [{"drawn": True, "drawn_on": "2027-06-10", "performed_to_criteria": True},
             {"drawn": True, "drawn_on": drawn_on, "performed_to_criteria": True}]
    data = with_result(exam="professional", held_on="2027-06-10", work_tasks=tasks, votes=["passed"] * 3,
                       grade="passed")
    assert status(data, "P89-6.4", "exam_results[E1]") == expected
    [finding] = found(run(data), "P89-6.4", "exam_results[E1]")
    assert text in finding["message"]


@covers("P89-6.4")
@pytest.mark.parametrize("held_on, drawn_on", [(None, "2027-06-10"), ("2027-06-10", None)])
def test_a_draw_without_recorded_dates_is_not_claimed_compliant(held_on, drawn_on):
    tasks = [{"drawn": True, "drawn_on": drawn_on, "performed_to_criteria": True}] * 2
    data = with_result(exam="professional", held_on=held_on, work_tasks=tasks, votes=["passed"] * 3,
                       grade="passed")
    assert status(data, "P89-6.4", "exam_results[E1]") == "manual"


@covers("P89-5.3")
def test_the_same_person_twice_in_a_commission_is_refused():
    data = with_commission([m("M1", chair=True), m("M2"), m("M2")])
    assert status(data, "P89-5.3", "commissions[C1]") == "fail"


@covers("P89-6.5")
@pytest.mark.parametrize("grade, votes, expected", [("passed", ["passed"] * 3, "pass"),
                                                    ("excellent", ["passed"] * 3, "fail"),
                                                    ("passed", ["passed", "passed", "5"], "fail"),
                                                    (None, ["passed"] * 3, "fail")])
def test_grade_is_passed_or_failed(grade, votes, expected):
    data = with_result(exam="professional", work_tasks=[{"drawn": True, "performed_to_criteria": True}] * 2,
                       votes=votes, grade=grade)
    assert status(data, "P89-6.5", "exam_results[E1]") == expected


@covers("P89-6.6")
@pytest.mark.parametrize("solved, grade, expected", [
    (50, "failed", "pass"), (50, "passed", "fail"),     # 50 % fails
    (51, "passed", "pass"), (51, "failed", "fail"),     # 51 % passes
])
def test_key_exam_51_percent(solved, grade, expected):
    data = with_result(exam="key_competences", tasks_set=100, tasks_solved=solved, votes=[grade] * 3, grade=grade)
    assert status(data, "P89-6.6", "exam_results[E1]") == expected


@covers("P89-6.6")
def test_key_exam_5_of_10_is_failed():
    data = with_result(exam="key_competences", tasks_set=10, tasks_solved=5, votes=["passed"] * 3, grade="passed")
    assert found(run(data), "P89-6.6")[0]["message"] == (
        "Solved 5 of 10 tasks (50 %): the grade must be \"failed\", recorded \"passed\".")


@covers("P89-6.6")
def test_key_exam_6_of_10_and_missing_counts():
    data = with_result(exam="key_competences", tasks_set=10, tasks_solved=6, votes=["passed"] * 3, grade="passed")
    assert status(data, "P89-6.6", "exam_results[E1]") == "pass"
    data = with_result(exam="key_competences", votes=["passed"] * 3, grade="passed")
    assert status(data, "P89-6.6", "exam_results[E1]") == "fail"


@covers("P89-6.7")
@pytest.mark.parametrize("performed, grade, expected", [
    ((True, True, True), "passed", "pass"), ((True, False, True), "passed", "fail"),
    ((True, False, True), "failed", "pass"), ((True, None), "passed", "fail"),
])
def test_professional_exam_every_task_to_criteria(performed, grade, expected):
    tasks = [{"drawn": True, "performed_to_criteria": p} for p in performed]
    data = with_result(exam="professional", work_tasks=tasks, votes=[grade] * 3, grade=grade)
    assert status(data, "P89-6.7", "exam_results[E1]") == expected


@covers("P89-6.8")
@pytest.mark.parametrize("votes, grade, expected", [
    (["passed", "passed", "failed"], "passed", "pass"),
    (["passed", "failed", "failed"], "passed", "fail"),
    (["passed", "failed", "failed"], "failed", "pass"),
    (["passed", "passed"], "passed", "fail"),          # one vote per member: 3 members, 2 votes
    ([], "passed", "fail"),
])
def test_grade_by_majority_vote(votes, grade, expected):
    data = with_result(exam="professional", work_tasks=[{"drawn": True, "performed_to_criteria": grade == "passed"}]
                       * 2, votes=votes, grade=grade)
    assert status(data, "P89-6.8", "exam_results[E1]") == expected
