"""Evaluating a case: pick the rule sets in force on its date, run every rule, sort the findings."""

from __future__ import annotations

from . import i18n
from .facts import Case
from .registry import REGISTRY, Context, Provision, all_provisions, rule_sets_for, sort_findings
from .report import Report


def evaluate(case: Case, *, lang: str = i18n.DEFAULT_LANG, regulation: str | None = None) -> Report:
    """Check ``case`` against the regulation in force on ``case.date`` (or ``regulation`` / ``case.regulation``)
    and the companion rule sets in force then. Raises :class:`rules.CaseError` when no rule set applies."""
    i18n.check_lang(lang)
    sets = rule_sets_for(case.date, regulation or case.regulation)
    ctx = Context(case)
    order: dict[str, int] = {}
    findings = []
    for index, rule_set in enumerate(sets):
        order.update((p.id, index) for p in rule_set.provisions)
        findings.extend(rule_set.evaluate(ctx))
    return Report(regulation=sets[0].id, date=case.date, rule_sets=tuple(sets),
                  findings=tuple(sort_findings(findings, order)), lang=lang)


def provisions(regulation: str | None = None) -> list[Provision]:
    """Every provision of one rule set (by id), or of all rule sets: regulations first, then companions."""
    if regulation is None:
        return all_provisions()
    if regulation not in REGISTRY:
        raise KeyError(f"unknown rule set {regulation!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[regulation].provisions
