"""Art. 13 (equipment), Art. 14 (teaching aids, electronic records), Art. 15 (practical work with partners)."""

from __future__ import annotations

from .. import i18n
from ..facts import RECORD_KINDS
from ..findings import ORG, check, failed, manual, not_applicable, passed, subject
from ..i18n import T, t
from .ruleset import P89

P = P89.provide

P("P89-13.1.1", "auto", sr="Одговарајући радни столови са столицама за сваког полазника",
  en="A suitable desk and chair for every learner")
P("P89-13.1.2", "manual",
  sr="Специјализоване учионице имају одговарајући учионички намештај у складу са захтевима програма",
  en="Specialized classrooms have furniture fitting the program")
P("P89-13.1.3", "auto",
  sr="Учионица за рад на рачунару има најмање један умрежени рачунар по полазнику и један рачунар за предавача, са "
     "софтвером у власништву организатора",
  en="A computer classroom has at least one networked computer per learner plus one for the lecturer, with software "
     "owned by the organizer")
P("P89-13.2", "manual", sr="Учионица је опремљена у складу с материјалним условима утврђеним програмом",
  en="The classroom is equipped per the material conditions set by the program")
P("P89-13.3", "auto", sr="Основна и средња школа која реализује програме обука за рад на рачунару има опрему из "
                         "става 1. тачка 3)",
  en="A school running computer training has the equipment of para 1 item 3")

i18n.add({
    "p89.13.1.1.pass": ("{seats} места за {learners} полазника.", "{seats} seats for {learners} learners."),
    "p89.13.1.1.fail": ("{seats} места за {learners} полазника.", "{seats} seats for {learners} learners."),
    "p89.13.1.1.hint": ("Обезбедите радни сто са столицом за сваког полазника (најмање {learners}).",
                        "Provide a desk and chair for every learner (at least {learners})."),
    "furniture.desks": ("столова {n}", "{n} desks"),
    "furniture.chairs": ("столица {n}", "{n} chairs"),
    "furniture.seats": ("места {n}", "{n} seats"),
    "p89.13.1.1.furniture": ("{counts} за {learners} полазника.", "{counts} for {learners} learners."),
    "p89.13.1.1.furniture_short": ("{counts} за {learners} полазника: недовољно ({short}).",
                                   "{counts} for {learners} learners: too few ({short})."),
    "p89.13.no_program": ("У просторији се не изводи ниједан програм са наведеним бројем полазника.",
                          "No program with a declared group size is held in the room."),
    "p89.13.1.2.manual": ("Специјализована учионица: намештај треба упоредити са захтевима програма.",
                          "Specialized classroom: the furniture needs comparing with the programs' requirements."),
    "p89.13.1.2.hint": ("Проверите намештај (фотографије, инвентар) према програмима који се изводе у учионици.",
                        "Check the furniture (photos, inventory) against the programs held in the room."),
    "p89.13.1.3.pass": ("{computers} рачунара за {learners} полазника и предавача, умрежени, софтвер у власништву.",
                        "{computers} computers for {learners} learners and the lecturer, networked, software owned."),
    "p89.13.1.3.fail": ("Учионица за рад на рачунару није опремљена како је прописано: {problems}.",
                        "The computer classroom is not equipped as required: {problems}."),
    "p89.13.1.3.hint": ("Потребно је најмање {needed} умрежених рачунара (по један за сваког полазника и један за "
                        "предавача) и софтвер у власништву организатора.",
                        "At least {needed} networked computers are needed (one per learner plus one for the "
                        "lecturer) and software owned by the organizer."),
    "prob.computers": ("рачунара {computers}, потребно {needed}", "{computers} computers, {needed} needed"),
    "prob.not_networked": ("рачунари нису умрежени (или то није наведено)", "computers not networked (or not "
                                                                            "declared)"),
    "prob.unlicensed": ("софтвер није у власништву организатора (или то није наведено)",
                        "software not owned by the organizer (or not declared)"),
    "p89.13.3.no_room": ("Програм обуке за рад на рачунару не изводи се у учионици за рад на рачунару.",
                         "The computer-training program is not held in a computer classroom."),
    "p89.13.3.no_room.hint": ("Изводите програм у учионици за рад на рачунару са опремом из члана 13. став 1. тачка 3).",
                              "Hold the program in a computer classroom equipped per Art. 13 para 1 item 3."),
    "p89.13.2.manual": ("Опрема учионица треба да одговара материјалним условима програма.",
                        "The rooms' equipment must match the programs' material conditions."),
    "p89.13.2.hint": ("Упоредите опрему учионица са елементом 15 сваког програма.",
                      "Compare the rooms' equipment with element 15 of each program."),
})


