"""Art. 1 (scope), Art. 2 (activities per kind of organization), Art. 3 (program kinds), Art. 4 (program content)."""

from __future__ import annotations

from .. import i18n
from ..facts import ELEMENTS
from ..findings import ORG, check, failed, manual, not_applicable, passed, subject
from ..i18n import T
from .ruleset import P89

P = P89.provide
i18n.add({"heading.P89-2015": ("Члан {n}.", "Article {n}")})

# --- Art. 1 -----------------------------------------------------------------------------------------------------

P("P89-1.1", "auto",
  sr="Ближи услови у погледу програма, кадра, простора, опреме и наставних средстава, укључујући и услове за "
     "обезбеђивање приступачности за особе са инвалидитетом, за стицање статуса ЈПОА",
  en="Conditions on programs, staff, premises, equipment and teaching aids, incl. accessibility for persons with "
     "disabilities, for acquiring JPOA status")
P("P89-1.2", "auto",
  sr="Одредбе правилника примењују се и на основну и средњу школу која реализује активности образовања одраслих",
  en="The rulebook also applies to primary and secondary schools that run adult-education activities")

i18n.add({
    "p89.1.1.pass": ("Друга организација тражи статус ЈПОА: примењују се сви услови овог правилника.",
                     "Another organization seeks JPOA status: all conditions of this rulebook apply."),
    "p89.1.2.pass": ("Школа реализује активности образовања одраслих: правилник се примењује и на њу ({kind}).",
                     "The school runs adult-education activities: the rulebook applies to it too ({kind})."),
})


@P89.rule("P89-1.1", "P89-1.2")
def scope(ctx):
    if ctx.is_jpoa:
        yield passed("P89-1.1", ORG, "p89.1.1.pass")
        yield ctx.na_kind("P89-1.2")
    else:
        yield ctx.na_kind("P89-1.1")
        yield passed("P89-1.2", ORG, "p89.1.2.pass", kind=T(f"org.{ctx.kind}"))


# --- Art. 2 -----------------------------------------------------------------------------------------------------

ART2 = {  # provision -> (organization kind, activity), in the order of the text
    "P89-2.1.1": ("jpoa", "A-COMP"), "P89-2.1.2": ("jpoa", "A-PERS"), "P89-2.1.3": ("jpoa", "A-CAREER"),
    "P89-2.2.1": ("secondary_school", "A-KEY-SEC"), "P89-2.2.2": ("secondary_school", "A-KEY-PRI"),
    "P89-2.2.3": ("secondary_school", "A-COMP"), "P89-2.2.4": ("secondary_school", "A-QUAL"),
    "P89-2.2.5": ("secondary_school", "A-PERS"), "P89-2.2.6": ("secondary_school", "A-RPL"),
    "P89-2.2.7": ("secondary_school", "A-CAREER"),
    "P89-2.3.1": ("primary_school", "A-KEY-PRI"), "P89-2.3.2": ("primary_school", "A-PERS"),
    "P89-2.3.3": ("primary_school", "A-RPL"), "P89-2.3.4": ("primary_school", "A-CAREER"),
}
_WHO = {"jpoa": ("Друга организација (ЈПОА)", "JPOA"), "secondary_school": ("Средња школа", "Secondary school"),
        "primary_school": ("Основна школа", "Primary school")}
