"""core.textsearch: one normalization and matching for every search box. The stems are Snowball Serbian's, the
algorithm of PostgreSQL's `serbian` text search configuration: on PostgreSQL, to_tsvector('serbian', …) gives the
same stems for the same words (folded to ASCII after stemming)."""

from __future__ import annotations

import pytest
from django.db import connection

from core import textsearch
from rules.translit import fold

# word as typed -> its Snowball Serbian stem, folded (both scripts, with and without diacritics)
STEMS = [
    ("кувара", "kuvar"), ("kuvari", "kuvar"), ("KUVAR", "kuvar"), ("заваривача", "zavarivac"),
    ("računarom", "racunar"), ("racunarom", "racunar"), ("engleskog", "englesk"), ("jezika", "jezik"),
    ("прве", "prv"), ("помоћи", "pomoc"), ("hleba", "hleb"), ("fotografa", "fotograf"),
    ("vodoinstalatera", "vodoinstalater"), ("пекара", "pekar"), ("električara", "elektricar"),
    ("рачуновође", "racunovodj"), ("racunovodja", "racunovodj"), ("немачког", "nemack"), ("viljuškara", "viljuskar"),
]


@pytest.mark.parametrize(("word", "stem"), STEMS)
def test_python_stem_of_a_word(word, stem):
    assert stem in textsearch.word_keys(word)


@pytest.mark.django_db
def test_postgresql_serbian_configuration_agrees_with_the_python_stemmer():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's text search configuration")
    with connection.cursor() as cursor:
        for word, stem in STEMS:
            cursor.execute("SELECT lexeme FROM unnest(to_tsvector('serbian', %s))", [word])
            lexemes = [fold(row[0]) for row in cursor.fetchall()]
            assert lexemes == [stem], word
            assert stem in textsearch.word_keys(word)


@pytest.mark.parametrize(("query", "text", "matches"), [
    ("кувара", "Кувар — основна обука", True),
    ("KUVARI", "Кувар", True),
    ("kuv", "Кувар", True),  # a word being typed
    ("прве помоћи", "Prva pomoć", True),
    ("prve pomoci", "Прва помоћ", True),
    ("prve pekar", "Прва помоћ", False),  # every word must match
    ("uvar", "Кувар", False),  # the beginning of a word, not its middle
    ("djordje", "Ђорђе Стефановић", True),
    ("", "Кувар", False),
])
def test_text_matches(query, text, matches):
    assert textsearch.text_matches(query, text) is matches


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("kuvr", "kuvar", 1), ("kuvra", "kuvar", 1), ("kuvaar", "kuvar", 1), ("kuvor", "kuvar", 1),
    ("vodoinstalter", "vodoinstalater", 1), ("fotografja", "fotografija", 1), ("kvr", "kuvar", 2),
    ("pekar", "pekari", 1), ("pekar", "kuvar", 3), ("abc", "kuvar", 3),
])
def test_edit_distance(a, b, distance):
    assert textsearch.edit_distance(a, b, 2) == distance


def test_close_words_allow_one_edit_for_short_words_two_for_long():
    assert textsearch.close_words("kuvr", ["kuvar", "pekar"]) == [(1, "kuvar")]
    assert textsearch.close_words("vodoinstlter", ["vodoinstalater"]) == [(2, "vodoinstalater")]
    assert textsearch.close_words("kuv", ["kuvar"]) == []  # three letters: not corrected


def test_stored_keys_leave_out_keys_that_begin_another():
    stored = textsearch.keys_text(textsearch.text_keys("Кувари"), textsearch.text_keys("кувар пекара"))
    assert stored == " kuvari | kuvar pekara "  # across tiers only a repeated key is left out
