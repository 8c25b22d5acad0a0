"""Art. 7 (staff) and Art. 8 (scale: responsible person, at most three programs per instructor)."""

from __future__ import annotations

from .. import i18n
from ..dates import add_months
from ..facts import ADULT_ED_TOPICS, ASSOCIATE_ROLES
from ..findings import ORG, check, failed, manual, not_applicable, passed, subject
from ..i18n import T
from .ruleset import P89

P = P89.provide

P("P89-7.1.1", "auto",
  sr="ЈПОА има извођаче програма (предавач, тренер, водитељ, инструктор) са одговарајућим образовањем утврђеним "
     "стандардом квалификације и програмом",
  en="A JPOA has instructors (lecturer, trainer, facilitator, instructor) whose education matches the qualification "
     "standard and the program")
P("P89-7.1.2", "auto", sr="ЈПОА има стручног сарадника андрагога, психолога и библиотекара",
  en="A JPOA has an andragogue, a psychologist and a librarian as professional associates")
P("P89-7.2", "manual",
  sr="У школи програме реализују наставници и стручни сарадници са образовањем у складу са правилницима о степену "
     "и врсти образовања у основној и средњој школи",
  en="In schools, programs are delivered by teachers and associates qualified per the school bylaws")
P("P89-7.3", "auto",
  sr="Ако није могуће ангажовати стручног сарадника андрагога, психолога и библиотекара, процењује се оправданост "
     "одступања",
  en="Where an andragogue, psychologist or librarian cannot be engaged, the justification of the deviation is "
     "assessed")
P("P89-7.4", "auto",
  sr="Кадар у року од шест месеци од стицања статуса ЈПОА стиче компетенције за рад са одраслима кроз програме "
     "стручног усавршавања",
  en="Within six months of gaining JPOA status, staff acquire adult-education competences through professional "
     "development")
P("P89-7.5", "auto",
  sr="Услов из става 4. испуњава кадар са формалним образовањем из андрагогије, савладаним програмом стручног "
     "усавршавања или потврдом струковног удружења андрагога; кадар програма страних језика се континуирано "
     "усавршава (калибрација по ЗЕО)",
  en="Para 4 is met by formal andragogy education, a completed professional-development program or a certificate of "
     "the andragogues' association; foreign-language staff keep calibrating to the CEFR")
P("P89-7.6", "manual",
  sr="Кадар који спроводи признавање претходног учења испуњава услове подзаконског акта о том поступку",
  en="Staff running recognition of prior learning meet the RPL bylaw")
P("P89-7.7", "manual",
  sr="Кадар за каријерно вођење и саветовање утврђује се према стандардима услуга каријерног вођења и саветовања",
  en="Career-guidance staff are set per the career-guidance service standards")