_ACT_TITLES = {
    "A-COMP": ("остварује стандард стручних компетенција, делимично или у целини, у складу са стандардом квалификације",
               "attaining a professional-competence standard, partly or wholly, per a qualification standard"),
    "A-PERS": ("унапређују знања, вештине и способности ради личног и професионалног развоја и друштвено одговорног "
               "понашања, квалитета живота, општег образовања и културе",
               "improving knowledge, skills and abilities for personal and professional development, quality of "
               "life, general education and culture"),
    "A-CAREER": ("пружају услуге каријерног вођења и саветовања", "career guidance and counselling services"),
    "A-KEY-SEC": ("остварује стандард кључних компетенција за општеобразовни део средњег стручног образовања одраслих",
                  "key-competence standard for the general-education part of secondary vocational adult education"),
    "A-KEY-PRI": ("остварује стандард кључних компетенција за ниво основног образовања одраслих",
                  "key-competence standard for the primary adult-education level"),
    "A-QUAL": ("стичу квалификације у складу са стандардом квалификације",
               "acquiring qualifications per a qualification standard"),
    "A-RPL": ("спроводи поступак признавања претходног учења", "the recognition-of-prior-learning procedure"),
}
for _pid, (_kind, _act) in ART2.items():
    P(_pid, "auto", sr=f"{_WHO[_kind][0]}: активности којима се {_ACT_TITLES[_act][0]}",
      en=f"{_WHO[_kind][1]}: activities of {_ACT_TITLES[_act][1]}")
i18n.add({f"act.{a}": (f"{a} ({sr})", f"{a} ({en})") for a, (sr, en) in _ACT_TITLES.items()})
i18n.add({
    "p89.2.allowed": ("Активност {activity} је дозвољена организацији врсте „{kind}”.",
                      "Activity {activity} is allowed to an organization of kind \"{kind}\"."),
    "p89.2.not_allowed": ("Активност {activity} није дозвољена организацији врсте „{kind}”; члан 2. је дозвољава "
                          "само: {allowed}.",
                          "Activity {activity} is not allowed to an organization of kind \"{kind}\"; Art. 2 allows "
                          "it only to: {allowed}."),
    "p89.2.not_allowed.hint": ("Уклоните активност и програме те активности из пријаве.",
                               "Remove the activity and its programs from the application."),
    "p89.2.not_declared": ("Организација не наводи активност {activity}.",
                           "The organization does not declare activity {activity}."),
})


@P89.rule(*ART2)
def activities_allowed(ctx):
    allowed_here = {act for kind, act in ART2.values() if kind == ctx.kind}
    first_item = {}
    for pid, (_kind, act) in ART2.items():
        first_item.setdefault(act, pid)
    for pid, (kind, act) in ART2.items():
        if kind == ctx.kind:
            if act in ctx.activities:
                yield passed(pid, subject("activities", act), "p89.2.allowed", activity=act, kind=T(f"org.{kind}"))
            else:
                yield not_applicable(pid, ORG, "p89.2.not_declared", activity=act)
        elif act in ctx.activities and act not in allowed_here and first_item[act] == pid:
            allowed = [T(f"org.{k}") for k, a in ART2.values() if a == act]
            yield failed(pid, subject("activities", act), "p89.2.not_allowed", "p89.2.not_allowed.hint",
                         activity=act, kind=T(f"org.{ctx.kind}"), allowed=allowed)
        else:
            yield ctx.na_kind(pid)


# --- Art. 3 -----------------------------------------------------------------------------------------------------

P("P89-3.1", "auto",
  sr="ЈПОА и средња школа остварују активности стручних компетенција и личног и професионалног развоја кроз "
     "програме неформалног образовања одраслих (врсте 1–10)",
  en="JPOA and secondary schools run professional-competence and personal-development activities through "
     "non-formal programs of kinds 1–10")
P("P89-3.2", "auto",
  sr="Основна школа остварује активности личног и професионалног развоја кроз програме из става 1. тач. 4)–6), 8) и 9)",
  en="A primary school runs personal-development activities only through program kinds 4–6, 8 and 9")
P("P89-3.3", "auto",
  sr="Средња школа реализује стицање квалификација преко програма кључних компетенција за општеобразовни део и "
     "програма стручних компетенција, у складу са стандардом квалификације",
  en="A secondary school runs qualification programs as a key-competence program for the general-education part "
     "plus a professional-competence program per the qualification standard")
P("P89-3.4", "auto",
  sr="Кључне компетенције за ниво основног образовања: програм у складу са општим стандардима постигнућа за основно "
     "образовање одраслих",
  en="Key competences for the primary level: a program per the general achievement standards for primary adult "
     "education")
