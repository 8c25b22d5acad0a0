"""A readable, frozen copy of what an application covers, keyed like the facts (R3, S7, P2, X1).

Stored with each submission so that the Office reviews what was submitted even if the provider edits the
records later, and so that a later submission can be compared item by item with the one before.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from providers.models import HygieneDeclaration

SKIP = {"id", "organization", "created_at", "updated_at", "search_text"}


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.attname)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def describe(obj: models.Model) -> dict[str, Any]:
    """Field name -> value of the concrete, non-relational fields (translations included: name_sr, name_en …)."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIP or field.is_relation:
            continue
        out[field.name] = _value(obj, field)
    return out


def records_snapshot(application) -> dict[str, Any]:
    organization = application.organization
    hygiene = HygieneDeclaration.objects.filter(organization=organization).first()
    programs = application.programs.prefetch_related("rooms", "instructors", "partners")
    return {
        "organization": describe(organization),
        "activities": list(application.activities),
        "associate_deviations": dict(application.associate_deviations or {}),
        "staff": {f"S{m.pk}": describe(m) for m in organization.staff.order_by("pk")},
        "rooms": {f"R{r.pk}": describe(r) for r in organization.rooms.order_by("pk")},
        "partners": {f"X{p.pk}": describe(p) for p in organization.partners.order_by("pk")},
        "hygiene_technical": describe(hygiene) if hygiene else {},
        "programs": {
            f"P{p.pk}": {
                **describe(p),
                "rooms": [f"R{r.pk}" for r in p.rooms.all()],
                "instructors": [f"S{s.pk}" for s in p.instructors.all()],
                "partners": [f"X{x.pk}" for x in p.partners.all()],
            }
            for p in programs.order_by("pk")
        },
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What changed between two snapshots, per item: {"rooms": {"R3": {"area_m2": (40.0, 45.5)}}, …}."""
    changes: dict[str, dict[str, Any]] = {}
    for section in ("staff", "rooms", "partners", "programs"):
        old, new = before.get(section, {}), after.get(section, {})
        for key in sorted(set(old) | set(new)):
            if key not in old:
                changes.setdefault(section, {})[key] = "added"
            elif key not in new:
                changes.setdefault(section, {})[key] = "removed"
            else:
                fields = {f: (old[key].get(f), new[key].get(f)) for f in sorted(set(old[key]) | set(new[key]))
                          if old[key].get(f) != new[key].get(f)}
                if fields:
                    changes.setdefault(section, {})[key] = fields
    for section in ("organization", "hygiene_technical"):
        old, new = before.get(section, {}), after.get(section, {})
        fields = {f: (old.get(f), new.get(f)) for f in sorted(set(old) | set(new)) if old.get(f) != new.get(f)}
        if fields:
            changes[section] = fields
    return changes
