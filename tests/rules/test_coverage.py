"""Every provision of the digest has a rule (auto or manual), and every provision is exercised by a test."""

import re
from pathlib import Path

import rules
from rules import docs_gen

from .helpers import covers

VENDORED = Path(docs_gen.DOCS / "reference" / "pravilnik-89-2015-digest.md")
SHARED = Path("/work/shared/reference/pravilnik-89-2015-digest.md")
# Art. 10 has no ids in the digest; the nine standards of the official text get items 10.1.1–10.1.9 (README).
ART10 = {f"P89-10.1.{i}" for i in range(1, 10)}


def digest_ids(text: str) -> set[str]:
    ids = set()
    for match in re.finditer(r"P89-(\d+(?:\.\d+)+)((?:\s*/\s*\d+(?:\.\d+)+)*)", text):
        ids.add(f"P89-{match.group(1)}")
        ids.update(f"P89-{n}" for n in re.findall(r"\d+(?:\.\d+)+", match.group(2)))
    art2 = text.split("## Art. 2", 1)[1].split("## Art. 3", 1)[0]
    for line in art2.splitlines():
        if line.startswith("| A-"):
            ids.update(f"P89-{cell}" for cell in re.findall(r"\b\d+\.\d+\.\d+\b", line))
    return ids


def test_digest_vendored_copy_matches_shared_reference():
    if SHARED.exists():
        assert VENDORED.read_text(encoding="utf-8") == SHARED.read_text(encoding="utf-8")


def test_digest_parser_finds_grouped_and_table_ids():
    ids = digest_ids(VENDORED.read_text(encoding="utf-8"))
    assert {"P89-1.2", "P89-5.8", "P89-7.7", "P89-9.4", "P89-2.3.4", "P89-12.1.1.3"} <= ids
    assert len(ids) == 76


def test_coverage_every_digest_provision_has_a_rule_or_manual_check():
    registered = {p.id: p for p in rules.provisions("P89-2015")}
    missing = digest_ids(VENDORED.read_text(encoding="utf-8")) - set(registered)
    assert missing == set()
    assert set(registered) - digest_ids(VENDORED.read_text(encoding="utf-8")) == ART10
    assert [p.id for p in registered.values() if not p.rule or p.kind not in ("auto", "manual")] == []


def test_coverage_counts():
    provs = rules.provisions("P89-2015")
    assert (len(provs), sum(p.kind == "auto" for p in provs), sum(p.kind == "manual" for p in provs)) == (85, 63, 22)
    assert [p.id for p in rules.provisions("NOKS-HOURS")] == ["NOKS-H.2", "NOKS-H.3", "NOKS-H.5"]


def test_coverage_every_provision_has_a_covering_test():
    tests = docs_gen.covering_tests()
    assert [p.id for p in rules.provisions() if not tests.get(p.id)] == []


def test_coverage_covers_names_only_known_provisions():
    known = {p.id for p in rules.provisions()}
    assert sorted(set(docs_gen.covering_tests()) - known) == []


def test_coverage_matrix_not_stale():
    assert docs_gen.stale(docs_gen.matrix()) == [], "run: python -m rules matrix"


@covers("P89-1.1")
def test_coverage_decorator_records_ids():
    assert test_coverage_decorator_records_ids.covers == ("P89-1.1",)