COMPETENCE_OK = ("andragogy_degree", "pd_program", "association_certificate")
i18n.add({
    "comp.andragogy_degree": ("формално образовање из андрагогије", "formal education in andragogy"),
    "comp.pd_program": ("савладан програм стручног усавршавања за образовање одраслих",
                        "a completed professional-development program for adult education"),
    "comp.association_certificate": ("потврда струковног удружења андрагога",
                                     "a certificate of the professional association of andragogues"),
    "comp.in_training": ("у току обуке", "in training"),
    "comp.none": ("без компетенција за рад са одраслима", "no adult-education competence"),
    "comp.undeclared": ("није наведено", "not declared"),
    "p89.7.1.1.none": ("Програм нема ниједног извођача.", "The program has no instructor."),
    "p89.7.1.1.none.hint": ("Наведите извођаче програма.", "List the program's instructors."),
    "p89.7.1.1.fail": ("Образовање извођача не одговара програму или није наведено: {persons}.",
                       "Instructors whose education does not match or is not declared: {persons}."),
    "p89.7.1.1.fail.hint": ("Ангажујте извођаче чије образовање одговара стандарду квалификације и програму и то "
                            "наведите.",
                            "Engage instructors whose education matches the qualification standard and the program, "
                            "and declare it."),
    "p89.7.1.1.manual": ("Извођачи {persons} изјављују одговарајуће образовање.",
                         "Instructors {persons} declare matching education."),
    "p89.7.1.1.manual.hint": ("Упоредите дипломе извођача са стандардом квалификације и програмом.",
                              "Compare the instructors' diplomas with the qualification standard and the program."),
    "p89.7.1.2.pass": ("Стручни сарадник ({role}): {persons}.", "Professional associate ({role}): {persons}."),
    "p89.7.1.2.fail": ("ЈПОА нема стручног сарадника: {role}.",
                              "The JPOA has no professional associate: {role}."),
    "p89.7.assoc.school.fail": ("Школа нема стручног сарадника: {role}.",
                                "The school has no professional associate: {role}."),
    "p89.7.1.unengaged": ("Није наведено да ли су извођачи у радном односу или радно ангажовани по другом основу: "
                          "{persons}.",
                          "Not declared whether these instructors are employed or engaged on another basis: "
                          "{persons}."),
    "p89.7.1.unengaged.hint": ("Наведите радни однос (пуно или непуно радно време) или други основ ангажовања.",
                               "Declare the employment (full or part time) or the other basis of engagement."),
    "p89.7.1.2.unengaged": ("Стручни сарадник ({role}) {persons}: није наведено да ли је у радном односу или радно "
                            "ангажован по другом основу.",
                            "Professional associate ({role}) {persons}: not declared whether employed or engaged "
                            "on another basis."),
    "p89.7.1.2.hint": ("Ангажујте стручног сарадника ({role}) или у пријави, у делу „Стручни сарадници које не "
                       "можете ангажовати”, образложите зашто то није могуће (члан 7. став 3.).",
                       "Engage a professional associate ({role}), or explain in the application, under “Associates you "
                       "cannot engage”, why none can be engaged (Art. 7 para 3)."),
    "p89.7.1.2.manual": ("ЈПОА нема стручног сарадника ({role}), али је одступање образложено (члан 7. "
                                "став 3.).",
                                "The JPOA has no professional associate ({role}), but the deviation is justified "
                                "(Art. 7 para 3)."),
    "p89.7.assoc.school.manual": ("Школа нема стручног сарадника ({role}), али је одступање образложено (члан 7. "
                                  "став 3.).",
                                  "The school has no professional associate ({role}), but the deviation is "
                                  "justified (Art. 7 para 3)."),
    "p89.7.1.2.manual.hint": ("Оцените образложење према члану 7. став 3.",
                              "Assess the justification under Art. 7 para 3."),
    "p89.7.2.manual": ("Школа реализује програме својим наставницима и стручним сарадницима.",
                       "The school delivers programs with its teachers and associates."),
    "p89.7.2.hint": ("Проверите да образовање наставника и стручних сарадника одговара правилницима о степену и "
                     "врсти образовања (дипломе, решења о распоређивању).",
                     "Check the teachers' and associates' education against the school bylaws (diplomas, "
                     "assignment decisions)."),
    "p89.7.3.manual": ("Одступање ({role}) образложено: „{reason}”.", "Deviation ({role}) justified as: \"{reason}\"."),
    "p89.7.3.hint": ("Оцените да ли је образложење оправдано (нпр. докази о безуспешним огласима).",
                     "Assess whether the justification holds (e.g. evidence of unsuccessful job adverts)."),
    "p89.7.3.moot": ("Образложење одступања ({role}) није потребно: сарадник је ангажован.",
                     "No deviation ({role}) to justify: the associate is engaged."),
    "p89.7.4.pass": ("Компетенције за рад са одраслима: {competence}.", "Adult-education competence: {competence}."),
    "p89.7.4.pending": ("Компетенције за рад са одраслима: {competence}; рок за стицање је шест месеци од стицања "
                        "статуса ({deadline}).",
                        "Adult-education competence: {competence}; the deadline is six months after the status "
                        "is granted ({deadline})."),
    "p89.7.4.pending.hint": ("Пратите да кадар заврши обуку о седам тема из члана 7. став 4. до рока.",
                             "Follow up that the staff member completes training on the seven topics of Art. 7 "
                             "para 4 by the deadline."),
    "p89.7.4.not_granted": ("рок тече од дана стицања статуса", "the period runs from the day status is granted"),
    "p89.7.4.fail": ("Компетенције за рад са одраслима: {competence}; рок је истекао {deadline}.",
                     "Adult-education competence: {competence}; the deadline passed on {deadline}."),
    "p89.7.4.fail.hint": ("Кадар мора стећи компетенције за рад са одраслима (члан 7. став 4.) или бити замењен.",
                          "The staff member must acquire adult-education competences (Art. 7 para 4) or be "
                          "replaced."),
    "topic.learning_principles": ("основни принципи, карактеристике и стилови учења одраслих",
                                  "basic principles, characteristics and styles of adult learning"),
    "topic.motivation": ("мотивација у учењу одраслих", "motivation in adult learning"),
    "topic.group_management": ("управљање образовном групом", "managing a learning group"),
    "topic.interactive_methods": ("методе и технике интерактивног образовног рада са одраслима",
                                  "methods and techniques of interactive work with adults"),
    "topic.assessment": ("методе и технике процене постигнућа полазника",
                         "methods and techniques of assessing learners' achievement"),
    "topic.planning_individualisation": ("планирање, организација и индивидуализација образовног процеса",
                                         "planning, organising and individualising the learning process"),
    "topic.evaluation": ("евалуација образовног процеса", "evaluation of the learning process"),
    "p89.7.4.topics": ("Компетенције за рад са одраслима стечене из свих седам области члана 7. став 4. (последња "
                       "{last}).",
                       "Adult-education competences acquired in all seven areas of Art. 7 para 4 (the last on "
                       "{last})."),
    "p89.7.4.topics_fail": ("Рок за компетенције за рад са одраслима истекао је {deadline}; нису стечене: "
                            "{missing}; стечене после рока: {late}.",
                            "The deadline for adult-education competences passed on {deadline}; not acquired: "
                            "{missing}; acquired after the deadline: {late}."),
    "p89.7.4.topics_pending": ("Компетенције за рад са одраслима још нису стечене из области: {missing}; рок "
                               "({deadline}) још тече.",
                               "Adult-education competences still to be acquired in: {missing}; the deadline "
                               "({deadline}) has not passed."),
    "p89.7.5.evidence": ("Сматра се да испуњава услов из става 4: {competence}.",
                         "Deemed to meet para 4 by: {competence}."),
    "p89.7.5.calibrated": ("Извођач програма страног језика се континуирано усавршава (калибрација по ЗЕО).",
                           "The foreign-language instructor keeps calibrating to the CEFR."),
    "p89.7.5.not_calibrated": ("Извођач програма страног језика ({programs}) не наводи калибрацију по ЗЕО.",
                               "The foreign-language instructor ({programs}) declares no CEFR calibration."),
    "p89.7.5.hint": ("Наведите континуирано усавршавање за примену нивоа ЗЕО (калибрацију).",
                     "Declare continuous training in applying the CEFR levels (calibration)."),
    "p89.7.6.manual": ("Организација спроводи признавање претходног учења.",
                       "The organization runs recognition of prior learning."),
    "p89.7.6.hint": ("Проверите да кадар за признавање претходног учења испуњава услове подзаконског акта.",
                     "Check that RPL staff meet the conditions of the RPL bylaw."),
    "p89.7.7.manual": ("Организација пружа каријерно вођење и саветовање.",
                       "The organization provides career guidance and counselling."),
    "p89.7.7.hint": ("Проверите кадар према стандардима услуга каријерног вођења и саветовања.",
                     "Check the staff against the career-guidance service standards."),
})


