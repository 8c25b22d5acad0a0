"""Art. 9 (premises), Art. 10 (hygiene-technical standards), Art. 11 (rooms), Art. 12 (space)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import i18n
from ..facts import HYGIENE_ITEMS
from ..dates import add_months
from ..findings import ORG, check, failed, manual, not_applicable, passed, subject
from ..i18n import T
from .ruleset import P89

P = P89.provide
# JPOA status is granted for five years (noks_portal settings ACCREDITATION_YEARS, applications.services); a lease
# ending within that period passes Art. 9.2 (which asks only until the programs end) with a note to extend it: the
# engine has no warning status, so the note is the pass message itself (docs/numbers.md).
STATUS_MONTHS = 5 * 12
TEACHING = ("classroom", "specialized", "computer", "individual_work")

# --- Art. 9 -----------------------------------------------------------------------------------------------------

P("P89-9.1", "auto",
  sr="ЈПОА изводи програме у пословном простору изграђеном и опремљеном у складу са прописима о планирању и "
     "изградњи и техничким стандардима приступачности за особе са инвалидитетом",
  en="A JPOA runs programs in premises built and equipped per the planning and construction rules and the "
     "accessibility standards for persons with disabilities")
P("P89-9.2", "auto", sr="Простор је у власништву или у закупу ЈПОА најмање до завршетка програма",
  en="The premises are owned or leased by the JPOA at least until the program ends")
P("P89-9.3", "manual",
  sr="Основна и средња школа изводе програме у својим просторијама, у складу са прописима о школском простору, "
     "опреми и наставним средствима",
  en="Primary and secondary schools run programs in their own premises, per the school premises bylaws")
P("P89-9.4", "manual",
  sr="Основна и средња школа спроводе признавање претходног учења у својим просторијама, у складу са прописима о "
     "школском простору и правилником о признавању претходног учења",
  en="Schools run recognition of prior learning in their own premises, per the school premises bylaws and the RPL "
     "bylaw")

i18n.add({
    "p89.9.1.manual": ("Пословни простор ЈПОА: потребна је потврда усклађености са прописима о планирању и изградњи.",
                       "JPOA premises: compliance with the planning and construction rules needs confirming."),
    "p89.9.1.hint": ("Проверите употребну дозволу или други доказ о намени и изградњи простора.",
                     "Check the occupancy permit or other evidence of the premises' use and construction."),
    "p89.9.1.no_rooms": ("Није наведен ниједан простор.", "No premises are declared."),
    "p89.9.1.no_rooms.hint": ("Унесите просторије у којима се изводе програми.", "Declare the rooms where programs "
                                                                                  "are held."),
    "p89.9.1.accessible": ("Просторија је приступачна особама са инвалидитетом.",
                           "The room is accessible to persons with disabilities."),
    "p89.9.1.not_accessible": ("Приступачност просторије особама са инвалидитетом није обезбеђена или није наведена.",
                               "The room's accessibility for persons with disabilities is missing or not declared."),
    "p89.9.1.access.hint": ("Обезбедите несметан приступ (рампа, лифт, ширина врата) према техничким стандардима "
                            "приступачности и то наведите.",
                            "Provide step-free access (ramp, lift, door width) per the accessibility standards and "
                            "declare it."),
    "p89.9.2.lease_late": ("Закуп почиње {since}, а програм у просторији почиње {starts}.",
                           "The lease starts on {since}, but a program in the room starts on {starts}."),
    "p89.9.2.owned": ("Просторија је у власништву.", "The room is owned."),
    "p89.9.2.lease_ok": ("Закуп траје до {until}, програми у просторији се завршавају до {needed}.",
                         "The lease runs until {until}; programs in the room end by {needed}."),
    "p89.9.2.lease_short": ("Закуп траје до {until}, а програм се завршава {needed}.",
                            "The lease runs until {until}, but a program ends on {needed}."),
    "p89.9.2.lease_current": ("Закуп траје до {until}; у просторији није наведен ниједан програм.",
                              "The lease runs until {until}; no program is held in the room."),
    "p89.9.2.lease_expired": ("Закуп је истекао {until}.", "The lease expired on {until}."),
    "p89.9.2.lease_ends_early": ("{finding} Закуп истиче пре краја статуса ЈПОА стеченог данас ({status_until}): "
                                 "продужите га на време.",
                                 "{finding} The lease ends before a JPOA status granted today would "
                                 "({status_until}): extend it in time."),
    "p89.9.2.lease_unknown": ("Закуп траје до {until}; крај програма {programs} није наведен.",
                              "The lease runs until {until}; the end of programs {programs} is not declared."),
    "p89.9.2.lease_unknown.hint": ("Упоредите уговор о закупу са планом реализације програма.",
                                   "Compare the lease with the programs' delivery plan."),
    "p89.9.2.no_tenure": ("Није наведено да ли је просторија у власништву или закупу, односно до када траје закуп.",
                          "It is not declared whether the room is owned or leased, or until when the lease runs."),
    "p89.9.2.hint": ("Простор мора бити у власништву или закупу најмање до завршетка програма; продужите закуп или "
                     "унесите податке.",
                     "The room must be owned or leased at least until the program ends; extend the lease or "
                     "declare it."),
    "p89.9.3.manual": ("Школа изводи програме у својим просторијама.", "The school runs programs in its own premises."),
    "p89.9.3.hint": ("Проверите простор према правилнику о ближим условима у погледу школског простора, опреме и "
                     "наставних средстава.",
                     "Check the premises against the bylaw on school premises, equipment and teaching aids."),
    "p89.9.4.manual": ("Школа спроводи признавање претходног учења у својим просторијама.",
                       "The school runs recognition of prior learning in its own premises."),
    "p89.9.4.hint": ("Проверите простор за признавање претходног учења према прописима о школском простору и "
                     "правилнику о признавању претходног учења.",
                     "Check the RPL premises against the school premises bylaws and the RPL bylaw."),
})


@P89.rule("P89-9.1", "P89-9.2", "P89-9.3", "P89-9.4")
def premises(ctx):
    if not ctx.is_jpoa:
        yield ctx.na_kind("P89-9.1")
        yield ctx.na_kind("P89-9.2")
        yield manual("P89-9.3", ORG, "p89.9.3.manual", "p89.9.3.hint")
        if "A-RPL" in ctx.activities:
            yield manual("P89-9.4", ORG, "p89.9.4.manual", "p89.9.4.hint")
        return
    yield ctx.na_kind("P89-9.3")
    yield ctx.na_kind("P89-9.4")
    yield manual("P89-9.1", ORG, "p89.9.1.manual", "p89.9.1.hint")
    if not ctx.case.rooms:
        yield failed("P89-9.1", ORG, "p89.9.1.no_rooms", "p89.9.1.no_rooms.hint")
    for room in ctx.case.rooms:
        s = subject("rooms", room.id)
        yield check(room.accessible is True, "P89-9.1", s, "p89.9.1.accessible", "p89.9.1.not_accessible",
                    "p89.9.1.access.hint")
        yield from _tenure(ctx, room, s)


def _tenure(ctx, room, s):
    if room.tenure == "owned":
        yield passed("P89-9.2", s, "p89.9.2.owned")
        return
    if room.tenure != "leased" or room.lease_until is None:
        yield failed("P89-9.2", s, "p89.9.2.no_tenure", "p89.9.2.hint")
        return
    until = room.lease_until
    programs = ctx.programs_by_room.get(room.id, [])
    if until < ctx.case.date:
        yield failed("P89-9.2", s, "p89.9.2.lease_expired", "p89.9.2.hint", until=until)
        return
    if room.lease_from is not None:  # v1.1: the lease must also have begun by the time the programs start
        starts = [p.starts_on for p in programs if p.starts_on is not None]
        first = min(starts) if starts else None
        if first is not None and room.lease_from > first:
            yield failed("P89-9.2", s, "p89.9.2.lease_late", "p89.9.2.hint", since=room.lease_from, starts=first)
            return
    if not programs:
        yield _lease_passed(ctx, s, "p89.9.2.lease_current", until=until)
        return
    ends = [p.ends_on for p in programs if p.ends_on is not None]
    needed = max(ends) if ends else None
    if needed is not None and until < needed:
        yield failed("P89-9.2", s, "p89.9.2.lease_short", "p89.9.2.hint", until=until, needed=needed)
        return
    open_ended = [p.id for p in programs if p.ends_on is None]
    if open_ended:
        yield manual("P89-9.2", s, "p89.9.2.lease_unknown", "p89.9.2.lease_unknown.hint", until=until,
                     programs=open_ended)
    else:
        yield _lease_passed(ctx, s, "p89.9.2.lease_ok", until=until, needed=needed)


def _lease_passed(ctx, s, key, **params):
    """Pass; when the lease ends before a status granted on the case's date would (the day before the same date
    five years on), the message says so (a note, not a failure: Art. 9.2 asks only until the programs end)."""
    status_until = add_months(ctx.case.date, STATUS_MONTHS) - dt.timedelta(days=1)
    if params["until"] < status_until:
        return passed("P89-9.2", s, "p89.9.2.lease_ends_early", finding=i18n.t(key, **params),
                      status_until=status_until)
    return passed("P89-9.2", s, key, **params)


# --- Art. 10 ----------------------------------------------------------------------------------------------------
# The text lists nine standards in one sentence of a single paragraph; each gets an item number in the order of
# the text: P89-10.1.1 lighting ... P89-10.1.9 fire protection ("heating and cooling" is one standard, as in the
# contract's field heating_cooling). See docs/rules/README.md.

ART10 = {
    "lighting": ("осветљење", "lighting"),
    "visibility": ("видљивост", "visibility"),
    "noise": ("заштита од буке", "noise protection"),
    "acoustics": ("акустичност просторија за наставу", "acoustics of teaching rooms"),
    "heating_cooling": ("грејање и хлађење", "heating and cooling"),
    "water": ("снабдевеност водом", "water supply"),
    "electrical": ("електричне инсталације", "electrical installations"),
    "it": ("инсталације информатичке опреме", "IT installations"),
    "fire": ("заштита од пожара", "fire protection"),
}
assert tuple(ART10) == HYGIENE_ITEMS
ART10_IDS = {item: f"P89-10.1.{i}" for i, item in enumerate(HYGIENE_ITEMS, start=1)}
for _item, (_sr, _en) in ART10.items():
    P(ART10_IDS[_item], "manual", sr=f"Хигијенско-технички стандард пословног простора ЈПОА: {_sr}",
      en=f"Hygiene-technical standard of the JPOA premises: {_en}")
i18n.add({f"hyg.{k}": v for k, v in ART10.items()})
i18n.add({
    "p89.10.manual": ("Изјављено је да је стандард испуњен: {standard}.", "Declared met: {standard}."),
    "p89.10.manual.hint": ("Проверите доказ (налаз овлашћене организације, атест, записник) за: {standard}.",
                           "Check the evidence (report of an authorized body, certificate, minutes) for: "
                           "{standard}."),
    "p89.10.not_met": ("Изјављено је да стандард није испуњен: {standard}.", "Declared not met: {standard}."),
    "p89.10.undeclared": ("Није наведено да ли је стандард испуњен: {standard}.",
                          "Not declared whether the standard is met: {standard}."),
    "p89.10.fail.hint": ("Испуните стандард ({standard}) и приложите доказ.",
                         "Meet the standard ({standard}) and attach the evidence."),
})


@P89.rule(*ART10_IDS.values())
def hygiene_technical(ctx):
    declared = ctx.case.hygiene_technical
    for item, pid in ART10_IDS.items():
        if not ctx.is_jpoa:
            yield ctx.na_kind(pid)
            continue
        value = getattr(declared, item) if declared else None
        standard = T(f"hyg.{item}")
        if value is True:
            yield manual(pid, ORG, "p89.10.manual", "p89.10.manual.hint", standard=standard)
        else:
            key = "p89.10.not_met" if value is False else "p89.10.undeclared"
            yield failed(pid, ORG, key, "p89.10.fail.hint", standard=standard)


# --- Art. 11 ----------------------------------------------------------------------------------------------------

P("P89-11.1", "auto", sr="Све учионице и просторије за боравак имају техничке услове за природно проветравање",
  en="Every classroom and room for stay can be ventilated naturally")
P("P89-11.2", "auto", sr="Учионица мора имати природно осветљење", en="A classroom has natural light")
P("P89-11.3", "manual",
  sr="Извори вештачког осветљења у учионици постављени су тако да омогућавају равномерно простирање светлости",
  en="Artificial lighting in a classroom is placed so that light spreads evenly")
i18n.add({
    "p89.11.1.pass": ("Просторија има природно проветравање.", "The room has natural ventilation."),
    "p89.11.1.fail": ("Природно проветравање није обезбеђено или није наведено.",
                      "Natural ventilation is missing or not declared."),
    "p89.11.1.hint": ("Обезбедите прозоре који се отварају (природно проветравање) и то наведите.",
                      "Provide opening windows (natural ventilation) and declare it."),
    "p89.11.2.pass": ("Учионица има природно осветљење.", "The classroom has natural light."),
    "p89.11.2.fail": ("Природно осветљење учионице није обезбеђено или није наведено.",
                      "The classroom's natural light is missing or not declared."),
    "p89.11.2.hint": ("За наставу користите просторију са природним осветљењем.",
                      "Teach in a room with natural light."),
    "p89.no_rooms": ("Програм не наводи ниједну просторију у којој се изводи.",
                     "The program names no room where it is held."),
    "p89.no_rooms.hint": ("Наведите просторије (учионице) у којима се програм изводи.",
                          "Name the rooms (classrooms) where the program is held."),
    "p89.11.3.manual": ("Равномерност вештачког осветљења захтева преглед.",
                        "Whether artificial light spreads evenly needs a look."),
    "p89.11.3.hint": ("Проверите распоред светлосних извора (фотографије, налаз о мерењу осветљености).",
                      "Check the layout of the light sources (photos, a lighting measurement report)."),
})


def is_classroom(ctx, room) -> bool:
    """Art. 11 para 1: every room in which adult education takes place is a classroom — a teaching kind, or any
    room a program is held in (a program in a room filed as "other" is taught in a classroom all the same)."""
    return room.kind in TEACHING or room.id in ctx.taught_room_ids


@P89.rule("P89-11.1", "P89-11.2", "P89-11.3")
def rooms_light_air(ctx):
    for room in ctx.case.rooms:
        s = subject("rooms", room.id)
        classroom = is_classroom(ctx, room)
        if classroom or room.kind not in ("archive", "sanitary_women", "sanitary_men"):
            yield check(room.natural_ventilation is True, "P89-11.1", s, "p89.11.1.pass", "p89.11.1.fail",
                        "p89.11.1.hint")
        if classroom:
            yield check(room.natural_light is True, "P89-11.2", s, "p89.11.2.pass", "p89.11.2.fail", "p89.11.2.hint")
            yield manual("P89-11.3", s, "p89.11.3.manual", "p89.11.3.hint")
    for p in ctx.programs:
        if not p.rooms:  # not declared = not satisfied: the classroom's light cannot be shown
            yield failed("P89-11.2", subject("programs", p.id), "p89.no_rooms", "p89.no_rooms.hint")


# --- Art. 12 ----------------------------------------------------------------------------------------------------

P("P89-12.1.1.1", "auto", sr="Радни простор у учионици од најмање 2,5 m² по полазнику",
  en="At least 2.5 m² per learner in a classroom")
P("P89-12.1.1.2", "auto",
  sr="Најмање 3 m² по полазнику у специјализованој учионици за посебне облике, методе и садржаје наставног рада",
  en="At least 3 m² per learner in a specialized classroom")
P("P89-12.1.1.3", "auto",
  sr="Најмање 3,5 m² по радном месту (рачунару) у специјализованој учионици за рад на рачунару",
  en="At least 3.5 m² per workstation (computer) in a computer classroom")
P("P89-12.1.2", "auto", sr="Простор за индивидуални рад с полазницима, уколико је такав рад утврђен програмом",
  en="A room for individual work with learners, where a program provides for it")
P("P89-12.1.3", "auto", sr="Просторија за извођаче програма", en="A room for instructors")
P("P89-12.1.4", "auto", sr="Просторија за одговорно лице и стручног сарадника",
  en="A room for the responsible person and the professional associate")
P("P89-12.1.5", "auto", sr="Просторија за чување евиденције и архивске грађе", en="A room for records and archives")
P("P89-12.1.6", "auto",
  sr="По један одвојени санитарни чвор за жене и мушкарце с умиваоником или са предпростором у којем се налази "
     "умиваоник",
  en="Separate sanitary rooms for women and men, each with a washbasin or an anteroom with one")
P("P89-12.1.7", "manual", sr="Друге просторије неопходне за остваривање програма, односно активности",
  en="Other rooms needed to run the programs or activities")
P("P89-12.2", "manual",
  sr="ЈПОА који изводи каријерно вођење и саветовање испуњава услове простора утврђене стандардима услуга "
     "каријерног вођења и саветовања",
  en="A JPOA providing career guidance meets the space conditions of the career-guidance service standards")

AREA = {"classroom": ("P89-12.1.1.1", Decimal("2.5")), "specialized": ("P89-12.1.1.2", Decimal(3)),
        "computer": ("P89-12.1.1.3", Decimal("3.5"))}
REQUIRED_ROOMS = {"P89-12.1.3": "instructors", "P89-12.1.4": "management", "P89-12.1.5": "archive"}
i18n.add({
    "rk.instructors": ("просторија за извођаче", "instructors' room"),
    "rk.management": ("просторија за одговорно лице и стручног сарадника", "room for the responsible person and "
                                                                           "associate"),
    "rk.archive": ("просторија за евиденцију и архиву", "records and archive room"),
    "unit.learner": ("по полазнику", "per learner"),
    "unit.workstation": ("по радном месту полазника", "per learner's workstation"),
    "p89.12.area.pass": ("{area} m² за {learners} полазника: {per} m² {unit} (најмање {min}).",
                         "{area} m² for {learners} learners: {per} m² {unit} (at least {min})."),
    "p89.12.area.fail": ("{area} m² за {learners} полазника: {per} m² {unit}, а потребно је најмање {min}.",
                         "{area} m² for {learners} learners: {per} m² {unit}, at least {min} required."),
    "p89.12.area.hint": ("Смањите број полазника у групи на највише {max_learners} или користите већу просторију "
                         "(најмање {needed} m²).",
                         "Reduce the group to at most {max_learners} learners or use a larger room (at least "
                         "{needed} m²)."),
    "p89.12.area.missing": ("Површина просторије није наведена.", "The room's area is not declared."),
    "p89.12.area.missing.hint": ("Унесите површину просторије у m².", "Enter the room's area in m²."),
    "p89.12.area.no_learners": ("У просторији се не изводи ниједан програм са наведеним бројем полазника, а број "
                                "места није наведен.",
                                "No program with a declared group size is held in the room and its seats are not "
                                "declared."),
    "p89.12.1.2.pass": ("Простор за индивидуални рад постоји (програми {programs}).",
                        "A room for individual work exists (programs {programs})."),
    "p89.12.1.2.fail": ("Програми {programs} предвиђају индивидуални рад, а простор за њега није наведен.",
                        "Programs {programs} provide for individual work, but no room for it is declared."),
    "p89.12.1.2.hint": ("Обезбедите простор за индивидуални рад с полазницима.",
                        "Provide a room for individual work with learners."),
    "p89.12.room.pass": ("Постоји: {room}.", "Present: {room}."),
    "p89.12.room.fail": ("Недостаје: {room}.", "Missing: {room}."),
    "p89.12.room.hint": ("Обезбедите и пријавите: {room}.", "Provide and declare: {room}."),
    "p89.12.1.6.pass": ("Санитарни чвор {sex} са умиваоником.", "Sanitary room {sex} with a washbasin."),
    "p89.12.1.6.missing": ("Нема одвојеног санитарног чвора {sex}.", "No separate sanitary room {sex}."),
    "p89.12.1.6.no_basin": ("Санитарни чвор {sex} нема умиваоник (или то није наведено).",
                            "The sanitary room {sex} has no washbasin (or it is not declared)."),
    "p89.12.1.6.hint": ("Обезбедите одвојени санитарни чвор {sex} са умиваоником или предпростором са умиваоником.",
                        "Provide a separate sanitary room {sex} with a washbasin or an anteroom with one."),
    "p89.12.1.7.manual": ("Друге просторије које програми захтевају треба упоредити са програмима.",
                          "Other rooms the programs require need comparing with the programs."),
    "p89.12.1.7.hint": ("Упоредите елемент 15 сваког програма (простор, опрема, средства) са пријављеним "
                        "просторијама.",
                        "Compare element 15 of each program (premises, equipment, means) with the declared rooms."),
    "p89.12.2.manual": ("ЈПОА пружа каријерно вођење и саветовање.", "The JPOA provides career guidance."),
    "p89.12.2.hint": ("Проверите простор према стандардима услуга каријерног вођења и саветовања.",
                      "Check the space against the career-guidance service standards."),
})


def _fmt(value: Decimal) -> float:
    return round(float(value), 2)


@P89.rule(*[pid for pid, _ in AREA.values()])
def room_area(ctx):
    if not ctx.is_jpoa:
        for pid, _ in AREA.values():
            yield ctx.na_kind(pid)
        return
    for p in ctx.programs:
        if not p.rooms:
            yield failed("P89-12.1.1.1", subject("programs", p.id), "p89.no_rooms", "p89.no_rooms.hint")
    for room in ctx.case.rooms:
        if room.kind not in AREA and room.id not in ctx.taught_room_ids:
            continue
        # The kind of the room decides the rule; a room of any other kind a program is held in is a classroom
        # (Art. 11) and has the general 2.5 m² per learner.
        pid, minimum = AREA.get(room.kind, AREA["classroom"])
        s = subject("rooms", room.id)
        learners = ctx.learners(room.id)
        if learners is None:
            learners = room.seats
        if not learners:
            yield not_applicable(pid, s, "p89.12.area.no_learners")
            continue
        if room.area_m2 is None:
            yield failed(pid, s, "p89.12.area.missing", "p89.12.area.missing.hint")
            continue
        area = Decimal(str(room.area_m2))
        per = area / learners
        yield check(area >= minimum * learners, pid, s, "p89.12.area.pass", "p89.12.area.fail", "p89.12.area.hint",
                    area=room.area_m2, learners=learners, per=_fmt(per), min=minimum,
                    unit=T("unit.workstation" if room.kind == "computer" else "unit.learner"),
                    max_learners=int(area // minimum), needed=minimum * learners)


@P89.rule("P89-12.1.2", "P89-12.1.3", "P89-12.1.4", "P89-12.1.5", "P89-12.1.6", "P89-12.1.7", "P89-12.2")
def required_rooms(ctx):
    pids = ("P89-12.1.2", "P89-12.1.3", "P89-12.1.4", "P89-12.1.5", "P89-12.1.6", "P89-12.1.7", "P89-12.2")
    if not ctx.is_jpoa:
        for pid in pids:
            yield ctx.na_kind(pid)
        return
    by_kind: dict[str, list] = {}
    for room in ctx.case.rooms:
        by_kind.setdefault(room.kind, []).append(room)
    individual = [p.id for p in ctx.programs if p.individual_work is True]
    if individual:
        rooms = by_kind.get("individual_work")
        if rooms:
            yield passed("P89-12.1.2", subject("rooms", rooms[0].id), "p89.12.1.2.pass", programs=individual)
        else:
            yield failed("P89-12.1.2", ORG, "p89.12.1.2.fail", "p89.12.1.2.hint", programs=individual)
    for pid, kind in REQUIRED_ROOMS.items():
        rooms = by_kind.get(kind)
        if rooms:
            yield passed(pid, subject("rooms", rooms[0].id), "p89.12.room.pass", room=T(f"rk.{kind}"))
        else:
            yield failed(pid, ORG, "p89.12.room.fail", "p89.12.room.hint", room=T(f"rk.{kind}"))
    for kind, sex in (("sanitary_women", T("sex.women")), ("sanitary_men", T("sex.men"))):
        rooms = by_kind.get(kind, [])
        with_basin = [r for r in rooms if r.washbasin is True]
        if with_basin:
            yield passed("P89-12.1.6", subject("rooms", with_basin[0].id), "p89.12.1.6.pass", sex=sex)
        elif rooms:
            yield failed("P89-12.1.6", subject("rooms", rooms[0].id), "p89.12.1.6.no_basin", "p89.12.1.6.hint",
                         sex=sex)
        else:
            yield failed("P89-12.1.6", ORG, "p89.12.1.6.missing", "p89.12.1.6.hint", sex=sex)
    yield manual("P89-12.1.7", ORG, "p89.12.1.7.manual", "p89.12.1.7.hint")
    if "A-CAREER" in ctx.activities:
        yield manual("P89-12.2", ORG, "p89.12.2.manual", "p89.12.2.hint")
