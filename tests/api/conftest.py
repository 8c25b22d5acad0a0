"""Shared data of the API tests: programs made public the way the Office makes them public (an approved application,
an active accreditation covering them, the validity copied onto the programs)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Accreditation, Application
from programs.enums import Activity, ProgramKind
from programs.search import programs_refresh_public
from providers.models import Municipality
from qualifications.models import NoksLevel
from tests.factories import OrganizationFactory, StandardFactory
from tests.programs.factories import CompleteProgramFactory, ModuleFactory

TODAY = timezone.localdate()


def accredit(*programs, activity=None, state="active", valid_from=None, valid_until=None) -> Accreditation:
    organization = programs[0].organization
    application = Application.objects.create(organization=organization, state="approved")
    accreditation = Accreditation.objects.create(
        organization=organization, application=application, activity=activity or programs[0].activity,
        valid_from=valid_from or TODAY - dt.timedelta(days=1),
        valid_until=valid_until or TODAY + dt.timedelta(days=365), state=state)
    accreditation.programs.set(programs)
    programs_refresh_public([p.pk for p in programs])
    return accreditation


@pytest.fixture
def cook(db):
    """A public program per a NOKS standard (level 4, EQF 4), with two modules, in Belgrade."""
    municipality = Municipality.objects.order_by("pk").first()
    organization = OrganizationFactory(name_sr="Центар „Ђорђе Стефановић“", name_en="Đorđe Stefanović Centre",
                                       municipality=municipality, website="https://djordje.rs")
    standard = StandardFactory(code="KUV-4", name_sr="Кувар специјалиста", name_en="Specialist cook",
                               level=NoksLevel.objects.get(code="4"))
    program = CompleteProgramFactory(
        organization=organization, name_sr="Кувар — основна обука", name_en="Cook — basic training",
        activity=Activity.COMP, kind=ProgramKind.PROFESSION, qualification_standard=standard, duration_hours=120,
        general_outcomes_sr="Полазник припрема јела.\nПолазник одржава хигијену.", modular=True,
        starts_on=TODAY + dt.timedelta(days=20))
    ModuleFactory(program=program, name_sr="Хигијена у кухињи", outcomes_sr="Одржава хигијену.", hours=40)
    ModuleFactory(program=program, name_sr="Топла јела", outcomes_sr="Припрема топла јела.", hours=80)
    accredit(program)
    program.refresh_from_db()
    return program


@pytest.fixture
def painter(db):
    """A second public program, of another provider, without a standard."""
    organization = OrganizationFactory(name_sr="Атеље „Боја“", name_en="Colour Studio")
    program = CompleteProgramFactory(organization=organization, name_sr="Сликарство за одрасле",
                                     name_en="Painting for adults", kind=ProgramKind.CREATIVE, duration_hours=40,
                                     language_of_delivery="hu")
    accredit(program)
    program.refresh_from_db()
    return program


@pytest.fixture
def draft(db):
    """A program in no accreditation: not public."""
    return CompleteProgramFactory(name_sr="Кувар — у припреми")


def many_public_programs(count: int, *, organization=None):
    organization = organization or OrganizationFactory()
    programs = [CompleteProgramFactory(organization=organization, name_sr=f"Програм {n:03d}",
                                       qualification_standard=StandardFactory()) for n in range(count)]
    accredit(*programs)
    return programs
