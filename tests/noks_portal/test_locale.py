"""locale/ is complete and compiled: no untranslated or fuzzy entry in any language, .mo in step with .po."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from rules.translit import has_cyrillic

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGS = ("sr", "sr_Latn", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalog_matches_source(lang):
    folder = LOCALE / lang / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    mo = polib.mofile(str(folder / "django.mo"))
    def key(e):
        return (e.msgctxt or "", e.msgid)
    compiled = {key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get(key(entry)) == (entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))), entry.msgid


def test_latin_catalog_has_no_cyrillic_and_cyrillic_catalog_has_no_latin_words():
    latin = polib.pofile(str(LOCALE / "sr_Latn" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in latin if has_cyrillic(e.msgstr + "".join(e.msgstr_plural.values()))
            and "Српски" not in e.msgstr] == []
    cyrillic = polib.pofile(str(LOCALE / "sr" / "LC_MESSAGES" / "django.po"))
    untranslated_looking = [e.msgid for e in cyrillic if e.msgstr and e.msgstr == e.msgid and has_cyrillic(e.msgid) is False
                            and any(ch.isalpha() for ch in e.msgid) and len(e.msgid) > 12]
    assert untranslated_looking == []