P("P89-3.5", "auto",
  sr="Кључне компетенције средњег стручног образовања: програм у складу са стандардима постигнућа за "
     "општеобразовни део средњег стручног образовања одраслих",
  en="Key competences for secondary vocational education: a program per the achievement standards for the "
     "general-education part")
P("P89-3.6", "manual",
  sr="Признавање претходног учења у складу са правилником о стандардима и начину спровођења тог поступка",
  en="Recognition of prior learning per the bylaw on its standards and procedure")
P("P89-3.7", "manual",
  sr="Каријерно вођење и саветовање кроз програм у складу са стандардима услуга каријерног вођења и саветовања",
  en="Career guidance and counselling through a program per the career-guidance service standards")

KIND_NAMES = {
    1: ("програм обуке за рад у струци", "training for work in a profession"),
    2: ("програм за предузетништво и руковођење", "entrepreneurship and management"),
    3: ("програм за познавање науке и технологије", "science and technology"),
    4: ("програм обуке за рад на рачунару", "computer training"),
    5: ("програм страних језика", "foreign languages"),
    6: ("програм заштите околине и екологије", "environment and ecology"),
    7: ("програм безбедних и здравих услова рада", "safe and healthy working conditions"),
    8: ("програм креативног и уметничког изражавања", "creative and artistic expression"),
    9: ("програм других знања, вештина, способности и ставова", "other knowledge, skills, abilities and attitudes"),
    10: ("програм према захтевима тржишта рада", "per labour-market demand"),
}
i18n.add({f"pkind.{k}": (f"{k}) {sr}", f"{k}) {en}") for k, (sr, en) in KIND_NAMES.items()})
PRIMARY_KINDS = (4, 5, 6, 8, 9)
i18n.add({
    "p89.3.kind.pass": ("Програм је врсте {kind}.", "The program is of kind {kind}."),
    "p89.3.kind.missing": ("Програм не наводи врсту из члана 3. став 1.",
                           "The program does not declare its kind under Art. 3 para 1."),
    "p89.3.kind.missing.hint": ("Изаберите врсту програма (1–10).", "Choose the program's kind (1–10)."),
    "p89.3.2.wrong": ("Основна школа не може реализовати програм врсте {kind}.",
                      "A primary school may not run a program of kind {kind}."),
    "p89.3.2.missing.hint": ("Изаберите врсту 4, 5, 6, 8 или 9.", "Choose kind 4, 5, 6, 8 or 9."),
    "p89.3.2.wrong.hint": ("Основна школа реализује само програме врста 4, 5, 6, 8 и 9.",
                           "A primary school runs only programs of kinds 4, 5, 6, 8 and 9."),
    "p89.3.3.pass": ("Програм за стицање квалификације наводи стандард квалификације {code}.",
                     "The qualification program names qualification standard {code}."),
    "p89.3.3.fail": ("Програм за стицање квалификације не наводи стандард квалификације.",
                     "The qualification program does not name its qualification standard."),
    "p89.3.3.hint": ("Наведите стандард квалификације; програм чине део кључних компетенција за општеобразовни део и "
                     "део стручних компетенција.",
                     "Name the qualification standard; the program consists of a key-competence part for general "
                     "education and a professional-competence part."),
    "p89.3.std.pass": ("Програм наводи опште исходе према стандардима постигнућа.",
                       "The program states its general outcomes per the achievement standards."),
    "p89.3.std.fail": ("Програм не наводи опште исходе према стандардима постигнућа.",
                       "The program does not state general outcomes per the achievement standards."),
    "p89.3.std.hint": ("Унесите опште исходе (кључне компетенције) према стандардима постигнућа.",
                       "Enter the general outcomes (key competences) per the achievement standards."),
    "p89.3.6.manual": ("Организација спроводи признавање претходног учења.",
                       "The organization runs recognition of prior learning."),
    "p89.3.6.hint": ("Проверите да ли опис поступка признавања претходног учења одговара правилнику о стандардима и "
                     "начину спровођења тог поступка.",
                     "Check the described RPL procedure against the bylaw on RPL standards and procedure."),
    "p89.3.7.manual": ("Организација пружа каријерно вођење и саветовање.",
                       "The organization provides career guidance and counselling."),
    "p89.3.7.hint": ("Проверите програм каријерног вођења према стандардима услуга каријерног вођења и саветовања.",
                     "Check the career-guidance program against the career-guidance service standards."),
})


