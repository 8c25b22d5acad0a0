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


LEVEL_TEXT_FIELDS = ("name", "typical", "knowledge", "skills", "abilities_attitudes")


def load_noks_register(NoksLevel, Sector) -> None:
    """NOKS levels with descriptors and level-to-hours rules, and the sectors (models may be historical)."""
    hours = {row["level"]: row for row in read_json("qualifications/data/level_hours.json")}
    for row in read_json("qualifications/data/noks_levels.json"):
        values = {"order": row["order"], "eqf_level": row["eqf_level"]}
        for field in LEVEL_TEXT_FIELDS:
            values.update(translated_values(field, row.get(field)))
        rule = hours.get(row["code"], {})
        values.update(
            training_min_hours=rule.get("min_hours"),
            training_max_hours=rule.get("max_hours"),
            training_min_months=rule.get("min_months"),
        )
        NoksLevel.objects.update_or_create(code=row["code"], defaults=values)
    for code, rule in hours.items():
        if rule.get("requires_level"):
            NoksLevel.objects.filter(code=code).update(
                requires_level=NoksLevel.objects.get(code=rule["requires_level"])
            )
    for row in read_json("qualifications/data/sectors.json"):
        Sector.objects.update_or_create(code=row["code"], defaults=translated_values("name", row["name"]))


def load_municipalities(Municipality) -> None:
    for row in read_json("providers/data/municipalities.json"):
        values = translated_values("district", row.get("district", ""))
        values.update(translated_values("name", row["name"]))
        values["kind"] = row.get("kind", "municipality")
        Municipality.objects.update_or_create(name_sr=values["name_sr"], defaults=values)


def ensure_reference_data() -> None:
    """Load the reference data again where a test flushed it (transactional tests empty every table)."""
    from django.apps import apps

    NoksLevel = apps.get_model("qualifications", "NoksLevel")
    Municipality = apps.get_model("providers", "Municipality")
    if not NoksLevel.objects.exists():
        load_noks_register(NoksLevel, apps.get_model("qualifications", "Sector"))
    if not Municipality.objects.exists():
        load_municipalities(Municipality)
