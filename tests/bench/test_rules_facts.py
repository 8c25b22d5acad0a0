"""Rules from the database (issue 20): the facts of an application are built with a fixed number of queries whatever
the number of programs, and carry the v1.1 fields the portal has data for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import rules
from bench import rules_facts_bench

pytestmark = pytest.mark.django_db

# The accreditation (Art. 7.4 date), staff, rooms, partners, hygiene declaration; the programs (with standard, level
# and sector), their rooms, instructors, partners, modules and task lists.
QUERIES = 11


def test_the_bench_counts_the_same_queries_at_5_and_50_programs():
    result = rules_facts_bench.run(sizes=(5, 50), repeat=1)
    assert [(row[0], row[1]) for row in result["rows"]] == [(5, QUERIES), (50, QUERIES)]
    assert "p95 < 50 ms at 50 programs" in rules_facts_bench.report(result)


def test_application_facts_carry_the_v11_fields_and_evaluate():
    from applications.facts import application_case
    from applications.models import Application
    from programs.models import TaskList

    _org, applications = rules_facts_bench._build([5])
    application = Application.objects.select_related("organization").get(pk=applications[5].pk)
    first = application.programs.order_by("pk").first()
    TaskList.objects.create(program=first, kind="work", title="Радни задаци: сервирање", title_sr="Радни задаци: "
                            "сервирање", items="1\n2", published_on=dt.date(2027, 1, 10))
    with CaptureQueriesContext(connection) as ctx:
        case = application_case(application, on_date=dt.date(2027, 1, 15))
    assert len(ctx.captured_queries) == QUERIES
    assert case["organization"]["electronic_records_of"] == dict.fromkeys(
        ("learners", "results", "exams", "program_delivery", "staff"), True)
    program = next(p for p in case["programs"] if p["id"] == f"P{first.pk}")
    assert program["document_kind"] == "certificate"   # "Уверење"
    assert program["exam"]["task_lists"] == [{"outcome": "Радни задаци: сервирање", "kind": "work_tasks",
                                              "published_on": "2027-01-10"}]
    report = rules.evaluate(rules.load_case(case), lang="en")
    (lists,) = [f for f in report.findings if f.provision == "P89-6.3" and f.subject == program["id"].join(
        ("programs[", "]"))]
    assert lists.status == "pass"
    (records,) = [f for f in report.findings if f.provision == "P89-14.2"]
    assert records.status == "pass"
