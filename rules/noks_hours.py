"""NOKS-HOURS: program duration (and enrolment prerequisite) against the NOKS level of its qualification
standard — a rule set of its own, beside the Pravilnik.

Source: Закон о Националном оквиру квалификација Републике Србије ("Службени гласник РС", бр. 27/2018, 6/2020,
129/2021 – др. закон и 76/2023), Art. 5 (levels and how they are acquired in non-formal adult education).
Each rule is dated from the act that introduced it:

- level 2 through 120–360 hours of training, level 1 held before; level 3 through at least 960 hours, level 1
  held before: the law as first published (27/2018 of 6 Apr 2018, in force 14 Apr 2018) — the set's date;
- level 5 through a training program of at least six months with level 4 held before: the 2023 amendment
  (76/2023 of 7 Sep 2023), dated here from 15 Sep 2023 (the eighth day after publication, the usual clause; the
  amending law's own entry-into-force article could not be read offline — docs/rules/README.md).
"""

from __future__ import annotations

import datetime as dt

from . import i18n
from .dates import add_months
from .findings import check, failed, passed, subject
from .i18n import T
from .registry import RuleSet, register

NOKS = register(RuleSet(
    "NOKS-HOURS",
    in_force_from=dt.date(2018, 4, 14),
    title_sr="НОКС: трајање програма према нивоу стандарда квалификације",
    title_en="NOKS: program duration against the level of its qualification standard",
    role="companion",
    source="Закон о НОКС, Службени гласник РС 27/2018 (члан 5); ниво 5 у неформалном образовању: 76/2023",
))
NOKS.provide("NOKS-H.2", "auto", sr="Ниво 2 НОКС-а: обука у трајању од 120 до 360 сати",
             en="NOKS level 2: a training program of 120 to 360 hours")
NOKS.provide("NOKS-H.3", "auto", sr="Ниво 3 НОКС-а: обука у трајању од најмање 960 сати",
             en="NOKS level 3: a training program of at least 960 hours")
LEVEL5_IN_FORCE = dt.date(2023, 9, 15)
NOKS.provide("NOKS-H.5", "auto",
             sr="Ниво 5 НОКС-а: обука у трајању од најмање шест месеци, уз претходно стечен ниво 4",
             en="NOKS level 5: a training program of at least six months, with level 4 held before",
             in_force_from=LEVEL5_IN_FORCE, source="noks.source.76_2023")

