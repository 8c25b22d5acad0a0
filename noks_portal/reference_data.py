"""Loading reference data shipped as JSON (NOKS levels, sectors, municipalities) into translated fields.

Used by data migrations (with historical models) and by the demo-data command, so it takes a model class and
never calls services: it sets the sr / sr_latn / en columns itself, the Latin one by transliteration.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rules.translit import cyr_to_lat

ROOT = Path(__file__).resolve().parent.parent


def read_json(relative_path: str) -> Any:
    with open(ROOT / relative_path, encoding="utf-8") as fh:
        return json.load(fh)


def translated_values(field: str, value: dict[str, str] | str | None) -> dict[str, str]:
    """{"sr": "Кувар", "en": "Cook"} -> name=Кувар, name_sr=Кувар, name_sr_latn=Kuvar, name_en=Cook."""
    if value is None:
        value = {}
    if isinstance(value, str):
        value = {"sr": value}
    sr = value.get("sr", "") or ""
    en = value.get("en", "") or ""
    return {field: sr, f"{field}_sr": sr, f"{field}_sr_latn": cyr_to_lat(sr), f"{field}_en": en}
