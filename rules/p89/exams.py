"""Art. 5 (exams and commissions) and Art. 6 (exam structure and grading)."""

from __future__ import annotations

from .. import i18n
from ..findings import check, failed, manual, passed, subject
from ..i18n import T, t
from ..translit import fold
from .ruleset import P89

P = P89.provide

# --- Art. 5 -----------------------------------------------------------------------------------------------------

P("P89-5.1", "auto",
  sr="Провера савладаности програма којим се стичу стручне компетенције обавља се на испиту за проверу стручних "
     "компетенција",
  en="A program giving professional competences ends with a professional-competence exam")
P("P89-5.2", "auto",
  sr="Испит за стицање квалификације састоји се из испита за проверу кључних и испита за проверу стручних компетенција",
  en="The exam for a qualification consists of a key-competence exam and a professional-competence exam")
P("P89-5.3", "auto",
  sr="Испитна комисија коју формира ЈПОА односно средња школа има непаран број чланова, најмање два стручњака из "
     "одговарајуће области, од којих је један председник",
  en="The professional-exam commission, formed by the JPOA or secondary school, has an odd number of members and at "
     "least two experts of the field, one of whom chairs it")
P("P89-5.4", "auto",
  sr="Комисију за испит кључних компетенција формира основна односно средња школа; чине је наставници одговарајућих "
     "предмета, од којих је један председник",
  en="The key-competence exam commission is formed by a primary or secondary school, of teachers of the relevant "
     "subjects, one of whom chairs it")
P("P89-5.5", "auto",
  sr="Председник и члан испитне комисије не може да буде наставник, извођач програма или друго стручно лице које је "
     "остваривало програм",
  en="Neither chair nor member of an exam commission may be a teacher, instructor or other professional who delivered "
     "the program")
P("P89-5.6", "auto",
  sr="Полазнику који положи испит издаје се уверење или јавна исправа; за квалификацију јавну исправу издаје школа",
  en="A learner who passes gets a certificate or public document; for a qualification the school issues the public "
     "document")
P("P89-5.7", "auto",
  sr="Провера савладаности програма страних језика у складу са стандардима нивоа Заједничког европског оквира",
  en="Foreign-language programs are assessed per the CEFR level standards")
P("P89-5.8", "auto",
  sr="Провера савладаности програма обуке за рад на рачунару у складу са стандардом ECDL",
  en="Computer-training programs are assessed per the ECDL standard")

