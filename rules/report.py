"""The report of one evaluation: findings sorted, a summary, JSON (contract rules-facts-v1) and text renderings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from . import i18n
from .findings import FAIL, STATUSES, Finding
from .registry import RuleSet, provision_numbers


@dataclass(frozen=True)
class Report:
    regulation: str
    date: dt.date
    rule_sets: tuple[RuleSet, ...]
    findings: tuple[Finding, ...]
    lang: str = i18n.DEFAULT_LANG

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for f in self.findings:
            counts[f.status] += 1
        return counts

    @property
    def failed(self) -> bool:
        return any(f.status == FAIL for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_dict(self, lang: str | None = None, *, codes: bool = False) -> dict:
        """The report as JSON data; with ``codes`` each finding also carries its message and hint as keys and
        parameters (``code``), so a stored report can be shown again in the reader's language."""
        lang = i18n.check_lang(lang or self.lang)
        findings = [f.to_dict(lang) for f in self.findings]
        if codes:
            for data, f in zip(findings, self.findings):
                data["code"] = {"message": i18n.encode(f.message.key, f.message.params),
                                "hint": i18n.encode(f.hint.key, f.hint.params) if f.hint else None}
        return {
            "regulation": self.regulation,
            "date": self.date.isoformat(),
            "rule_sets": [{"id": rs.id, "in_force_from": rs.in_force_from.isoformat(), "title": rs.title(lang)}
                          for rs in self.rule_sets],
            "lang": lang,
            "summary": self.summary(),
            "findings": findings,
        }

    def to_json(self, lang: str | None = None) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2) + "\n"

    def to_text(self, lang: str | None = None) -> str:
        lang = i18n.check_lang(lang or self.lang)
        provisions = {p.id: (rs, p) for rs in self.rule_sets for p in rs.provisions}
        s = self.summary()
        lines = [i18n.render("report.date", {"date": self.date.isoformat()}, lang)]
        for rs in self.rule_sets:
            lines.append(f"{rs.title(lang)}")
            lines.append("  " + i18n.render("report.in_force", {"id": rs.id, "since": rs.in_force_from.isoformat()},
                                            lang))
        lines.append(i18n.render("report.summary", {"pass_": s["pass"], "fail": s["fail"], "manual": s["manual"],
                                                    "na": s["not_applicable"]}, lang))
        group = provision = None
        for f in self.findings:
            rs, prov = provisions[f.provision]
            key = (rs.id, provision_numbers(f.provision)[0])
            if key != group:
                group = key
                lines += ["", i18n.render(f"heading.{rs.id}", {"n": key[1]}, lang)]
            if f.provision != provision:
                provision = f.provision
                lines.append(f"  {prov.id} — {prov.title(lang)}")
            status = i18n.render(f"status.{f.status}", {}, lang)
            lines.append(f"    [{status}] {f.subject}: {f.message.render(lang)}")
            if f.hint is not None and f.status in ("fail", "manual"):
                lines.append(f"        → {f.hint.render(lang)}")
        return "\n".join(lines) + "\n"
