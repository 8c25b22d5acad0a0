"""A Django ``{# … #}`` comment ends at its line: one that runs over two lines is printed as text — an official
decision once carried a developer's note (templates/pdf/_decision_reasoning.html). Comments over several lines are
``{% comment %}`` blocks."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def test_no_template_has_a_one_line_comment_that_runs_over_lines():
    opened = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*")):
        if path.suffix not in {".html", ".txt", ".xml", ".json"} or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            rest = line
            while "{#" in rest:
                rest = rest.split("{#", 1)[1]
                if "#}" not in rest:
                    opened.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
                    break
                rest = rest.split("#}", 1)[1]
    assert opened == []
