"""Property-based tests: random and malformed cases never crash, output is deterministic, every provision appears
exactly as the contract says."""

import copy
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rules
from rules import cli, facts

from .helpers import base_case

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL_IDS = sorted(p.id for p in rules.provisions())

maybe = lambda s: st.one_of(st.none(), s)
dates = st.dates(min_value=__import__("datetime").date(2015, 11, 4), max_value=__import__("datetime").date(2040, 1, 1))
iso = dates.map(lambda d: d.isoformat())
small = st.integers(min_value=0, max_value=40)
text = st.text(alphabet="абвгђжљњћџ abc12", max_size=8)


@st.composite
def cases(draw):
    room_ids = draw(st.lists(st.sampled_from(["R1", "R2", "R3", "R4"]), unique=True, max_size=4))
    staff_ids = draw(st.lists(st.sampled_from(["S1", "S2", "S3", "S4", "S5"]), unique=True, max_size=5))
    partner_ids = draw(st.lists(st.sampled_from(["X1", "X2"]), unique=True, max_size=2))
    program_ids = draw(st.lists(st.sampled_from(["P1", "P2", "P3", "P4", "P5", "P10"]), unique=True, max_size=6))
    programs = []
    for pid in program_ids:
        start = draw(maybe(dates))
        programs.append({
            "id": pid, "activity": draw(st.sampled_from(facts.ACTIVITIES)), "kind": draw(maybe(st.integers(1, 10))),
            "elements": draw(maybe(st.fixed_dictionaries({}, optional={e: maybe(text) for e in facts.ELEMENTS}))),
            "modular": draw(maybe(st.booleans())), "duration_hours": draw(maybe(st.floats(0, 2000))),
            "group_size": draw(maybe(small)),
            "qualification_standard": draw(maybe(st.fixed_dictionaries({"noks_level": st.sampled_from(
                facts.NOKS_LEVELS)}, optional={"code": text}))),
            "enrolment_noks_level": draw(maybe(st.sampled_from(facts.NOKS_LEVELS))),
            "cefr_levels": draw(st.lists(st.sampled_from(["A1", "B2", "C2", "D9"]), max_size=2)),
            "ecdl_modules": draw(st.lists(text, max_size=2)),
            "individual_work": draw(maybe(st.booleans())),
            "rooms": draw(st.lists(st.sampled_from(room_ids), max_size=2)) if room_ids else [],
            "instructors": draw(st.lists(st.sampled_from(staff_ids), max_size=2)) if staff_ids else [],
            "partners": draw(st.lists(st.sampled_from(partner_ids), max_size=2)) if partner_ids else [],
            "exam": draw(maybe(st.fixed_dictionaries({}, optional={
                "professional": st.booleans(), "key_competences": st.booleans(), "key_tasks": small,
                "work_tasks_min": small, "work_tasks_max": small, "task_lists_published_on": iso}))),
            "starts_on": start.isoformat() if start else None,
            "ends_on": draw(st.dates(min_value=start)).isoformat() if start and draw(st.booleans()) else None,
        })
    commissions = [{"id": f"C{i}", "exam": draw(maybe(st.sampled_from(facts.EXAM_KINDS))),
                    "formed_by": draw(maybe(st.sampled_from(facts.ORG_KINDS))),
                    "program": draw(maybe(st.sampled_from(program_ids))) if program_ids else None,
                    "members": draw(st.lists(st.fixed_dictionaries(
                        {"person": st.sampled_from(["S1", "S2", "Z"])},
                        optional={"chair": st.booleans(), "expert": st.booleans(), "teacher": st.booleans()}),
                        max_size=5))}
                   for i in range(draw(st.integers(0, 2)))]
    results = []
    for i in range(draw(st.integers(0, 3))):
        tasks_set = draw(maybe(small))
        results.append({
            "id": f"E{i}", "commission": draw(maybe(st.sampled_from([c["id"] for c in commissions])))
            if commissions else None,
            "exam": draw(maybe(st.sampled_from(facts.EXAM_KINDS))), "tasks_set": tasks_set,
            "tasks_solved": draw(st.integers(0, tasks_set)) if tasks_set is not None else None,
            "work_tasks": draw(st.lists(st.fixed_dictionaries({}, optional={
                "drawn": st.booleans(), "performed_to_criteria": st.booleans()}), max_size=5)),
            "votes": draw(st.lists(st.sampled_from(["passed", "failed", "x"]), max_size=5)),
            "grade": draw(maybe(st.sampled_from(["passed", "failed", "maybe"]))),
        })
    return {
        "date": draw(iso),
        "organization": {"kind": draw(st.sampled_from(facts.ORG_KINDS)),
                         "electronic_records": draw(maybe(st.booleans())),
                         "status_granted_on": draw(maybe(iso))},
        "activities": draw(st.lists(st.sampled_from(facts.ACTIVITIES), max_size=7)),
        "programs": programs,
        "staff": [{"id": sid, "roles": draw(st.lists(st.sampled_from(facts.STAFF_ROLES), unique=True, max_size=3)),
                   "engagement": draw(maybe(st.sampled_from(facts.ENGAGEMENTS))),
                   "education_matches": draw(maybe(st.booleans())),
                   "adult_ed_competence": draw(maybe(st.sampled_from(facts.COMPETENCES))),
                   "cefr_calibration": draw(maybe(st.booleans()))} for sid in staff_ids],
        "associate_deviations": draw(maybe(st.fixed_dictionaries({}, optional={
            r: text for r in facts.ASSOCIATE_ROLES}))),
        "rooms": [{"id": rid, "kind": draw(maybe(st.sampled_from(facts.ROOM_KINDS))),
                   "area_m2": draw(maybe(st.floats(0, 1e6))), "seats": draw(maybe(small)),
                   "computers": draw(maybe(small)), "networked": draw(maybe(st.booleans())),
                   "licensed_software": draw(maybe(st.booleans())), "natural_light": draw(maybe(st.booleans())),
                   "natural_ventilation": draw(maybe(st.booleans())), "washbasin": draw(maybe(st.booleans())),
                   "tenure": draw(maybe(st.sampled_from(facts.TENURES))), "lease_until": draw(maybe(iso)),
                   "accessible": draw(maybe(st.booleans()))} for rid in room_ids],
        "hygiene_technical": draw(maybe(st.fixed_dictionaries({}, optional={
            k: st.booleans() for k in facts.HYGIENE_ITEMS}))),
        "partners": [{"id": x, "kind": draw(maybe(st.sampled_from(facts.PARTNER_KINDS))),
                      "contract_signed": draw(maybe(st.booleans())), "in_zuov_register": draw(maybe(st.booleans()))}
                     for x in partner_ids],
        "commissions": commissions,
        "exam_results": results,
    }


