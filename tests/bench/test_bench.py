"""The benchmark code runs at a tiny size and prints its tables. No test here asserts a time."""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from django.core.management import call_command

from bench import documents_bench, load_bench, run_all, rules_facts_bench, search_bench
from bench.common import percentile, table
from noks_portal.management.commands.seed_scale import EMAIL_DOMAIN, MB_PREFIX, code_for, jmbg


@pytest.mark.django_db
def test_seed_scale_makes_public_searchable_programs(capsys):
    from exams.models import Certificate
    from programs.models import Program
    from programs.search import SearchParams, public_programs, search_programs
    from providers.models import Organization
    from providers.validators import is_valid_pib

    call_command("seed_scale", "--programs", "200", "--certificates", "30", "--seed", "3")

    out = capsys.readouterr().out
    assert "200 programs" in out and "30 certificates" in out
    organizations = Organization.objects.filter(mb__startswith=MB_PREFIX, email__endswith="@" + EMAIL_DOMAIN)
    assert organizations.count() == 4
    assert all(is_valid_pib(pib) for pib in organizations.values_list("pib", flat=True))
    programs = Program.objects.filter(organization__in=organizations)
    assert programs.count() == 200
    assert programs.filter(search_text="").count() == 0
    assert programs.exclude(name_sr_latn="").count() == 200
    assert 150 <= public_programs().filter(organization__in=organizations).count() < 200
    assert Certificate.objects.filter(issuer__in=organizations).count() == 30
    found = search_programs(SearchParams.from_query({"q": "kuvar"})).count
    assert found == search_programs(SearchParams.from_query({"q": "кувар"})).count

    call_command("seed_scale", "--programs", "50", "--reset")

    assert Program.objects.filter(organization__mb__startswith=MB_PREFIX).count() == 50
    assert Certificate.objects.filter(serial__startswith="SCALE-").count() == 0


def test_seed_scale_identifiers_are_well_formed():
    import random

    rng = random.Random(1)
    numbers = [jmbg(rng) for _i in range(50)]
    assert all(len(n) == 13 and n.isdigit() for n in numbers)
    assert len({code_for(n) for n in range(1000)}) == 1000
    assert all(len(code_for(n)) == 10 for n in (0, 31, 32, 10**9))


def test_table_and_percentile():
    assert percentile([5.0, 1.0, 3.0], 0.5) == 3.0
    text = table(["name", "ms"], [["a", 1.5], ["bb", 12.25]], title="t")
    assert text.splitlines() == ["t", "name     ms", "a      1.50", "bb    12.25"]


@pytest.mark.django_db
def test_run_all_prints_one_table_with_every_bench(capsys):
    rows = run_all.run(programs=200, repeat=1, renders=2, skip_load=True, rule_sizes=(5, 10), log=lambda _m: None)

    text = run_all.report(rows)
    benches = [row[0] for row in rows]
    assert {"search", "rules", "documents", "suite"} <= set(benches)
    assert "request / bare SQL (p50)" in text and "certificates/s (2 renders)" in text
    assert [row[1] for row in rows if row[0] == "rules"][:1] == ["queries for 5/10 programs"]


@pytest.mark.django_db
def test_search_bench_times_the_twenty_queries():
    result = search_bench.run(programs=200, repeat=1, log=lambda _m: None)

    assert [row[0] for row in result["rows"]] == [label for label, _q in search_bench.QUERIES]
    assert [row[0] for row in result["summary"]] == ["p50", "p95"]
    text = search_bench.report(result)
    assert "naive" in text and "request / sql_all" in text


@pytest.mark.django_db
def test_rules_facts_bench_query_count_does_not_grow():
    result = rules_facts_bench.run(sizes=(5, 10), repeat=1)

    assert [row[0] for row in result["rows"]] == [5, 10]
    assert result["rows"][0][1] == result["rows"][1][1]
    assert "total p95" in rules_facts_bench.report(result)


def test_documents_bench_renders_pdfs():
    result = documents_bench.run(renders=2, checkpoints=1)

    assert result["pdf_magic_ok"]
    assert [row[0] for row in result["rows"]] == ["after the first render", "after 2 more"]
    assert "certificates/s" in documents_bench.report(result)


def test_load_bench_client_counts_answers_and_errors():
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802
            status = 200 if self.path.startswith("/ok") else 500
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = {"times": {"search": [], "program": []}, "errors": {"search": 0, "program": 0}}
        paths = [("search", "/ok/search"), ("program", "/bad/program")]
        load_bench._client(server.server_address[1], paths, time.perf_counter() + 0.3, out, threading.Lock(), 1)
    finally:
        server.shutdown()
    assert out["times"]["search"] and not out["times"]["program"]
    assert out["errors"]["program"] > 0 and out["errors"]["search"] == 0


@pytest.mark.services
def test_celery_batch_bench_renders_a_batch_through_a_real_worker(transactional_db, settings, capsys):
    from tests.conftest import require

    require("postgres")
    require("redis")
    from bench import celery_batch_bench
    from core.reference_data import ensure_reference_data

    ensure_reference_data()  # a transactional test: earlier ones may have flushed the migrations' data
    call_command("seed_scale", "--programs", "40", "--certificates", "6", "--seed", "5")
    result = celery_batch_bench.run(certificates=6, concurrency=1, timeout=180)
    assert (result["certificates"], result["failed"], result["files"]) == (6, 0, 6)
    assert "certificates per second" in capsys.readouterr().out


@pytest.mark.django_db(transaction=False)
def test_hardening_bench_prints_its_tables(capsys):
    from bench import hardening_bench
    from core.models import AuditEvent

    before = AuditEvent.objects.count()
    rows = hardening_bench.audit_table(5)
    assert [row[0] for row in rows] == ["audit_log (chained)", "bare insert", "audit_verify over 5 rows"]
    assert AuditEvent.objects.count() == before  # rolled back
    assert [row[0] for row in hardening_bench.conversion_table()] == ["10,000", "100,000", "1,000,000"]


def test_the_documents_bench_leaves_the_portal_as_it_found_it(settings):
    """The bench stands in a JPOA decision and a throwaway seal for its own run only (it used to leave both
    behind, and later tests rendered certificates with the bench's decision)."""
    import exams.documents

    decision, seal_dir = exams.documents.jpoa_decision, settings.SEAL_DIR
    documents_bench.run(renders=1, checkpoints=1)
    assert exams.documents.jpoa_decision is decision and settings.SEAL_DIR == seal_dir