@P89.rule("P89-3.1", "P89-3.2", "P89-3.3", "P89-3.4", "P89-3.5", "P89-3.6", "P89-3.7")
def program_kinds(ctx):
    for p in ctx.programs:
        s = subject("programs", p.id)
        kind = T(f"pkind.{p.kind}") if p.kind else None
        if p.activity in ("A-COMP", "A-PERS"):
            if ctx.kind == "primary_school":
                if p.activity == "A-PERS":
                    if p.kind is None:
                        yield failed("P89-3.2", s, "p89.3.kind.missing", "p89.3.2.missing.hint")
                    else:
                        yield check(p.kind in PRIMARY_KINDS, "P89-3.2", s, "p89.3.kind.pass", "p89.3.2.wrong",
                                    "p89.3.2.wrong.hint", kind=kind)
            elif p.kind is None:
                yield failed("P89-3.1", s, "p89.3.kind.missing", "p89.3.kind.missing.hint")
            else:
                yield passed("P89-3.1", s, "p89.3.kind.pass", kind=kind)
        elif p.activity == "A-QUAL":
            code = p.qualification_standard.code if p.qualification_standard else None
            yield check(bool(code and code.strip()), "P89-3.3", s, "p89.3.3.pass", "p89.3.3.fail", "p89.3.3.hint",
                        code=code or "")
        elif p.activity in ("A-KEY-PRI", "A-KEY-SEC"):
            pid = "P89-3.4" if p.activity == "A-KEY-PRI" else "P89-3.5"
            outcomes = p.elements.general_outcomes if p.elements else None
            yield check(bool(outcomes and outcomes.strip()), pid, s, "p89.3.std.pass", "p89.3.std.fail",
                        "p89.3.std.hint")
    if "A-RPL" in ctx.activities:
        yield manual("P89-3.6", ORG, "p89.3.6.manual", "p89.3.6.hint")
    if "A-CAREER" in ctx.activities:
        yield manual("P89-3.7", ORG, "p89.3.7.manual", "p89.3.7.hint")
    if ctx.kind == "primary_school":
        yield ctx.na_kind("P89-3.1")
    else:
        yield ctx.na_kind("P89-3.2")


# --- Art. 4 -----------------------------------------------------------------------------------------------------

P("P89-4.1", "auto",
  sr="Програм из члана 3. став 1. тач. 1)–3) и 6)–10) и став 2. садржи свих 18 елемената",
  en="A program of kinds 1–3 and 6–10 (and every primary-school program of Art. 3 para 2) contains all 18 elements")
P("P89-4.2", "auto",
  sr="Програм страних језика припремљен у складу са стандардима компетенција за нивое Заједничког европског оквира "
     "за живе језике",
  en="A foreign-language program follows the competence standards of the CEFR levels")
P("P89-4.3", "auto",
  sr="Програм обуке за рад на рачунару припремљен у складу са Европским стандардом за познавање рада на рачунару "
     "(ECDL)",
  en="A computer-training program follows the European Computer Driving Licence standard (ECDL)")

ELEMENT_NAMES = (
    ("назив програма", "name"), ("сврха програма", "purpose"), ("циљ програма", "goal"),
    ("општи исходи учења", "general learning outcomes"), ("посебни исходи учења", "specific learning outcomes"),
    ("услови за упис полазника", "enrolment conditions"), ("садржај програма по модулима", "content by module"),
    ("трајање програма у сатима (позитиван број)", "duration in hours (a positive number)"),
    ("начин организације, облици и методе", "organisation, forms and methods"),
    ("приступачност за особе са инвалидитетом", "accessibility for persons with disabilities"),
    ("материјали за учење, приручник/водич за испит", "learning materials, exam guide"),
    ("поступак провере савладаности", "assessment procedure"),
    ("број полазника по групи (позитиван број)", "learners per group (a positive number)"),
    ("потребни кадрови", "staff needed"), ("простор, опрема и средства", "premises, equipment and means"),
    ("начин на који се програм чини доступним јавности", "how the program is made public"),
    ("прилагођеност програма полазницима", "adaptation to learners"),
    ("назив јавне исправе, уверења или потврде", "name of the public document, certificate or confirmation"),
)
i18n.add({f"el.{name}": (f"{i}) {sr}", f"{i} {en}")
          for i, (name, (sr, en)) in enumerate(zip(ELEMENTS, ELEMENT_NAMES), start=1)})
