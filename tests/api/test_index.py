"""The API's index, its JSON 404, and its documentation in the page's language (issue 18)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_endpoint_with_its_address(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["version"] == "v1"
    assert body["documentation"] == "http://testserver/api/v1/docs/"
    assert body["endpoints"]["programs"] == "http://testserver/api/v1/programs/"
    assert body["endpoints"]["register_csv"] == "http://testserver/api/v1/register.csv"
    for address in body["endpoints"].values():
        assert client.get(address.removeprefix("http://testserver")).status_code == 200, address


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/programs/abc/", "/api/v1/programs/1/extra",
                                  "/api/v1/ЋИРИЛИЦА/", "/api/v1/programs.xml"])
def test_unknown_addresses_are_a_json_404(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "There is no such address in the API. Its index: http://testserver/api/v1/"}


def test_the_404_speaks_the_visitors_language(client):
    response = client.get("/api/v1/nothing/", HTTP_ACCEPT_LANGUAGE="sr")
    assert response.json()["detail"].startswith("Ова адреса не постоји у API-ју.")


def test_known_records_that_are_missing_keep_the_apis_own_404(client):
    response = client.get("/api/v1/programs/999999/")
    assert response.status_code == 404 and "detail" in response.json()


def test_the_documentation_shows_code_not_backticks(client):
    page = client.get("/en/open-data/").content.decode()
    assert "`" not in page
    assert '<code translate="no">count</code>' in page


@pytest.mark.parametrize("language, heading_word", [("sr", "Отворени"), ("sr-latn", "Otvoreni"), ("en", "Open")])
def test_the_documentation_follows_the_language_and_its_switcher_works(client, language, heading_word):
    page = client.get(f"/{language}/open-data/").content.decode()
    assert f'lang="{language}"' in page
    for other in ("sr", "sr-latn", "en"):
        assert f'href="/{other}/open-data/"' in page
    # the address outside the language prefix links to the prefixed pages too
    unprefixed = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/sr-latn/open-data/"' in unprefixed and 'href="/sr/open-data/"' in unprefixed
    assert heading_word in client.get(f"/{language}/").content.decode()  # the footer's link to it


def test_the_navigation_offers_program_search_and_verification_to_everyone(client):
    page = client.get("/sr/").content.decode()
    assert 'href="/sr/search/"' in page and ">Програми<" in page
    assert 'href="/sr/verify/"' in page and ">Провера исправе<" in page
