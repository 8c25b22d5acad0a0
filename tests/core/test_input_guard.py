"""core.input_guard (issue 14): a control character in the address (path, query parameter names and values)
or a header is refused with 400 before any view or database sees it; a cookie holding one is dropped. On
PostgreSQL each of these addresses used to be a server error ("cannot contain NUL characters")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import require

pytestmark = pytest.mark.django_db

PATH_SR = "Адреса садржи контролни знак (као што је NUL), који ниједна страница не прихвата."
PARAMETER_SR = "Контролни знакови (као што је NUL) нису дозвољени у овом параметру."

# The addresses found giving 500 on PostgreSQL (issue 14), and who opened them.
REPORTED = [
    ("/api/v1/standards/%00/", None),
    ("/sr/qualifications/standards/%00/", None),
    ("/sr/qualifications/levels/%00/", None),
    ("/sr/invitation/%00/", None),
    ("/sr/search/?level=%00", None),
    ("/sr/search/?standard=%00", None),
    ("/sr/office/applications/?q=%00", "reviewer"),
]


def _get(client, cast, url, who):
    if who:
        client.force_login(getattr(cast, who))
    return client.get(url)


@pytest.mark.parametrize(("url", "who"), REPORTED)
def test_the_reported_addresses_are_a_400_not_a_server_error_on_postgresql(client, cast, url, who):
    require("postgres")
    response = _get(client, cast, url, who)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json() == {"errors": {"path": [PATH_SR]}}
    else:
        page = response.content.decode()
        assert "<h1>Неисправан захтев</h1>" in page
        assert (PATH_SR if "?" not in url else PARAMETER_SR) in page


@pytest.mark.parametrize("url", [
    "/sr/search/?q=kuvar%01", "/sr/search/?q=a%09b", "/sr/search/?q=a%0Ab", "/sr/search/?q=a%0Db",
    "/sr/search/?q=%7F", "/sr/search/?q=%C2%85", "/sr/search/?q%00=1", "/sr/search/?%1B=1", "/sr/%00",
    "/sr/qualifications/standards/a%0Ab/", "/en/qualifications/levels/%C2%9F/", "/health/%00", "/v/%01/",
])
def test_every_control_character_in_the_address_is_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_page_speaks_the_language_of_the_address(client):
    response = client.get("/en/search/?level=%00")
    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert '<html lang="en">' in page and "<h1>Bad request</h1>" in page
    assert "Control characters (such as NUL) are not allowed in this parameter." in page
    latin = client.get("/sr-latn/search/?level=%00").content.decode()
    assert "<h1>Neispravan zahtev</h1>" in latin


def test_the_api_names_each_refused_parameter_as_its_own_400s_do(client):
    response = client.get("/api/v1/programs/?q=kuvar%00&level=4&page=%01", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": {
        "q": ["Control characters (such as NUL) are not allowed in this parameter."],
        "page": ["Control characters (such as NUL) are not allowed in this parameter."],
    }}


def test_ordinary_addresses_pass_untouched(client):
    response = client.get("/sr/search/?q=%D0%BA%D1%83%D0%B2%D0%B0%D1%80+%C5%A1ef+%E2%80%9E1%E2%80%9C")
    assert response.status_code == 200
    assert response.context["params"].q == "кувар šef „1“"


def test_a_control_character_in_a_header_is_refused(client, cast):
    response = client.post("/sr/accounts/login/", {"username": "owner", "password": "x"},
                           HTTP_USER_AGENT="Mozilla\x00/5.0")
    assert response.status_code == 400
    assert "Једно заглавље захтева садржи контролни знак." in response.content.decode()
    assert client.get("/sr/", HTTP_USER_AGENT="Mozilla/5.0 (X11;\tLinux)").status_code == 200  # a tab is allowed


def test_a_session_cookie_spelling_nul_is_dropped_not_a_server_error(cast):
    """A quoted cookie value may spell bytes in octal (``"\\000"``): its NUL would reach the session table."""
    client = Client(HTTP_COOKIE='sessionid="\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000"; django_language=en')
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302  # not signed in: to the sign-in page, as without the cookie
    assert response["Location"].startswith(reverse("accounts:login"))


def test_form_bodies_are_left_to_the_forms(client, cast):
    """A POST body is not refused here: the form says what is wrong and keeps what was typed."""
    client.force_login(cast.owner)
    response = client.post(reverse("providers:room_create"), {"name_sr": "Учионица\x00", "kind": "classroom",
                                                                    "area_m2": "40", "seats": "10"})
    assert response.status_code == 200
    assert response.context["form"].errors["name_sr"] == [
        "Текст садржи невидљиве контролне знакове (на пример из копираног документа); уклоните их и покушајте "
        "поново."]


def test_djangos_own_bad_requests_are_still_its_plain_400(client):
    """More query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django refuses them (in this middleware, which
    reads the parameters first) with its own plain page, which needs no request context."""
    response = client.get("/sr/search/?" + "&".join(f"a{i}=1" for i in range(1001)))
    assert response.status_code == 400
    assert "<h1>Bad Request (400)</h1>" in response.content.decode()
