"""Art. 5 (exams and commissions) and Art. 6 (exam structure and grading)."""

from __future__ import annotations

from .. import i18n
from ..findings import check, failed, manual, passed, subject
from ..i18n import T, t
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


def _has(text) -> bool:
    return bool(text and text.strip())


def _commission_problems(c, exam: str) -> list:
    problems = []
    members = c.members
    chairs = [m for m in members if m.chair is True]
    allowed = ("jpoa", "secondary_school") if exam == "professional" else ("primary_school", "secondary_school")
    if c.formed_by is None:
        problems.append(T("prob.formed_by_missing"))
    elif c.formed_by not in allowed:
        problems.append(t("prob.formed_by", formed_by=T(f"org.{c.formed_by}")))
    if not members:
        problems.append(T("prob.no_members"))
    persons = [m.person for m in members]
    repeated = sorted({p for p in persons if persons.count(p) > 1})
    if repeated:
        problems.append(t("prob.same_person", persons=repeated))
    if len(chairs) != 1:
        problems.append(t("prob.chairs", chairs=len(chairs)))
    if exam == "professional":
        experts = sum(1 for m in members if m.expert is True)
        if len(members) % 2 == 0 and members:
            problems.append(t("prob.even", members=len(members)))
        if experts < 2:
            problems.append(t("prob.experts", experts=experts))
        if len(chairs) == 1 and chairs[0].expert is not True:
            problems.append(T("prob.chair_not_expert"))
    else:
        not_teachers = [m.person for m in members if m.teacher is not True]
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
            problems = _commission_problems(c, c.exam)
            chairs = [m.person for m in c.members if m.chair is True]
            experts = sum(1 for m in c.members if m.expert is True)
            yield check(not problems, pid, s, "p89.5.comm.pass", "p89.5.comm.fail", hint, members=len(c.members),
                        experts=experts, chair=chairs or T("none"), problems=problems)
        if c.program is None:
            yield manual("P89-5.5", s, "p89.5.5.manual", "p89.5.5.manual.hint")
        else:
            taught = set(ctx.programs_by_id[c.program].instructors)
            conflicts = sorted({m.person for m in c.members if m.person in taught})
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
    "p89.6.6.pass": ("Решено {solved} од {set} задатака ({percent} %): оцена {grade} је исправна.",
                     "Solved {solved} of {set} tasks ({percent} %): the grade {grade} is correct."),
    "p89.6.6.fail": ("Решено {solved} од {set} задатака ({percent} %): оцена мора бити {expected}, забележено је "
                     "{grade}.",
                     "Solved {solved} of {set} tasks ({percent} %): the grade must be {expected}, recorded "
                     "{grade}."),
    "p89.6.6.hint": ("„Положио” само уз најмање 51 % решених задатака; исправите оцену.",
                     "\"Passed\" only with at least 51 % of tasks solved; correct the grade."),
    "p89.6.6.missing": ("Није забележен број постављених и решених задатака.",
                        "The number of tasks set and solved is not recorded."),
    "p89.6.6.missing.hint": ("Унесите број постављених и решених задатака.", "Record the tasks set and solved."),
    "p89.6.7.pass": ("Извршено према критеријумима {done} од {tasks} радних задатака: оцена {grade} је исправна.",
                     "{done} of {tasks} work tasks performed to criteria: the grade {grade} is correct."),
    "p89.6.7.fail": ("Извршено према критеријумима {done} од {tasks} радних задатака: оцена мора бити {expected}, "
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
        if e.professional is True:
            lo, hi = e.work_tasks_min, e.work_tasks_max
            ok = lo is not None and hi is not None and 2 <= lo <= hi <= 4
            shown = "—" if lo is None or hi is None else (str(lo) if lo == hi else f"{lo}–{hi}")
            yield check(ok, "P89-6.2", s, "p89.6.2.pass", "p89.6.2.fail", "p89.6.2.hint", tasks=shown)
        if e.professional is True or e.key_competences is True:
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
            done = sum(1 for w in r.work_tasks if w.performed_to_criteria is True)
            computed = n > 0 and done == n
            yield check(r.grade == ("passed" if computed else "failed"), "P89-6.7", s, "p89.6.7.pass",
                        "p89.6.7.fail", "p89.6.7.hint", done=done, tasks=n,
                        grade=_shown(r.grade), expected=_grade_term(computed))
        yes = sum(1 for v in r.votes if v == "passed")
        no = sum(1 for v in r.votes if v == "failed")
        majority = "passed" if yes > no else "failed" if no > yes else None
        commission = ctx.commissions_by_id.get(r.commission) if r.commission else None
        members = len(commission.members) if commission else None
        ok = majority is not None and r.grade == majority and (members is None or members == len(r.votes))
        yield check(ok, "P89-6.8", s, "p89.6.8.pass", "p89.6.8.fail", "p89.6.8.hint",
                    votes=[_shown(v) for v in r.votes] or T("none"),
                    grade=_shown(r.grade),
                    members=members if members is not None else T("none"))
