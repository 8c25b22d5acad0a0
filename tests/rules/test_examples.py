"""The worked examples in docs/rules/examples/ are current, valid against the schema, and answered by the CLI."""

import json

import jsonschema
import pytest

import rules
from rules import docs_gen
from rules.examples import EXAMPLES

ALL_PROVISIONS = [p.id for p in rules.provisions()]


def test_examples_not_stale():
    assert docs_gen.stale(docs_gen.examples()) == [], "run: python -m rules examples"


def test_schema_not_stale():
    assert docs_gen.stale(docs_gen.schema()) == [], "run: python -m rules schema"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_valid_against_schema(name):
    schema = json.loads((docs_gen.DOCS / "facts-v1.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((docs_gen.DOCS / "examples" / f"{name}.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_report_every_provision(name):
    report = rules.evaluate(rules.load_case(EXAMPLES[name]))
    assert sorted({f.provision for f in report.findings}) == sorted(ALL_PROVISIONS)


def test_examples_summaries():
    summaries = {name: rules.evaluate(rules.load_case(data)).summary() for name, data in EXAMPLES.items()}
    assert {name: s["fail"] for name, s in summaries.items()} == {
        "language-school": 3, "computer-jpoa": 3, "secondary-school": 5}  # the school's missing associates (issue 20)
