"""Serbian script conversion and search folding, in pure Python.

One implementation serves the whole project: the rules engine derives its ``sr-latn`` messages from the
Cyrillic ones, the web app fills Latin content fields from Cyrillic, and search indexes and queries go
through :func:`fold`. It lives in ``rules`` because ``rules`` may be imported by every app and imports
nothing itself.

Why not a library: the transliteration packages on PyPI turn an all-caps ``ЉУБОВИЈА`` into ``LjUBOVIJA``;
Serbian orthography wants ``LJUBOVIJA`` (and ``Ljubovija`` in title case).
"""

from __future__ import annotations

import re
import unicodedata

_CYR_TO_LAT = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž", "З": "Z", "И": "I",
    "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N", "Њ": "Nj", "О": "O", "П": "P", "Р": "R",
    "С": "S", "Т": "T", "Ћ": "Ć", "У": "U", "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}
_CYR_TO_LAT.update({k.lower(): v.lower() for k, v in list(_CYR_TO_LAT.items())})
_DIGRAPH_CAPITALS = {"Љ", "Њ", "Џ"}

_LAT_DIGRAPHS = {"Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ", "Dž": "Џ", "DŽ": "Џ", "dž": "џ"}
_LAT_TO_CYR = {v: k for k, v in _CYR_TO_LAT.items() if len(v) == 1}

# Parts of a text that are never transliterated: web addresses and e-mail addresses.
# Linear time whatever the text (a text of one unbroken million-character word included): an e-mail address starts
# only where a run of address characters starts (the look-behind), so a run is tried once, not from each of its
# characters; the quantifiers are possessive (nothing after them can match what they consumed, so giving back is
# useless) and bounded by RFC 5321 (local part at most 64 characters, a domain label at most 63). A web address is
# its prefix and what follows up to white space (nothing after ``\S+`` can fail).
_PROTECTED = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.+-])[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+)++",
    re.UNICODE,
)


def _is_upper_letter(ch: str) -> bool:
    return ch.isalpha() and ch.isupper()


_CYR_TO_LAT_TABLE = str.maketrans(_CYR_TO_LAT)
_DIGRAPH_CAPITAL = re.compile("[ЉЊЏ]")
_LAT_DIGRAPH = re.compile("|".join(_LAT_DIGRAPHS))
_LAT_TO_CYR_TABLE = str.maketrans(_LAT_TO_CYR)


def _digraph_capital(text: str, i: int) -> str:
    """Љ, Њ or Џ at ``text[i]`` in Latin: ЉУБОВИЈА -> LJUBOVIJA; Љубовија -> Ljubovija; a lone capital at a word's
    end follows its neighbour."""
    lat = _CYR_TO_LAT[text[i]]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i > 0 else ""
    if _is_upper_letter(nxt) or (not nxt.isalpha() and _is_upper_letter(prev)):
        return lat.upper()
    return lat


def _cyr_to_lat_plain(text: str) -> str:
    # str.translate does the letters (C speed); only the three digraph capitals look at their neighbours.
    out: list[str] = []
    last = 0
    for match in _DIGRAPH_CAPITAL.finditer(text):
        out.append(text[last : match.start()].translate(_CYR_TO_LAT_TABLE))
        out.append(_digraph_capital(text, match.start()))
        last = match.end()
    out.append(text[last:].translate(_CYR_TO_LAT_TABLE))
    return "".join(out)


def _lat_to_cyr_plain(text: str) -> str:
    # Left to right, a digraph (lj, nj, dž in any case) is one letter; then the single letters by str.translate
    # (the Cyrillic letters the digraphs became are not in its table).
    return _LAT_DIGRAPH.sub(lambda match: _LAT_DIGRAPHS[match.group(0)], text).translate(_LAT_TO_CYR_TABLE)


def _apply_outside_protected(text: str, func) -> str:
    parts: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        parts.append(func(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(func(text[last:]))
    return "".join(parts)


def cyr_to_lat(text: str | None) -> str:
    """Serbian Cyrillic to Serbian Latin; addresses of web pages and e-mail are left as they are."""
    if not text:
        return text or ""
    return _apply_outside_protected(text, _cyr_to_lat_plain)


def lat_to_cyr(text: str | None) -> str:
    """Serbian Latin to Cyrillic (lj, nj, dž as digraphs); addresses of web pages and e-mail are left as they are.

    The reverse direction is ambiguous for a few words (``nadživeti``, ``konjunkcija``); where it matters the
    Cyrillic form should be typed in, and the Latin one derived from it.
    """
    if not text:
        return text or ""
    return _apply_outside_protected(text, _lat_to_cyr_plain)


def has_cyrillic(text: str | None) -> bool:
    return bool(text) and any("\u0400" <= ch <= "\u04ff" for ch in text)


_FOLD = str.maketrans({"đ": "dj", "Đ": "dj"})


def fold(text: str | None) -> str:
    """The one normalization of search: Latin script, no diacritics, lower case, single spaces.

    "кувар", "kuvar", "KUVAR" and "kuvár" fold alike; so do "Ђорђе", "Đorđe" and "Djordje".
    """
    if not text:
        return ""
    latin = _cyr_to_lat_plain(text).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", latin)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