@PROFILE
@given(cases(), st.sampled_from(rules.LANGS))
def test_random_cases_report_every_provision_deterministically(data, lang):
    case = rules.load_case(data)
    first = rules.evaluate(case, lang=lang).to_dict()
    again = rules.evaluate(rules.load_case(copy.deepcopy(data)), lang=lang).to_dict()
    assert first == again
    assert sorted({f["provision"] for f in first["findings"]}) == sorted(
        p.id for rs in first["rule_sets"] for p in rules.provisions(rs["id"]))
    assert sum(first["summary"].values()) == len(first["findings"])
    assert rules.load_case(rules.dump_case(case)) == case
    for f in first["findings"]:
        assert f["status"] in ("pass", "fail", "manual", "not_applicable")
        assert ("hint" in f) == (f["status"] in ("fail", "manual"))


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=False),
                                     st.text(max_size=6)),
                           lambda children: st.lists(children, max_size=3) | st.dictionaries(
                               st.text(max_size=5), children, max_size=3), max_leaves=6)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


@PROFILE
@given(st.data())
def test_malformed_cases_are_case_errors_or_valid(data):
    case = base_case()
    paths = [p for p in _paths(case) if p]
    target = data.draw(st.sampled_from(paths))
    new = data.draw(json_values)
    parent = case
    for key in target[:-1]:
        parent = parent[key]
    parent[target[-1]] = new
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["check", "-", "--format", "json"], stdin=io.StringIO(json.dumps(case)), stdout=out, stderr=err)
    assert code in (0, 1, 2)
    if code == 2:
        assert out.getvalue() == ""
        assert err.getvalue().startswith("invalid case: ")
    else:
        assert sorted({f["provision"] for f in json.loads(out.getvalue())["findings"]}) == ALL_IDS


@PROFILE
@given(json_values)
def test_arbitrary_json_never_crashes_loader(value):
    try:
        rules.load_case(value)
    except rules.CaseError as exc:
        assert exc.path
