"""Content kept as typed, shown in the page's script (issue 18): core.scripts.for_page and ``|page_script``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from core.scripts import for_page, page_is_latin


@pytest.mark.parametrize(("language", "shown"), [
    ("sr", "Љубица Ђорђевић, Јесен — група 1"),
    ("sr-latn", "Ljubica Đorđević, Jesen — grupa 1"),
    ("en", "Ljubica Đorđević, Jesen — grupa 1"),
])
def test_for_page_shows_cyrillic_content_in_the_page_script(language, shown):
    with translation.override(language):
        assert for_page("Љубица Ђорђевић, Јесен — група 1") == shown


def test_for_page_keeps_latin_content_as_typed_in_every_language():
    for language in ("sr", "sr-latn", "en"):
        with translation.override(language):
            assert for_page("Njegoš Džaković") == "Njegoš Džaković"


def test_for_page_writes_digraph_capitals_as_serbian_orthography():
    with translation.override("sr-latn"):
        assert for_page("ЉУБОВИЈА, Љубовија") == "LJUBOVIJA, Ljubovija"


def test_for_page_language_argument_overrides_the_active_language():
    with translation.override("sr"):
        assert for_page("Комисија", "sr-latn") == "Komisija"
        assert for_page("Комисија", "en") == "Komisija"
    with translation.override("en"):
        assert for_page("Комисија", "sr") == "Комисија"


def test_for_page_leaves_addresses_alone():
    with translation.override("en"):
        assert for_page("Пише на info@школа.rs, https://школа.rs/упис") == "Piše na info@школа.rs, https://школа.rs/упис"


def test_for_page_returns_numbers_dates_and_none_unchanged():
    with translation.override("sr-latn"):
        for value in (None, 3, 2.5, Decimal("42.5"), dt.date(2026, 12, 4), True):
            assert for_page(value) is value


def test_for_page_reads_an_object_by_its_text():
    class Learner:
        def __str__(self):
            return "Ђурђа Чолић"

    with translation.override("sr-latn"):
        assert for_page(Learner()) == "Đurđa Čolić"
    with translation.override("sr"):
        assert for_page(Learner()) == "Ђурђа Чолић"


def test_for_page_keeps_safe_html_safe_and_plain_text_plain():
    with translation.override("sr-latn"):
        safe = for_page(mark_safe("<b>Ана</b>"))
        plain = for_page("<b>Ана</b>")
    assert (safe, isinstance(safe, SafeData)) == ("<b>Ana</b>", True)
    assert (plain, isinstance(plain, SafeData)) == ("<b>Ana</b>", False)


def test_page_is_latin_only_for_latin_and_english_pages():
    assert [page_is_latin(lang) for lang in ("sr", "sr-latn", "en", "SR-LATN")] == [False, True, True, True]


@pytest.mark.parametrize(("language", "html"), [
    ("sr", "<p>Ђорђевић &amp; Чолић</p>"),
    ("sr-latn", "<p>Đorđević &amp; Čolić</p>"),
    ("en", "<p>Đorđević &amp; Čolić</p>"),
])
def test_page_script_filter_in_a_template_escapes_and_follows_the_language(language, html):
    template = Template("{% load noks_script %}<p>{{ name|page_script }}</p>")
    with translation.override(language):
        assert template.render(Context({"name": "Ђорђевић & Чолић"})) == html


def test_page_script_filter_inside_blocktranslate():
    template = Template("{% load i18n noks_script %}{% blocktranslate with name=learner|page_script %}"
                        "Holder: {{ name }}{% endblocktranslate %}")
    with translation.override("en"):
        assert template.render(Context({"learner": "Његош Џаковић"})) == "Holder: Njegoš Džaković"
    with translation.override("sr"):
        assert template.render(Context({"learner": "Његош Џаковић"})).endswith("Његош Џаковић")
