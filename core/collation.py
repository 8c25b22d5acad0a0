"""Serbian alphabetical order on both databases (issue 18).

PostgreSQL has it built in: the ICU collations ``sr-Cyrl-x-icu`` (А Б В Г Д Ђ Е Ж З И Ј К Л Љ М Н Њ О П Р С Т Ћ У Ф
Х Ц Ч Џ Ш) and ``sr-Latn-x-icu`` (A B C Č Ć D Dž Đ E F G H I J K L Lj M N Nj O P R S Š T U V Z Ž), which CLDR tailors
for Serbian. ``serbian_order("name")`` gives ``Collate(name, <the page's collation>)`` for ``order_by``.

SQLite has no ICU. The same two names are registered on every SQLite connection (``install``) with a comparison
made from ``sort_key`` below, so one ``order_by`` works on both databases. No installable library serves here:
PyICU needs a compiler and the ICU headers (the embedded default must set up with Python alone), icu4py has no
collation, and the Unicode default order (pyuca) is right for Serbian Cyrillic but wrong for Latin (Č and Ć sort
as C, Dž as D + Ž). So the key is the Serbian alphabets themselves, checked against PostgreSQL's ICU order in
tests/core/test_collation.py on the country's municipalities and people's names in both scripts.

The key, as ICU's default strength compares: letters first (case and accents apart from the Serbian letters
ignored), then accents of foreign letters (é after e), then case (lower before upper); spaces and punctuation
before digits, digits before letters; the page's script before the other (sr-Cyrl reorders Cyrillic first, and
leaves Latin words in the Unicode default order: Č as C with an accent; sr-Latn puts Latin first).
"""

from __future__ import annotations

import functools
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate
from django.utils.translation import get_language

CYRILLIC_COLLATION = "sr-Cyrl-x-icu"
LATIN_COLLATION = "sr-Latn-x-icu"

_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
# Serbian Latin, with the foreign letters where ICU's sr-Latn puts them: q after p, w x y between v and z.
_LATIN = ["a", "b", "c", "č", "ć", "d", "dž", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "lj", "m", "n", "nj",
          "o", "p", "q", "r", "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž"]
# The Unicode default (root) order of Latin, which sr-Cyrl-x-icu keeps for Latin words: Č, Ć and Đ are C and D with
# an accent, Dž, Lj and Nj two letters.
_ROOT_LATIN = list("abcdefghijklmnopqrstuvwxyz")
_ROOT_ACCENTED = {"đ": ("d", "\u0335")}  # đ is d with a stroke in the root order

_SPACE, _PUNCTUATION, _DIGIT, _FIRST_SCRIPT, _SECOND_SCRIPT, _OTHER = 0, 1, 2, 100, 200, 1000


def _ranks(script: str) -> tuple[dict[str, int], set[str], set[str]]:
    """Letter ranks of one collation, its digraphs, and the accented letters that are letters of their own. Each
    collation puts its own script first (sr-Cyrl reorders Cyrillic before Latin; sr-Latn keeps the root order,
    Latin before Cyrillic)."""
    if script == "Cyrl":
        ranks = {letter: _FIRST_SCRIPT + i for i, letter in enumerate(_CYRILLIC)}
        ranks.update({letter: _SECOND_SCRIPT + i for i, letter in enumerate(_ROOT_LATIN)})
        return ranks, set(), set()
    ranks = {letter: _FIRST_SCRIPT + i for i, letter in enumerate(_LATIN)}
    ranks.update({letter: _SECOND_SCRIPT + i for i, letter in enumerate(_CYRILLIC)})
    return ranks, {"dž", "lj", "nj"}, {"č", "ć", "đ", "š", "ž"}


_TABLES = {script: _ranks(script) for script in ("Cyrl", "Latn")}


def _letters(text: str, script: str):
    """(primary letter, accent mark, is upper) for each letter of ``text`` in the collation of ``script``."""
    ranks, digraphs, own_accented = _TABLES[script]
    text = unicodedata.normalize("NFC", text)
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair.lower() in digraphs:
            yield pair.lower(), "", pair[0].isupper()
            i += 2
            continue
        char = text[i]
        lower = char.lower()
        if lower in ranks or lower in own_accented:
            yield lower, "", char.isupper()
        elif lower in _ROOT_ACCENTED:
            base, accent = _ROOT_ACCENTED[lower]
            yield base, accent, char.isupper()
        else:
            decomposed = unicodedata.normalize("NFD", lower)
            base, accents = decomposed[:1], decomposed[1:]
            if base in ranks:
                yield base, accents, char.isupper()  # é, ä (and č on Cyrillic pages): the accent is secondary
            else:
                yield lower, "", char.isupper()
        i += 1


def _primary(letter: str, ranks: dict[str, int]) -> tuple[int, int]:
    if letter in ranks:
        return (ranks[letter], 0)
    if letter.isspace():
        return (_SPACE, 0)
    if letter.isdigit():
        return (_DIGIT, int(unicodedata.digit(letter, 0)))
    if unicodedata.category(letter)[0] in "PSZC":
        return (_PUNCTUATION, ord(letter))
    return (_OTHER, ord(letter))


@functools.lru_cache(maxsize=40_000)
def sort_key(text: str, script: str = "Latn") -> tuple:
    """A key that orders strings as PostgreSQL's ``sr-Latn-x-icu`` (``script="Latn"``) or ``sr-Cyrl-x-icu``
    (``"Cyrl"``) does, words of both scripts mixed included."""
    ranks = _TABLES[script][0]
    letters = list(_letters(text or "", script))
    return (tuple(_primary(letter, ranks) for letter, _accent, _upper in letters),
            tuple(accent for _letter, accent, _upper in letters),
            tuple(upper for _letter, _accent, upper in letters),
            text)


def _comparison(script: str):
    def compare(left: str | None, right: str | None) -> int:
        a, b = sort_key(left or "", script), sort_key(right or "", script)
        return (a > b) - (a < b)

    return compare


def collation_for(language: str | None = None) -> str:
    """The collation of the page's script: Cyrillic for ``sr``, Latin for ``sr-latn`` and ``en`` (whose content is
    shown in Serbian Latin where no English text exists)."""
    return CYRILLIC_COLLATION if (language or get_language() or "sr") == "sr" else LATIN_COLLATION


def serbian_order(field: str, *, language: str | None = None, descending: bool = False):
    """An ``order_by`` term: ``field`` in the Serbian alphabet of the page's script, on PostgreSQL and SQLite."""
    expression = Collate(F(field), collation_for(language))
    return expression.desc() if descending else expression.asc()


def install(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` receiver: give each SQLite connection the two collations PostgreSQL has from ICU."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(CYRILLIC_COLLATION, _comparison("Cyrl"))
        connection.connection.create_collation(LATIN_COLLATION, _comparison("Latn"))
