"""JSON types of the facts: each field of a fact dataclass declares one, and the loader, the dumper and the JSON
Schema are derived from those declarations (see :mod:`rules.facts`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from dataclasses import field
from decimal import Decimal
from typing import Any

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with lone UTF-16 surrogates written as ``\\udXXX`` escapes, so it can always be encoded as UTF-8
    (an error message quoting a bad id must not itself fail to print)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class CaseError(ValueError):
    """The input is not a valid case. ``path`` is the JSON path (``rooms[2].area_m2``; ``$`` for the root)."""

    def __init__(self, path: str, message: str):
        self.path = printable(path or "$")
        self.message = printable(message)
        super().__init__(f"{self.path}: {self.message}")


class Unparsed:
    """A JSON number the decoder keeps as its text, so the loader can reject it naming the field: an integer longer
    than Python's integer-string limit, or the non-standard constants ``NaN``, ``Infinity``, ``-Infinity``."""

    __slots__ = ("text", "what")

    def __init__(self, text: str, what: str):
        self.text, self.what = text, what

    def __repr__(self) -> str:
        return self.what


# An integer of more digits than this is not a fact anybody means (and Python's int() refuses 4 300 and more).
MAX_INT_DIGITS = 64


def parse_int(text: str):
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return Unparsed(text, f"an integer of {digits} digits")
    return int(text)


def parse_constant(name: str):
    return Unparsed(name, name)


def _got(value: Any) -> str:
    if isinstance(value, Unparsed):
        return value.what
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


# --- JSON types -------------------------------------------------------------------------------------------------

class JType:
    def load(self, value: Any, path: str) -> Any:
        raise NotImplementedError

    def dump(self, value: Any) -> Any:
        return value

    def schema(self) -> dict:
        raise NotImplementedError


class Str(JType):
    def __init__(self, min_length: int = 0):
        self.min_length = min_length

    def load(self, value, path):
        if not isinstance(value, str) or len(value) < self.min_length:
            what = "a non-empty string" if self.min_length else "a string"
            raise CaseError(path, f"expected {what}, got {_got(value)}")
        if _SURROGATE.search(value):
            raise CaseError(path, f"not valid Unicode text: a lone UTF-16 surrogate in {_got(value)}")
        return value

    def schema(self):
        return {"type": "string", "minLength": self.min_length} if self.min_length else {"type": "string"}


class Bool(JType):
    def load(self, value, path):
        if not isinstance(value, bool):
            raise CaseError(path, f"expected true or false, got {_got(value)}")
        return value

    def schema(self):
        return {"type": "boolean"}


class Int(JType):
    def __init__(self, minimum: int | None = None, maximum: int | None = None):
        self.minimum, self.maximum = minimum, maximum

    def _what(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"an integer from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"an integer >= {self.minimum}"
        return "an integer"

    def load(self, value, path):
        if isinstance(value, float) and value.is_integer() and math.isfinite(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise CaseError(path, f"expected {self._what()}, got {_got(value)}")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise CaseError(path, f"expected {self._what()}, got {_got(value)}")
        return value

    def schema(self):
        out: dict = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


class Number(JType):
    def __init__(self, minimum: float = 0):
        self.minimum = minimum

    def load(self, value, path):
        if isinstance(value, Decimal) and value.is_finite():  # from Python callers (a Django DecimalField)
            value = float(value)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 300:
            raise CaseError(path, f"expected a number >= {self.minimum:g}, got {_got(value)}")
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or value < self.minimum):
            raise CaseError(path, f"expected a number >= {self.minimum:g}, got {_got(value)}")
        return value

    def schema(self):
        return {"type": "number", "minimum": self.minimum}


class Date(JType):
    def load(self, value, path):
        if isinstance(value, str) and DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise CaseError(path, f"expected a date YYYY-MM-DD, got {_got(value)}")

    def dump(self, value):
        return value.isoformat()

    def schema(self):
        return {"type": "string", "format": "date", "pattern": DATE_RE.pattern}


class Enum(JType):
    def __init__(self, values: tuple[str, ...]):
        self.values = values

    def load(self, value, path):
        if not isinstance(value, str) or value not in self.values:
            raise CaseError(path, f"expected one of {', '.join(self.values)}; got {_got(value)}")
        return value

    def schema(self):
        return {"enum": list(self.values)}


class List(JType):
    """A list; missing loads as ``()``. With ``nullable`` (fields added in v1.1 where "declared empty" and "not
    declared" differ), missing loads as ``None``."""

    def __init__(self, item: JType, *, nullable: bool = False):
        self.item = item
        self.nullable = nullable

    def load(self, value, path):
        if value is None:
            return None if self.nullable else ()
        if not isinstance(value, list):
            raise CaseError(path, f"expected a list, got {_got(value)}")
        return tuple(self.item.load(v, _join(path, i)) for i, v in enumerate(value))

    def dump(self, value):
        return [self.item.dump(v) for v in value]

    def schema(self):
        return {"type": ["array", "null"], "items": self.item.schema()}


class Obj(JType):
    def __init__(self, cls: type):
        self.cls = cls

    def load(self, value, path):
        return load_object(self.cls, value, path)

    def dump(self, value):
        return dump_object(value)

    def schema(self):
        return {"$ref": f"#/$defs/{self.cls.__name__}"}


def spec(jtype: JType, *, required: bool = False, doc: str = "", since: str = "1") -> dict:
    return {"jtype": jtype, "required": required, "doc": doc, "since": since}


def req(jtype: JType, doc: str = ""):
    return field(metadata=spec(jtype, required=True, doc=doc))


def opt(jtype: JType, doc: str = ""):
    default = () if isinstance(jtype, List) and not jtype.nullable else None
    return field(default=default, metadata=spec(jtype, doc=doc))


def v11(jtype: JType, doc: str = ""):
    """An optional field added by facts v1.1 (docs/rules/facts-v1.1.md): missing = not declared = the v1 behaviour."""
    default = () if isinstance(jtype, List) and not jtype.nullable else None
    return field(default=default, metadata=spec(jtype, doc=doc, since="1.1"))


# --- objects: a dataclass whose fields carry their JSON type (req / opt) ----------------------------------------

_FIELDS_CACHE: dict[type, tuple] = {}


def _fields(cls: type) -> tuple:
    cached = _FIELDS_CACHE.get(cls)
    if cached is None:
        cached = tuple((f.name, f.metadata["jtype"], f.metadata["required"]) for f in dataclasses.fields(cls))
        _FIELDS_CACHE[cls] = cached
    return cached


def load_object(cls: type, value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        raise CaseError(path, f"expected an object, got {_got(value)}")
    known = set()
    kwargs = {}
    for name, jtype, required in _fields(cls):
        known.add(name)
        raw = value.get(name)
        if raw is None:
            if required:
                raise CaseError(_join(path, name), "required field is missing")
            continue
        kwargs[name] = jtype.load(raw, _join(path, name))
    for key in value:
        if key not in known and not (isinstance(key, str) and key.startswith(("$", "x-"))):
            raise CaseError(_join(path, str(key)), "unknown field")
    return cls(**kwargs)


def dump_object(obj: Any) -> dict:
    out = {}
    for name, jtype, _required in _fields(type(obj)):
        value = getattr(obj, name)
        if value is None:
            continue
        out[name] = jtype.dump(value)
    return out
