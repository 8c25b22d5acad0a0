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
_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def _is_upper_letter(ch: str) -> bool:
    return ch.isalpha() and ch.isupper()


def _cyr_to_lat_plain(text: str) -> str:
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        lat = _CYR_TO_LAT.get(ch)
        if lat is None:
            out.append(ch)
            continue
        if ch in _DIGRAPH_CAPITALS:
            nxt = text[i + 1] if i + 1 < n else ""
            prev = text[i - 1] if i > 0 else ""
            # ЉУБОВИЈА -> LJUBOVIJA; Љубовија -> Ljubovija; a lone capital at a word's end follows its neighbour.
            if _is_upper_letter(nxt) or (not nxt.isalpha() and _is_upper_letter(prev)):
                lat = lat.upper()
        out.append(lat)
    return "".join(out)


def _lat_to_cyr_plain(text: str) -> str:
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        pair = text[i : i + 2]
        if pair in _LAT_DIGRAPHS:
            out.append(_LAT_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LAT_TO_CYR.get(text[i], text[i]))
        i += 1
    return "".join(out)


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
