"""Messages in three languages: Serbian Cyrillic (``sr``) and English (``en``) are written; Serbian Latin
(``sr-latn``) is derived from the Cyrillic at render time with :func:`rules.translit.cyr_to_lat`.

Templates use ``str.format`` placeholders. A parameter may be a :class:`T` (a term of the catalog, translated in
turn), a list or tuple (joined with ", "), a number (decimal comma in Serbian) or a date (ISO).
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from decimal import Decimal

from .translit import cyr_to_lat

LANGS = ("sr", "sr-latn", "en")
DEFAULT_LANG = "sr"

CATALOG: dict[str, tuple[str, str]] = {}


def add(entries: dict[str, tuple[str, str]]) -> None:
    """Add message templates ``key -> (sr_cyrillic, en)``; a key is defined once in the whole package."""
    for key, pair in entries.items():
        if key in CATALOG:
            raise ValueError(f"message key defined twice: {key}")
        if len(pair) != 2:
            raise ValueError(f"message {key}: expected (sr, en)")
        CATALOG[key] = pair


@dataclass(frozen=True)
class T:
    """A term to translate when a message is rendered, e.g. ``T("role.psychologist")``; it may carry parameters
    of its own (``t("prob.even", members=4)``)."""

    key: str
    params: tuple = ()


def t(key: str, **params) -> T:
    return T(key, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())))


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def _number(value, lang: str) -> str:
    if isinstance(value, int):
        return str(value)
    text = f"{Decimal(str(value)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang != "en" else text


def _value(value, lang: str) -> str:
    if isinstance(value, T):
        template = _template(value.key, lang)
        return template.format(**{k: _value(v, lang) for k, v in value.params}) if value.params else template
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v, lang) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, Decimal)):
        return _number(value, lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _template(key: str, lang: str) -> str:
    sr, en = CATALOG[key]
    return en if lang == "en" else sr


def render(key: str, params: dict, lang: str) -> str:
    text = _template(key, lang).format(**{k: _value(v, lang) for k, v in params.items()})
    return cyr_to_lat(text) if lang == "sr-latn" else text


def text(sr: str, en: str, lang: str) -> str:
    """One of two literal texts (titles) in ``lang``."""
    if lang == "en":
        return en
    return cyr_to_lat(sr) if lang == "sr-latn" else sr


def encode(key: str, params) -> dict:
    """A message as JSON-safe data (its key and parameters), so a stored report can be rendered again in any
    language: ``render_encoded(encode(key, params), lang) == render(key, params, lang)``."""
    return {"key": key, "params": {k: _encode_value(v) for k, v in dict(params).items()}}


def _encode_value(value):
    if isinstance(value, T):
        return {"t": value.key, "p": {k: _encode_value(v) for k, v in value.params}}
    if isinstance(value, (list, tuple)):
        return [_encode_value(v) for v in value]
    if isinstance(value, Decimal):
        return {"n": str(value)}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value):
    if isinstance(value, dict):
        if "t" in value:
            return T(value["t"], tuple(sorted((k, _decode_value(v)) for k, v in value.get("p", {}).items())))
        if "n" in value:
            return Decimal(value["n"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
    if isinstance(value, list):
        return tuple(_decode_value(v) for v in value)
    return value


def render_encoded(code: dict, lang: str) -> str:
    """Render a message stored with :func:`encode` in ``lang``; KeyError if its key is no longer in the catalog."""
    return render(code["key"], {k: _decode_value(v) for k, v in code.get("params", {}).items()}, lang)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


add({
    # organization kinds, roles, activities and other terms used inside messages
    "org.jpoa": ("ЈПОА", "JPOA"),
    "org.secondary_school": ("средња школа", "secondary school"),
    "org.primary_school": ("основна школа", "primary school"),
    "role.instructor": ("извођач програма", "instructor"),
    "role.andragogue": ("андрагог", "andragogue"),
    "role.psychologist": ("психолог", "psychologist"),
    "role.librarian": ("библиотекар", "librarian"),
    "role.responsible_person": ("одговорно лице за образовање одраслих", "person responsible for adult education"),
    "sex.women": ("за жене", "for women"),
    "sex.men": ("за мушкарце", "for men"),
    "none": ("—", "—"),
    "status.pass": ("ИСПУЊЕНО", "PASS"),
    "status.fail": ("НИЈЕ ИСПУЊЕНО", "FAIL"),
    "status.manual": ("РУЧНА ПРОВЕРА", "MANUAL"),
    "status.not_applicable": ("НЕ ПРИМЕЊУЈЕ СЕ", "N/A"),
    "report.summary": ("Испуњено {pass_}, није испуњено {fail}, ручна провера {manual}, не примењује се {na}.",
                       "Pass {pass_}, fail {fail}, manual {manual}, not applicable {na}."),
    "report.in_force": ("{id}: на снази од {since}", "{id}: in force from {since}"),
    "report.date": ("Предмет на дан {date}", "Case as of {date}"),
    "generic.not_in_force": ("Одредба је на снази од {since} ({source}); предмет је ранијег датума.",
                             "The provision is in force from {since} ({source}); the case is dated earlier."),
    "generic.na": ("Ништа у предмету се не односи на ову одредбу.", "Nothing in the case concerns this provision."),
    "generic.na_kind": ("Одредба се не примењује на организацију врсте „{kind}”.",
                        "The provision does not apply to an organization of kind \"{kind}\"."),
})
