"""An organization whose records and one program meet every automatic requirement of the Pravilnik."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from programs.enums import Activity, ProgramKind
from providers.enums import AdultEdCompetence, Engagement, RoomKind, StaffRole, Tenure
from providers.models import HygieneDeclaration
from tests.programs.factories import CompleteProgramFactory, RoomFactory, StaffFactory


def complete_records(organization):
    staff = {
        role: StaffFactory(organization=organization, roles=[role], engagement=Engagement.FULL_TIME,
                           education_matches=True, adult_ed_competence=AdultEdCompetence.ANDRAGOGY_DEGREE)
        for role in (StaffRole.INSTRUCTOR, StaffRole.ANDRAGOGUE, StaffRole.PSYCHOLOGIST, StaffRole.LIBRARIAN,
                     StaffRole.RESPONSIBLE_PERSON)
    }
    common = dict(organization=organization, natural_light=True, natural_ventilation=True, accessible=True,
                  tenure=Tenure.OWNED)
    rooms = {
        "classroom": RoomFactory(kind=RoomKind.CLASSROOM, area_m2=Decimal("30.00"), seats=12, **common),
        "instructors": RoomFactory(kind=RoomKind.INSTRUCTORS, area_m2=Decimal("12.00"), seats=4, **common),
        "management": RoomFactory(kind=RoomKind.MANAGEMENT, area_m2=Decimal("12.00"), seats=2, **common),
        "archive": RoomFactory(kind=RoomKind.ARCHIVE, area_m2=Decimal("8.00"), seats=0, **common),
        "women": RoomFactory(kind=RoomKind.SANITARY_WOMEN, area_m2=Decimal("4.00"), seats=0, washbasin=True,
                             **common),
        "men": RoomFactory(kind=RoomKind.SANITARY_MEN, area_m2=Decimal("4.00"), seats=0, washbasin=True, **common),
    }
    HygieneDeclaration.objects.create(organization=organization, **{k: True for k in (
        "lighting", "visibility", "noise", "acoustics", "heating_cooling", "water", "electrical", "it", "fire")})
    program = CompleteProgramFactory(
        organization=organization, activity=Activity.PERS, kind=ProgramKind.OTHER, group_size=12,
        rooms=[rooms["classroom"]], instructors=[staff[StaffRole.INSTRUCTOR]],
        starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 5, 31),
    )
    return staff, rooms, program


@pytest.fixture
def ready(cast):
    """The cast's provider organization with complete records and one program."""
    staff, rooms, program = complete_records(cast.organization)
    return {"staff": staff, "rooms": rooms, "program": program, "organization": cast.organization}


def submit(cast, program) -> "Application":  # noqa: F821
    """The cast's provider submits an application for the program's activity."""
    from applications import services

    application = services.application_create(cast.organization, actor=cast.owner)
    services.application_set_scope(application, activities=[program.activity], programs=[program], actor=cast.owner)
    services.application_submit(application, actor=cast.owner)
    return application


def review_to_recommendation(cast, application, *, outcome="approve", reasons=""):
    """The cast's reviewer takes the application, confirms every manual finding and recommends."""
    from applications import services
    from applications.enums import Verdict

    services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    submission = application.submissions.order_by("-number").first()
    for finding in submission.report["findings"]:
        if finding["status"] == "manual":
            services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                           verdict=Verdict.CONFIRMED, comment="", actor=cast.reviewer)
    services.application_recommend(application, outcome=outcome, reasons=reasons, actor=cast.reviewer)
    application.refresh_from_db()
    return application


def approve(cast, application):
    """Review, recommend and approve (the cast's decider decides)."""
    from applications import services

    review_to_recommendation(cast, application)
    services.application_decide(application, outcome="approve", reasons="", actor=cast.decider,
                                expected_state=application.state, declares_no_conflict=True)
    application.refresh_from_db()
    return application


@pytest.fixture
def submitted(cast, ready):
    return submit(cast, ready["program"])


@pytest.fixture
def approved(cast, ready, django_capture_on_commit_callbacks):
    """An approved application whose documents (decision, status certificate) were rendered in-process."""
    application = submit(cast, ready["program"])
    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, application)
    return application
