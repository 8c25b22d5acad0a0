"""Issue 18, Serbian order: lists shown to people follow the Serbian alphabet of the page's script (Ђ after Д, Љ after
Л in Cyrillic; Č after C, Lj after L, Đ after Dž in Latin), on SQLite and on PostgreSQL (run with DATABASE_URL), with
pk as the last tie-breaker."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.ordering import translated_order
from providers.forms import OrganizationForm
from providers.models import Municipality
from providers.selectors import organization_list_for_office, partner_list, room_list, staff_list
from tests.factories import OrganizationFactory
from tests.providers.records_factories import PartnerFactory, RoomFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

SURNAMES = ["Чолић", "Љубић", "Цветковић", "Ђурић", "Лукић", "Дамјановић"]
CYRILLIC_ORDER = ["Дамјановић", "Ђурић", "Лукић", "Љубић", "Цветковић", "Чолић"]
LATIN_ORDER = ["Cvetković", "Čolić", "Damjanović", "Đurić", "Lukić", "Ljubić"]


def url(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def in_page_order(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: page.index(name))


def test_municipality_choices_start_with_ada_not_djakovica():
    with translation.override("sr"):
        labels = [label for _value, label in OrganizationForm().fields["municipality"].choices][1:]
        assert labels[:2] == ["Ада", "Александровац"]
        assert labels.index("Дољевац") < labels.index("Ђаковица") < labels.index("Житиште")
        assert labels.index("Лучани") < labels.index("Љиг") < labels.index("Мајданпек")
        assert labels[-1].startswith("Ш")
    with translation.override("sr-latn"):
        labels = [label for _value, label in OrganizationForm().fields["municipality"].choices][1:]
        assert labels[0] == "Ada"
        assert labels.index("Crna Trava") < labels.index("Čačak") < labels.index("Ćićevac") < labels.index("Despotovac")
        assert labels.index("Lučani") < labels.index("Ljig") < labels.index("Majdanpek")
        assert labels.index("Dimitrovgrad") < labels.index("Đakovica") < labels.index("Gadžin Han")
        assert labels[-1].startswith("Ž")


def test_municipality_choices_on_the_register_page_in_both_scripts(client):
    for lang, first, later in (("sr", "Ада", "Ђаковица"), ("sr-latn", "Ada", "Čačak")):
        page = client.get(url(lang, "providers:register")).content.decode()
        options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
        assert options[0] == first
        assert options.index(later) > 0


@pytest.fixture
def staff(cast):
    return [StaffMemberFactory(organization=cast.organization, first_name_sr="Ана", last_name_sr=name)
            for name in SURNAMES]


def test_staff_by_surname_in_cyrillic_order(cast, staff):
    with translation.override("sr"):
        assert [s.last_name for s in staff_list(cast.organization)] == CYRILLIC_ORDER


def test_staff_by_surname_in_latin_order_on_latin_and_english_pages(cast, staff):
    for lang in ("sr-latn", "en"):
        with translation.override(lang):
            assert [s.last_name for s in staff_list(cast.organization)] == LATIN_ORDER


def test_staff_same_surname_by_name_then_pk(cast):
    later = StaffMemberFactory(organization=cast.organization, first_name_sr="Ђорђе", last_name_sr="Илић")
    first = StaffMemberFactory(organization=cast.organization, first_name_sr="Драган", last_name_sr="Илић")
    twin_a = StaffMemberFactory(organization=cast.organization, first_name_sr="Ђорђе", last_name_sr="Илић")
    with translation.override("sr"):
        assert [s.pk for s in staff_list(cast.organization)] == [first.pk, later.pk, twin_a.pk]
    with translation.override("sr-latn"):
        assert [s.pk for s in staff_list(cast.organization)] == [first.pk, later.pk, twin_a.pk]


def test_a_latin_typed_name_on_a_cyrillic_page_after_the_cyrillic_ones(cast):
    StaffMemberFactory(organization=cast.organization, first_name_sr="Ana", last_name_sr="Adams")
    StaffMemberFactory(organization=cast.organization, first_name_sr="Ана", last_name_sr="Шарац")
    with translation.override("sr"):
        assert [s.last_name for s in staff_list(cast.organization)] == ["Шарац", "Adams"]
    with translation.override("sr-latn"):
        assert [s.last_name for s in staff_list(cast.organization)] == ["Adams", "Šarac"]


def test_staff_page_lists_by_surname_in_both_scripts(client, cast, staff):
    client.force_login(cast.owner)
    page = client.get(url("sr", "providers:staff_list")).content.decode()
    assert in_page_order(page, CYRILLIC_ORDER) == CYRILLIC_ORDER
    page = client.get(url("sr-latn", "providers:staff_list")).content.decode()
    assert in_page_order(page, LATIN_ORDER) == LATIN_ORDER


def test_rooms_and_partners_in_serbian_order(cast):
    for name in ("Чајна", "Ђачка", "Цвећара", "Длан"):
        RoomFactory(organization=cast.organization, name_sr=name)
        PartnerFactory(organization=cast.organization, name_sr=name)
    with translation.override("sr"):
        assert [r.name for r in room_list(cast.organization)] == ["Длан", "Ђачка", "Цвећара", "Чајна"]
        assert [p.name for p in partner_list(cast.organization)] == ["Длан", "Ђачка", "Цвећара", "Чајна"]
    with translation.override("sr-latn"):
        assert [r.name for r in room_list(cast.organization)] == ["Cvećara", "Čajna", "Dlan", "Đačka"]
        assert [p.name for p in partner_list(cast.organization)] == ["Cvećara", "Čajna", "Dlan", "Đačka"]


def test_office_organization_list_in_serbian_order(cast):
    for name in ("Школа „Љиг“", "Центар „Ђак“", "Центар „Дан“"):
        OrganizationFactory(name_sr=name, name_sr_latn=None)
    with translation.override("sr"):
        names = [o.name_sr for o in organization_list_for_office()]
        assert names.index("Центар „Дан“") < names.index("Центар „Ђак“") < names.index("Школа „Љиг“")


def test_english_text_orders_the_english_page_where_there_is_one():
    municipalities = Municipality.objects.filter(name_sr__in=["Ада", "Чачак"])
    Municipality.objects.filter(name_sr="Чачак").update(name_en="Aaa Chachak")
    with translation.override("en"):
        assert [m.name for m in municipalities.order_by(*translated_order("name"))] == ["Aaa Chachak", "Ada"]
    with translation.override("sr-latn"):
        assert [m.name for m in municipalities.order_by(*translated_order("name"))] == ["Ada", "Čačak"]

