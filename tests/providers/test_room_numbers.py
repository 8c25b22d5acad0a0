"""Issue 16, "numbers never change magnitude", on the room form: the area, seats and computers a provider types in
Serbian or plain writing are stored at their magnitude in every language, ambiguous input and implausible values are
refused with a translated message and the form is shown again with what was typed; a stored area shows as the
page's language writes it. The lease check of the application's pre-check is at the end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

import rules
from providers.enums import RoomKind, Tenure
from providers.facts import organization_facts
from providers.models import Room
from tests.providers.records_factories import RoomFactory
from tests.providers.test_records import ROOM_DATA

pytestmark = pytest.mark.django_db
LANGS = ("sr", "sr-latn", "en")


def url(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def owner_client(client, cast):
    client.force_login(cast.owner)
    return client


def post_room(client, lang: str, **numbers):
    return client.post(url(lang, "providers:room_create"), dict(ROOM_DATA, **numbers))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed, stored", [
    ("42,5", Decimal("42.50")),
    ("42.5", Decimal("42.50")),
    ("1.234,5", Decimal("1234.50")),
    ("1 234,5", Decimal("1234.50")),
    ("1\u00a0234,5", Decimal("1234.50")),
])
def test_room_area_is_stored_at_its_magnitude_in_every_language(owner_client, cast, lang, typed, stored):
    response = post_room(owner_client, lang, area_m2=typed, seats="1 000", computers="1\u00a0000")
    assert response.status_code == 302
    room = Room.objects.get(organization=cast.organization)
    assert (room.area_m2, room.seats, room.computers) == (stored, 1000, 1000)


REFUSED = {
    # typed area: (en, sr) messages; sr-latn is the transliteration of sr
    "1.234": ("“1.234” can be read as 1234 or as 1,234. Write 1234 without the point, or 1,234 with the decimal "
              "comma.",
              "„1.234“ може да се прочита као 1234 или као 1,234. Упишите 1234 без тачке, односно 1,234 са "
              "децималним зарезом."),
    "1,234.5": ("The number mixes two ways of writing. Use the comma for decimals and a point or a space only "
                "between thousands, for example 1234,5 or 1.234,5.",
                "Број је записан на два начина. Зарез користите за децимале, а тачку или размак само између хиљада, "
                "на пример 1234,5 или 1.234,5."),
    "42,5,0": ("A number has at most one decimal comma.", "Број има највише један децимални зарез."),
    "42,555": ("Ensure that there are no more than 2 decimal places.", "Не може бити више од 2 децимале."),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed", sorted(REFUSED))
def test_room_area_refused_with_translated_message_and_typed_value_kept(owner_client, lang, typed):
    from rules.translit import cyr_to_lat

    response = post_room(owner_client, lang, area_m2=typed)
    en, sr = REFUSED[typed]
    expected = {"en": en, "sr": sr, "sr-latn": cyr_to_lat(sr)}[lang]
    assert response.status_code == 200
    assert Room.objects.count() == 0
    assert response.context["form"].errors["area_m2"] == [expected]
    assert f'value="{typed}"' in response.content.decode()


@pytest.mark.parametrize("lang, message", [
    ("en", "Enter a whole number, without a decimal part."),
    ("sr", "Унесите цео број, без децималног дела."),
    ("sr-latn", "Unesite ceo broj, bez decimalnog dela."),
])
def test_room_seats_refuse_a_decimal_part_instead_of_rounding(owner_client, lang, message):
    response = post_room(owner_client, lang, seats="16,5")
    assert Room.objects.count() == 0
    assert response.context["form"].errors["seats"] == [message]
    assert 'value="16,5"' in response.content.decode()


# --- plausibility bounds: both sides of each ----------------------------------------------------------------------

@pytest.mark.parametrize("field, accepted, refused, message", [
    ("area_m2", "1", "0,99", "A room's area must be at least 1 m²."),
    ("area_m2", "5000", "5000,01", "A room's area cannot exceed 5000 m²; check the number (is a decimal comma "
                                   "missing?)."),
    ("seats", "1000", "1001", "A room cannot have more than 1000 seats; check the number."),
    ("computers", "1000", "1001", "A room cannot have more than 1000 computers; check the number."),
])
def test_room_bounds_both_sides(owner_client, cast, field, accepted, refused, message):
    response = post_room(owner_client, "en", **{field: refused})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert f'value="{refused}"' in response.content.decode()
    assert post_room(owner_client, "en", **{field: accepted}).status_code == 302
    assert Room.objects.filter(organization=cast.organization).count() == 1


def test_hundred_thousand_seats_refused_in_serbian(owner_client):
    response = post_room(owner_client, "sr", seats="100 000")
    assert response.context["form"].errors["seats"] == ["Просторија не може имати више од 1000 места; проверите број."]
    assert 'value="100 000"' in response.content.decode()
    response = post_room(owner_client, "sr", seats="100.000")     # a point alone before three digits: ambiguous
    assert response.context["form"].errors["seats"] == [
        "„100.000“ може да се прочита као 100000 или као децимални број. Упишите 100000 без тачке."]
    response = post_room(owner_client, "sr-latn", area_m2="42500")
    assert response.context["form"].errors["area_m2"] == [
        "Površina prostorije ne može biti veća od 5000 m²; proverite broj (da li nedostaje decimalni zarez?)."]


def test_room_bounds_hold_in_the_model_too(cast):
    from django.core.exceptions import ValidationError

    room = Room(organization=cast.organization, name="Сала", kind=RoomKind.CLASSROOM, area_m2=Decimal("42.5"),
                seats=100_000, computers=0, tenure=Tenure.OWNED)
    with pytest.raises(ValidationError) as refused:
        room.full_clean()
    assert list(refused.value.message_dict) == ["seats"]


@pytest.mark.parametrize("lang, shown", [("sr", "42,5"), ("sr-latn", "42,5"), ("en", "42.5")])
def test_stored_area_shows_as_the_language_writes_it(owner_client, cast, lang, shown):
    room = RoomFactory(organization=cast.organization, area_m2=Decimal("42.50"), seats=16)
    page = owner_client.get(url(lang, "providers:room_edit", pk=room.pk)).content.decode()
    assert f'type="text" name="area_m2" value="{shown}" inputmode="decimal"' in page
    assert 'name="seats" value="16" inputmode="numeric"' in page
    assert 'type="number"' not in page


@pytest.mark.parametrize("lang", LANGS)
def test_shown_area_saved_again_unchanged(owner_client, cast, lang):
    """What the form shows is read back as the same number: saving an unchanged form changes no magnitude."""
    room = RoomFactory(organization=cast.organization, area_m2=Decimal("1.23"), seats=16)
    shown = "1,23" if lang != "en" else "1.23"
    owner_client.post(url(lang, "providers:room_edit", pk=room.pk), dict(ROOM_DATA, area_m2=shown))
    room.refresh_from_db()
    assert room.area_m2 == Decimal("1.23")


# --- a lease that already expired, as the pre-check sees it -------------------------------------------------------

@pytest.mark.parametrize("days, status, message", [
    (-1, "fail", "The lease expired on {until}."),
    (0, "pass", "The lease runs until {until}; no program is held in the room."),
])
def test_lease_expired_before_the_day_the_application_is_prepared(cast, days, status, message):
    today = timezone.localdate()
    until = today + dt.timedelta(days=days)
    room = RoomFactory(organization=cast.organization, tenure=Tenure.LEASED, lease_until=until)
    case = {"date": today.isoformat(), **organization_facts(cast.organization)}
    report = rules.evaluate(rules.load_case(case), lang="en")
    [finding] = [f.to_dict("en") for f in report.findings
                 if f.provision == "P89-9.2" and f.subject == f"rooms[R{room.pk}]"]
    assert finding["status"] == status
    assert finding["message"].startswith(message.format(until=until.isoformat()))
