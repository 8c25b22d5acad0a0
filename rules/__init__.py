"""The NOKS rules engine: Pravilnik 89/2015 (and the NOKS level-to-hours checks) as pure Python.

Imports nothing from Django or the project's apps; stdlib only (plus :mod:`rules.translit`).

Public API::

    import rules

    case = rules.load_case(data)            # dict decoded from JSON (contract rules-facts-v1) -> rules.Case
                                            # raises rules.CaseError(.path, .message) on invalid input
    case = rules.loads_case(text)           # the same from JSON text
    data = rules.dump_case(case)            # Case -> JSON-ready dict (load_case(dump_case(c)) == c)

    report = rules.evaluate(case, lang="sr", regulation=None)   # -> rules.Report
    report.to_dict(lang=None)               # the contract's output: regulation, date, summary, findings (+ rule_sets, lang)
    report.to_json(lang=None), report.to_text(lang=None)
    report.summary()                        # {"pass": n, "fail": n, "manual": n, "not_applicable": n}
    report.failed, report.exit_code         # any "fail"; 1 or 0
    report.findings                         # tuple of rules.Finding(provision, status, subject, message, hint)

    rules.provisions(regulation=None)       # [Provision(id, kind "auto"|"manual", title_sr, title_en, rule_set, rule)]
    rules.provisions()[0].title("sr-latn")  # titles in "sr", "sr-latn", "en"
    rules.select_regulation(date, requested=None)   # the RuleSet in force on a date
    rules.LANGS                             # ("sr", "sr-latn", "en")

Command line: ``python -m rules check CASE.json|- [--lang sr|sr-latn|en] [--format json|text]``,
``python -m rules provisions``, ``python -m rules matrix|examples|schema`` (regenerate docs/rules/).
See docs/rules/README.md.
"""

from . import noks_hours as _noks_hours  # noqa: F401  (registers the NOKS-HOURS rule set)
from . import p89 as _p89  # noqa: F401  (registers the P89-2015 rule set)
from .engine import evaluate, provisions
from .facts import Case, CaseError, dump_case, json_schema, load_case, loads_case
from .findings import Finding
from .i18n import LANGS
from .registry import Provision, RuleSet, select_regulation
from .report import Report

__all__ = [
           "LANGS",
           "Case",
           "CaseError",
           "Finding",
           "Provision",
           "Report",
           "RuleSet",
           "dump_case",
           "evaluate",
           "json_schema",
           "load_case",
           "loads_case",
           "provisions",
           "select_regulation",
]
