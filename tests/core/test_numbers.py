"""core.numbers (issue 16): numbers typed as a Serbian writes them are read the same in every language, ambiguous
or mixed input is refused with a translated message, whole-number fields refuse a decimal part, every number box is
a text box that shows again what was typed, and stored values are shown as the page's language writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, translation

from core.numbers import AtLeast, AtMost, format_number, parse_number

LANGS = ("sr", "sr-latn", "en")


class Numbers(forms.Form):
    """Defined when this module is imported, like the project's forms: the reading acts when a form is validated."""

    area = forms.DecimalField(required=False, max_digits=7, decimal_places=2)
    seats = forms.IntegerField(required=False, min_value=0)
    ratio = forms.FloatField(required=False)
    localized = forms.DecimalField(required=False, localize=True, max_digits=9, decimal_places=3)


# --- the parser ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, number", [
    ("42,5", Decimal("42.5")),
    ("42.5", Decimal("42.5")),
    ("42", Decimal("42")),
    ("1.234,5", Decimal("1234.5")),
    ("1 234,5", Decimal("1234.5")),
    ("1\u00a0234,5", Decimal("1234.5")),          # no-break space, as word processors and phones type it
    ("1\u202f234,5", Decimal("1234.5")),          # narrow no-break space
    ("1 234.5", Decimal("1234.5")),               # spaces group thousands, so the point is the decimal point
    ("1 234", Decimal("1234")),
    ("1.234.567", Decimal("1234567")),            # two points can only group thousands
    ("1.234.567,89", Decimal("1234567.89")),
    ("1234,5", Decimal("1234.5")),
    ("1234.567", Decimal("1234.567")),            # four digits before the point: not a thousands group
    ("0.125", Decimal("0.125")),                  # a group never starts with 0
    ("12.50", Decimal("12.50")),                  # two digits after the point: decimal
    ("12.5000", Decimal("12.5000")),
    (",5", Decimal("0.5")),
    (".5", Decimal("0.5")),
    ("  42,5  ", Decimal("42.5")),
    ("-3,5", Decimal("-3.5")),
    ("\u22123,5", Decimal("-3.5")),               # the minus sign
    ("+3", Decimal("3")),
])
def test_parse_accepts_serbian_and_plain_writing(typed, number):
    assert parse_number(typed) == number
    assert parse_number(typed).as_tuple().exponent == number.as_tuple().exponent   # no decimal places added


def test_whole_decimal_field_takes_a_whole_number():
    class Whole(forms.Form):
        count = forms.DecimalField(max_digits=5, decimal_places=0)

    form = Whole(data={"count": "1 234"})
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["count"]) == "1234"


@pytest.mark.parametrize("typed, code", [
    ("1.234", "number_ambiguous"),                # 1234 in Serbian, 1.234 elsewhere
    ("12.500", "number_ambiguous"),
    ("999.999", "number_ambiguous"),
    ("1,234.5", "number_mixed"),                  # English grouping with a point: a point after the comma
    ("1.234 567", "number_mixed"),
    ("1 234.567,5", "number_mixed"),
    ("1,2,3", "number_two_commas"),
    ("1,,5", "number_two_commas"),
    ("12.34.5", "number_grouping"),
    ("1234.567.890", "number_grouping"),
    ("12 34", "number_grouping"),
    ("4 2", "number_grouping"),
    ("abc", "invalid"),
    ("42,", "invalid"),
    ("42.", "invalid"),
    ("-", "invalid"),
    ("1e3", "invalid"),
    ("NaN", "invalid"),
    ("Infinity", "invalid"),
    ("1_000", "invalid"),
    ("1'000", "invalid"),
    ("٤٢", "invalid"),                            # digits of another script
    ("4\t2", "invalid"),
    ("9" * 41, "invalid"),                        # longer than any number of the portal
])
def test_parse_refuses_ambiguous_mixed_and_malformed(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_number(typed)
    assert refused.value.code == code


@pytest.mark.parametrize("typed, number", [("42", 42), ("1.234.567", 1234567), ("1 234", 1234), ("42,0", 42),
                                           ("42,00", 42)])
def test_parse_whole_accepts_whole_numbers(typed, number):
    assert parse_number(typed, whole=True) == number


@pytest.mark.parametrize("typed, code", [("42,5", "number_whole"), ("42.5", "number_whole"),
                                         ("0,01", "number_whole"), ("1.234", "number_ambiguous_whole")])
def test_parse_whole_refuses_a_decimal_part_never_rounds(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_number(typed, whole=True)
    assert refused.value.code == code


# --- every form field of the portal -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed, area", [("42,5", Decimal("42.5")), ("42.5", Decimal("42.5")),
                                         ("1.234,5", Decimal("1234.5")), ("1 234,5", Decimal("1234.5")),
                                         ("1\u00a0234,5", Decimal("1234.5"))])
