"""Issue 18: numbers shown (not typed) with the page's decimal sign and no trailing zeros ({{ x|number }})."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.providers.records_factories import RoomFactory


def shown(value, lang: str) -> str:
    with translation.override(lang):
        return Template("{% load noks_numbers %}{{ value|number }}").render(Context({"value": value}))


@pytest.mark.parametrize("value, sr, en", [
    (Decimal("42.50"), "42,5", "42.5"),
    (Decimal("42.00"), "42", "42"),
    (Decimal("0.05"), "0,05", "0.05"),
    (Decimal("1234.50"), "1234,5", "1234.5"),
    (7, "7", "7"),
    (None, "—", "—"),
    ("", "—", "—"),
])
def test_number_filter_in_both_languages(value, sr, en):
    assert (shown(value, "sr"), shown(value, "sr-latn"), shown(value, "en")) == (sr, sr, en)


@pytest.mark.django_db
def test_room_list_shows_the_area_with_the_decimal_comma_on_serbian_pages(client, cast):
    RoomFactory(organization=cast.organization, area_m2=Decimal("42.50"))
    client.force_login(cast.owner)
    for lang, area in (("sr", "42,5 m²"), ("sr-latn", "42,5 m²"), ("en", "42.5 m²")):
        with translation.override(lang):
            page = client.get(reverse("providers:room_list")).content.decode()
        assert area in page
        assert "42,50" not in page and "42.50" not in page