i18n.add({
    "p89.5.1.pass": ("Програм завршава испитом за проверу стручних компетенција.",
                     "The program ends with a professional-competence exam."),
    "p89.5.1.fail": ("Програм стручних компетенција не предвиђа испит за проверу стручних компетенција.",
                     "The professional-competence program plans no professional-competence exam."),
    "p89.5.1.hint": ("Предвидите испит за проверу стручних компетенција.", "Plan a professional-competence exam."),
    "p89.5.2.pass": ("Испит за квалификацију обухвата испит кључних и испит стручних компетенција.",
                     "The qualification exam comprises a key-competence and a professional-competence exam."),
    "p89.5.2.fail": ("Испит за квалификацију не обухвата оба дела (кључне и стручне компетенције).",
                     "The qualification exam lacks one of its parts (key and professional competences)."),
    "p89.5.2.hint": ("Предвидите и испит кључних и испит стручних компетенција.",
                     "Plan both the key-competence and the professional-competence exam."),
    "p89.5.comm.pass": ("Комисија: {members} чланова, од тога стручњака {experts}; председник {chair}.",
                        "Commission: {members} members, {experts} of them experts; chair {chair}."),
    "p89.5.comm.fail": ("Састав комисије није у складу са правилником: {problems}.",
                        "The commission's composition breaks the rulebook: {problems}."),
    "p89.5.3.hint": ("Комисија за испит стручних компетенција: непаран број чланова (нпр. 3), најмање два стручњака "
                     "из области, један стручњак је председник; формира је ЈПОА или средња школа.",
                     "A professional-exam commission: an odd number of members (e.g. 3), at least two experts of the "
                     "field, one expert chairs it; formed by the JPOA or a secondary school."),
    "p89.5.4.hint": ("Комисију за испит кључних компетенција формира школа од наставника одговарајућих предмета; "
                     "један од њих је председник.",
                     "A key-competence commission is formed by a school of teachers of the relevant subjects; "
                     "one of them chairs it."),
    "prob.exam_kind": ("није наведено за који испит је комисија", "the commission's exam is not declared"),
    "prob.formed_by": ("комисију не може формирати {formed_by}", "it may not be formed by {formed_by}"),
    "prob.formed_by_missing": ("није наведено ко формира комисију", "who formed it is not declared"),
    "prob.even": ("паран број чланова ({members})", "an even number of members ({members})"),
    "prob.experts": ("стручњака има {experts}, потребно најмање 2", "{experts} experts, at least 2 needed"),
    "prob.chairs": ("председника има {chairs}, потребан тачно један", "{chairs} chairs, exactly one needed"),
    "prob.chair_not_expert": ("председник није стручњак из области", "the chair is not an expert of the field"),
    "prob.not_teachers": ("нису наставници: {persons}", "not teachers: {persons}"),
    "prob.no_members": ("комисија нема чланова", "the commission has no members"),
    "prob.other_field": ("стручњаци друге области од области програма ({field}): {persons}",
                         "experts of a field other than the program's ({field}): {persons}"),
    "prob.same_person": ("исто лице наведено је више пута: {persons}",
                         "the same person is named more than once: {persons}"),
    "p89.5.5.pass": ("Ниједан члан комисије није остваривао програм {program}.",
                     "No member of the commission delivered program {program}."),
    "p89.5.5.fail": ("Чланови комисије који су остваривали програм {program}: {persons}.",
                     "Commission members who delivered program {program}: {persons}."),
    "p89.5.5.hint": ("Замените чланове који су остваривали програм лицима која га нису остваривала.",
                     "Replace members who delivered the program with persons who did not."),
    "p89.5.5.manual": ("Комисија није повезана са програмом, па се сукоб не може проверити аутоматски.",
                       "The commission names no program, so conflicts cannot be checked automatically."),
    "p89.5.5.manual.hint": ("Проверите да ниједан члан није остваривао програм (распоред наставе, уговори извођача).",
                            "Check that no member delivered the program (teaching schedule, instructors' contracts)."),
    "p89.5.6.pass": ("Полазнику који положи издаје се: {document}.", "A learner who passes receives: {document}."),
    "p89.5.6.no_document": ("Програм не наводи назив уверења или јавне исправе која се издаје.",
                            "The program does not name the certificate or public document it issues."),
    "p89.5.6.not_school": ("Јавну исправу за квалификацију издаје школа, а не {kind}.",
                           "The public document for a qualification is issued by a school, not a {kind}."),
    "p89.5.6.hint": ("Наведите уверење или јавну исправу (елемент 18); за квалификацију исправу издаје школа.",
                     "Name the certificate or public document (element 18); for a qualification a school issues it."),
    "doc.certificate": ("уверење", "certificate (уверење)"),
    "doc.public_document": ("јавна исправа", "public document (јавна исправа)"),
    "doc.attestation": ("потврда", "attestation (потврда)"),
    "p89.5.6.wrong_kind": ("Програм издаје „{document}” као {kind}; после испита издаје се: {allowed}.",
                           "The program issues \"{document}\" as {kind}; after the exam the document is: {allowed}."),
    "p89.5.6.kind_hint": ("Полазнику који положи испит издаје се уверење или јавна исправа (за квалификацију јавна "
                          "исправа); потврда је за програме на којима се не стичу компетенције.",
                          "A learner who passes the exam gets a certificate or a public document (for a "
                          "qualification, a public document); an attestation is for programs giving no "
                          "competences."),
    "p89.5.7.pass": ("Провера савладаности се спроводи према нивоима ЗЕО: {levels}.",
                     "Assessment follows the CEFR levels: {levels}."),
    "p89.5.7.fail": ("Провера савладаности програма страног језика није описана према нивоима ЗЕО.",
                     "The foreign-language program's assessment is not described against CEFR levels."),
    "p89.5.7.hint": ("Опишите поступак провере (елемент 12) и наведите нивое ЗЕО (A1–C2).",
                     "Describe the assessment (element 12) and name the CEFR levels (A1–C2)."),
    "p89.5.8.pass": ("Провера савладаности се спроводи према модулима ECDL: {modules}.",
                     "Assessment follows the ECDL modules: {modules}."),
    "p89.5.8.fail": ("Провера савладаности програма обуке за рад на рачунару није описана према стандарду ECDL.",
                     "The computer program's assessment is not described against the ECDL standard."),
    "p89.5.8.hint": ("Опишите поступак провере (елемент 12) и наведите модуле ECDL.",
                     "Describe the assessment (element 12) and name the ECDL modules."),
})
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


def _allowed_documents(p) -> tuple[str, ...]:
    """Art. 5.6: a passed professional exam gives an уверење or a јавна исправа; a passed qualification exam (key
    and professional) a јавна исправа, from the school; a потврда is for programs giving no competences
    (Art. 4.1.18), so never after these exams."""
    if p.activity == "A-QUAL":
        return ("public_document",)
    return ("certificate", "public_document")


