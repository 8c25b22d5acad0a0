"""A readable, frozen copy of what an application covers, keyed like the facts (R3, S7, P2, X1).

Stored with each submission so that the Office reviews what was submitted even if the provider edits the
records later, and so that a later submission can be compared item by item with the one before.
"""

from __future__ import annotations

from typing import Any

from providers.approval import record_describe
from providers.models import HygieneDeclaration

# Keys of a program's snapshot that older snapshots do not have: not a change when only one side has them.
LATER_KEYS = {"qualification_standard", "modules", "task_lists"}

# One description for the frozen copy and for the live records it is compared with (providers.approval: what the
# Office approved and what changed since).
describe = record_describe


def records_snapshot(application) -> dict[str, Any]:
    organization = application.organization
    hygiene = HygieneDeclaration.objects.filter(organization=organization).first()
    programs = application.programs.select_related("qualification_standard").prefetch_related(
        "rooms", "instructors", "partners", "modules", "task_lists")
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
                "qualification_standard": str(p.qualification_standard) if p.qualification_standard_id else "",
                "modules": [describe(m) for m in p.modules.all()],
                "task_lists": [describe(t) for t in p.task_lists.all()],
            }
            for p in programs.order_by("pk")
        },
        **({"programs_in_force": _programs_in_force(application)} if application.is_amendment else {}),
    }


def _programs_in_force(application) -> dict[str, dict[str, Any]]:
    """For an amendment: the other programs in force its Art. 8 check counts (names for the findings that cite
    them; they are not part of the amendment)."""
    from applications.amendments import amendment_programs_in_force

    return {f"P{p.pk}": {"name": p.name, "name_sr": p.name_sr, "version": p.version}
            for p in amendment_programs_in_force(application).order_by("pk")}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What changed between two snapshots, per item: {"rooms": {"R3": {"area_m2": (40.0, 45.5)}}, …}.

    Every part of the snapshot is compared: the records (a program's modules and task lists as whole lists), the
    activities (``{"activities": {"added": [...], "removed": [...]}}``) and the Art. 7.3 justifications
    (``{"associate_deviations": {"psychologist": (old, new)}}``). Evidence files are compared by documents_diff().
    """
    changes: dict[str, dict[str, Any]] = {}
    old_activities, new_activities = before.get("activities") or [], after.get("activities") or []
    added = [a for a in new_activities if a not in old_activities]
    removed = [a for a in old_activities if a not in new_activities]
    if added or removed:
        changes["activities"] = {"added": added, "removed": removed}
    old_dev, new_dev = before.get("associate_deviations") or {}, after.get("associate_deviations") or {}
    deviations = {role: (old_dev.get(role), new_dev.get(role)) for role in sorted(set(old_dev) | set(new_dev))
                  if (old_dev.get(role) or "") != (new_dev.get(role) or "")}
    if deviations:
        changes["associate_deviations"] = deviations
    for section in ("staff", "rooms", "partners", "programs"):
        old, new = before.get(section, {}), after.get(section, {})
        for key in sorted(set(old) | set(new)):
            if key not in old:
                changes.setdefault(section, {})[key] = "added"
            elif key not in new:
                changes.setdefault(section, {})[key] = "removed"
            else:
                fields = {f: (old[key].get(f), new[key].get(f)) for f in sorted(set(old[key]) | set(new[key]))
                          if old[key].get(f) != new[key].get(f)
                          and not (f in LATER_KEYS and (f not in old[key] or f not in new[key]))}
                if fields:
                    changes.setdefault(section, {})[key] = fields
    for section in ("organization", "hygiene_technical"):
        old, new = before.get(section, {}), after.get(section, {})
        fields = {f: (old.get(f), new.get(f)) for f in sorted(set(old) | set(new)) if old.get(f) != new.get(f)}
        if fields:
            changes[section] = fields
    return changes


def document_row(document) -> dict[str, Any]:
    """What documents_diff() compares of a frozen evidence file."""
    return {"pk": document.pk, "source_id": document.source_id, "subject": document.subject, "kind": document.kind,
            "name": document.original_name, "sha256": document.sha256}


def documents_diff(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[tuple[str, dict | None,
                                                                                           dict | None]]:
    """Evidence added, replaced or removed between two submissions: (change, old row, new row), change one of
    "added", "replaced", "removed". The same uploaded file (source) with other content, or a file removed and
    another of the same kind added for the same subject, is "replaced"."""
    old_by_source = {d["source_id"]: d for d in before}
    new_by_source = {d["source_id"]: d for d in after}
    changes: list[tuple[str, dict | None, dict | None]] = []
    for source, new in new_by_source.items():
        old = old_by_source.get(source)
        if old is not None and (old["sha256"] != new["sha256"] or old["subject"] != new["subject"]):
            changes.append(("replaced", old, new))
    gone = [d for s, d in old_by_source.items() if s not in new_by_source]
    fresh = [d for s, d in new_by_source.items() if s not in old_by_source]
    for new in fresh:
        match = next((d for d in gone if d["subject"] == new["subject"] and d["kind"] == new["kind"]), None)
        if match is not None:
            gone.remove(match)
            changes.append(("replaced", match, new))
        else:
            changes.append(("added", None, new))
    changes += [("removed", old, None) for old in gone]
    return sorted(changes, key=lambda c: ((c[2] or c[1])["subject"], (c[2] or c[1])["name"]))