def _competence(s) -> T:
    return T(f"comp.{s.adult_ed_competence}" if s.adult_ed_competence else "comp.undeclared")


@P89.rule("P89-7.1.1", "P89-7.1.2", "P89-7.2", "P89-7.3")
def staff_and_associates(ctx):
    deviations = ctx.case.associate_deviations
    if ctx.is_jpoa:
        for p in ctx.programs:
            s = subject("programs", p.id)
            if not p.instructors:
                yield failed("P89-7.1.1", s, "p89.7.1.1.none", "p89.7.1.1.none.hint")
                continue
            people = list(dict.fromkeys(p.instructors))
            bad = [sid for sid in people if ctx.staff_by_id[sid].education_matches is not True]
            unengaged = [sid for sid in people if ctx.staff_by_id[sid].engagement is None]
            if bad:
                yield failed("P89-7.1.1", s, "p89.7.1.1.fail", "p89.7.1.1.fail.hint", persons=bad)
            if unengaged:  # para 1: employed or engaged on another basis; not declared = not satisfied
                yield failed("P89-7.1.1", s, "p89.7.1.unengaged", "p89.7.1.unengaged.hint", persons=unengaged)
            if not bad and not unengaged:
                yield manual("P89-7.1.1", s, "p89.7.1.1.manual", "p89.7.1.1.manual.hint", persons=people)
        yield ctx.na_kind("P89-7.2")
    else:
        yield ctx.na_kind("P89-7.1.1")
        yield ctx.na_kind("P89-7.1.2")
        yield manual("P89-7.2", ORG, "p89.7.2.manual", "p89.7.2.hint")
    # Associates: a JPOA's under para 1 item 2 (P89-7.1.2), a school's under para 2 item 2 (P89-7.2). Para 3 allows
    # the deviation to "ЈПОА, основна или средња школа" alike, so a school without an associate and without a
    # justification fails as a JPOA does.
    pid, fail_key, manual_key = (("P89-7.1.2", "p89.7.1.2.fail", "p89.7.1.2.manual") if ctx.is_jpoa else
                                 ("P89-7.2", "p89.7.assoc.school.fail", "p89.7.assoc.school.manual"))
    for role in ASSOCIATE_ROLES:
        s = subject("associates", role)
        with_role = ctx.with_role(role)
        # A JPOA's associate counts when employed or otherwise engaged (para 1); an engagement not declared is not
        # satisfied, as an education match not declared is not (7.1.1). A school's staff are its own (para 2).
        present = [st.id for st in with_role if not ctx.is_jpoa or st.engagement is not None]
        unengaged = [st.id for st in with_role if ctx.is_jpoa and st.engagement is None]
        reason = getattr(deviations, role) if deviations else None
        reason = reason.strip() if reason and reason.strip() else None
        role_t = T(f"role.{role}")
        if present:
            yield passed(pid, s, "p89.7.1.2.pass", role=role_t, persons=present)
        elif reason:
            yield manual(pid, s, manual_key, "p89.7.1.2.manual.hint", role=role_t)
        elif unengaged:
            yield failed(pid, s, "p89.7.1.2.unengaged", "p89.7.1.2.hint", role=role_t, persons=unengaged)
        else:
            yield failed(pid, s, fail_key, "p89.7.1.2.hint", role=role_t)
        if reason and not present:
            yield manual("P89-7.3", s, "p89.7.3.manual", "p89.7.3.hint", role=T(f"role.{role}"), reason=reason)
        elif reason:
            yield not_applicable("P89-7.3", s, "p89.7.3.moot", role=T(f"role.{role}"))


