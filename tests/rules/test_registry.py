"""Rule sets: chosen by the case's date, versioned, sorted output, every provision reported."""

import datetime as dt

import pytest

import rules
from rules.findings import passed
from rules.registry import REGISTRY, RuleSet, natural_key, provision_numbers, register

from .helpers import base_case, run


@pytest.mark.parametrize("date, expected", [("2015-11-04", "P89-2015"), ("2026-11-21", "P89-2015")])
def test_regulation_in_force_on_date(date, expected):
    data = base_case()
    data["date"] = date
    assert run(data).regulation == expected


def test_case_before_any_rule_set_is_invalid():
    data = base_case()
    data["date"] = "2015-11-03"          # published 27 Oct 2015, in force on the eighth day: 4 Nov 2015
    with pytest.raises(rules.CaseError) as info:
        run(data)
    assert str(info.value) == ("date: no rule set is in force on 2015-11-03; the earliest, P89-2015, is in force "
                               "from 2015-11-04")


def test_unknown_regulation_is_invalid():
    data = base_case()
    data["regulation"] = "P99-2030"
    with pytest.raises(rules.CaseError) as info:
        run(data)
    assert info.value.path == "regulation"


def test_later_rulebook_added_beside_is_chosen_by_date():
    later = RuleSet("TEST-2021", in_force_from=dt.date(2021, 6, 1), title_sr="Тест", title_en="Test",
                    role="regulation")
    later.provide("TEST-1.1", "auto", sr="Тест", en="Test")

    @later.rule("TEST-1.1")
    def always(ctx):
        yield passed("TEST-1.1", "organization", "generic.na")

    register(later)
    try:
        data = base_case()
        assert run(data).regulation == "TEST-2021"
        assert {f.provision for f in run(data).findings} == {"TEST-1.1", "NOKS-H.2", "NOKS-H.3", "NOKS-H.5"}
        data["date"] = "2021-05-31"
        assert run(data).regulation == "P89-2015"
        data["date"], data["regulation"] = "2026-11-21", "P89-2015"
        assert run(data).regulation == "P89-2015"
    finally:
        del REGISTRY["TEST-2021"]


def test_provision_numbers_sort_numerically():
    ids = ["P89-12.1.1.3", "P89-2.1.1", "P89-12.1.10", "P89-12.1.2", "P89-1.2"]
    assert sorted(ids, key=provision_numbers) == ["P89-1.2", "P89-2.1.1", "P89-12.1.1.3", "P89-12.1.2",
                                                  "P89-12.1.10"]


def test_natural_key_orders_subject_numbers():
    assert sorted(["programs[P10]", "programs[P2]", "organization"], key=natural_key) == [
        "organization", "programs[P2]", "programs[P10]"]


def test_findings_sorted_by_provision_then_subject():
    report = run(base_case())
    keys = [(provision_numbers(f.provision) if f.provision.startswith("P89") else (999,) + provision_numbers(
        f.provision), natural_key(f.subject)) for f in report.findings]
    assert keys == sorted(keys)


def test_every_provision_appears_at_least_once():
    report = run({"date": "2026-11-21", "organization": {"kind": "primary_school"}})
    assert sorted({f.provision for f in report.findings}) == sorted(p.id for p in rules.provisions())


def test_summary_counts_findings():
    report = run(base_case())
    assert sum(report.summary().values()) == len(report.findings)
    assert report.to_dict()["summary"] == report.summary()


def test_hint_only_on_fail_and_manual():
    data = base_case()
    data["organization"]["electronic_records"] = False
    for finding in run(data).to_dict()["findings"]:
        assert ("hint" in finding) == (finding["status"] in ("fail", "manual"))
        if "hint" in finding:
            assert finding["hint"] != ""
