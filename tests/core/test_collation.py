"""Serbian alphabetical order: the SQLite key agrees with PostgreSQL's ICU collations (core/collation.py)."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from core.collation import CYRILLIC_COLLATION, LATIN_COLLATION, collation_for, install, sort_key
from rules.translit import cyr_to_lat
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
MUNICIPALITIES = [row["name"] for row in json.loads((ROOT / "providers/data/municipalities.json").read_text("utf-8"))]
PEOPLE = ["Ђорђевић Ђорђе", "Џинић Џана", "Јовановић Ана", "Љубисављевић Љиљана", "Његовановић Ања", "Ћирић Ћира",
          "Чолић Чедомир", "Шарац Шана", "Живковић Жика", "Зорић Зоран", "Ивановић Ива", "Đurić Ana", "Čabrić Uroš",
          "Ćosić Đorđe", "Cvetković Cvijeta", "Dželetović Dragan", "Despić Danica", "Lalić Ljubica", "Ljajić Nada",
          "Nikolić Njegoš", "Njegić Nikola", "Šaponjić Sava", "Savić Šana", "Zec Žarko", "Žunić Zora", "ana", "Ana",
          "ANA", "ада", "Ада", "Éva Novák", "Eva Nowak", "Vuk 2", "Vuk 10", "Vuk-Karadžić", "Vuk Karadžić", "Wolf",
          "Quinn", "Petrović", "Yvonne", "Xavier", "", "12 Ана", "О'Нил", "Ограда"]
WORDS = MUNICIPALITIES + [cyr_to_lat(name) for name in MUNICIPALITIES] + PEOPLE


def _sqlite_order(words: list[str], collation: str) -> list[str]:
    db = sqlite3.connect(":memory:")
    install(connection=type("Connection", (), {"vendor": "sqlite", "connection": db})())
    db.execute("CREATE TABLE t (w TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [(w,) for w in words])
    return [w for (w,) in db.execute(f'SELECT w FROM t ORDER BY w COLLATE "{collation}"')]


def test_municipalities_start_with_ada_not_djakovica():
    ordered = sorted(MUNICIPALITIES, key=sort_key)
    assert ordered[:2] == ["Ада", "Александровац"]
    assert ordered.index("Ђаковица") > ordered.index("Дољевац")
    assert ordered[-1].startswith("Ш")


@pytest.mark.parametrize("letters", [
    "А Б В Г Д Ђ Е Ж З И Ј К Л Љ М Н Њ О П Р С Т Ћ У Ф Х Ц Ч Џ Ш",
    "A B C Č Ć D Dž Đ E F G H I J K L Lj M N Nj O P R S Š T U V Z Ž",
])
def test_the_alphabet_is_in_its_own_order(letters):
    alphabet = letters.split()
    shuffled = random.Random(7).sample(alphabet, len(alphabet))
    assert sorted(shuffled, key=sort_key) == alphabet
    assert sorted([a.lower() + "z" for a in shuffled], key=sort_key) == [a.lower() + "z" for a in alphabet]


def test_digraphs_and_accents():
    assert sorted(["Ljig", "Loznica", "Lazarevac"], key=sort_key) == ["Lazarevac", "Loznica", "Ljig"]
    assert sorted(["Njegoš", "Novi Sad"], key=sort_key) == ["Novi Sad", "Njegoš"]
    assert sorted(["Đakovica", "Dževdet", "Despotovac"], key=sort_key) == ["Despotovac", "Dževdet", "Đakovica"]
    assert sorted(["Eva", "Éva", "Evb"], key=sort_key) == ["Eva", "Éva", "Evb"]  # a foreign accent is secondary
    assert sorted(["Ana", "ana"], key=sort_key) == ["ana", "Ana"]  # lower before upper, as ICU


def test_sqlite_orders_by_the_same_key():
    for collation, script in ((CYRILLIC_COLLATION, "Cyrl"), (LATIN_COLLATION, "Latn")):
        assert _sqlite_order(WORDS, collation) == sorted(WORDS, key=lambda w: sort_key(w, script))


def test_each_collation_puts_its_own_script_first_and_reads_the_other_by_the_default_order():
    mixed = ["Čolić", "Cvetković", "Ћирић", "Цвијић", "Ljubić", "Lazić"]
    assert sorted(mixed, key=lambda w: sort_key(w, "Latn")) == ["Cvetković", "Čolić", "Lazić", "Ljubić", "Ћирић",
                                                                "Цвијић"]
    assert sorted(mixed, key=lambda w: sort_key(w, "Cyrl")) == ["Ћирић", "Цвијић", "Čolić", "Cvetković", "Lazić",
                                                                "Ljubić"]


def test_the_page_language_picks_the_collation():
    assert collation_for("sr") == CYRILLIC_COLLATION
    assert collation_for("sr-latn") == LATIN_COLLATION == collation_for("en")


@pytest.mark.django_db
@pytest.mark.parametrize("collation", [CYRILLIC_COLLATION, LATIN_COLLATION])
def test_the_key_agrees_with_postgresqls_icu(collation):
    require("postgres")
    script = "Cyrl" if collation == CYRILLIC_COLLATION else "Latn"
    with connection.cursor() as cursor:  # both scripts mixed in one list, as names typed by people are
        cursor.execute(f'SELECT w FROM unnest(%s::text[]) AS w ORDER BY w COLLATE "{collation}"', [WORDS])
        icu = [row[0] for row in cursor.fetchall()]
    assert sorted(WORDS, key=lambda w: sort_key(w, script)) == icu


@pytest.mark.django_db
def test_serbian_order_in_a_query():
    from django.utils import translation

    from core.collation import serbian_order
    from providers.models import Municipality

    names = ["Шабац", "Ада", "Ђаковица", "Чачак", "Љиг"]  # the reference data the migrations load
    chosen = Municipality.objects.filter(name_sr__in=names)
    assert chosen.count() == 5
    with translation.override("sr"):
        assert list(chosen.order_by(serbian_order("name_sr")).values_list("name_sr", flat=True)) == [
            "Ада", "Ђаковица", "Љиг", "Чачак", "Шабац"]
    with translation.override("sr-latn"):
        assert list(chosen.order_by(serbian_order("name_sr_latn")).values_list("name_sr_latn", flat=True)) == [
            "Ada", "Čačak", "Đakovica", "Ljig", "Šabac"]
