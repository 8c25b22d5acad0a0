"""rules.translit in linear time (issue 14): one long unbroken word used to cost time growing with the square of its
length in the address-protecting regex (40 000 characters: seconds; 100 000: a worker past its timeout). The
conversion keeps its results: the new regex and the str.translate conversions are compared with the old ones."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings, strategies as st

from rules import translit
from rules.translit import cyr_to_lat, fold, lat_to_cyr

CONVERSIONS = (cyr_to_lat, lat_to_cyr, fold)
MILLION = 1_000_000
HOSTILE_WORDS = {
    "cyrillic": "Љубовија" * (MILLION // 8),
    "latin": "Ljubovija" * (MILLION // 9 + 1),
    "mixed": "ЉUБOVИJA" * (MILLION // 8),
    "dots-plus-dashes": "a.+-" * (MILLION // 4),
    "only-punctuation": ".+-" * (MILLION // 3 + 1),
    "many-at-signs": "a@" * (MILLION // 2),
    "at-signs-and-dots": "љ@њ." * (MILLION // 4),
    "address-after-address": "a@b.c+" * (MILLION // 6 + 1),
    "web-prefixes": "www.http://" * (MILLION // 11 + 1),
}


def _seconds(function, text: str) -> float:
    start = time.perf_counter()
    function(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("function", CONVERSIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("kind", sorted(HOSTILE_WORDS))
def test_a_million_character_word_is_converted_in_well_under_a_second(function, kind):
    word = HOSTILE_WORDS[kind]
    # A small word first: quadratic code fails here in about a second rather than running for hours below.
    assert _seconds(function, word[:20_000]) < 0.5
    assert len(word) >= MILLION
    # Best of two: a moment's stall of a shared machine is not the code (quadratic would take hours).
    assert min(_seconds(function, word), _seconds(function, word)) < 1.0


# --- the same results as before ------------------------------------------------------------------------------------

OLD_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def _old_cyr_to_lat_plain(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        lat = translit._CYR_TO_LAT.get(ch)
        if lat is None:
            out.append(ch)
            continue
        if ch in translit._DIGRAPH_CAPITALS:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            prev = text[i - 1] if i > 0 else ""
            if translit._is_upper_letter(nxt) or (not nxt.isalpha() and translit._is_upper_letter(prev)):
                lat = lat.upper()
        out.append(lat)
    return "".join(out)


def _old_lat_to_cyr_plain(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in translit._LAT_DIGRAPHS:
            out.append(translit._LAT_DIGRAPHS[pair])
            i += 2
            continue
        out.append(translit._LAT_TO_CYR.get(text[i], text[i]))
        i += 1
    return "".join(out)


letters = st.text(st.sampled_from("абвгдђежзијклљмнњопрстћуфхцчџшАБЉЊЏЂШЖljnjdžLJNJDŽLjNjDžčćšđžABCxyz"), max_size=12)
addresses = st.builds("{}@{}.{}".format, st.text(st.sampled_from("ab.+-_1љ"), min_size=1, max_size=10),
                      st.text(st.sampled_from("cd-2њ"), min_size=1, max_size=10),
                      st.text(st.sampled_from("rsј"), min_size=1, max_size=4))
urls = st.builds("{}{}".format, st.sampled_from(["http://", "https://", "www."]),
                 st.text(st.sampled_from("школа.срб/?=&"), max_size=12))
separators = st.sampled_from([" ", ", ", "; ", "\n", " (", ") ", ": ", " „", "“ ", "\t"])


@st.composite
def texts(draw):
    """Prose as typed into a program: words, e-mail and web addresses, separated by spaces and punctuation."""
    tokens = draw(st.lists(st.one_of(letters, addresses, urls), max_size=8))
    return "".join(token + draw(separators) for token in tokens)


@settings(max_examples=400, deadline=None)
@given(texts())
def test_the_protected_parts_are_those_of_the_old_regex(text):
    assert [m.span() for m in translit._PROTECTED.finditer(text)] == [m.span() for m in OLD_PROTECTED.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts(), st.text(max_size=40)))
def test_the_conversions_give_what_the_old_character_loops_gave(text):
    assert translit._cyr_to_lat_plain(text) == _old_cyr_to_lat_plain(text)
    assert translit._lat_to_cyr_plain(text) == _old_lat_to_cyr_plain(text)


@pytest.mark.parametrize("address", ["инфо@школа.срб", "pera.peric+noks@skola-1.edu.rs", "a_b-c@d.e.f",
                                     "http://школа.срб/упис?а=б", "https://example.org/Љ", "www.кувар.рс"])
def test_real_addresses_in_prose_are_kept(address):
    for text in (f"Пишите: {address}.", f"({address})", f"„{address}“ или љ", address):
        assert address in cyr_to_lat(text)
        assert address in lat_to_cyr(text.replace("Пишите", "Pišite").replace("или љ", "ili lj"))


def test_rfc_bounds_end_an_address_not_the_conversion():
    """A local part over 64 characters or a domain label over 63 is not an address (RFC 5321): it is converted."""
    assert cyr_to_lat("ж" * 65 + "@школа.срб") == "ž" * 65 + "@škola.srb"
    assert cyr_to_lat("ж@" + "ш" * 64 + ".срб") == "ž@" + "š" * 64 + ".srb"
    assert cyr_to_lat("ж" * 64 + "@" + "ш" * 63 + ".срб") == "ж" * 64 + "@" + "ш" * 63 + ".срб"