def _desks_and_chairs(room, s, learners: int):
    """Art. 13.1.1: a desk with a chair for every learner. v1 declares ``seats``; v1.1 may declare ``desks`` and
    ``chairs`` as well, and then each declared count must reach the group."""
    if room.desks is None and room.chairs is None:
        seats = room.seats if room.seats is not None else "—"
        return check(room.seats is not None and room.seats >= learners, "P89-13.1.1", s, "p89.13.1.1.pass",
                     "p89.13.1.1.fail", "p89.13.1.1.hint", seats=seats, learners=learners)
    counts = {"desks": room.desks, "chairs": room.chairs}
    if room.seats is not None:
        counts["seats"] = room.seats
    short = [t(f"furniture.{k}", n=v if v is not None else T("none")) for k, v in counts.items()
             if v is None or v < learners]
    shown = [t(f"furniture.{k}", n=v if v is not None else T("none")) for k, v in counts.items()]
    return check(not short, "P89-13.1.1", s, "p89.13.1.1.furniture", "p89.13.1.1.furniture_short",
                 "p89.13.1.1.hint", counts=shown, short=short, learners=learners)


def _computer_problems(room, learners: int) -> list:
    problems = []
    needed = learners + 1
    if room.computers is None or room.computers < needed:
        problems.append(t("prob.computers", computers=room.computers if room.computers is not None else T("none"),
                          needed=needed))
    if room.networked is not True:
        problems.append(T("prob.not_networked"))
    if room.licensed_software is not True:
        problems.append(T("prob.unlicensed"))
    return problems


def _computer_room(pid, ctx, room):
    s = subject("rooms", room.id)
    learners = ctx.learners(room.id)
    if learners is None:
        learners = room.seats
    if learners is None:
        return not_applicable(pid, s, "p89.13.no_program")
    problems = _computer_problems(room, learners)
    return check(not problems, pid, s, "p89.13.1.3.pass", "p89.13.1.3.fail", "p89.13.1.3.hint",
                 computers=room.computers, learners=learners, needed=learners + 1, problems=problems)


