"""Section status, the element checklist of Art. 4, and the list page's constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import selectors
from programs.enums import ELEMENTS
from tests.programs.factories import (
    CompleteProgramFactory,
    ModuleFactory,
    ProgramFactory,
    RoomFactory,
    StaffFactory,
    TaskListFactory,
)
from tests.programs.payloads import section_payload

pytestmark = pytest.mark.django_db

# Session, user, membership (permission check), membership (layout), the programs with their module counts.
LIST_QUERIES = 5


def _status(program) -> dict[str, str]:
    program.refresh_from_db()
    return {state.section.slug: state.status for state in selectors.section_status(program)}



@pytest.fixture
def english():
    """Messages asserted word for word in English (the Serbian catalogs translate them)."""
    from django.utils import translation

    with translation.override("en"):
        yield

def test_elements_follow_the_rules_contract():
    from rules.facts import ELEMENTS as CONTRACT

    assert tuple(e.name for e in ELEMENTS) == CONTRACT
    assert [e.number for e in ELEMENTS] == list(range(1, 19))


def test_section_status_goes_from_not_started_to_in_progress_to_done(client, cast):
    client.force_login(cast.owner)
    client.post(reverse("programs:create"), section_payload("basics"))
    program = cast.organization.programs.get()
    assert _status(program) == {"basics": "done", "aims": "not_started", "content": "not_started",
                                "delivery": "not_started", "assessment": "not_started", "publicity": "not_started"}
    url = reverse("programs:section", kwargs={"pk": program.pk, "section": "aims"})
    client.post(url, section_payload("aims", goal_sr="", general_outcomes_sr="", specific_outcomes_sr="",
                                     enrolment_conditions_sr=""))
    assert _status(program)["aims"] == "in_progress"
    client.post(url, section_payload("aims"))
    assert _status(program)["aims"] == "done"
    overview = client.get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    assert overview.count(reverse("programs:section", kwargs={"pk": program.pk, "section": "aims"})) == 1


def test_content_section_of_a_program_without_modules_is_done_once_saved(client, cast):
    program = ProgramFactory(organization=cast.organization)
    assert _status(program)["content"] == "not_started"
    client.force_login(cast.owner)
    client.post(reverse("programs:section", kwargs={"pk": program.pk, "section": "content"}),
                section_payload("content", modular=None, modules_content_sr=""))
    assert _status(program)["content"] == "done"


def test_modular_program_needs_content_and_modules(cast):
    program = ProgramFactory(organization=cast.organization, modular=True, modules_content_sr="Садржај")
    assert _status(program)["content"] == "in_progress"
    ModuleFactory(program=program)
    assert _status(program)["content"] == "done"


def test_delivery_needs_rooms_and_instructors(cast):
    program = CompleteProgramFactory(organization=cast.organization)
    assert _status(program)["delivery"] == "in_progress"
    program.rooms.add(RoomFactory(organization=cast.organization))
    program.instructors.add(StaffFactory(organization=cast.organization))
    assert _status(program)["delivery"] == "done"


def test_assessment_with_professional_exam_needs_a_published_work_task_list(cast):
    program = CompleteProgramFactory(organization=cast.organization, exam_professional=True, work_tasks_min=2,
                                     work_tasks_max=3)
    assert _status(program)["assessment"] == "in_progress"
    TaskListFactory(program=program, published_on=None)
    assert _status(program)["assessment"] == "in_progress"
    TaskListFactory(program=program, published_on=dt.date(2026, 1, 15))
    assert _status(program)["assessment"] == "done"


def test_basics_of_a_competence_program_need_its_standard(cast, english):
    program = ProgramFactory(organization=cast.organization, activity="A-COMP", kind=1)
    assert _status(program)["basics"] == "in_progress"
    assert any("Art. 2" in w for w in selectors.program_warnings(program))


def test_missing_elements_of_a_new_program(cast):
    program = ProgramFactory(organization=cast.organization)
    assert selectors.missing_elements(program) == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
    program.modular = True
    assert 7 in selectors.missing_elements(program)


def test_complete_program_lacks_no_element_and_modules_make_element_7(cast):
    program = CompleteProgramFactory(organization=cast.organization)
    assert selectors.missing_elements(program) == []
    program.modular = True
    program.save()
    assert selectors.missing_elements(program) == [7]
    ModuleFactory(program=program)
    assert selectors.missing_elements(program) == []


def test_overview_shows_the_element_checklist(client, cast):
    program = ProgramFactory(organization=cast.organization, purpose_sr="Сврха", duration_hours=40)
    client.force_login(cast.owner)
    page = client.get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    checklist = page.split('id="element-checklist"', 1)[1].split("</table>", 1)[0]
    assert checklist.count("<tr data-element=") == 18
    for number, expected in [(1, "badge text-bg-success"), (2, "badge text-bg-success"), (3, "badge text-bg-danger"),
                             (7, "badge text-bg-light"), (8, "badge text-bg-success"), (13, "badge text-bg-danger")]:
        row = checklist.split(f'<tr data-element="{number}">', 1)[1].split("</tr>", 1)[0]
        assert expected in row, number


@pytest.mark.parametrize("count", [2, 20])
def test_list_page_query_count_is_constant(client, cast, count):
    for _ in range(count):
        program = CompleteProgramFactory(organization=cast.organization, modular=True)
        ModuleFactory(program=program)
    client.force_login(cast.owner)
    url = reverse("programs:list")
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["items"]) == count
    assert len(queries) == LIST_QUERIES



def test_warnings_cite_the_articles_without_blocking(cast, english):
    program = ProgramFactory(organization=cast.organization, kind=4, exam_key_competences=True, key_tasks=5,
                             exam_professional=True, work_tasks_min=1, work_tasks_max=4,
                             starts_on=dt.date(2026, 3, 1))
    TaskListFactory(program=program, published_on=dt.date(2026, 3, 2))
    warnings = " ".join(selectors.program_warnings(program))
    for article in ("Art. 4.3", "Art. 6.1", "Art. 6.2", "Art. 6.3"):
        assert article in warnings
    assert "Art. 4.2" not in warnings
