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
before digits, digits before letters, Cyrillic before Latin (ICU's order for the ``sr`` locales).
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
# Foreign letters where ICU's sr-Latn puts them: q after p, w x y between v and z.
_LATIN = ["a", "b", "c", "č", "ć", "d", "dž", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "lj", "m", "n", "nj",
          "o", "p", "q", "r", "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž"]
_SERBIAN_LATIN_ACCENTED = {"č", "ć", "đ", "š", "ž"}
_DIGRAPHS = {"dž", "lj", "nj"}

_SPACE, _PUNCTUATION, _DIGIT, _CYRILLIC_BASE, _LATIN_BASE, _OTHER = 0, 1, 2, 100, 200, 1000
_RANK = {letter: _CYRILLIC_BASE + i for i, letter in enumerate(_CYRILLIC)}
_RANK.update({letter: _LATIN_BASE + i for i, letter in enumerate(_LATIN)})


def _letters(text: str):
    """(primary letter, accent mark, is upper) for each letter of ``text``, Latin digraphs as one letter."""
    text = unicodedata.normalize("NFC", text)
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair.lower() in _DIGRAPHS:
            yield pair.lower(), "", pair[0].isupper()
            i += 2
            continue
        char = text[i]
        lower = char.lower()
        if lower in _RANK:
            yield lower, "", char.isupper()
        else:
            decomposed = unicodedata.normalize("NFD", lower)
            base, accents = decomposed[:1], decomposed[1:]
            if base in _RANK and lower not in _SERBIAN_LATIN_ACCENTED:
                yield base, accents, char.isupper()  # é, ä: a foreign accent is a secondary difference
            else:
                yield lower, "", char.isupper()
        i += 1


def _primary(letter: str) -> tuple[int, int]:
    if letter in _RANK:
        return (_RANK[letter], 0)
    if letter.isspace():
        return (_SPACE, 0)
    if letter.isdigit():
        return (_DIGIT, int(unicodedata.digit(letter, 0)))
    if unicodedata.category(letter)[0] in "PSZC":
        return (_PUNCTUATION, ord(letter))
    return (_OTHER, ord(letter))


@functools.lru_cache(maxsize=20_000)
def sort_key(text: str) -> tuple:
    """A key that orders strings as PostgreSQL's ``sr-Cyrl-x-icu`` / ``sr-Latn-x-icu`` do (one key for both: the
    two alphabets do not share letters)."""
    letters = list(_letters(text or ""))
    return (tuple(_primary(letter) for letter, _accent, _upper in letters),
            tuple(accent for _letter, accent, _upper in letters),
            tuple(upper for _letter, _accent, upper in letters),
            text)


def _compare(left: str | None, right: str | None) -> int:
    a, b = sort_key(left or ""), sort_key(right or "")
    return (a > b) - (a < b)


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
        for name in (CYRILLIC_COLLATION, LATIN_COLLATION):
            connection.connection.create_collation(name, _compare)