def _document_kind_ok(p) -> bool:
    return p.document_kind in _allowed_documents(p)


def _has(text) -> bool:
    return bool(text and text.strip())


def person_key(ctx, person: str) -> str:
    """A staff id as it is; any other name folded (script, case, diacritics, spaces): "Марко Кувар", "marko
    kuvar" and "MARKO  KUVAR" are one person."""
    return person if person in ctx.staff_by_id else "~" + fold(person)


def people_of(ctx, c) -> list[list]:
    """The members of a commission grouped by person: the same identifier (v1.1) is the same person; otherwise the
    same staff id or normalized name is, unless both carry different identifiers (namesakes). Computed once per
    commission and evaluation (exam results ask for it again)."""
    cache = ctx.__dict__.setdefault("_people_of", {})
    if c.id in cache:
        return cache[c.id]
    groups: list[list] = []
    for m in c.members:
        ident = normalize_identifier(m.identifier) if m.identifier else None
        key = person_key(ctx, m.person)
        for group in groups:
            other = group[0]
            other_ident = normalize_identifier(other.identifier) if other.identifier else None
            if (ident and ident == other_ident) or (key == person_key(ctx, other.person)
                                                    and not (ident and other_ident and ident != other_ident)):
                group.append(m)
                break
        else:
            groups.append([m])
    cache[c.id] = groups
    return groups


def normalize_identifier(raw: str) -> str:
    """"p-123 456" and "P123456" are the same document number."""
    return "".join(ch for ch in raw if ch.isalnum()).upper()


def _is_expert(m, program) -> bool:
    """An expert "of the relevant field": declared expert, and (v1.1) of the program's field when both are named."""
    if m.expert is not True:
        return False
    if m.field is None or program is None or program.field is None:
        return True
    return fold(m.field) == fold(program.field)


def _commission_problems(ctx, c, exam: str) -> list:
    problems = []
    groups = people_of(ctx, c)
    program = ctx.programs_by_id.get(c.program) if c.program else None
    # One person is one member, one chair, one expert however often listed.
    chairs = [g for g in groups if any(m.chair is True for m in g)]
    allowed = ("jpoa", "secondary_school") if exam == "professional" else ("primary_school", "secondary_school")
    if c.formed_by is None:
        problems.append(T("prob.formed_by_missing"))
    elif c.formed_by not in allowed:
        problems.append(t("prob.formed_by", formed_by=T(f"org.{c.formed_by}")))
    if not groups:
        problems.append(T("prob.no_members"))
    repeated = [g[0].person for g in groups if len(g) > 1]
    if repeated:
        problems.append(t("prob.same_person", persons=repeated))
    if len(chairs) != 1:
        problems.append(t("prob.chairs", chairs=len(chairs)))
    if exam == "professional":
        experts = [g for g in groups if any(_is_expert(m, program) for m in g)]
        other_field = [g[0].person for g in groups
                       if any(m.expert is True for m in g) and not any(_is_expert(m, program) for m in g)]
        if len(groups) % 2 == 0 and groups:
            problems.append(t("prob.even", members=len(groups)))
        if len(experts) < 2:
            problems.append(t("prob.experts", experts=len(experts)))
        if other_field:
            problems.append(t("prob.other_field", persons=other_field, field=program.field))
        if len(chairs) == 1 and chairs[0] not in experts:
            problems.append(T("prob.chair_not_expert"))
    else:
        not_teachers = [g[0].person for g in groups if not any(m.teacher is True for m in g)]
        if not_teachers:
            problems.append(t("prob.not_teachers", persons=not_teachers))
    return problems


