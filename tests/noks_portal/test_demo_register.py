"""The embedded default's demo register (issue 19): a newcomer's first searches find something, with facets and
pages, and the generated pages are in one script like every other."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from noks_portal.management.commands.seed_demo import DEMO_REGISTER_ORGANIZATIONS, DEMO_REGISTER_PROGRAMS
from noks_portal.management.commands.seed_scale import EMAIL_DOMAIN, MB_PREFIX
from programs.models import Program
from providers.models import Organization
from tests.noks_portal.test_one_script_crawl import CYRILLIC, visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    settings.DEBUG = False


def _generated():
    return Organization.objects.filter(mb__startswith=MB_PREFIX, email__endswith="@" + EMAIL_DOMAIN)


def test_the_demo_has_a_register_of_fictional_providers_across_municipalities(demo):
    organizations = _generated()
    assert organizations.count() == DEMO_REGISTER_ORGANIZATIONS
    assert all(o.name_sr.endswith(" (демо)") and o.name_en.endswith(" (demo)") for o in organizations)
    assert organizations.values("municipality").distinct().count() >= 10
    programs = Program.objects.filter(organization__in=organizations)
    assert programs.count() == DEMO_REGISTER_PROGRAMS
    assert programs.values("kind").distinct().count() >= 8  # the kinds of Art. 3
    assert programs.exclude(qualification_standard=None).values(
        "qualification_standard__level").distinct().count() >= 3  # NOKS levels
    call_command("seed_demo", even_without_debug=True, stdout=open("/dev/null", "w"))  # idempotent: loaded once
    assert _generated().count() == DEMO_REGISTER_ORGANIZATIONS


@pytest.mark.parametrize("query", ["кувар", "kuvar", "кувара", "kuvari"])
def test_the_home_pages_example_search_finds_programs_with_facets_and_pages(client, demo, query):
    response = client.get(reverse("program_search"), {"q": query})
    result = response.context["result"]
    assert result.count > 1
    assert all("кувар" in p.name_sr.lower() for p in result.page.object_list)
    assert {facet.name for facet in result.facets} >= {"municipality"}


def test_the_content_of_a_program_is_found_by_its_words(client, demo):
    result = client.get(reverse("program_search"), {"q": "hleba"}).context["result"]
    assert result.count >= 1 and all(p.name_sr.startswith("Пекар") for p in result.page.object_list)


def test_the_browse_of_the_register_has_several_pages(client, demo):
    response = client.get(reverse("program_search"))
    assert response.context["result"].page.paginator.num_pages > 1


def test_a_generated_program_and_provider_are_in_one_script_on_the_latin_and_english_pages(client, demo):
    program = Program.objects.filter(organization__in=_generated(), public_from__isnull=False).first()
    for language in ("sr-latn", "en"):
        for url in (f"/{language}/program/{program.pk}/",
                    reverse("jpoa:organization", kwargs={"pk": program.organization_id}).replace("/sr/",
                                                                                                   f"/{language}/")):
            html = client.get(url).content.decode()
            chunks, _links = visible(html)
            cyrillic = [chunk for chunk in chunks if CYRILLIC.search(chunk) and chunk != "Српски (ћирилица)"]
            assert cyrillic == [], url
