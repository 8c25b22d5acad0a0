"""Rule sets, provisions and rules; choosing the rule set in force on a date; evaluating a case.

A :class:`RuleSet` is versioned: it has an id (``P89-2015``) and the date it came into force. A *regulation*
(a rulebook such as Pravilnik 89/2015) is chosen per case: the one named in the case, else the latest one in force
on the case's date. *Companion* sets (``NOKS-HOURS``) run beside whichever regulation applies, when in force.
A later rulebook is added by creating another ``RuleSet(..., role="regulation")`` with its own modules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from . import i18n
from .facts import Case, CaseError
from .findings import FAIL, MANUAL, NA, ORG, PASS, Finding, not_applicable

KINDS = ("auto", "manual")


@lru_cache(maxsize=4096)
def provision_numbers(pid: str) -> tuple[int, ...]:
    """``P89-12.1.1.3`` -> (12, 1, 1, 3); ``NOKS-H.5`` -> (5,)."""
    return tuple(int(n) for n in re.findall(r"\d+", pid.split("-", 1)[1]))


@lru_cache(maxsize=65536)
def natural_key(text: str) -> tuple:
    return tuple(int(part) if i % 2 else part for i, part in enumerate(re.split(r"(\d+)", text)))


@dataclass(frozen=True)
class Provision:
    id: str
    kind: str
    title_sr: str
    title_en: str
    rule_set: str
    rule: str = ""
    in_force_from: dt.date | None = None   # when the provision came later than its rule set (an amendment)
    source: str = ""                       # the act that introduced it, when not the rule set's own

    def title(self, lang: str) -> str:
        return i18n.text(self.title_sr, self.title_en, lang)

    def in_force(self, day: dt.date) -> bool:
        return self.in_force_from is None or self.in_force_from <= day


class RuleSet:
    def __init__(self, id: str, *, in_force_from: dt.date, title_sr: str, title_en: str, role: str,
                 source: str = "", in_force_until: dt.date | None = None):
        assert role in ("regulation", "companion")
        self.id = id
        self.in_force_from = in_force_from
        self.in_force_until = in_force_until
        self.title_sr, self.title_en = title_sr, title_en
        self.role = role
        self.source = source
        self._provisions: dict[str, Provision] = {}
        self.rules: list[tuple[Callable, tuple[str, ...]]] = []

    def __repr__(self) -> str:
        return f"RuleSet({self.id!r})"

    def title(self, lang: str) -> str:
        return i18n.text(self.title_sr, self.title_en, lang)

    def in_force(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day < self.in_force_until)

    def provide(self, pid: str, kind: str, *, sr: str, en: str, in_force_from: dt.date | None = None,
                source: str = "") -> None:
        """Declare a provision of this set with its status kind and its title (Cyrillic and English); a provision
        an amendment added later than the set carries its own ``in_force_from`` and ``source``."""
        if kind not in KINDS or pid in self._provisions:
            raise ValueError(f"bad or duplicate provision {pid} ({kind})")
        self._provisions[pid] = Provision(pid, kind, sr, en, self.id, in_force_from=in_force_from, source=source)

    def rule(self, *pids: str) -> Callable:
        """Register a rule function for one provision or a small group of sibling provisions."""
        def decorate(func: Callable) -> Callable:
            for pid in pids:
                prov = self._provisions.get(pid)
                if prov is None or prov.rule:
                    raise ValueError(f"{func.__qualname__}: provision {pid} undeclared or already has a rule")
                self._provisions[pid] = dataclasses.replace(prov, rule=f"{func.__module__}.{func.__qualname__}")
            self.rules.append((func, pids))
            return func
        return decorate

    @property
    def provisions(self) -> list[Provision]:
        return sorted(self._provisions.values(), key=lambda p: provision_numbers(p.id))

    def provision(self, pid: str) -> Provision:
        return self._provisions[pid]

    def evaluate(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        day = ctx.case.date
        for func, pids in self.rules:
            later = {pid: self._provisions[pid] for pid in pids if not self._provisions[pid].in_force(day)}
            produced = list(func(ctx))
            seen = set()
            for finding in produced:
                if finding.provision not in pids or finding.status not in (PASS, FAIL, MANUAL, NA):
                    raise RuntimeError(f"{func.__qualname__} returned a finding for {finding.provision} "
                                       f"({finding.status}), not one of {pids}")
                seen.add(finding.provision)
            if later:  # a provision not yet in force on the case's date says so, and nothing else
                produced = [f for f in produced if f.provision not in later]
                produced += [not_applicable(pid, ORG, "generic.not_in_force", since=p.in_force_from,
                                            source=i18n.T(p.source) if p.source in i18n.CATALOG else p.source)
                             for pid, p in later.items()]
                seen |= set(later)
            out.extend(produced)
            out.extend(not_applicable(pid, ORG) for pid in pids if pid not in seen)
        return out


REGISTRY: dict[str, RuleSet] = {}


def register(rule_set: RuleSet) -> RuleSet:
    if rule_set.id in REGISTRY:
        raise ValueError(f"rule set registered twice: {rule_set.id}")
    REGISTRY[rule_set.id] = rule_set
    return rule_set


def regulations() -> list[RuleSet]:
    return sorted((r for r in REGISTRY.values() if r.role == "regulation"), key=lambda r: r.in_force_from)


def companions() -> list[RuleSet]:
    return sorted((r for r in REGISTRY.values() if r.role == "companion"), key=lambda r: r.in_force_from)


def select_regulation(day: dt.date, requested: str | None = None) -> RuleSet:
    """The regulation named ``requested`` (which must be in force on ``day``), else the latest one in force."""
    if requested is not None:
        rule_set = REGISTRY.get(requested)
        if rule_set is None or rule_set.role != "regulation":
            known = ", ".join(r.id for r in regulations())
            raise CaseError("regulation", f"unknown rule set {requested!r}; known: {known}")
        if not rule_set.in_force(day):
            raise CaseError("regulation", f"{rule_set.id} is in force from {rule_set.in_force_from.isoformat()}"
                            + (f" until {rule_set.in_force_until.isoformat()}" if rule_set.in_force_until else "")
                            + f"; the case is dated {day.isoformat()}")
        return rule_set
    in_force = [r for r in regulations() if r.in_force(day)]
    if not in_force:
        first = regulations()[0]
        raise CaseError("date", f"no rule set is in force on {day.isoformat()}; the earliest, {first.id}, "
                        f"is in force from {first.in_force_from.isoformat()}")
    return in_force[-1]


def rule_sets_for(day: dt.date, requested: str | None = None) -> list[RuleSet]:
    return [select_regulation(day, requested)] + [c for c in companions() if c.in_force(day)]


class Context:
    """The case with the indexes rules share, computed once per evaluation."""

    def __init__(self, case: Case):
        self.case = case
        self.org = case.organization
        self.kind = case.organization.kind
        self.is_jpoa = self.kind == "jpoa"
        self.is_school = self.kind in ("primary_school", "secondary_school")
        self.programs = case.programs
        self.rooms_by_id = {r.id: r for r in case.rooms}
        self.staff_by_id = {s.id: s for s in case.staff}
        self.programs_by_id = {p.id: p for p in case.programs}
        self.partners_by_id = {p.id: p for p in case.partners}
        self.commissions_by_id = {c.id: c for c in case.commissions}

    @cached_property
    def activities(self) -> set[str]:
        """Activities declared, or implied by a program."""
        return set(self.case.activities) | {p.activity for p in self.programs}

    @cached_property
    def programs_by_room(self) -> dict[str, list]:
        out: dict[str, list] = {r.id: [] for r in self.case.rooms}
        for p in self.programs:
            for rid in dict.fromkeys(p.rooms):
                out[rid].append(p)
        return out

    @cached_property
    def programs_by_instructor(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for p in self.programs:
            for sid in dict.fromkeys(p.instructors):
                out.setdefault(sid, []).append(p)
        return out

    @cached_property
    def taught_room_ids(self) -> frozenset[str]:
        """Rooms some program is held in: each is a classroom in the sense of Art. 11 ("all rooms in which adult
        education takes place"), whatever kind it is filed as."""
        return frozenset(rid for p in self.programs for rid in p.rooms)

    def learners(self, room_id: str) -> int | None:
        """The largest group size of any program held in the room (None when none declares one)."""
        sizes = [p.group_size for p in self.programs_by_room.get(room_id, ()) if p.group_size is not None]
        return max(sizes) if sizes else None

    def with_role(self, role: str) -> list:
        return [s for s in self.case.staff if role in s.roles]

    def na_kind(self, pid: str) -> Finding:
        return not_applicable(pid, ORG, "generic.na_kind", kind=i18n.T(f"org.{self.kind}"))


_STATUS_ORDER = {FAIL: 0, MANUAL: 1, PASS: 2, NA: 3}


def sort_findings(findings: Iterable[Finding], set_order: dict[str, int]) -> list[Finding]:
    """By rule set, article/paragraph/item numerically, then subject (numbers in it numerically), then status and
    message key; ties keep the rules' own (deterministic) order, as the sort is stable."""
    def key(f: Finding):
        return (set_order[f.provision], provision_numbers(f.provision), natural_key(f.subject),
                f.subject, _STATUS_ORDER[f.status], f.message.key)
    return sorted(findings, key=key)


def all_provisions(rule_sets: Iterable[RuleSet] | None = None) -> list[Provision]:
    sets = list(rule_sets) if rule_sets is not None else regulations() + companions()
    return [p for rs in sets for p in rs.provisions]