@P89.rule("P89-5.1", "P89-5.2", "P89-5.3", "P89-5.4", "P89-5.5", "P89-5.6", "P89-5.7", "P89-5.8")
def exams_and_commissions(ctx):
    for p in ctx.programs:
        s = subject("programs", p.id)
        exam = p.exam
        professional = bool(exam and exam.professional is True)
        key = bool(exam and exam.key_competences is True)
        if p.activity == "A-COMP":
            yield check(professional, "P89-5.1", s, "p89.5.1.pass", "p89.5.1.fail", "p89.5.1.hint")
        if p.activity == "A-QUAL":
            yield check(professional and key, "P89-5.2", s, "p89.5.2.pass", "p89.5.2.fail", "p89.5.2.hint")
        if professional or key or p.activity == "A-QUAL":
            document = p.elements.document_name if p.elements else None
            if not _has(document):
                yield failed("P89-5.6", s, "p89.5.6.no_document", "p89.5.6.hint")
            elif p.activity == "A-QUAL" and not ctx.is_school:
                yield failed("P89-5.6", s, "p89.5.6.not_school", "p89.5.6.hint", kind=T(f"org.{ctx.kind}"))
            elif p.document_kind is not None and not _document_kind_ok(p):
                yield failed("P89-5.6", s, "p89.5.6.wrong_kind", "p89.5.6.kind_hint", document=document,
                             kind=T(f"doc.{p.document_kind}"),
                             allowed=[T(f"doc.{k}") for k in _allowed_documents(p)])
            else:
                yield passed("P89-5.6", s, "p89.5.6.pass", document=document)
        assessment = _has(p.elements.assessment) if p.elements else False
        if p.kind == 5:
            ok = assessment and bool(p.cefr_levels) and all(v in CEFR for v in p.cefr_levels)
            yield check(ok, "P89-5.7", s, "p89.5.7.pass", "p89.5.7.fail", "p89.5.7.hint", levels=list(p.cefr_levels))
        if p.kind == 4:
            ok = assessment and bool(p.ecdl_modules)
            yield check(ok, "P89-5.8", s, "p89.5.8.pass", "p89.5.8.fail", "p89.5.8.hint",
                        modules=list(p.ecdl_modules))
    for c in ctx.case.commissions:
        s = subject("commissions", c.id)
        if c.exam is None:
            yield failed("P89-5.3", s, "p89.5.comm.fail", "p89.5.3.hint", problems=[T("prob.exam_kind")])
        else:
            pid = "P89-5.3" if c.exam == "professional" else "P89-5.4"
            hint = "p89.5.3.hint" if c.exam == "professional" else "p89.5.4.hint"
            problems = _commission_problems(ctx, c, c.exam)
            groups = people_of(ctx, c)
            chairs = [g[0].person for g in groups if any(m.chair is True for m in g)]
            experts = sum(1 for g in groups if any(m.expert is True for m in g))
            yield check(not problems, pid, s, "p89.5.comm.pass", "p89.5.comm.fail", hint, members=len(groups),
                        experts=experts, chair=chairs or T("none"), problems=problems)
        if c.program is None:
            yield manual("P89-5.5", s, "p89.5.5.manual", "p89.5.5.manual.hint")
        else:
            program = ctx.programs_by_id[c.program]
            # Who delivered the program: its instructors and (v1.1) the other professionals named, as people.
            taught = {person_key(ctx, x) for x in (*program.instructors, *(program.other_professionals or ()))}
            conflicts = sorted({m.person for m in c.members if person_key(ctx, m.person) in taught})
            yield check(not conflicts, "P89-5.5", s, "p89.5.5.pass", "p89.5.5.fail", "p89.5.5.hint",
                        program=c.program, persons=conflicts)


# --- Art. 6 -----------------------------------------------------------------------------------------------------

P("P89-6.1", "auto", sr="Испит за стицање кључних компетенција састоји се од најмање 6, а највише 12 задатака и "
                        "њихове одбране",
  en="The key-competence exam has 6 to 12 tasks and their defence")
P("P89-6.2", "auto", sr="Испит за стицање стручних компетенција: полазник извршава најмање два, а највише четири "
                        "практична радна задатка",
  en="The professional exam: each learner performs 2 to 4 practical work tasks")
P("P89-6.3", "auto", sr="Листа задатака и листа радних задатака за сваки исход доступне су полазницима пре почетка "
                        "реализације програма",
  en="The lists of tasks and work tasks for each outcome are available to learners before the program starts")
P("P89-6.4", "auto", sr="Полазник извлачи радне задатке непосредно пре почетка испита и након извршења их образлаже "
                        "пред комисијом",
  en="The learner draws the work tasks immediately before the exam, then explains them to the commission")
P("P89-6.5", "auto", sr="Оцена на испиту се изражава са „положио” или „није положио”",
  en="The grade is \"passed\" or \"failed\"")
P("P89-6.6", "auto", sr="Оцена „положио” на испиту кључних компетенција: решено најмање 51% постављених задатака",
  en="Key-competence exam passed when at least 51 % of the tasks set are solved")
P("P89-6.7", "auto", sr="Оцена „положио” на испиту стручних компетенција: сваки радни задатак извршен према "
                        "утврђеним критеријумима процене",
  en="Professional exam passed only when every work task is performed to the assessment criteria")
P("P89-6.8", "auto", sr="Испитна комисија утврђује оцену већином гласова",
  en="The commission sets the grade by majority vote")

