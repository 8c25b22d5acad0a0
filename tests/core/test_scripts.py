"""Serbian Cyrillic <-> Latin, search folding, and filling the Latin twin of content fields."""

from __future__ import annotations

import pytest

from core.scripts import sync_scripts
from providers.models import Organization
from rules.translit import cyr_to_lat, fold, lat_to_cyr


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Љ", "Lj"),
        ("Њ", "Nj"),
        ("Џ", "Dž"),
        ("ЉУБОВИЈА", "LJUBOVIJA"),
        ("Љубовија", "Ljubovija"),
        ("ЊЕГОШ", "NJEGOŠ"),
        ("ЏЕП", "DŽEP"),
        ("Џеп", "Džep"),
        ("ђак ћуприја чичак шешир жаба", "đak ćuprija čičak šešir žaba"),
        ("Центар „Љубовија“ д.о.о.", "Centar „Ljubovija“ d.o.o."),
    ],
)
def test_cyr_to_lat_follows_serbian_orthography(cyrillic, latin):
    assert cyr_to_lat(cyrillic) == latin


def test_cyr_to_lat_leaves_web_and_email_addresses_untouched():
    text = "Пишите на инфо@школа.срб или http://школа.срб/упис, www.кувар.рс"
    assert cyr_to_lat(text) == "Pišite na инфо@школа.срб ili http://школа.срб/упис, www.кувар.рс"


@pytest.mark.parametrize("latin", ["Ljubovija", "LJUBOVIJA", "Njegoš", "Džep", "Đorđe Ćirić"])
def test_lat_to_cyr_round_trips(latin):
    assert cyr_to_lat(lat_to_cyr(latin)) == latin


@pytest.mark.parametrize("query", ["кувар", "kuvar", "KUVAR", "kuvár", "Кувар"])
def test_fold_makes_scripts_and_diacritics_equal(query):
    assert fold(query) == "kuvar"


@pytest.mark.parametrize("name", ["Đorđe", "Djordje", "Ђорђе", "ĐORĐE"])
def test_fold_djordje_spellings_are_equal(name):
    assert fold(name) == "djordje"


def test_sync_scripts_fills_latin_from_cyrillic():
    org = Organization(name_sr="Школа ЉУБОВИЈА", address_sr="Џорџа Вашингтона 5")
    sync_scripts(org)
    assert org.name_sr_latn == "Škola LJUBOVIJA"
    assert org.address_sr_latn == "Džordža Vašingtona 5"


def test_sync_scripts_replaces_stale_latin_after_cyrillic_edit():
    org = Organization(name_sr="Нови назив", name_sr_latn="Stari naziv")
    sync_scripts(org)
    assert org.name_sr_latn == "Novi naziv"


@pytest.mark.parametrize("first, second", [("Kuvar", "Poslastičar"), ("Кувар", "Poslastičar"), ("Kuvar", "Посластичар"),
                                           ("Кувар", "Посластичар")])
def test_sync_scripts_recomputes_the_latin_copy_whatever_script_was_typed(first, second):
    org = Organization(name_sr=first)
    sync_scripts(org)
    assert org.name_sr_latn == "Kuvar"
    org.name_sr = second
    sync_scripts(org)
    assert (org.name_sr, org.name_sr_latn) == (second, "Poslastičar")


def test_a_changed_text_typed_in_latin_reaches_the_latin_page(client, cast):
    from providers import services
    from providers.models import Organization as Org

    organization = Org.objects.get(pk=cast.organization.pk)
    for address in ("Bulevar oslobođenja 1", "Bulevar despota Stefana 7"):
        organization.address_sr = address
        services.organization_update(organization, actor=cast.owner, changed=["address"])
    client.force_login(cast.owner)
    page = client.get("/sr-latn/organization/").content.decode()
    assert "Bulevar despota Stefana 7" in page and "Bulevar oslobođenja 1" not in page
    organization.refresh_from_db()
    assert organization.address_sr_latn == "Bulevar despota Stefana 7"


def test_sync_scripts_fills_cyrillic_when_only_latin_is_given():
    org = Organization(name_sr="", name_sr_latn="Ljubovija")
    sync_scripts(org)
    assert org.name_sr == "Љубовија"


def test_the_admin_shows_the_derived_latin_copy_read_only_and_recomputes_it(client, cast):
    from django.urls import reverse

    from qualifications.models import Sector

    sector = Sector.objects.create(code="99", name_sr="Стари назив")
    sync_scripts(sector)
    sector.save()
    client.force_login(cast.admin)
    url = reverse("admin:qualifications_sector_change", args=[sector.pk])
    page = client.get(url).content.decode()
    assert 'name="name_sr"' in page and 'name="name_sr_latn"' not in page  # shown, not editable
    response = client.post(url, {"code": "99", "name_sr": "Novi naziv", "name_en": "New name",
                                 "name_sr_latn": "Podmetnut naziv"})
    assert response.status_code == 302, response.content.decode()[:3000]
    sector.refresh_from_db()
    assert (sector.name_sr, sector.name_sr_latn) == ("Novi naziv", "Novi naziv")
