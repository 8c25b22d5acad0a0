"""The command line of contract rules-facts-v1: exit codes 0/1/2, stdout empty on 2, the JSON path in the message."""

import io
import json
import os
import subprocess
import sys

import pytest

import rules
from rules import cli, docs_gen

from .helpers import base_case

ROOT = docs_gen.ROOT
EXAMPLES_DIR = docs_gen.DOCS / "examples"


def python_m(*args, stdin: str | None = None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("RULES_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "rules", *args], check=False, input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=60)


def test_cli_check_passing_case_exit_0(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(base_case(), ensure_ascii=False), encoding="utf-8")
    result = python_m("check", str(path))
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["regulation"] == "P89-2015"


@pytest.mark.parametrize("name", ["language-school", "computer-jpoa", "secondary-school"])
def test_cli_check_examples_exit_1_and_match_docs(name):
    result = python_m("check", str(EXAMPLES_DIR / f"{name}.json"))
    assert result.returncode == 1
    assert result.stdout == (EXAMPLES_DIR / f"{name}.report.json").read_text(encoding="utf-8")


def test_cli_invalid_case_exit_2_names_path_nothing_on_stdout():
    data = base_case()
    data["rooms"][2]["area_m2"] = "forty"
    result = python_m("check", "-", stdin=json.dumps(data))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == 'invalid case: rooms[2].area_m2: expected a number >= 0, got "forty"\n'


@pytest.mark.parametrize("stdin, expected", [
    ("not json", "invalid case: $: not valid JSON: Expecting value at line 1 column 1\n"),
    ('{"date": "1999-01-01", "organization": {"kind": "jpoa"}}',
     "invalid case: date: no rule set is in force on 1999-01-01; the earliest, P89-2015, is in force from "
     "2015-11-04\n"),
])
def test_cli_bad_input_exit_2(stdin, expected):
    result = python_m("check", "-", stdin=stdin)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected)


def test_cli_missing_file_and_bad_option_exit_2():
    result = python_m("check", "/nonexistent/case.json")
    assert (result.returncode, result.stdout) == (2, "")
    assert "cannot read /nonexistent/case.json" in result.stderr
    result = python_m("check", "-", "--lang", "de")
    assert (result.returncode, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr


def test_cli_text_format_and_lang():
    result = python_m("check", str(EXAMPLES_DIR / "computer-jpoa.json"), "--format", "text", "--lang", "en")
    assert result.returncode == 1
    assert result.stdout == (EXAMPLES_DIR / "computer-jpoa.report.en.txt").read_text(encoding="utf-8")


def test_cli_provisions_one_per_line():
    result = python_m("provisions")
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert len(lines) == len(rules.provisions())
    assert lines[0].split(" ", 2)[:2] == ["P89-1.1", "auto"]
    assert any(line.startswith("P89-12.1.1.3 auto ") for line in lines)
    assert any(line.startswith("P89-10.1.1 manual ") for line in lines)


def test_cli_docs_check_mode_reports_current():
    result = python_m("matrix", "--check")
    assert (result.returncode, result.stdout) == (0, "")


def test_cli_main_in_process_internal_error_exit_3(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(cli, "evaluate", boom)
    monkeypatch.delenv("RULES_DEBUG", raising=False)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["check", "-"], stdin=io.StringIO(json.dumps(base_case())), stdout=out, stderr=err)
    assert (code, out.getvalue()) == (3, "")
    assert err.getvalue().startswith("internal error")
