"""The portal's own middleware: no stored copies of a signed-in visitor's pages; the language switcher's links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.api.conftest import accredit
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_program(db):
    program = CompleteProgramFactory(name_sr="Кувар")
    accredit(program)
    return program


def _pages(cast, program):
    return [
        reverse("accounts:dashboard"),
        reverse("providers:organization"),
        reverse("providers:staff_list"),
        reverse("program_public", kwargs={"pk": program.pk}),  # a public page, with the visitor's menu
        reverse("home"),
        "/api/v1/docs/",
        "/api/v1/programs/",
        "/sr/no-such-page/",
    ]


def test_every_response_to_a_signed_in_visitor_is_private_and_not_stored(client, cast, public_program):
    client.force_login(cast.owner)
    for path in _pages(cast, public_program):
        response = client.get(path)
        assert response["Cache-Control"] == "private, no-store", path
        assert "Cookie" in response["Vary"], path


def test_an_office_users_pages_are_not_stored_either(client, cast):
    client.force_login(cast.reviewer)
    response = client.get(reverse("office:queue"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_anonymous_visitors_keep_the_shared_cache_headers_of_public_pages(client, public_program):
    page = client.get(reverse("program_public", kwargs={"pk": public_program.pk}))
    assert {p.strip() for p in page["Cache-Control"].split(",")} == {"public", "max-age=300"}
    assert client.get("/api/v1/programs/")["Cache-Control"] == "public, max-age=300"
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


def _switcher_links(html: str) -> dict[str, str]:
    block = html[html.index('class="list-inline mb-0 lang-switch"'):]
    block = block[:block.index("</ul>")]
    return dict((lang, href) for href, lang in re.findall(r'<a href="([^"]*)" lang="([^"]+)"', block))


@pytest.mark.parametrize("path", ["//evil.example/", "//evil.example/sr/", "/\\evil.example/", "/sr//evil.example/",
                                  "/sr/no-such-page/", "/sr/program/999999999/x/"])
def test_the_language_switcher_on_a_404_page_links_only_to_this_site(client, path):
    response = client.get("/", PATH_INFO=path)  # the test client would read "//evil.example/" as a host
    assert response.status_code == 404
    links = _switcher_links(response.content.decode())
    assert links == {"sr": "/sr/", "sr-latn": "/sr-latn/", "en": "/en/"}


def test_the_language_switcher_keeps_the_page_and_its_query(client, public_program):
    response = client.get(f"/sr/program/{public_program.pk}/", {"tab": "x&y"})
    links = _switcher_links(response.content.decode())
    assert links["en"] == f"/en/program/{public_program.pk}/?tab=x%26y"
    assert links["sr-latn"].startswith(f"/sr-latn/program/{public_program.pk}/?")