FULL_CONTENT_KINDS = (1, 2, 3, 6, 7, 8, 9, 10)
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
i18n.add({
    "p89.4.1.pass": ("Програм садржи све прописане елементе.", "The program contains every required element."),
    "p89.4.1.fail": ("Програму недостају елементи: {missing}.", "The program lacks elements: {missing}."),
    "p89.4.1.hint": ("Допуните програм елементима који недостају (члан 4. став 1.).",
                     "Complete the program with the missing elements (Art. 4 para 1)."),
    "p89.4.2.pass": ("Програм страног језика наводи нивое ЗЕО: {levels}.",
                     "The foreign-language program names CEFR levels: {levels}."),
    "p89.4.2.fail": ("Програм страног језика не наводи исправне нивое ЗЕО (A1–C2); наведено: {levels}.",
                     "The foreign-language program does not name valid CEFR levels (A1–C2); given: {levels}."),
    "p89.4.2.hint": ("Наведите нивое Заједничког европског оквира (A1, A2, B1, B2, C1, C2) које програм покрива.",
                     "Name the CEFR levels (A1, A2, B1, B2, C1, C2) the program covers."),
    "p89.4.3.pass": ("Програм обуке за рад на рачунару наводи модуле ECDL: {modules}.",
                     "The computer-training program names ECDL modules: {modules}."),
    "p89.4.3.fail": ("Програм обуке за рад на рачунару не наводи модуле ECDL.",
                     "The computer-training program does not name its ECDL modules."),
    "p89.4.3.hint": ("Наведите модуле ECDL које програм покрива.", "Name the ECDL modules the program covers."),
})


def missing_elements(p) -> list[str]:
    el = p.elements
    missing = []
    for name in ELEMENTS:
        if name == "modules" and p.modular is not True:
            continue
        if name == "duration":
            ok = p.duration_hours is not None and p.duration_hours > 0
        elif name == "group_size":
            ok = p.group_size is not None and p.group_size > 0
        else:
            value = getattr(el, name) if el else None
            ok = bool(value and value.strip())
        if not ok:
            missing.append(name)
    return missing


def needs_full_content(ctx, p) -> bool:
    if p.kind in FULL_CONTENT_KINDS:
        return True
    return ctx.kind == "primary_school" and p.activity == "A-PERS" and p.kind in PRIMARY_KINDS


@P89.rule("P89-4.1", "P89-4.2", "P89-4.3")
def program_content(ctx):
    for p in ctx.programs:
        s = subject("programs", p.id)
        if needs_full_content(ctx, p):
            missing = missing_elements(p)
            yield check(not missing, "P89-4.1", s, "p89.4.1.pass", "p89.4.1.fail", "p89.4.1.hint",
                        missing=[T(f"el.{m}") for m in missing])
        if p.kind == 5:
            ok = bool(p.cefr_levels) and all(level in CEFR for level in p.cefr_levels)
            yield check(ok, "P89-4.2", s, "p89.4.2.pass", "p89.4.2.fail", "p89.4.2.hint",
                        levels=list(p.cefr_levels) or T("none"))
        if p.kind == 4:
            ok = bool(p.ecdl_modules) and all(m.strip() for m in p.ecdl_modules)
            yield check(ok, "P89-4.3", s, "p89.4.3.pass", "p89.4.3.fail", "p89.4.3.hint",
                        modules=list(p.ecdl_modules) or T("none"))