def _topics(ctx, st, s, deadline):
    """Art. 7.4 from the seven topics: each completed (on or before the case's date) — by the deadline, six months
    after the status was granted. All seven in time: pass; a topic missing or late after the deadline: fail;
    before the deadline (or with no status yet): manual, naming what remains."""
    done: dict[str, object] = {}
    for item in st.competence_topics:
        if item.completed_on is not None and item.completed_on <= ctx.case.date:
            done[item.topic] = min(done.get(item.topic, item.completed_on), item.completed_on)
    missing = [T(f"topic.{k}") for k in ADULT_ED_TOPICS if k not in done]
    late = [T(f"topic.{k}") for k in ADULT_ED_TOPICS if deadline is not None and k in done and done[k] > deadline]
    if not missing and not late:
        return passed("P89-7.4", s, "p89.7.4.topics", last=max(done.values()))
    if deadline is not None and ctx.case.date > deadline:
        return failed("P89-7.4", s, "p89.7.4.topics_fail", "p89.7.4.fail.hint", missing=missing or T("none"),
                      late=late or T("none"), deadline=deadline)
    return manual("P89-7.4", s, "p89.7.4.topics_pending", "p89.7.4.pending.hint", missing=missing,
                  deadline=deadline or T("p89.7.4.not_granted"))


