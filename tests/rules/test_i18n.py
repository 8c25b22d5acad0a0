"""Messages and titles in sr (Cyrillic), sr-latn (derived) and en."""

import re

import pytest

import rules
from rules import i18n
from rules.examples import EXAMPLES

CYRILLIC = re.compile("[\u0400-\u04ff]")


def test_catalog_sr_is_cyrillic_and_placeholders_match():
    for key, (sr, en) in i18n.CATALOG.items():
        assert i18n.placeholders(sr) == i18n.placeholders(en), key
        assert en and sr, key


def test_titles_in_both_languages():
    for p in rules.provisions():
        assert CYRILLIC.search(p.title_sr), p.id
        assert not CYRILLIC.search(p.title_en), p.id


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_sr_latn_output_has_no_cyrillic(name):
    report = rules.evaluate(rules.load_case(EXAMPLES[name]), lang="sr-latn")
    assert CYRILLIC.findall(report.to_json()) == []
    assert CYRILLIC.findall(report.to_text()) == []


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_en_messages_have_no_cyrillic_except_case_data(name):
    report = rules.evaluate(rules.load_case(EXAMPLES[name]), lang="en")
    for finding in report.findings:
        # the only Cyrillic allowed in English output is quoted from the case (a document's name, a justification)
        params = " ".join(str(v) for _, v in finding.message.params)
        text = finding.message.render("en")
        assert CYRILLIC.findall(text) == [] or CYRILLIC.search(params), text


def test_sr_latn_titles_transliterated():
    p = rules.provisions("P89-2015")[0]
    assert p.title("sr-latn").startswith("Bliži uslovi u pogledu programa")


def test_numbers_use_decimal_comma_in_serbian():
    assert (i18n._value(2.49, "sr"), i18n._value(2.49, "en"), i18n._value(40.0, "sr")) == ("2,49", "2.49", "40")


def test_unknown_language_rejected():
    with pytest.raises(ValueError):
        rules.evaluate(rules.load_case(EXAMPLES["language-school"]), lang="de")
