"""Keep locale/ complete: extract messages, derive the Latin and English catalogs, compile.

    python scripts/i18n.py extract   # makemessages for sr, sr_Latn, en (needs GNU gettext), then derive
    python scripts/i18n.py derive    # sr_Latn from sr by transliteration; en = the English source text
    python scripts/i18n.py compile   # .po -> .mo with polib (no gettext needed)

Only locale/sr/LC_MESSAGES/django.po is translated by hand (Serbian Cyrillic); the Latin catalog is derived from it
so the two scripts never drift apart, and the English catalog repeats the English source strings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rules.translit import cyr_to_lat  # noqa: E402

LOCALE = ROOT / "locale"
IGNORE = [".venv", "node_modules", "var", "static", "tests", "bench", "docs", "rules"]


def _po(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"), wrapwidth=120)


def extract() -> None:
    args = [sys.executable, "manage.py", "makemessages", "-l", "sr", "-l", "sr_Latn", "-l", "en", "--no-location",
            "--no-obsolete"]
    for pattern in IGNORE:
        args += ["--ignore", f"{pattern}/*"]
    subprocess.run(args, cwd=ROOT, check=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "noks_portal.settings"})
    derive()


def derive() -> None:
    source = {(e.msgctxt, e.msgid): e for e in _po("sr")}
    latin = _po("sr_Latn")
    for entry in latin:
        original = source.get((entry.msgctxt, entry.msgid))
        if original is None or "fuzzy" in original.flags or not original.translated():
            entry.msgstr = ""
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            continue
        entry.msgstr = cyr_to_lat(original.msgstr)
        entry.msgstr_plural = {k: cyr_to_lat(v) for k, v in original.msgstr_plural.items()}
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        entry.previous_msgid_plural = None
    latin.metadata["Plural-Forms"] = _po("sr").metadata.get("Plural-Forms", latin.metadata.get("Plural-Forms"))
    latin.save()
    english = _po("en")
    for entry in english:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        entry.previous_msgid_plural = None
    english.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    english.save()
    compile_all()


def compile_all() -> None:
    for lang in ("sr", "sr_Latn", "en"):
        po = _po(lang)
        po.save_as_mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
        total = len(po)
        done = len(po.translated_entries())
        print(f"{lang}: {done}/{total} translated, {len(po.fuzzy_entries())} fuzzy")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    {"extract": extract, "derive": derive, "compile": compile_all}.get(command, lambda: sys.exit(__doc__))()
