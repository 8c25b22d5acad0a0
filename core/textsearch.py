"""Search that understands Serbian: the one normalization and matching of every search box of the portal.

A text becomes *keys*: its words folded to lower-case ASCII Latin (rules.translit.fold: either script, with or
without diacritics, "đ" as "dj"), plus the Snowball Serbian stem of each word (the algorithm PostgreSQL's ``serbian``
text search configuration runs; the ``snowballstemmer`` package here, so SQLite and PostgreSQL index and query
alike), folded after stemming. The stemmer reads diacritics ("заваривача" -> "zavarivač"), and a word typed without
them stems differently ("zavarivaca" -> "zavarivc"), so each word is stemmed in both spellings. English words (the
English names and content) are stemmed by the English Snowball stemmer too.

A query word matches a text when one of the word's keys begins one of the text's keys: "кувара", "kuvari" and
"KUVAR" all become "kuvar", which begins the key "kuvar" of "Кувар"; a word being typed ("kuv") matches too. Every
word of a query must match (AND).

A stored key string (``keys_text``) is the keys separated by single spaces, with a space at both ends, so that
``LIKE '% key%'`` is a match at the start of a key; on PostgreSQL the same match is a prefix of a lexeme of
``to_tsvector('simple', keys)`` (``key:*``, ``prefix_tsquery``), which a GIN index answers by reading the posting
lists of the few keys that begin with it. Keys that begin another key of the same string are left out (anything that
begins them begins the longer one too).

Typos: a query word that begins no word of the vocabulary is compared with the vocabulary's words by the
optimal-string-alignment distance (a letter missing, added, changed or two swapped count one): at most one edit for
words up to five letters, two for longer ones (``close_words``). On PostgreSQL pg_trgm picks the candidates;
elsewhere the words of about the same length; the distance decides on both.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rules.translit import fold

MARK = "|"  # separates the tiers of a stored key string (name | provider, standard | content)
_WORD = re.compile(r"[a-z0-9]+")
_LETTERS = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
MAX_WORDS = 10


@lru_cache(maxsize=1)
def _stemmers():
    import snowballstemmer

    return snowballstemmer.stemmer("serbian"), snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def _word_keys(word: str, english: bool = False) -> tuple[str, ...]:
    """The keys of one word as typed (any script, any case): its fold, the fold of its stem from the Latin spelling
    with diacritics, the stem of its fold, and (English words) its English stem."""
    from rules.translit import cyr_to_lat

    serbian, english_stemmer = _stemmers()
    latin = cyr_to_lat(word).lower()
    folded = fold(latin)
    keys = {folded}
    if not folded.isdigit():
        keys.add(fold(serbian.stemWord(latin)))
        keys.add(serbian.stemWord(folded))
        if english and folded.isascii():
            keys.add(english_stemmer.stemWord(folded))
    return tuple(sorted(k for k in keys if k and _WORD.fullmatch(k)))


def words(text: str | None) -> list[str]:
    """The words of a text as typed (letters or digits), in order."""
    return _LETTERS.findall(text or "")


def folded_words(text: str | None) -> list[str]:
    """The words of a text, folded: what a vocabulary and a suggestion hold."""
    return [w for w in (fold(word) for word in words(text)) if _WORD.fullmatch(w)]


def word_keys(word: str, *, english: bool = False) -> tuple[str, ...]:
    return _word_keys(word, english)


def text_keys(*texts: str | None, english: bool = False) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        for word in words(text):
            keys.update(_word_keys(word, english))
    return keys


def _minimal(keys) -> list[str]:
    """The keys, sorted, without those that begin another (a key matched by a query key begins with it, so a longer
    key is matched whenever a shorter one it begins would be)."""
    ordered = sorted(set(keys))
    return [key for i, key in enumerate(ordered) if not (i + 1 < len(ordered) and ordered[i + 1].startswith(key))]


def keys_text(*tiers: set[str]) -> str:
    """The stored key string of one or more tiers: `` a b | c d | e `` (a key of an earlier tier is not repeated
    in a later one)."""
    seen: set[str] = set()
    parts = []
    for tier in tiers:
        kept = [key for key in _minimal(tier) if key not in seen]
        seen.update(kept)
        parts.append(" ".join(kept))
    return " " + f" {MARK} ".join(parts) + " "


def query_words(q: str | None) -> list[str]:
    """The words of a query as typed, at most MAX_WORDS."""
    return words(q)[:MAX_WORDS]


def query_keys(q: str | None) -> list[tuple[str, ...]]:
    """Per query word, its keys without those that begin with another of its keys (redundant in a prefix match)."""
    out = []
    for word in query_words(q):
        kept = minimal_keys(_word_keys(word, True))
        if kept:
            out.append(kept)
    return out


def prefix_tsquery(keys_per_word) -> str:
    """The keys of a query's words as a PostgreSQL text search query of prefixes, ``(kuvar:* | kuvr:*) & (osnov:*)``:
    what the index of the stored keys as lexemes (``to_tsvector('simple', keys)``) answers. Every key is [a-z0-9]+
    (``word_keys``), so it needs no quoting."""
    return " & ".join("(" + " | ".join(f"{key}:*" for key in keys) + ")" for keys in keys_per_word)


def minimal_keys(keys) -> tuple[str, ...]:
    """The keys without those that begin with another of them (redundant in a prefix match), sorted."""
    ordered = sorted(set(keys))
    return tuple(k for k in ordered if not any(k != other and k.startswith(other) for other in ordered))


def keys_match(word_keys_: tuple[str, ...], stored: str) -> bool:
    """Whether a query word (its keys) begins a key of a stored key string."""
    return any(f" {key}" in stored for key in word_keys_)


def text_matches(q: str | None, *texts: str | None) -> bool:
    """Whether every word of ``q`` matches the texts (the Python twin of the stored search, for small lists read
    whole: the Office queue, the JPOA register). An empty query matches nothing."""
    wanted = query_keys(q)
    if not wanted:
        return False
    stored = _stored(tuple(t or "" for t in texts))
    return all(keys_match(keys, stored) for keys in wanted)


@lru_cache(maxsize=20_000)
def _stored(texts: tuple[str, ...]) -> str:
    return keys_text(text_keys(*texts, english=True))


# --- typos ----------------------------------------------------------------------------------------------------------

def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap two neighbours), or limit + 1 when it is
    more than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def allowed_edits(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) <= 5 else 2


def close_words(word: str, candidates) -> list[tuple[int, str]]:
    """The candidates within the allowed number of edits of ``word`` (folded), nearest first, then alphabetical."""
    limit = allowed_edits(word)
    if not limit:
        return []
    found = []
    for candidate in set(candidates):
        if candidate == word:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            found.append((distance, candidate))
    return sorted(found)
