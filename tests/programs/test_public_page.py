"""The public program page: shown only while the program is in an accreditation in force, in three languages,
with conditional GET and cache headers."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from programs.search import programs_refresh_public
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date

from applications.models import Accreditation, Application
from exams.models import Cohort
from programs.enums import Activity, TaskListKind
from qualifications.models import NoksLevel
from tests.factories import MembershipFactory, OrganizationFactory, StandardFactory
from tests.programs.factories import CompleteProgramFactory, ModuleFactory, TaskListFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def accredit(program, *, valid_from=None, valid_until=None, state="active"):
    application = Application.objects.create(organization=program.organization, state="approved")
    accreditation = Accreditation.objects.create(
        organization=program.organization, application=application, activity=program.activity,
        valid_from=valid_from or TODAY - dt.timedelta(days=1),
        valid_until=valid_until or TODAY + dt.timedelta(days=365), state=state,
    )
    accreditation.programs.set([program])
    programs_refresh_public([program.pk])  # the copy of the validity the public pages read
    program.refresh_from_db()
    return accreditation


def url(program, language="sr"):
    with translation.override(language):
        return reverse("program_public", kwargs={"pk": program.pk})


def section(page: str, section_id: str) -> str:
    """The HTML of one top-level section of the page (sections with this id hold no nested section)."""
    match = re.search(rf'<section id="{section_id}".*?</section>', page, re.S)
    assert match, section_id
    return match.group(0)


@pytest.fixture
def program():
    organization = OrganizationFactory(email="upis@njegos.rs", phone="011 123 4567", website="https://njegos.rs")
    program = CompleteProgramFactory(organization=organization, name_sr="Кувар — основна обука",
                                     name_en="Cook — basic training", modular=True,
                                     modules_content_sr="Два модула.")
    ModuleFactory(program=program, name_sr="Хигијена у кухињи", outcomes_sr="Полазник одржава хигијену.", hours=40)
    ModuleFactory(program=program, name_sr="Топла јела", outcomes_sr="Полазник припрема топла јела.", hours=80)
    accredit(program)
    return program


def test_public_page_shows_the_elements_of_an_accredited_program(client, program):
    response = client.get(url(program))
    page = response.content.decode()

    assert response.status_code == 200
    assert url(program) == f"/sr/program/{program.pk}/"
    assert page.count("<h1") == 1
    assert '<h1 id="program-title">Кувар — основна обука</h1>' in page
    assert "<title>Кувар — основна обука — Центар за обуку" in page
    description = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
    assert description.startswith("Кувар — основна обука")
    assert "Сврха програма." in description
    elements = section(page, "elements")
    for text in ("Сврха програма.", "Циљ програма.", "Општи исходи.", "Посебни исходи.", "Два модула.",
                 "Предавања и вежбе.", "Простор је приступачан.", "Приручник.", "Завршни испит.",
                 "Два инструктора.", "Учионица и кухиња.", "Интернет страница.", "Индивидуални план.", "Уверење."):
        assert text in elements
    assert elements.count("<dt") == 17  # the 18 elements less the name, which is the heading
    assert '<dt data-element="2">' in elements


def test_public_page_lists_modules_with_outcomes_and_hours(client, program):
    modules = section(client.get(url(program)).content.decode(), "modules")

    assert "<caption>" in modules
    assert '<th scope="col">' in modules
    assert re.search(r'<th scope="row">1\. Хигијена у кухињи.*?Полазник одржава хигијену\..*?>40</td>', modules, re.S)
    assert re.search(r'<th scope="row">2\. Топла јела.*?Полазник припрема топла јела\..*?>80</td>', modules, re.S)
    assert re.search(r'<tfoot>.*>120</td>', modules, re.S)


def test_public_page_shows_the_provider_with_its_register_page(client, program):
    provider = section(client.get(url(program)).content.decode(), "provider")
    organization = program.organization

    assert f'href="{reverse("jpoa:organization", kwargs={"pk": organization.pk})}"' in provider
    assert organization.name_sr in provider
    assert organization.municipality.name in provider
    assert "Кнеза Милоша 1" in provider


def test_public_page_enrolment_block_has_conditions_and_contacts(client, program):
    enrol = section(client.get(url(program)).content.decode(), "enrol")

    assert "Завршена основна школа." in enrol
    assert 'href="mailto:upis@njegos.rs"' in enrol
    assert 'href="tel:0111234567"' in enrol
    assert 'href="https://njegos.rs"' in enrol


def test_public_page_links_the_standard_and_its_noks_level(client):
    standard = StandardFactory(name_sr="Кувар", level=NoksLevel.objects.get(code="4"))
    program = CompleteProgramFactory(activity=Activity.COMP, kind=None, qualification_standard=standard)
    accredit(program)

    about = section(client.get(url(program)).content.decode(), "about")

    level = standard.level
    assert f'href="/sr/qualifications/standards/{standard.code}/"' in about
    assert f'<a href="{reverse("qualifications:level", kwargs={"code": "4"})}">{level.name_sr}</a>' in about
    assert f"</a> (ЕОК {level.eqf_level})" in about  # "EQF n" in Serbian


def test_public_page_lists_upcoming_cohorts_with_their_course_page(client, program):
    upcoming = Cohort.objects.create(organization=program.organization, program=program, name="Јесен",
                                     starts_on=TODAY + dt.timedelta(days=30), ends_on=TODAY + dt.timedelta(days=90))
    past = Cohort.objects.create(organization=program.organization, program=program, name="Пролеће прошле године",
                                 starts_on=TODAY - dt.timedelta(days=300), ends_on=TODAY - dt.timedelta(days=200))

    when = section(client.get(url(program)).content.decode(), "when")

    assert f'<a href="{reverse("exams:public_course", kwargs={"pk": upcoming.pk})}">Јесен</a>' in when
    assert f'<time datetime="{upcoming.starts_on:%Y-%m-%d}">' in when
    assert past.name not in when


def test_public_page_shows_published_task_lists_only(client, program):
    TaskListFactory(program=program, kind=TaskListKind.WORK, title_sr="Објављени задаци",
                    items_sr="Припрема супе\nПрипрема соса", published_on=TODAY)
    TaskListFactory(program=program, kind=TaskListKind.KEY, title_sr="Нацрт задатака", published_on=None)
    TaskListFactory(program=program, kind=TaskListKind.KEY, title_sr="Сутрашњи задаци",
                    published_on=TODAY + dt.timedelta(days=1))

    page = client.get(url(program)).content.decode()

    assert "Објављени задаци" in page
    assert "<li>Припрема супе</li><li>Припрема соса</li>" in page
    assert "Нацрт задатака" not in page
    assert "Сутрашњи задаци" not in page


@pytest.mark.parametrize(("language", "name", "absent"), [
    ("sr-latn", "Kuvar — osnovna obuka", "Кувар — основна обука"),
    ("en", "Cook — basic training", "Кувар — основна обука"),
])
def test_public_page_in_latin_and_english_shows_that_name(client, program, language, name, absent):
    page = client.get(url(program, language)).content.decode()

    assert url(program, language) == f"/{language}/program/{program.pk}/"
    assert f'<html lang="{language}">' in page
    assert f'<h1 id="program-title">{name}</h1>' in page
    assert absent not in page
    assert "Završena osnovna škola." in section(page, "enrol")  # English falls back to the Latin content


def test_public_page_without_accreditation_is_not_found(client):
    program = CompleteProgramFactory()

    assert client.get(url(program)).status_code == 404


@pytest.mark.parametrize("accreditation", [
    {"valid_from": TODAY - dt.timedelta(days=800), "valid_until": TODAY - dt.timedelta(days=1), "state": "expired"},
    {"valid_from": TODAY - dt.timedelta(days=800), "valid_until": TODAY - dt.timedelta(days=1)},  # not yet swept
    {"state": "revoked"},
    {"valid_from": TODAY + dt.timedelta(days=1)},  # not yet in force
], ids=["expired", "lapsed", "revoked", "future"])
def test_public_page_without_an_accreditation_in_force_is_not_found(client, accreditation):
    program = CompleteProgramFactory(name_sr="Скривени програм")
    accredit(program, **accreditation)

    response = client.get(url(program))

    assert response.status_code == 404
    assert "Скривени програм" not in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


def test_public_page_sends_etag_and_answers_304_to_if_none_match(client, program):
    first = client.get(url(program))
    etag = first["ETag"]

    again = client.get(url(program), HTTP_IF_NONE_MATCH=etag)

    assert etag.startswith('"') and len(etag) > 10
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "max-age=300" in again["Cache-Control"]


def test_public_page_etag_changes_with_the_program_and_the_language(client, program):
    etag = client.get(url(program))["ETag"]

    assert client.get(url(program, "en"))["ETag"] != etag
    program.save()  # a section saved: updated_at moves on
    changed = client.get(url(program), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_public_page_etag_changes_when_a_cohort_is_planned(client, program):
    etag = client.get(url(program))["ETag"]
    Cohort.objects.create(organization=program.organization, program=program, name="Јесен",
                          starts_on=TODAY + dt.timedelta(days=30), ends_on=TODAY + dt.timedelta(days=90))

    response = client.get(url(program), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "Јесен" in response.content.decode()


def test_public_page_last_modified_is_the_latest_of_program_and_provider(client, program):
    organization = program.organization
    organization.save()  # the provider changed after the program
    organization.refresh_from_db()
    program.refresh_from_db()

    response = client.get(url(program))

    expected = max(program.updated_at, organization.updated_at)
    assert response["Last-Modified"] == http_date(expected.timestamp())
    later = http_date((timezone.now() + dt.timedelta(minutes=1)).timestamp())
    assert client.get(url(program), HTTP_IF_MODIFIED_SINCE=later).status_code == 304


def test_public_page_is_cacheable_by_shared_caches_for_anonymous_visitors(client, program):
    response = client.get(url(program))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=300"}
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary


def test_public_page_is_private_for_a_signed_in_visitor(client, program):
    anonymous_etag = client.get(url(program))["ETag"]
    client.force_login(MembershipFactory().user)

    response = client.get(url(program), HTTP_IF_NONE_MATCH=anonymous_etag)

    assert response.status_code == 200  # the copy without the visitor's own menu is not confirmed
    assert response["Cache-Control"] == "private, no-store"


def test_public_page_runs_a_constant_number_of_queries(client, program):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(program)).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            ModuleFactory(program=program, hours=10)
            TaskListFactory(program=program, published_on=TODAY)
            Cohort.objects.create(organization=program.organization, program=program, name=f"Група {i}",
                                  starts_on=TODAY + dt.timedelta(days=10 + i), ends_on=TODAY + dt.timedelta(days=50))

    add(1)
    before = count()
    add(3)

    assert count() == before