i18n.add({
    "grade.passed": ("„положио”", "\"passed\""),
    "grade.failed": ("„није положио”", "\"failed\""),
    "p89.6.1.pass": ("Испит кључних компетенција има {tasks} задатака (6–12).",
                     "The key-competence exam has {tasks} tasks (6–12)."),
    "p89.6.1.fail": ("Испит кључних компетенција има {tasks} задатака; прописано је 6–12.",
                     "The key-competence exam has {tasks} tasks; 6–12 are required."),
    "p89.6.1.hint": ("Предвидите најмање 6, а највише 12 задатака.", "Set at least 6 and at most 12 tasks."),
    "p89.6.2.pass": ("Полазник извршава {tasks} радна задатка (2–4).", "The learner performs {tasks} work tasks (2–4)."),
    "p89.6.2.fail": ("Полазник извршава {tasks} радних задатака; прописано је 2–4.",
                     "The learner performs {tasks} work tasks; 2–4 are required."),
    "p89.6.2.hint": ("Предвидите најмање два, а највише четири радна задатка по полазнику.",
                     "Plan at least two and at most four work tasks per learner."),
    "p89.6.3.pass": ("Листе задатака објављене {published}, пре почетка програма {starts}.",
                     "Task lists published on {published}, before the program starts on {starts}."),
    "p89.6.3.late": ("Листе задатака објављене {published}, а програм почиње {starts}.",
                     "Task lists published on {published}, but the program starts on {starts}."),
    "p89.6.3.missing": ("Није наведено када су листе задатака и радних задатака доступне полазницима.",
                        "It is not declared when the lists of tasks and work tasks are made available."),
    "p89.6.3.hint": ("Објавите листе задатака и радних задатака пре почетка програма и унесите датум.",
                     "Publish the lists of tasks and work tasks before the program starts and record the date."),
    "p89.6.3.manual": ("Листе задатака објављене {published}; почетак програма није наведен.",
                       "Task lists published on {published}; the program's start date is not declared."),
    "p89.6.3.manual.hint": ("Потврдите да су листе доступне пре почетка програма (распоред групе).",
                            "Confirm the lists are available before the program starts (the cohort's schedule)."),
    "p89.6.1.defence": ("Полазник брани решене задатке.", "The learner defends the tasks solved."),
    "p89.6.1.no_defence": ("Испит кључних компетенција не предвиђа одбрану задатака.",
                           "The key-competence exam plans no defence of the tasks."),
    "p89.6.1.defence_hint": ("Испит кључних компетенција чине задаци и њихова одбрана.",
                             "The key-competence exam consists of the tasks and their defence."),
    "p89.6.3.lists_pass": ("Листе задатака ({count}, по исходима) објављене до {published}, пре почетка програма "
                           "{starts}.",
                           "Task lists ({count}, per outcome) published by {published}, before the program starts "
                           "on {starts}."),
    "p89.6.3.lists_missing": ("Нема листе задатака за исходе: {outcomes}.", "No task list for the outcomes: "
                                                                           "{outcomes}."),
    "p89.6.3.lists_undated": ("Није наведено када су објављене листе задатака за исходе: {outcomes}.",
                              "It is not declared when the task lists were published for the outcomes: "
                              "{outcomes}."),
    "p89.6.3.lists_late": ("Листе задатака за исходе {outcomes} објављене су на дан почетка програма ({starts}) или "
                           "касније.",
                           "The task lists for the outcomes {outcomes} were published on the day the program starts "
                           "({starts}) or later."),
    "p89.6.1.defended": ("Полазник је одбранио задатке.", "The learner defended the tasks."),
    "p89.6.1.not_defended": ("Одбрана задатака није забележена.", "No defence of the tasks is recorded."),
    "p89.6.4.explained": ("Полазник је пред комисијом образложио извршене радње и поступке.",
                          "The learner explained the actions and procedures to the commission."),
    "p89.6.4.not_explained": ("Није забележено да је полазник пред комисијом образложио извршене радње и поступке.",
                              "It is not recorded that the learner explained the actions and procedures to the "
                              "commission."),
    "p89.6.4.preparation": ("Време за припрему после извлачења радних задатака: {minutes} мин.",
                            "Time to prepare after drawing the work tasks: {minutes} min."),
    "p89.6.4.no_preparation": ("После извлачења радних задатака нема времена за припрему.",
                               "There is no time to prepare after drawing the work tasks."),
    "p89.6.4.preparation_hint": ("Предвидите довољно времена за припрему за извршење радног задатка.",
                                 "Allow enough time to prepare for performing the work task."),
    "p89.6.4.explains": ("Полазник пред комисијом образлаже извршене радње и поступке.",
                         "The learner explains the actions and procedures to the commission."),
    "p89.6.4.no_explanation": ("Није предвиђено да полазник пред комисијом образложи извршене радње и поступке.",
                               "The learner is not to explain the actions and procedures to the commission."),
    "p89.6.4.explain_hint": ("После извршења радног задатка полазник пред комисијом образлаже извршене радње и "
                             "поступке.",
                             "After performing the work task the learner explains the actions and procedures to "
                             "the commission."),
    "p89.6.4.pass": ("Сви радни задаци ({tasks}) извучени непосредно пре испита.",
                     "All work tasks ({tasks}) were drawn immediately before the exam."),
    "p89.6.4.fail": ("Није забележено извлачење свих радних задатака.", "Not every work task has a recorded draw."),
    "p89.6.4.hint": ("Забележите извлачење сваког радног задатка пре почетка испита.",
                     "Record the draw of each work task before the exam."),
    "p89.6.4.late": ("Радни задаци извучени {drawn}, после испита одржаног {held}.",
                     "The work tasks were drawn on {drawn}, after the exam held on {held}."),
    "p89.6.4.early": ("Радни задаци извучени {drawn}, а испит је {held}: извлачење није непосредно пре "
                      "испита.",
                      "The work tasks were drawn on {drawn} and the exam is on {held}: not immediately before it."),
    "p89.6.4.time_hint": ("Радне задатке полазник извлачи на дан испита, непосредно пре његовог почетка.",
                          "The learner draws the work tasks on the day of the exam, just before it starts."),
    "p89.6.4.undated": ("Извлачење радних задатака ({tasks}) забележено је без датума, или испит нема датум.",
                        "The draw of the work tasks ({tasks}) is recorded without its date, or the exam has none."),
    "p89.6.4.undated.hint": ("Потврдите из записника да је извлачење обављено непосредно пре испита.",
                             "Confirm from the minutes that the draw took place immediately before the exam."),
    "p89.6.5.pass": ("Оцена и гласови изражени су са „положио” или „није положио”.",
                     "The grade and the votes are \"passed\" or \"failed\"."),
    "p89.6.5.fail": ("Оцена „{grade}” или неки глас ({votes}) није „положио” ни „није положио”.",
                     "The grade \"{grade}\" or a vote ({votes}) is neither \"passed\" nor \"failed\"."),
    "p89.6.5.hint": ("Оцену и сваки глас забележите као „положио” (passed) или „није положио” (failed).",
                     "Record the grade and every vote as \"passed\" or \"failed\"."),
    "p89.6.6.pass": ("Решени задаци: {solved} од {set} ({percent} %); оцена {grade} је исправна.",
                     "Solved {solved} of {set} tasks ({percent} %): the grade {grade} is correct."),
    "p89.6.6.fail": ("Решени задаци: {solved} од {set} ({percent} %); оцена мора бити {expected}, забележено је "
                     "{grade}.",
                     "Solved {solved} of {set} tasks ({percent} %): the grade must be {expected}, recorded "
                     "{grade}."),
    "p89.6.6.hint": ("„Положио” само уз најмање 51 % решених задатака; исправите оцену.",
                     "\"Passed\" only with at least 51 % of tasks solved; correct the grade."),
    "p89.6.6.missing": ("Није забележен број постављених и решених задатака.",
                        "The number of tasks set and solved is not recorded."),
    "p89.6.6.missing.hint": ("Унесите број постављених и решених задатака.", "Record the tasks set and solved."),
    "p89.6.7.pass": ("Радни задаци извршени према критеријумима: {done} од {tasks}; оцена {grade} је исправна.",
                     "{done} of {tasks} work tasks performed to criteria: the grade {grade} is correct."),
    "p89.6.7.fail": ("Радни задаци извршени према критеријумима: {done} од {tasks}; оцена мора бити {expected}, "
                     "забележено је {grade}.",
                     "{done} of {tasks} work tasks performed to criteria: the grade must be {expected}, recorded "
                     "{grade}."),
    "p89.6.7.hint": ("„Положио” само када је сваки радни задатак извршен према критеријумима; исправите оцену.",
                     "\"Passed\" only when every work task is performed to criteria; correct the grade."),
    "p89.6.8.pass": ("Гласови {votes}: већина одговара оцени {grade}.", "Votes {votes}: the majority matches the grade "
                                                                         "{grade}."),
    "p89.6.8.fail": ("Гласови {votes} (чланова комисије: {members}): оцена {grade} не следи из већине гласова.",
                     "Votes {votes} (commission members: {members}): the grade {grade} does not follow a "
                     "majority."),
    "p89.6.8.hint": ("Забележите по један глас сваког члана комисије; оцена је она за коју гласа већина.",
                     "Record one vote per commission member; the grade is the one the majority votes for."),
})
GRADES = ("passed", "failed")