def test_decimal_field_reads_the_same_in_every_language(lang, typed, area):
    with translation.override(lang):
        form = Numbers(data={"area": typed, "localized": typed})
        assert form.is_valid(), form.errors
    assert (form.cleaned_data["area"], form.cleaned_data["localized"]) == (area, area)


def test_django_localization_alone_reads_by_the_page_language():
    """Why core.numbers replaces it: Django's own reading of localized input depends on the page's language."""
    with translation.override("en"):
        assert formats.sanitize_separators("42,5") == "42,5"           # not a number on an English page
    with translation.override("sr"):
        assert formats.sanitize_separators("1.234,5") == "1.234.5"     # not a number without USE_THOUSAND_SEPARATOR


@pytest.mark.parametrize("lang", LANGS)
def test_integer_and_float_fields_read_the_same_in_every_language(lang):
    with translation.override(lang):
        form = Numbers(data={"seats": "1.234", "ratio": "0,75"})
        assert form.is_valid() is False
        form = Numbers(data={"seats": "1 234", "ratio": "0,75"})
        assert form.is_valid(), form.errors
    assert (form.cleaned_data["seats"], form.cleaned_data["ratio"]) == (1234, 0.75)


MESSAGES = {
    "1.234": {
        "en": "“1.234” can be read as 1234 or as 1,234. Write 1234 without the point, or 1,234 with the decimal "
              "comma.",
        "sr": "„1.234“ може да се прочита као 1234 или као 1,234. Упишите 1234 без тачке, односно 1,234 са "
              "децималним зарезом.",
        "sr-latn": "„1.234“ može da se pročita kao 1234 ili kao 1,234. Upišite 1234 bez tačke, odnosno 1,234 sa "
                   "decimalnim zarezom.",
    },
    "1,234.5": {
        "en": "The number mixes two ways of writing. Use the comma for decimals and a point or a space only between "
              "thousands, for example 1234,5 or 1.234,5.",
        "sr": "Број је записан на два начина. Зарез користите за децимале, а тачку или размак само између хиљада, "
              "на пример 1234,5 или 1.234,5.",
        "sr-latn": "Broj je zapisan na dva načina. Zarez koristite za decimale, a tačku ili razmak samo između "
                   "hiljada, na primer 1234,5 ili 1.234,5.",
    },
    "1,2,5": {"en": "A number has at most one decimal comma.", "sr": "Број има највише један децимални зарез.",
              "sr-latn": "Broj ima najviše jedan decimalni zarez."},
    "12.34.5": {
        "en": "Thousands are separated in groups of three digits, for example 1.234.567 or 1 234 567.",
        "sr": "Хиљаде се одвајају у групама од по три цифре, на пример 1.234.567 или 1 234 567.",
        "sr-latn": "Hiljade se odvajaju u grupama od po tri cifre, na primer 1.234.567 ili 1 234 567.",
    },
    "forty": {"en": "Enter a number.", "sr": "Унесите број.", "sr-latn": "Unesite broj."},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed", sorted(MESSAGES))
def test_refusals_are_translated_and_the_form_shows_what_was_typed(lang, typed):
    with translation.override(lang):
        form = Numbers(data={"area": typed})
        assert form.is_valid() is False
        assert form.errors["area"] == [MESSAGES[typed][lang]]
        assert f'value="{typed}"' in str(form["area"])


@pytest.mark.parametrize("lang, message", [
    ("en", "Enter a whole number, without a decimal part."),
    ("sr", "Унесите цео број, без децималног дела."),
    ("sr-latn", "Unesite ceo broj, bez decimalnog dela."),
])
def test_integer_field_refuses_a_decimal_part_in_every_language(lang, message):
    with translation.override(lang):
        form = Numbers(data={"seats": "12,5"})
        assert form.is_valid() is False
        assert form.errors["seats"] == [message]
        assert 'value="12,5"' in str(form["seats"])


# --- display --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, sr, en", [
    (Decimal("42.50"), "42,5", "42.5"),
    (Decimal("42.00"), "42", "42"),
    (Decimal("1234.50"), "1234,5", "1234.5"),           # never grouped: shown as it is read back
    (Decimal("1.234"), "1,234", "1,234"),               # "1.234" would be ambiguous: the comma on English pages too
    (Decimal("0.125"), "0,125", "0.125"),
    (42.5, "42,5", "42.5"),
    (16, "16", "16"),
    (Decimal("0.00"), "0", "0"),
])
def test_format_number_round_trips(value, sr, en):
    assert (format_number(value, "sr"), format_number(value, "sr-latn"), format_number(value, "en")) == (sr, sr, en)
    for text in (sr, en):
        assert parse_number(text) == Decimal(str(value))


