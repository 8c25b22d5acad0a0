"""Dates as Serbian writes them, English dates that cannot be misread (noks_portal/formats/, issue 18)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import formats, translation

GENITIVE = ["јануара", "фебруара", "марта", "априла", "маја", "јуна", "јула", "августа", "септембра", "октобра",
            "новембра", "децембра"]
GENITIVE_LATIN = ["januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta", "septembra",
                  "oktobra", "novembra", "decembra"]


@pytest.mark.parametrize("month", range(1, 13))
def test_serbian_dates_put_the_month_in_the_genitive(month):
    day = dt.date(2026, month, 4)
    with translation.override("sr"):
        assert formats.date_format(day, "DATE_FORMAT") == f"4. {GENITIVE[month - 1]} 2026."
    with translation.override("sr-latn"):
        assert formats.date_format(day, "DATE_FORMAT") == f"4. {GENITIVE_LATIN[month - 1]} 2026."


def test_a_month_alone_stays_in_the_nominative():
    with translation.override("sr"):
        assert formats.date_format(dt.date(2026, 12, 4), "F Y") == "децембар 2026"


def test_short_and_time_formats():
    moment = dt.datetime(2026, 12, 4, 9, 5)
    with translation.override("sr"):
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "4. 12. 2026."
        assert formats.date_format(moment, "DATETIME_FORMAT") == "4. децембра 2026. 09:05"
        assert Template('до {{ d|date:"DATE_FORMAT" }}').render(Context({"d": dt.date(2031, 12, 3)})) == (
            "до 3. децембра 2031.")


def test_english_dates_cannot_be_misread():
    moment = dt.datetime(2026, 12, 1, 14, 30)
    with translation.override("en"):
        assert formats.date_format(moment, "DATE_FORMAT") == "1 December 2026"
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "1 Dec 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "1 December 2026, 14:30"
        assert "/" not in formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def test_numbers_keep_each_languages_convention():
    with translation.override("sr"):
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1.234.567,5"
    with translation.override("sr-latn"):
        assert formats.number_format(42.5, 1) == "42,5"
    with translation.override("en"):
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"
