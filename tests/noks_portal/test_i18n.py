"""The same page in all three languages shows the right strings; URLs carry the language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from rules.translit import has_cyrillic

pytestmark = pytest.mark.django_db


def test_root_redirects_to_serbian_cyrillic(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sr/"


@pytest.mark.parametrize(
    ("prefix", "html_lang", "sign_in", "levels_heading"),
    [
        ("sr", "sr", "Пријава", "Нивои НОКС-а"),
        ("sr-latn", "sr-latn", "Prijava", "Nivoi NOKS-a"),
        ("en", "en", "Sign in", "NOKS levels"),
    ],
)
def test_home_page_in_each_language(client, prefix, html_lang, sign_in, levels_heading):
    page = client.get(f"/{prefix}/").content.decode()
    assert f'<html lang="{html_lang}">' in page
    assert sign_in in page
    assert levels_heading in page


def test_language_switcher_links_to_the_same_page_in_every_language(client):
    page = client.get("/sr/qualifications/levels/").content.decode()
    for prefix in ("sr", "sr-latn", "en"):
        assert f'href="/{prefix}/qualifications/levels/"' in page


def test_latin_page_has_no_cyrillic_text(client):
    for path in ("/sr-latn/", "/sr-latn/qualifications/levels/", "/sr-latn/qualifications/levels/3/",
                 "/sr-latn/qualifications/"):
        body = client.get(path).content.decode()
        visible = body.split("<body>", 1)[1]
        # The language switcher names Serbian Cyrillic in Cyrillic, as language names are written in themselves.
        visible = visible.replace("Српски (ћирилица)", "")
        assert not has_cyrillic(visible), path


def test_django_own_sr_latn_messages_are_used():
    with translation.override("sr-latn"):
        from django.forms import Form, CharField

        class F(Form):
            x = CharField()

        form = F({})
        form.is_valid()
        assert form.errors["x"] == ["Ovo polje se mora popuniti."]
    with translation.override("sr"):
        form = F({})
        form.is_valid()
        assert form.errors["x"] == ["Ово поље се мора попунити."]


def test_login_error_is_translated(client):
    response = client.post("/sr-latn/accounts/login/", {"username": "nobody", "password": "wrong-password"})
    assert "Imejl adresa, korisničko ime ili lozinka nisu ispravni" in response.content.decode()
    assert 'value="nobody"' in response.content.decode()


def test_standard_content_follows_the_language(client):
    from tests.factories import StandardFactory

    StandardFactory(code="X-1", name_sr="Посластичар", name_en="Pastry cook")
    url = reverse("qualifications:standard", kwargs={"code": "X-1"})
    assert "Посластичар" in client.get(url).content.decode()
    with translation.override("sr-latn"):
        assert "Poslastičar" in client.get(reverse("qualifications:standard", kwargs={"code": "X-1"})).content.decode()
    with translation.override("en"):
        assert "Pastry cook" in client.get(reverse("qualifications:standard", kwargs={"code": "X-1"})).content.decode()