@pytest.mark.parametrize("lang, shown", [("sr", "42,5"), ("sr-latn", "42,5"), ("en", "42.5")])
def test_number_box_is_a_text_box_showing_the_stored_value(lang, shown):
    with translation.override(lang):
        html = str(Numbers(initial={"area": Decimal("42.50"), "seats": 16})["area"])
        seats = str(Numbers(initial={"seats": 16})["seats"])
    assert f'type="text" name="area" value="{shown}" inputmode="decimal"' in html
    assert 'type="text" name="seats" value="16" inputmode="numeric"' in seats
    assert "step=" not in html and "min=" not in seats         # meaningless on a text box


def test_number_input_declared_by_a_form_keeps_its_own_inputmode():
    class Declared(forms.Form):
        hours = forms.IntegerField(widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}))
        rate = forms.DecimalField(widget=forms.NumberInput(attrs={"step": "0.01"}))

    html = str(Declared()["hours"]) + str(Declared()["rate"])
    assert html.count('type="text"') == 2
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html


# --- bound validators ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, low, high", [
    ("en", "Enter a number of at least 1,5.", "Enter a number of at most 1000."),
    ("sr", "Унесите број који није мањи од 1,5.", "Унесите број који није већи од 1000."),
    ("sr-latn", "Unesite broj koji nije manji od 1,5.", "Unesite broj koji nije veći od 1000."),
])
def test_bound_validators_show_the_limit_as_the_portal_writes_numbers(lang, low, high):
    at_least, at_most = AtLeast(Decimal("1.5")), AtMost(1000)
    at_least(Decimal("1.5"))
    at_most(1000)
    with translation.override(lang):
        with pytest.raises(ValidationError) as below:
            at_least(Decimal("1.49"))
        with pytest.raises(ValidationError) as above:
            at_most(1001)
        # the limit in the English message is a bare number: the comma is the one the portal reads back
        assert (below.value.messages, above.value.messages) == ([low.replace("1,5", "1.5") if lang == "en" else low],
                                                                [high])


def test_bound_validators_deconstruct_for_migrations():
    path, args, kwargs = AtMost(1000, message="at most %(limit_value)s").deconstruct()
    assert (path, args, kwargs) == ("core.numbers.AtMost", (1000,), {"message": "at most %(limit_value)s"})
