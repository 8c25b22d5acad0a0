"""Factories for programs, modules and task lists. The records a program points at (rooms, staff, partners)
come from tests.providers.records_factories, re-exported here under the names the programs tests use."""

from __future__ import annotations

import factory

from core.scripts import sync_scripts
from programs.enums import Activity, ProgramKind, TaskListKind
from programs.models import Module, Program, TaskList
from tests.factories import OrganizationFactory
from tests.providers.records_factories import PartnerFactory, RoomFactory  # noqa: F401  (re-exported)
from tests.providers.records_factories import StaffMemberFactory as StaffFactory  # noqa: F401


class _SyncedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        many = {name: kwargs.pop(name) for name in ("rooms", "instructors", "partners") if name in kwargs}
        obj = model_class(*args, **kwargs)
        sync_scripts(obj)
        if isinstance(obj, Program):
            from programs.search import program_refresh_search

            program_refresh_search(obj)
        obj.save()
        for name, values in many.items():
            getattr(obj, name).set(values)
        return obj


class ProgramFactory(_SyncedFactory):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name_sr = factory.Sequence(lambda n: f"Кувар — основна обука {n}")
    activity = Activity.PERS
    kind = ProgramKind.OTHER
    saved_sections = factory.LazyFunction(lambda: ["basics"])


class CompleteProgramFactory(ProgramFactory):
    """A program with every element of Art. 4 and every section done (non-modular, no exams)."""

    purpose_sr = "Сврха програма."
    goal_sr = "Циљ програма."
    general_outcomes_sr = "Општи исходи."
    specific_outcomes_sr = "Посебни исходи."
    enrolment_conditions_sr = "Завршена основна школа."
    duration_hours = 120
    organisation_methods_sr = "Предавања и вежбе."
    accessibility_sr = "Простор је приступачан."
    materials_sr = "Приручник."
    assessment_sr = "Завршни испит."
    group_size = 12
    staff_needed_sr = "Два инструктора."
    premises_equipment_sr = "Учионица и кухиња."
    publicity_sr = "Интернет страница."
    adaptation_sr = "Индивидуални план."
    document_name_sr = "Уверење."
    saved_sections = factory.LazyFunction(lambda: ["basics", "aims", "content", "delivery", "assessment",
                                                   "publicity"])


class ModuleFactory(_SyncedFactory):
    class Meta:
        model = Module

    program = factory.SubFactory(ProgramFactory)
    order = factory.Sequence(lambda n: n + 1)
    name_sr = factory.Sequence(lambda n: f"Модул {n}")
    outcomes_sr = "Исходи модула."
    content_sr = "Садржај модула."
    hours = 20


class TaskListFactory(_SyncedFactory):
    class Meta:
        model = TaskList

    program = factory.SubFactory(ProgramFactory)
    kind = TaskListKind.WORK
    title_sr = "Радни задаци"
    items_sr = "Припрема супе\nПрипрема соса"
