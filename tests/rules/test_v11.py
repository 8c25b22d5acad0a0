"""Facts v1.1 (docs/rules/facts-v1.1.md): additive optional fields, each checked on both sides of its boundary; a v1
case gives the same report under v1.1 (property test over the examples and generated v1 cases)."""

import copy
import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import rules
from rules import docs_gen, facts
from rules.examples import EXAMPLES

from .helpers import base_case, covers, found, run, status, statuses
from .test_properties import cases

TOPICS = list(facts.ADULT_ED_TOPICS)


def _schema(version):
    return json.loads((docs_gen.DOCS / f"facts-v{version}.schema.json").read_text(encoding="utf-8"))


# --- backward compatibility -------------------------------------------------------------------------------------

def _with_v11_nulls(data: dict) -> dict:
    """The case with every v1.1 field written out as null: what a v1.1 writer sends when it declares nothing."""
    out = copy.deepcopy(data)
    out["organization"]["electronic_records_of"] = None
    for p in out.get("programs") or []:
        p.update(enrolment_prerequisites=None, field=None, other_professionals=None, document_kind=None)
        if p.get("exam"):
            p["exam"].update(outcomes=None, task_lists=None, preparation_minutes=None, defence=None)
    for s in out.get("staff") or []:
        s["competence_topics"] = None
    for r in out.get("rooms") or []:
        r.update(desks=None, chairs=None, lease_from=None)
    for x in out.get("partners") or []:
        x["practical_forms"] = None
    for c in out.get("commissions") or []:
        for m in c.get("members") or []:
            m.update(identifier=None, field=None)
    for r in out.get("exam_results") or []:
        r.update(preparation_minutes=None, defended=None)
    return out


def _v1_fields_only(data: dict) -> dict:
    """What a v1 reader sees: the case with no v1.1 key at all."""
    v11 = {"electronic_records_of", "enrolment_prerequisites", "field", "other_professionals", "document_kind",
           "outcomes", "task_lists", "preparation_minutes", "defence", "competence_topics", "desks", "chairs",
           "lease_from", "practical_forms", "identifier", "defended"}

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in v11}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(data)


