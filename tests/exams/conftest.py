"""A secondary school (the cast's school) running a professional program for one cohort, with published lists."""

from __future__ import annotations

import datetime as dt

import pytest

from exams import services
from exams.enums import ExamKind
from exams.models import Cohort, Learner
from programs.enums import Activity, TaskListKind
from tests.programs.factories import CompleteProgramFactory, StaffFactory, TaskListFactory

# Cohorts ran in the past: training from START to yesterday (60 days), the exam today (START + 61 with the
# default 60 days of training), so tasks can be drawn and results recorded now; the lists were published before START.
START = dt.date.today() - dt.timedelta(days=61)
EXAM_DAY = dt.date.today()
PUBLISHED = START - dt.timedelta(days=30)
WORK_TASKS = "Припрема супе\nПрипрема соса\nПечење хлеба\nСервирање јела\nПрипрема салате\nДекорација торте"


def professional_cohort(organization, *, name: str, days: int = 60, work_tasks_max: int = 3, teacher=None):
    """A professional program of ``organization`` (work-task lists published on PUBLISHED, before the cohort's first
    day: P89-6.3) and a cohort of it starting on START, taught by ``teacher``: (program, cohort, teacher)."""
    teacher = teacher or StaffFactory(organization=organization)
    program = CompleteProgramFactory(organization=organization, activity=Activity.COMP, kind=None,
                                     exam_professional=True, work_tasks_min=2, work_tasks_max=work_tasks_max,
                                     instructors=[teacher])
    TaskListFactory(program=program, kind=TaskListKind.WORK, items_sr=WORK_TASKS, published_on=PUBLISHED)
    cohort = Cohort.objects.create(organization=organization, program=program, name=name, starts_on=START,
                                   ends_on=START + dt.timedelta(days=days))
    cohort.instructors.set([teacher])
    return program, cohort, teacher


@pytest.fixture
def school(cast):
    organization = cast.school_organization
    program, cohort, teacher = professional_cohort(
        organization, name="Пролеће 2027",
        teacher=StaffFactory(organization=organization, first_name_sr="Марко", last_name_sr="Кувар"))
    learners = [
        Learner.objects.create(cohort=cohort, first_name="Љубица", last_name="Ђорђевић", jmbg="0101900350008",
                               birth_year=1900, script="cyrl"),
        Learner.objects.create(cohort=cohort, first_name="Његош", last_name="Џаковић", foreign_document="P1234567",
                               birth_year=1985, script="latn"),
    ]
    return {"organization": organization, "program": program, "cohort": cohort, "teacher": teacher,
            "learners": learners, "user": cast.school}


def members(*, count=3, experts=2, chairs=1, chair_expert=True):
    rows = []
    for i in range(count):
        rows.append({"first_name": f"Члан{i}", "last_name": "Комисије", "identifier": f"P100{i}", "chair": i < chairs,
                     "expert": i < experts if chair_expert else (0 < i <= experts), "teacher": False})
    return rows


@pytest.fixture
def commission(school):
    return services.commission_register(school["organization"], program=school["program"],
                                        exam=ExamKind.PROFESSIONAL, name="Комисија 1", members=members(),
                                        actor=school["user"])


@pytest.fixture
def session(school, commission):
    """An exam of the school's cohort before ``commission``, on the day after its training ends."""
    return services.session_create(school["cohort"], commission=commission, held_on=START + dt.timedelta(days=61),
                                   actor=school["user"])