@P89.rule("P89-7.4", "P89-7.5", "P89-7.6", "P89-7.7")
def staff_competences(ctx):
    granted = ctx.org.status_granted_on
    deadline = add_months(granted, 6) if granted else None
    language_programs: dict[str, list[str]] = {}
    for p in ctx.programs:
        if p.kind == 5:
            for sid in dict.fromkeys(p.instructors):
                language_programs.setdefault(sid, []).append(p.id)
    for st in ctx.case.staff:
        s = subject("staff", st.id)
        comp = _competence(st)
        if st.adult_ed_competence in COMPETENCE_OK:
            yield passed("P89-7.4", s, "p89.7.4.pass", competence=comp)
            yield passed("P89-7.5", s, "p89.7.5.evidence", competence=comp)
        elif st.competence_topics is not None:  # v1.1: topic by topic, with the dates they were completed
            yield _topics(ctx, st, s, deadline)
        elif deadline is not None and ctx.case.date > deadline:
            yield failed("P89-7.4", s, "p89.7.4.fail", "p89.7.4.fail.hint", competence=comp, deadline=deadline)
        else:
            yield manual("P89-7.4", s, "p89.7.4.pending", "p89.7.4.pending.hint", competence=comp,
                         deadline=deadline or T("p89.7.4.not_granted"))
        if st.id in language_programs:
            yield check(st.cefr_calibration is True, "P89-7.5", s, "p89.7.5.calibrated", "p89.7.5.not_calibrated",
                        "p89.7.5.hint", programs=language_programs[st.id])
    if "A-RPL" in ctx.activities:
        yield manual("P89-7.6", ORG, "p89.7.6.manual", "p89.7.6.hint")
    if "A-CAREER" in ctx.activities:
        yield manual("P89-7.7", ORG, "p89.7.7.manual", "p89.7.7.hint")


# --- Art. 8 -----------------------------------------------------------------------------------------------------

P("P89-8.1", "auto",
  sr="ЈПОА који остварује више од три програма у оквиру једне активности има одговорно лице за образовање одраслих и "
     "сразмеран број извођача, тако да један извођач не реализује више од три програма",
  en="A JPOA running more than three programs within one activity has a person responsible for adult education and "
     "enough instructors that none delivers more than three programs")

i18n.add({
    "p89.8.1.na": ("Ниједна активност нема више од три програма (највише {count}).",
                   "No activity has more than three programs (at most {count})."),
    "p89.8.1.resp.pass": ("Активности са више од три програма: {activities}; одговорно лице: {persons}.",
                          "Activities with more than three programs: {activities}; responsible person: {persons}."),
    "p89.8.1.resp.fail": ("Активности са више од три програма: {activities}; нема одговорног лица за образовање "
                          "одраслих у радном односу са пуним радним временом или ангажованог по другом основу.",
                          "Activities with more than three programs: {activities}; no person responsible for adult "
                          "education is employed full time or otherwise engaged."),
    "p89.8.1.resp.hint": ("Ангажујте одговорно лице за образовање одраслих (пуно радно време или уговор).",
                          "Engage a person responsible for adult education (full time or by contract)."),
    "p89.8.1.load.pass": ("Ниједан извођач не реализује више од три програма (највише {count}).",
                          "No instructor delivers more than three programs (at most {count})."),
    "p89.8.1.load.fail": ("Извођач реализује {count} програма: {programs}.",
                          "The instructor delivers {count} programs: {programs}."),
    "p89.8.1.load.hint": ("Расподелите програме тако да један извођач реализује највише три.",
                          "Spread the programs so that no instructor delivers more than three."),
})


@P89.rule("P89-8.1")
def scale(ctx):
    if not ctx.is_jpoa:
        yield ctx.na_kind("P89-8.1")
        return
    counts: dict[str, int] = {}
    for p in ctx.programs:
        counts[p.activity] = counts.get(p.activity, 0) + 1
    over = sorted(a for a, n in counts.items() if n > 3)
    if not over:
        yield not_applicable("P89-8.1", ORG, "p89.8.1.na", count=max(counts.values(), default=0))
        return
    responsible = [s.id for s in ctx.with_role("responsible_person")
                   if s.engagement in ("employed_full_time", "engaged")]
    yield check(bool(responsible), "P89-8.1", ORG, "p89.8.1.resp.pass", "p89.8.1.resp.fail", "p89.8.1.resp.hint",
                activities=over, persons=responsible)
    loads = {sid: progs for sid, progs in ctx.programs_by_instructor.items()}
    overloaded = False
    for sid, progs in loads.items():
        if len(progs) > 3:
            overloaded = True
            yield failed("P89-8.1", subject("staff", sid), "p89.8.1.load.fail", "p89.8.1.load.hint",
                         count=len(progs), programs=[p.id for p in progs])
    if not overloaded:
        yield passed("P89-8.1", ORG, "p89.8.1.load.pass", count=max((len(v) for v in loads.values()), default=0))
