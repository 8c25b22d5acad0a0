"""Demo records and applications, made through the same services the pages use (so the audit trail is real).

- The "Џеп" academy (demo user ``other``) has complete records, a program and an application that went through
  review and was approved: it is in the public JPOA register, with its decision and status certificate.
- The "Љубовија" centre (demo users ``owner`` and ``colleague``) has complete records, a program and a submitted
  application waiting in the reviewer's queue.
- The school (demo user ``school``) has a cohort of three learners, a commission and an exam ready to record.
  The exam is on the day the demo is loaded; on a later day, loading the demo again (``seed_demo``, run by
  ``scripts/start``) moves an exam nobody has touched yet to that day (demo_exam_reanchor), so the journey (draw,
  record, issue) works whatever day the demo is used, and the Art. 6.4 rule stays as it is: tasks are drawn on the
  exam's day, never before or after it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applications import services as application_services
from applications.enums import Outcome, Verdict
from applications.models import Application
from programs import services as program_services
from programs.enums import Activity, ProgramKind
from programs.models import Program
from providers import services as provider_services
from providers.enums import AdultEdCompetence, Engagement, RoomKind, StaffRole, Tenure
from providers.models import HygieneDeclaration, Room, StaffMember
from core.audit import audit_log
from core.scripts import sync_scripts
from providers.facts import HYGIENE_KEYS

STAFF = [
    ("Марија", "Илић", [StaffRole.INSTRUCTOR, StaffRole.RESPONSIBLE_PERSON]),
    ("Никола", "Ђорђевић", [StaffRole.ANDRAGOGUE]),
    ("Весна", "Лазић", [StaffRole.PSYCHOLOGIST]),
    ("Оливера", "Јанковић", [StaffRole.LIBRARIAN]),
]
ROOMS = [
    ("Учионица 1", RoomKind.CLASSROOM, "36", 12, False),
    ("Наставничка соба", RoomKind.INSTRUCTORS, "12", 4, False),
    ("Канцеларија", RoomKind.MANAGEMENT, "12", 2, False),
    ("Архива", RoomKind.ARCHIVE, "8", 0, False),
    ("Тоалет за жене", RoomKind.SANITARY_WOMEN, "4", 0, True),
    ("Тоалет за мушкарце", RoomKind.SANITARY_MEN, "4", 0, True),
]


def complete_records(organization, *, actor, program_name: str) -> Program:
    """Staff, rooms, the hygiene checklist and one program that meet every automatic requirement."""
    people = []
    for first, last, roles in STAFF:
        member = StaffMember(organization=organization, first_name_sr=first, last_name_sr=last, roles=roles,
                             engagement=Engagement.FULL_TIME, education_sr="Филозофски факултет, мастер андрагог",
                             education_matches=True, adult_ed_competence=AdultEdCompetence.ANDRAGOGY_DEGREE)
        people.append(provider_services.staff_save(member, actor=actor))
    rooms = []
    for name, kind, area, seats, washbasin in ROOMS:
        room = Room(organization=organization, name_sr=name, kind=kind, area_m2=Decimal(area), seats=seats,
                    natural_light=True, natural_ventilation=True, washbasin=washbasin, accessible=True,
                    tenure=Tenure.OWNED)
        rooms.append(provider_services.room_save(room, actor=actor))
    provider_services.hygiene_save(HygieneDeclaration(organization=organization, **dict.fromkeys(HYGIENE_KEYS, True)),
                                   actor=actor)
    program = program_services.program_create(organization, actor=actor, values={
        "name_sr": program_name, "activity": Activity.PERS, "kind": ProgramKind.COMPUTER,
        "ecdl_modules": ["Основе рада на рачунару", "Интернет и е-пошта"],
    })
    for field, value in {
        "purpose_sr": "Оснаживање одраслих за свакодневни рад на рачунару.",
        "goal_sr": "Полазник самостално користи рачунар, интернет и е-пошту.",
        "general_outcomes_sr": "Дигитална компетенција.",
        "specific_outcomes_sr": "Полазник шаље е-пошту, попуњава електронски образац и чува датотеке.",
        "enrolment_conditions_sr": "Завршена основна школа.",
        "duration_hours": 40, "group_size": 12,
        "organisation_methods_sr": "Вежбе на рачунару уз инструктора.",
        "accessibility_sr": "Учионица у приземљу, без степеника.",
        "materials_sr": "Приручник и водич за завршну проверу.",
        "staff_needed_sr": "Један инструктор.",
        "premises_equipment_sr": "Учионица са 12 места и рачунарима.",
        "assessment_sr": "Практичан задатак на крају обуке.",
        "document_name_sr": "Потврда о похађању.",
        "publicity_sr": "Интернет страница и огласна табла.",
        "adaptation_sr": "Рад у пару и прилагођен темпо.",
        "starts_on": timezone.localdate() + dt.timedelta(days=60),
        "ends_on": timezone.localdate() + dt.timedelta(days=120),
    }.items():
        setattr(program, field, value)
    for section in ("aims", "content", "assessment", "publicity"):
        program_services.program_save(program, actor=actor, section=section)
    program_services.program_save(program, actor=actor, section="delivery",
                                  relations={"rooms": [rooms[0]], "instructors": [people[0]]})
    return program


def submitted_application(organization, program, *, actor) -> Application:
    application = application_services.application_create(organization, actor=actor)
    application_services.application_set_scope(application, activities=[program.activity], programs=[program],
                                               actor=actor)
    application_services.application_submit(application, actor=actor)
    return application


def approved_application(organization, program, *, actor, reviewer, decider) -> Application:
    application = submitted_application(organization, program, actor=actor)
    application_services.application_assign(application, reviewer=reviewer, actor=reviewer, declares_no_conflict=True)
    submission = application.submissions.order_by("-number").first()
    for finding in submission.report["findings"]:
        if finding["status"] == "manual":
            application_services.review_verdict_record(
                submission, provision=finding["provision"], subject=finding["subject"], verdict=Verdict.CONFIRMED,
                comment="Проверено на основу приложених доказа.", actor=reviewer)
    application_services.application_recommend(application, outcome=Outcome.APPROVE,
                                               reasons="Сви услови Правилника су испуњени.", actor=reviewer)
    application_services.application_decide(application, outcome=Outcome.APPROVE,
                                            reasons="Сви услови Правилника су испуњени.", actor=decider,
                                            expected_state=application.state, declares_no_conflict=True)
    return application


def school_cohort(school, *, actor) -> None:
    """The school's professional program, a cohort of three learners, a commission and an exam set up: the school
    can draw, record and issue certificates right away."""
    from exams import services as exam_services
    from exams.enums import ExamKind
    from exams.models import Cohort, Learner
    from programs.models import TaskList

    teacher = provider_services.staff_save(StaffMember(
        organization=school, first_name_sr="Марко", last_name_sr="Марковић", roles=[StaffRole.INSTRUCTOR],
        engagement=Engagement.FULL_TIME, education_sr="Угоститељско-туристички факултет, мастер кувар",
        education_matches=True, adult_ed_competence=AdultEdCompetence.PD_PROGRAM), actor=actor)
    program = program_services.program_create(school, actor=actor, values={
        "name_sr": "Кувар — обука за рад", "activity": Activity.COMP, "kind": ProgramKind.PROFESSION,
        "exam_professional": True,
        "work_tasks_min": 2, "work_tasks_max": 3, "document_name_sr": "Уверење о оспособљености",
    })
    program_services.program_save(program, actor=actor, section="delivery", relations={"instructors": [teacher]})
    task_list = TaskList(program=program, kind="work", title_sr="Радни задаци за кувара",
                         items_sr="Припрема супе\nПрипрема соса\nПечење хлеба\nСервирање јела\nПрипрема салате",
                         published_on=timezone.localdate() - dt.timedelta(days=75))
    sync_scripts(task_list)
    task_list.save()
    # The training ended yesterday and the exam is today (an exam never before the training ends; tasks are drawn
    # and results recorded on the exam's day).
    starts = timezone.localdate() - dt.timedelta(days=61)
    cohort = exam_services.cohort_save(Cohort(organization=school, program=program, name="Јесен, група 1",
                                              starts_on=starts, ends_on=starts + dt.timedelta(days=60)),
                                       actor=actor, instructors=[teacher])
    # A woman's JMBG for Љубица (its digits 10-12 say the sex); the two learners with a foreign document have the sex
    # the school gives, which the certificates' Serbian forms follow.
    for first, last, jmbg, document, year, script, sex in (
            ("Љубица", "Ђорђевић", "0101990715018", "", None, "cyrl", ""),
            ("Његош", "Џаковић", "", "P7654321", 1988, "latn", "male"),
            ("Ђурђа", "Чолић", "", "P1122334", 1979, "cyrl", "female")):
        exam_services.learner_save(Learner(cohort=cohort, first_name=first, last_name=last, jmbg=jmbg,
                                           foreign_document=document, birth_year=year, script=script,
                                           declared_sex=sex), actor=actor)
    commission = exam_services.commission_register(school, program=program, exam=ExamKind.PROFESSIONAL,
                                                   name="Комисија за куваре", actor=actor, members=[
        {"first_name": "Петар", "last_name": "Петровић", "identifier": "P1000001", "chair": True, "expert": True},
        {"first_name": "Ана", "last_name": "Анић", "identifier": "P1000002", "expert": True},
        {"first_name": "Иван", "last_name": "Ивић", "identifier": "P1000003"}])
    exam_services.session_create(cohort, commission=commission, held_on=starts + dt.timedelta(days=61), actor=actor)


@transaction.atomic
def demo_exam_reanchor(school, *, actor, today: dt.date | None = None) -> list:
    """Move the school's untouched past exams to ``today``: planned, no task drawn, no result recorded. An exam
    that was held in part keeps its date (its draws and results are records of that day). Moving a planned exam
    later is a postponement: still after its training ends, its task lists still published before the cohort
    started; each move is an audit row ``exam.rescheduled`` with both dates. Returns the sessions moved."""
    from exams.enums import SessionState
    from exams.models import ExamSession

    today = today or timezone.localdate()
    moved = []
    sessions = (ExamSession.objects.select_for_update().filter(cohort__organization=school, held_on__lt=today,
                                                               state=SessionState.PLANNED)
                .exclude(results__drawn_at__isnull=False).exclude(results__recorded_at__isnull=False)
                .exclude(results__grade__gt="").order_by("pk"))
    for session in sessions:
        before = session.held_on
        session.held_on = today
        session.save(update_fields=["held_on", "updated_at"])
        audit_log(session, action="exam.rescheduled", actor=actor,
                  data={"from": before.isoformat(), "to": today.isoformat(), "demo": True},
                  note="Демо: испит који нико још није започео помера се на данашњи дан.")
        moved.append(session)
    return moved