i18n.add({
    "heading.NOKS-HOURS": ("НОКС, ниво {n}", "NOKS level {n}"),
    "noks.2.pass": ("Програм за стандард нивоа 2 траје {hours} сати (120–360).",
                    "The program for a level-2 standard runs {hours} hours (120–360)."),
    "noks.2.fail": ("Програм за стандард нивоа 2 траје {hours} сати; прописано је 120–360.",
                    "The program for a level-2 standard runs {hours} hours; 120–360 are required."),
    "noks.2.hint": ("Ускладите трајање програма са нивоом 2 (120–360 сати) или исправите ниво стандарда.",
                    "Bring the duration in line with level 2 (120–360 hours) or correct the standard's level."),
    "noks.3.pass": ("Програм за стандард нивоа 3 траје {hours} сати (најмање 960).",
                    "The program for a level-3 standard runs {hours} hours (at least 960)."),
    "noks.3.fail": ("Програм за стандард нивоа 3 траје {hours} сати; прописано је најмање 960.",
                    "The program for a level-3 standard runs {hours} hours; at least 960 are required."),
    "noks.3.hint": ("Продужите програм на најмање 960 сати или исправите ниво стандарда.",
                    "Extend the program to at least 960 hours or correct the standard's level."),
    "noks.5.pass": ("Програм за стандард нивоа 5 траје од {starts} до {ends} (најмање шест месеци); за упис је "
                    "потребан ниво {level}.",
                    "The program for a level-5 standard runs from {starts} to {ends} (at least six months); "
                    "enrolment requires level {level}."),
    "noks.5.fail": ("Програм за стандард нивоа 5 не испуњава услове: {problems}.",
                    "The program for a level-5 standard falls short: {problems}."),
    "noks.5.hint": ("Програм нивоа 5 траје најмање шест месеци и за упис захтева претходно стечен ниво 4.",
                    "A level-5 program runs at least six months and requires level 4 for enrolment."),
    "noks.prob.short": ("траје од {starts} до {ends}, краће од шест месеци",
                        "runs from {starts} to {ends}, less than six months"),
    "noks.prob.dates": ("почетак или крај програма није наведен", "the start or end date is not declared"),
    "noks.prob.level": ("за упис није прописан претходно стечен ниво 4 (наведено: {level})",
                        "enrolment does not require level 4 held (declared: {level})"),
    "noks.source.76_2023": ("Закон о изменама и допунама Закона о НОКС, „Службени гласник РС”, бр. 76/2023",
                            "the amendment of the NQF law, Official Gazette 76/2023"),
    "noks.prereq.pass": ("За упис у програм нивоа {target} потребан је претходно стечен ниво {level}.",
                         "Enrolment in the level-{target} program requires level {level} held."),
    "noks.prereq.missing": ("Услови за упис не наводе претходно стечени ниво НОКС-а (за ниво {target}: ниво 1, "
                            "основно образовање).",
                            "The enrolment conditions name no NOKS level held before (for level {target}: level 1, "
                            "primary education)."),
    "noks.prereq.hint": ("Наведите у условима за упис претходно стечен ниво 1 НОКС-а (основно образовање).",
                         "State in the enrolment conditions that level 1 (primary education) must be held."),
    "noks.hours_missing": ("Трајање програма у сатима није наведено.", "The program's duration in hours is not "
                                                                         "declared."),
    "noks.hours_missing.hint": ("Унесите трајање програма у сатима.", "Enter the program's duration in hours."),
})


def _level(p) -> str | None:
    return p.qualification_standard.noks_level if p.qualification_standard else None


def _held(p) -> str | None:
    """The NOKS level a learner must hold to enrol: v1.1 ``enrolment_prerequisites.noks_level``, else the v1
    extension ``enrolment_noks_level``."""
    pre = p.enrolment_prerequisites
    if pre is not None and pre.noks_level is not None:
        return pre.noks_level
    return p.enrolment_noks_level


@NOKS.rule("NOKS-H.2", "NOKS-H.3", "NOKS-H.5")
def hours_per_level(ctx):
    for p in ctx.programs:
        level = _level(p)
        s = subject("programs", p.id)
        if level in ("2", "3"):
            pid = f"NOKS-H.{level}"
            if p.duration_hours is None:
                yield failed(pid, s, "noks.hours_missing", "noks.hours_missing.hint")
                continue
            h = p.duration_hours
            ok = 120 <= h <= 360 if level == "2" else h >= 960
            yield check(ok, pid, s, f"noks.{level}.pass", f"noks.{level}.fail", f"noks.{level}.hint", hours=h)
            if p.enrolment_prerequisites is not None:  # v1.1: level 1 (primary education) held before
                held = _held(p)
                yield check(held is not None, pid, s, "noks.prereq.pass", "noks.prereq.missing",
                            "noks.prereq.hint", level=held or T("none"), target=level)
        elif level == "5":
            problems = []
            if p.starts_on is None or p.ends_on is None:
                problems.append(T("noks.prob.dates"))
            elif p.ends_on < add_months(p.starts_on, 6) - dt.timedelta(days=1):
                problems.append(i18n.t("noks.prob.short", starts=p.starts_on, ends=p.ends_on))
            held = _held(p)
            if held is None or float(held) < 4:
                problems.append(i18n.t("noks.prob.level", level=held or T("none")))
            if problems:
                yield failed("NOKS-H.5", s, "noks.5.fail", "noks.5.hint", problems=problems)
            else:
                yield passed("NOKS-H.5", s, "noks.5.pass", starts=p.starts_on, ends=p.ends_on, level=held)