@P89.rule("P89-13.1.1", "P89-13.1.2", "P89-13.1.3", "P89-13.2", "P89-13.3")
def equipment(ctx):
    if ctx.programs:
        yield manual("P89-13.2", ORG, "p89.13.2.manual", "p89.13.2.hint")
    if not ctx.is_jpoa:
        for pid in ("P89-13.1.1", "P89-13.1.2", "P89-13.1.3"):
            yield ctx.na_kind(pid)
        for p in ctx.programs:
            if p.kind != 4:
                continue
            rooms = [ctx.rooms_by_id[r] for r in dict.fromkeys(p.rooms) if ctx.rooms_by_id[r].kind == "computer"]
            if not rooms:
                yield failed("P89-13.3", subject("programs", p.id), "p89.13.3.no_room", "p89.13.3.no_room.hint")
        computer_rooms = {r for p in ctx.programs if p.kind == 4 for r in p.rooms}
        for room in ctx.case.rooms:
            if room.id in computer_rooms and room.kind == "computer":
                yield _computer_room("P89-13.3", ctx, room)
        return
    yield ctx.na_kind("P89-13.3")
    for p in ctx.programs:
        if not p.rooms:  # not declared = not satisfied: no desk and chair can be shown for its learners
            yield failed("P89-13.1.1", subject("programs", p.id), "p89.no_rooms", "p89.no_rooms.hint")
    for room in ctx.case.rooms:
        s = subject("rooms", room.id)
        # Art. 11: every room a program is held in is a classroom, whatever kind it is filed as.
        if room.kind in ("classroom", "specialized", "computer") or room.id in ctx.taught_room_ids:
            learners = ctx.learners(room.id)
            if learners is None:
                yield not_applicable("P89-13.1.1", s, "p89.13.no_program")
            else:
                yield _desks_and_chairs(room, s, learners)
        if room.kind == "specialized":
            yield manual("P89-13.1.2", s, "p89.13.1.2.manual", "p89.13.1.2.hint")
        if room.kind == "computer":
            yield _computer_room("P89-13.1.3", ctx, room)


# --- Art. 14 ----------------------------------------------------------------------------------------------------

P("P89-14.1", "manual", sr="ЈПОА, односно школа обезбеђује одговарајућа наставна средства и опрему за реализацију "
                           "програма",
  en="The JPOA or school provides appropriate teaching aids and equipment for the programs")
P("P89-14.2", "auto",
  sr="ЈПОА обезбеђује услове за електронско вођење евиденције о полазницима, успеху, испитима, остваривању програма "
     "и кадру",
  en="A JPOA keeps electronic records of learners, their results, exams, program delivery and staff")
i18n.add({
    "p89.14.1.manual": ("Наставна средства и опрему треба упоредити са програмима.",
                        "Teaching aids and equipment need comparing with the programs."),
    "p89.14.1.hint": ("Проверите списак наставних средстава и опреме (инвентар, фотографије) према програмима.",
                      "Check the list of teaching aids and equipment (inventory, photos) against the programs."),
    "records.learners": ("полазници", "learners"),
    "records.results": ("успех полазника", "learners' results"),
    "records.exams": ("испити", "exams"),
    "records.program_delivery": ("остваривање програма", "delivery of the programs"),
    "records.staff": ("кадар који реализује програме", "the staff who deliver the programs"),
    "p89.14.2.all_kinds": ("ЈПОА електронски води евиденцију о полазницима, успеху, испитима, остваривању програма "
                           "и кадру.",
                           "The JPOA keeps electronic records of learners, results, exams, program delivery and "
                           "staff."),
    "p89.14.2.kinds_missing": ("Електронска евиденција није обезбеђена (или није наведена) за: {missing}.",
                               "Electronic records are not kept (or not declared) of: {missing}."),
    "p89.14.2.pass": ("ЈПОА води електронску евиденцију (на порталу).", "The JPOA keeps electronic records (in the "
                                                                         "portal)."),
    "p89.14.2.fail": ("Није обезбеђено електронско вођење евиденције (или то није наведено).",
                      "Electronic records are not kept (or it is not declared)."),
    "p89.14.2.hint": ("Водите евиденцију о полазницима, успеху, испитима, програмима и кадру електронски (нпр. на "
                      "порталу).",
                      "Keep the records of learners, results, exams, programs and staff electronically (e.g. in the "
                      "portal)."),
})


@P89.rule("P89-14.1", "P89-14.2")
def aids_and_records(ctx):
    yield manual("P89-14.1", ORG, "p89.14.1.manual", "p89.14.1.hint")
    if not ctx.is_jpoa:
        yield ctx.na_kind("P89-14.2")
    elif ctx.org.electronic_records_of is not None:  # v1.1: the five kinds of records, each declared
        kinds = ctx.org.electronic_records_of
        missing = [T(f"records.{k}") for k in RECORD_KINDS if getattr(kinds, k) is not True]
        yield check(not missing, "P89-14.2", ORG, "p89.14.2.all_kinds", "p89.14.2.kinds_missing",
                    "p89.14.2.hint", missing=missing)
    else:
        yield check(ctx.org.electronic_records is True, "P89-14.2", ORG, "p89.14.2.pass", "p89.14.2.fail",
                    "p89.14.2.hint")