def _exam_kind(ctx, r):
    if r.exam:
        return r.exam
    c = ctx.commissions_by_id.get(r.commission) if r.commission else None
    return c.exam if c else None


def _grade_term(value: bool) -> T:
    return T("grade.passed" if value else "grade.failed")


def _shown(grade):
    """The recorded grade as a term when it is one of the two grades, else as written."""
    if grade in GRADES:
        return _grade_term(grade == "passed")
    return "—" if grade is None else f"„{grade}”"


def _task_lists_finding(p, s, e):
    """v1.1, Art. 6.3: a list for every outcome checked at the exam (``outcomes``, when declared), each of the
    kind the exam needs, each published strictly before the program starts."""
    lists = e.task_lists
    needed_kinds = [k for k, on in (("tasks", e.key_competences), ("work_tasks", e.professional)) if on is True]
    covered = {(fold(tl.outcome), tl.kind) for tl in lists}
    covered_any = {fold(tl.outcome) for tl in lists if tl.kind is None}
    missing = list(dict.fromkeys(o for o in (e.outcomes or ()) for k in needed_kinds
                                 if (fold(o), k) not in covered and fold(o) not in covered_any))
    if not lists or missing:
        return failed("P89-6.3", s, "p89.6.3.lists_missing", "p89.6.3.hint", outcomes=missing or T("none"))
    undated = [tl.outcome for tl in lists if tl.published_on is None]
    if undated:
        return failed("P89-6.3", s, "p89.6.3.lists_undated", "p89.6.3.hint", outcomes=undated)
    last = max(tl.published_on for tl in lists)
    if p.starts_on is None:
        return manual("P89-6.3", s, "p89.6.3.manual", "p89.6.3.manual.hint", published=last)
    late = [tl.outcome for tl in lists if tl.published_on >= p.starts_on]
    if late:
        return failed("P89-6.3", s, "p89.6.3.lists_late", "p89.6.3.hint", outcomes=late, starts=p.starts_on)
    return passed("P89-6.3", s, "p89.6.3.lists_pass", count=len(lists), published=last, starts=p.starts_on)