def _same_report(data: dict) -> None:
    v1 = rules.evaluate(rules.load_case(data)).to_dict("en")
    assert rules.evaluate(rules.load_case(_with_v11_nulls(data))).to_dict("en") == v1
    assert rules.evaluate(rules.loads_case(json.dumps(_v1_fields_only(data)))).to_dict("en") == v1


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_is_a_v1_case_with_the_same_report_under_v11(name):
    data = EXAMPLES[name]
    jsonschema.validate(data, _schema("1"))
    jsonschema.validate(_with_v11_nulls(data), _schema("1.1"))
    _same_report(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_a_generated_v1_case_gives_the_same_report_under_v11(data):
    try:
        rules.load_case(data)
    except rules.CaseError:
        return
    _same_report(data)


def test_the_v1_schema_has_no_v11_field_and_v11_adds_only_optional_ones():
    v1, v11 = _schema("1"), _schema("1.1")
    for name, definition in v1["$defs"].items():
        extra = set(v11["$defs"][name]["properties"]) - set(definition["properties"])
        assert v11["$defs"][name].get("required") == definition.get("required")
        for field in extra:
            assert v11["$defs"][name]["properties"][field]["description"].startswith("v1.1")
    assert set(v11["$defs"]) - set(v1["$defs"]) == {"ElectronicRecords", "EnrolmentPrerequisites", "TaskList",
                                                    "CompetenceTopic"}


# --- enrolment prerequisites (NOKS-H.2 / H.3 / H.5) ---------------------------------------------------------------

@covers("NOKS-H.2", "NOKS-H.3")
def test_enrolment_prerequisite_for_levels_2_and_3():
    data = base_case()
    data["programs"][0].update(qualification_standard={"noks_level": "2"}, duration_hours=240,
                               enrolment_prerequisites={"min_age": 18})
    assert statuses(data, "NOKS-H.2", "programs[P1]") == ["fail", "pass"]   # hours pass, level held not named
    data["programs"][0]["enrolment_prerequisites"]["noks_level"] = "1"
    assert statuses(data, "NOKS-H.2", "programs[P1]") == ["pass", "pass"]
    data["programs"][0].update(qualification_standard={"noks_level": "3"}, duration_hours=960)
    assert statuses(data, "NOKS-H.3", "programs[P1]") == ["pass", "pass"]


@covers("NOKS-H.5")
def test_enrolment_prerequisite_level_4_for_level_5():
    data = base_case()
    data["programs"][0].update(qualification_standard={"noks_level": "5"}, enrolment_prerequisites={"noks_level": "3"},
                               starts_on="2027-01-01", ends_on="2027-06-30")
    assert status(data, "NOKS-H.5", "programs[P1]") == "fail"
    data["programs"][0]["enrolment_prerequisites"]["noks_level"] = "4"
    assert status(data, "NOKS-H.5", "programs[P1]") == "pass"


# --- task lists per outcome (6.3), preparation and defence (6.1, 6.4) ------------------------------------------

def _lists(*published, outcomes=("И1", "И2")):
    data = base_case()
    data["programs"][0]["exam"]["outcomes"] = list(outcomes)
    data["programs"][0]["exam"]["task_lists"] = [
        {"outcome": o, "kind": "work_tasks", "tasks": 5, "published_on": d} for o, d in zip(outcomes, published)]
    return data


@covers("P89-6.3")
def test_task_lists_per_outcome_published_before_the_start():
    assert status(_lists("2027-01-10", "2027-01-31"), "P89-6.3", "programs[P1]") == "pass"   # the day before
    late = found(run(_lists("2027-01-10", "2027-02-01")), "P89-6.3", "programs[P1]")           # the start day
    assert late[0]["status"] == "fail" and "И2" in late[0]["message"]


@covers("P89-6.3")
def test_an_outcome_without_its_list_or_date_fails():
    missing = found(run(_lists("2027-01-10", outcomes=("И1", "И2"))), "P89-6.3", "programs[P1]")
    assert missing[0]["status"] == "fail" and "И2" in missing[0]["message"]
    data = _lists("2027-01-10", "2027-01-10")
    del data["programs"][0]["exam"]["task_lists"][1]["published_on"]
    assert status(data, "P89-6.3", "programs[P1]") == "fail"
    data = _lists("2027-01-10", "2027-01-10")
    data["programs"][0]["exam"]["task_lists"] = []
    assert status(data, "P89-6.3", "programs[P1]") == "fail"   # declared: no list at all


@covers("P89-6.4")
def test_preparation_time_and_explanation_planned():
    data = base_case()
    data["programs"][0]["exam"].update(preparation_minutes=0)
    assert status(data, "P89-6.4", "programs[P1]") == "fail"
    data["programs"][0]["exam"].update(preparation_minutes=1, defence=True)
    assert statuses(data, "P89-6.4", "programs[P1]") == ["pass", "pass"]
    data["programs"][0]["exam"].update(defence=False)
    assert sorted(statuses(data, "P89-6.4", "programs[P1]")) == ["fail", "pass"]


@covers("P89-6.1")
def test_key_competence_exam_has_a_defence():
    data = base_case()
    data["programs"][0]["exam"].update(key_competences=True, key_tasks=6, defence=False)
    assert statuses(data, "P89-6.1", "programs[P1]") == ["fail", "pass"]
    data["programs"][0]["exam"]["defence"] = True
    assert statuses(data, "P89-6.1", "programs[P1]") == ["pass", "pass"]


@covers("P89-6.1", "P89-6.4")
def test_results_record_preparation_and_defence():
    data = base_case()
    data["commissions"] = [{"id": "C1", "exam": "professional", "formed_by": "jpoa", "members": [
        {"person": "A", "chair": True, "expert": True}, {"person": "B", "expert": True}, {"person": "C"}]}]
    data["exam_results"] = [{"id": "E1", "commission": "C1", "held_on": "2027-07-01", "preparation_minutes": 0,
                             "defended": False, "work_tasks": [{"drawn": True, "drawn_on": "2027-07-01",
                                                                "performed_to_criteria": True}] * 2,
                             "votes": ["passed"] * 3, "grade": "passed"}]
    assert sorted(statuses(data, "P89-6.4", "exam_results[E1]")) == ["fail", "fail", "pass"]
    data["exam_results"][0].update(preparation_minutes=15, defended=True)
    assert statuses(data, "P89-6.4", "exam_results[E1]") == ["pass"] * 3
    data["commissions"][0]["exam"] = "key_competences"
    data["exam_results"][0].update(exam="key_competences", tasks_set=6, tasks_solved=4, defended=False)
    assert statuses(data, "P89-6.1", "exam_results[E1]") == ["fail", "pass"]


# --- Art. 7.4 competence per topic -------------------------------------------------------------------------------

def _topics(completed: dict, granted="2026-05-01", date="2026-11-21"):
    data = base_case()
    data["date"] = date
    data["organization"]["status_granted_on"] = granted   # deadline 2026-11-01
    data["staff"][0].update(adult_ed_competence=None,
                            competence_topics=[{"topic": t, "completed_on": d} for t, d in completed.items()])
    return data


@covers("P89-7.4")
def test_all_seven_topics_by_the_deadline_pass():
    assert status(_topics(dict.fromkeys(TOPICS, "2026-11-01")), "P89-7.4", "staff[S1]") == "pass"
    late = dict.fromkeys(TOPICS, "2026-11-01") | {"evaluation": "2026-11-02"}
    (finding,) = found(run(_topics(late)), "P89-7.4", "staff[S1]")
    assert finding["status"] == "fail" and "evaluation of the learning process" in finding["message"]


@covers("P89-7.4")
def test_a_missing_topic_fails_after_the_deadline_and_is_pending_before():
    six = {t: "2026-06-01" for t in TOPICS[:6]}
    assert status(_topics(six), "P89-7.4", "staff[S1]") == "fail"
    assert status(_topics(six, date="2026-11-01"), "P89-7.4", "staff[S1]") == "manual"   # the deadline day
    future = dict.fromkeys(TOPICS, "2026-06-01") | {"motivation": "2026-12-01"}   # after the case's date
    assert status(_topics(future, date="2026-11-01"), "P89-7.4", "staff[S1]") == "manual"


# --- field of expertise (5.3) and other professionals (5.5) ------------------------------------------------------

def _experts(field_b, program_field="угоститељство", other=None):
    data = base_case()
    data["programs"][0]["field"] = program_field
    if other is not None:
        data["programs"][0]["other_professionals"] = other
    data["commissions"] = [{"id": "C1", "exam": "professional", "formed_by": "jpoa", "program": "P1", "members": [
        {"person": "Марко Кувар", "chair": True, "expert": True, "field": "Угоститељство"},
        {"person": "Ана Анић", "expert": True, "field": field_b},
        {"person": "Петар Петровић"}]}]
    return data


@covers("P89-5.3")
def test_experts_must_be_of_the_programs_field():
    assert status(_experts("ugostiteljstvo"), "P89-5.3", "commissions[C1]") == "pass"   # another script and case
    (finding,) = found(run(_experts("машинство")), "P89-5.3", "commissions[C1]")
    assert finding["status"] == "fail" and "Ана Анић" in finding["message"]


@covers("P89-5.5")
def test_other_professionals_who_delivered_the_program_may_not_sit():
    assert status(_experts("угоститељство", other=["Јован Јовић"]), "P89-5.5", "commissions[C1]") == "pass"
    (finding,) = found(run(_experts("угоститељство", other=["petar PETROVIĆ"])), "P89-5.5", "commissions[C1]")
    assert finding["status"] == "fail" and "Петар Петровић" in finding["message"]


# --- records (14.2), desks and chairs (13.1.1), lease start (9.2), partners (15), document (5.6) -----------------

@covers("P89-14.2")
def test_the_five_kinds_of_electronic_records():
    data = base_case()
    data["organization"]["electronic_records_of"] = dict.fromkeys(facts.RECORD_KINDS, True)
    assert status(data, "P89-14.2") == "pass"
    data["organization"]["electronic_records_of"]["staff"] = False
    (finding,) = found(run(data), "P89-14.2")
    assert finding["status"] == "fail" and "the staff who deliver the programs" in finding["message"]


@covers("P89-13.1.1")
def test_desks_and_chairs_for_every_learner():
    data = base_case()   # group of 10 in R1 (16 seats)
    data["rooms"][0].update(desks=10, chairs=10)
    assert status(data, "P89-13.1.1", "rooms[R1]") == "pass"
    data["rooms"][0]["desks"] = 9
    assert status(data, "P89-13.1.1", "rooms[R1]") == "fail"
    data["rooms"][0].update(desks=10, chairs=None)
    assert status(data, "P89-13.1.1", "rooms[R1]") == "fail"   # chairs not declared once desks are


@covers("P89-9.2")
def test_the_lease_must_have_started_when_the_program_starts():
    data = base_case()
    data["rooms"][0].update(tenure="leased", lease_from="2027-02-01", lease_until="2032-12-31")
    assert status(data, "P89-9.2", "rooms[R1]") == "pass"   # starts the day the program does
    data["rooms"][0]["lease_from"] = "2027-02-02"
    assert status(data, "P89-9.2", "rooms[R1]") == "fail"
    data["rooms"][0]["lease_until"] = "2027-01-01"
    with pytest.raises(rules.CaseError, match=r"rooms\[0\]\.lease_until"):
        rules.load_case(data)


@covers("P89-15.1")
def test_the_form_of_practical_work_a_partner_hosts():
    data = base_case()
    data["partners"] = [{"id": "X1", "kind": "employer", "contract_signed": True, "in_zuov_register": True,
                         "practical_forms": ["professional_practice", "exercises"]}]
    (finding,) = found(run(data), "P89-15.1", "partners[X1]")
    assert finding["status"] == "pass" and "professional practice, exercises" in finding["message"]
    data["partners"][0]["practical_forms"] = []
    assert status(data, "P89-15.1", "partners[X1]") == "fail"
    data["partners"][0]["practical_forms"] = ["internship"]
    with pytest.raises(rules.CaseError, match=r"partners\[0\]\.practical_forms\[0\]"):
        rules.load_case(data)


@covers("P89-5.6")
def test_the_kind_of_document_issued():
    data = base_case()   # A-COMP with a professional exam
    data["programs"][0]["document_kind"] = "certificate"
    assert status(data, "P89-5.6", "programs[P1]") == "pass"
    data["programs"][0]["document_kind"] = "attestation"
    assert status(data, "P89-5.6", "programs[P1]") == "fail"
    school = base_case()
    school["organization"]["kind"] = "secondary_school"
    school["programs"][0].update(activity="A-QUAL", kind=None, document_kind="certificate",
                                 qualification_standard={"code": "K1", "noks_level": "3"})
    school["programs"][0]["exam"]["key_competences"] = True
    assert status(school, "P89-5.6", "programs[P1]") == "fail"
    school["programs"][0]["document_kind"] = "public_document"
    assert status(school, "P89-5.6", "programs[P1]") == "pass"