# --- Art. 15 ----------------------------------------------------------------------------------------------------

P("P89-15.1", "auto",
  sr="Стручна пракса, практична настава и вежбе са другим ЈПОА или правним лицем из евиденције Завода за "
     "унапређивање образовања и васпитања, уз закључен посебан уговор",
  en="Practical work with another JPOA or an employer in the register of the Institute for the Improvement of "
     "Education, under a signed contract")
i18n.add({
    "p89.15.1.pass": ("Уговор о практичном раду је закључен{register}.",
                      "A practical-work contract is signed{register}."),
    "p89.15.1.pass_forms": ("Уговор о практичном раду је закључен{register}; облици рада: {forms}.",
                            "A practical-work contract is signed{register}; forms of work: {forms}."),
    "practical.professional_practice": ("стручна пракса", "professional practice"),
    "practical.practical_teaching": ("практична настава", "practical teaching"),
    "practical.exercises": ("вежбе", "exercises"),
    "prob.no_practical_form": ("није наведен ниједан облик практичног рада (стручна пракса, практична настава, "
                               "вежбе)",
                               "no form of practical work is named (professional practice, practical teaching, "
                               "exercises)"),
    "p89.15.1.in_register": ("; правно лице је у евиденцији ЗУОВ", "; the employer is in the ZUOV register"),
    "p89.15.1.fail": ("Сарадња није у складу са чланом 15: {problems}.", "The partnership breaks Art. 15: {problems}."),
    "p89.15.1.hint": ("Закључите посебан уговор; правно лице мора бити у евиденцији Завода за унапређивање образовања "
                      "и васпитања.",
                      "Sign a dedicated contract; an employer must be in the register of the Institute for the "
                      "Improvement of Education."),
    "prob.no_contract": ("посебан уговор није закључен (или није наведен)", "no signed contract (or not declared)"),
    "prob.not_in_register": ("правно лице није у евиденцији ЗУОВ (или то није наведено)",
                             "the employer is not in the ZUOV register (or not declared)"),
    "prob.partner_kind": ("није наведено да ли је партнер ЈПОА или правно лице", "the partner's kind is not declared"),
    "prob.primary": ("члан 15. предвиђа сарадњу само за ЈПОА и средњу школу",
                     "Art. 15 provides for partners only to JPOAs and secondary schools"),
})


@P89.rule("P89-15.1")
def partners(ctx):
    for partner in ctx.case.partners:
        problems = []
        if ctx.kind == "primary_school":
            problems.append(T("prob.primary"))
        if partner.contract_signed is not True:
            problems.append(T("prob.no_contract"))
        if partner.kind is None:
            problems.append(T("prob.partner_kind"))
        elif partner.kind == "employer" and partner.in_zuov_register is not True:
            problems.append(T("prob.not_in_register"))
        if partner.practical_forms is not None and not partner.practical_forms:  # v1.1: declared, but empty
            problems.append(T("prob.no_practical_form"))
        register = T("p89.15.1.in_register") if partner.kind == "employer" else ""
        s = subject("partners", partner.id)
        if problems:
            yield failed("P89-15.1", s, "p89.15.1.fail", "p89.15.1.hint", problems=problems)
        elif partner.practical_forms:
            yield passed("P89-15.1", s, "p89.15.1.pass_forms", register=register,
                         forms=[T(f"practical.{f}") for f in dict.fromkeys(partner.practical_forms)])
        else:
            yield passed("P89-15.1", s, "p89.15.1.pass", register=register)