def _draw_finding(r, s, n: int):
    """Art. 6.4 from the recorded times: every task drawn, on the day of the exam (never after it, nor days before).
    A draw recorded without its date cannot be judged: a reviewer confirms it, the engine claims nothing."""
    if n == 0 or not all(w.drawn is True for w in r.work_tasks):
        return failed("P89-6.4", s, "p89.6.4.fail", "p89.6.4.hint")
    days = [w.drawn_on for w in r.work_tasks]
    if r.held_on is None or any(d is None for d in days):
        return manual("P89-6.4", s, "p89.6.4.undated", "p89.6.4.undated.hint", tasks=n)
    late = [d for d in days if d > r.held_on]
    if late:
        return failed("P89-6.4", s, "p89.6.4.late", "p89.6.4.time_hint", drawn=max(late), held=r.held_on)
    early = [d for d in days if d < r.held_on]
    if early:
        return failed("P89-6.4", s, "p89.6.4.early", "p89.6.4.time_hint", drawn=min(early), held=r.held_on)
    return passed("P89-6.4", s, "p89.6.4.pass", tasks=n)


@P89.rule("P89-6.1", "P89-6.2", "P89-6.3", "P89-6.4", "P89-6.5", "P89-6.6", "P89-6.7", "P89-6.8")
def exam_structure_and_grading(ctx):
    for p in ctx.programs:
        if p.exam is None:
            continue
        s, e = subject("programs", p.id), p.exam
        if e.key_competences is True:
            ok = e.key_tasks is not None and 6 <= e.key_tasks <= 12
            yield check(ok, "P89-6.1", s, "p89.6.1.pass", "p89.6.1.fail", "p89.6.1.hint",
                        tasks=e.key_tasks if e.key_tasks is not None else T("none"))
            if e.defence is not None:  # v1.1: "задатака и њихове одбране"
                yield check(e.defence, "P89-6.1", s, "p89.6.1.defence", "p89.6.1.no_defence",
                            "p89.6.1.defence_hint")
        if e.professional is True and e.preparation_minutes is not None:  # v1.1, Art. 6.4
            yield check(e.preparation_minutes > 0, "P89-6.4", s, "p89.6.4.preparation", "p89.6.4.no_preparation",
                        "p89.6.4.preparation_hint", minutes=e.preparation_minutes)
        if e.professional is True and e.defence is not None:  # v1.1, Art. 6.4: "образлаже извршене радње"
            yield check(e.defence, "P89-6.4", s, "p89.6.4.explains", "p89.6.4.no_explanation",
                        "p89.6.4.explain_hint")
        if e.professional is True:
            lo, hi = e.work_tasks_min, e.work_tasks_max
            ok = lo is not None and hi is not None and 2 <= lo <= hi <= 4
            shown = "—" if lo is None or hi is None else (str(lo) if lo == hi else f"{lo}–{hi}")
            yield check(ok, "P89-6.2", s, "p89.6.2.pass", "p89.6.2.fail", "p89.6.2.hint", tasks=shown)
        if (e.professional is True or e.key_competences is True) and e.task_lists is not None:
            yield _task_lists_finding(p, s, e)
        elif e.professional is True or e.key_competences is True:
            pub, start = e.task_lists_published_on, p.starts_on
            if pub is None:
                yield failed("P89-6.3", s, "p89.6.3.missing", "p89.6.3.hint")
            elif start is None:
                yield manual("P89-6.3", s, "p89.6.3.manual", "p89.6.3.manual.hint", published=pub)
            else:
                yield check(pub < start, "P89-6.3", s, "p89.6.3.pass", "p89.6.3.late", "p89.6.3.hint",
                            published=pub, starts=start)
    for r in ctx.case.exam_results:
        s = subject("exam_results", r.id)
        kind = _exam_kind(ctx, r)
        grade = r.grade if r.grade is not None else "—"
        ok_values = r.grade in GRADES and all(v in GRADES for v in r.votes)
        yield check(ok_values, "P89-6.5", s, "p89.6.5.pass", "p89.6.5.fail", "p89.6.5.hint",
                    grade=grade, votes=[_shown(v) for v in r.votes] or T("none"))
        if kind == "key_competences":
            ok = r.tasks_set is not None and 6 <= r.tasks_set <= 12
            yield check(ok, "P89-6.1", s, "p89.6.1.pass", "p89.6.1.fail", "p89.6.1.hint",
                        tasks=r.tasks_set if r.tasks_set is not None else T("none"))
            if r.defended is not None:  # v1.1
                yield check(r.defended, "P89-6.1", s, "p89.6.1.defended", "p89.6.1.not_defended",
                            "p89.6.1.defence_hint")
            if not r.tasks_set or r.tasks_solved is None:
                yield failed("P89-6.6", s, "p89.6.6.missing", "p89.6.6.missing.hint")
            else:
                computed = r.tasks_solved * 100 >= 51 * r.tasks_set
                percent = round(r.tasks_solved * 100 / r.tasks_set, 1)
                yield check(r.grade == ("passed" if computed else "failed"), "P89-6.6", s, "p89.6.6.pass",
                            "p89.6.6.fail", "p89.6.6.hint", solved=r.tasks_solved, set=r.tasks_set,
                            percent=percent, grade=_shown(r.grade),
                            expected=_grade_term(computed))
        if kind == "professional":
            n = len(r.work_tasks)
            yield check(2 <= n <= 4, "P89-6.2", s, "p89.6.2.pass", "p89.6.2.fail", "p89.6.2.hint", tasks=n)
            yield _draw_finding(r, s, n)
            if r.preparation_minutes is not None:  # v1.1
                yield check(r.preparation_minutes > 0, "P89-6.4", s, "p89.6.4.preparation",
                            "p89.6.4.no_preparation", "p89.6.4.preparation_hint", minutes=r.preparation_minutes)
            if r.defended is not None:  # v1.1
                yield check(r.defended, "P89-6.4", s, "p89.6.4.explained", "p89.6.4.not_explained",
                            "p89.6.4.explain_hint")
            done = sum(1 for w in r.work_tasks if w.performed_to_criteria is True)
            computed = n > 0 and done == n
            yield check(r.grade == ("passed" if computed else "failed"), "P89-6.7", s, "p89.6.7.pass",
                        "p89.6.7.fail", "p89.6.7.hint", done=done, tasks=n,
                        grade=_shown(r.grade), expected=_grade_term(computed))
        yes = sum(1 for v in r.votes if v == "passed")
        no = sum(1 for v in r.votes if v == "failed")
        majority = "passed" if yes > no else "failed" if no > yes else None
        commission = ctx.commissions_by_id.get(r.commission) if r.commission else None
        members = len(people_of(ctx, commission)) if commission else None  # one vote per person
        ok = majority is not None and r.grade == majority and (members is None or members == len(r.votes))
        yield check(ok, "P89-6.8", s, "p89.6.8.pass", "p89.6.8.fail", "p89.6.8.hint",
                    votes=[_shown(v) for v in r.votes] or T("none"),
                    grade=_shown(r.grade),
                    members=members if members is not None else T("none"))
