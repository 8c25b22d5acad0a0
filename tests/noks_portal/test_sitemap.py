"""sitemap.xml (every public page in three languages, with alternates, in a constant number of queries) and
robots.txt, both outside the language prefix."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from programs.search import programs_refresh_public
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Accreditation, Application
from qualifications.models import NoksLevel
from tests.factories import StandardFactory
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LANGUAGES = ("sr", "sr-latn", "en")


def accredit(program, *, state="active", valid_until=None):
    application = Application.objects.create(organization=program.organization, state="approved")
    accreditation = Accreditation.objects.create(
        organization=program.organization, application=application, activity=program.activity,
        valid_from=TODAY - dt.timedelta(days=1), valid_until=valid_until or TODAY + dt.timedelta(days=365),
        state=state,
    )
    accreditation.programs.set([program])
    programs_refresh_public([program.pk])  # the copy of the validity the public pages read
    program.refresh_from_db()
    return accreditation


def locations(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def entry(xml: str, location: str) -> str:
    """The <url> element whose <loc> is ``location``."""
    match = re.search(rf"<url><loc>{re.escape(location)}</loc>.*?</url>", xml, re.S)
    assert match, location
    return match.group(0)


def test_sitemap_is_served_outside_the_language_prefix(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response.content.decode().startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert client.get("/sr/sitemap.xml").status_code == 404


def test_sitemap_lists_an_accredited_program_in_three_languages_with_alternates(client):
    program = CompleteProgramFactory()
    accredit(program)

    xml = client.get("/sitemap.xml").content.decode()

    urls = [f"http://testserver/{language}/program/{program.pk}/" for language in LANGUAGES]
    assert [loc for loc in locations(xml) if "/program/" in loc] == urls
    alternates = re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry(xml, urls[0]))
    assert alternates == [*zip(LANGUAGES, urls), ("x-default", f"http://testserver/program/{program.pk}/")]
    assert f"<lastmod>{timezone.localtime(program.updated_at):%Y-%m-%d}</lastmod>" in entry(xml, urls[1])


@pytest.mark.parametrize("accreditation", [None, {"state": "revoked"}, {"state": "expired"},
                                           {"valid_until": TODAY - dt.timedelta(days=1)}],
                         ids=["none", "revoked", "expired", "lapsed"])
def test_sitemap_leaves_out_a_program_without_an_accreditation_in_force(client, accreditation):
    shown = CompleteProgramFactory()
    accredit(shown)
    hidden = CompleteProgramFactory()
    if accreditation is not None:
        accredit(hidden, **accreditation)

    xml = client.get("/sitemap.xml").content.decode()

    assert f"/program/{shown.pk}/" in xml
    assert f"/program/{hidden.pk}/" not in xml


def test_sitemap_lists_the_public_pages_and_published_standards_and_levels(client):
    published = StandardFactory(code="PUB-1")
    unpublished = StandardFactory(code="DRAFT-1", is_published=False)

    listed = locations(client.get("/sitemap.xml").content.decode())
    found = set(listed)

    for language in LANGUAGES:
        base = f"http://testserver/{language}"
        assert {f"{base}/", f"{base}/qualifications/", f"{base}/qualifications/levels/", f"{base}/jpoa-register/",
                f"{base}/qualifications/standards/{published.code}/"} <= found
        assert f"{base}/qualifications/standards/{unpublished.code}/" not in found
        for code in NoksLevel.objects.values_list("code", flat=True):
            assert f"{base}/qualifications/levels/{code}/" in found
    assert len(listed) == len(found)  # each address once


def test_sitemap_runs_a_constant_number_of_queries(client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    accredit(CompleteProgramFactory())
    StandardFactory()
    before = count()
    for _ in range(4):
        accredit(CompleteProgramFactory())
        StandardFactory()

    assert count() == before


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /*/office/",
        "Disallow: /*/accounts/",
        "Disallow: /*/admin/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]
