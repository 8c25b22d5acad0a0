"""The organization's records as the Office last approved them, and what changed since (issue 16, docs/records.md).

What was approved is the frozen copy of the records in the last submission of the organization's last approved
application (``Submission.records``, written by applications.snapshot). The live staff, rooms and partners are
compared with it by the same description (``record_describe``), so a record added, removed or changed after the
approval is shown as a change, with its date:

- added: the day the record was created;
- removed: the day of its recorded deletion (the audit trail's ``<kind>.deleted`` row);
- changed: the day it was last saved, with each changed field (approved value, current value).

Reporting a change is normal: the provider keeps editing its records; the Office sees the approved copy beside the
changes. The applications app keeps the approvals; they are read here by relation name (as status_granted_on does),
never by importing it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.collation import sort_key
from core.models import AuditEvent
from providers.enums import StaffRole
from providers.models import Organization, Partner, Room, StaffMember

# Fields never compared: identity, ownership and bookkeeping.
SKIP = {"id", "organization", "created_at", "updated_at", "search_text"}


def _value(obj: models.Model, model_field: models.Field) -> Any:
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    value = getattr(obj, model_field.attname)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record_describe(obj: models.Model) -> dict[str, Any]:
    """Field name -> value of the concrete, non-relational fields (translations included: name_sr, name_en …).
    The frozen copy of a submission is made of these (applications.snapshot), so the live record compares with it."""
    out: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in SKIP or model_field.is_relation:
            continue
        out[model_field.name] = _value(obj, model_field)
    return out


@dataclass(frozen=True)
class Section:
    key: str  # the snapshot's section: "staff", "rooms", "partners"
    model: type[models.Model]
    prefix: str  # the snapshot's key prefix: S, R, X
    deleted: str  # the audit action of a deletion
    title: str  # msgid


SECTIONS = (
    Section("staff", StaffMember, "S", "staff.deleted", "Staff"),
    Section("rooms", Room, "R", "room.deleted", "Premises and rooms"),
    Section("partners", Partner, "X", "partner.deleted", "Practical-work partners"),
)
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class FieldChange:
    label: str
    approved: str
    current: str


@dataclass(frozen=True)
class RecordChange:
    section: str
    pk: int
    name: str
    change: str  # ADDED, REMOVED, CHANGED
    on: dt.date | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def label(self) -> str:
        return {ADDED: _("added after the approval"), REMOVED: _("removed after the approval"),
                CHANGED: _("changed after the approval")}[self.change]


@dataclass(frozen=True)
class ApprovedRow:
    pk: int
    name: str
    change: RecordChange | None


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    approved: list[ApprovedRow]  # what the Office approved, each with its change since (None: unchanged)
    added: list[RecordChange]


@dataclass
class RecordsSinceApproval:
    application_id: int
    reference: str
    approved_at: dt.datetime
    sections: list[SectionComparison] = field(default_factory=list)

    @property
    def changes(self) -> list[RecordChange]:
        out = []
        for section in self.sections:
            out += [row.change for row in section.approved if row.change] + section.added
        return out

    def change_of(self, section: str, pk: int) -> RecordChange | None:
        return next((c for c in self.changes if c.section == section and c.pk == pk), None)

    def removed(self, section: str) -> list[RecordChange]:
        return [c for c in self.changes if c.section == section and c.change == REMOVED]


def approved_records(organization: Organization) -> tuple[Any, dict[str, Any]] | None:
    """(the last approved application, the records of its last submission), or None before any approval."""
    application = (organization.applications.filter(state="approved", review__decided_at__isnull=False)
                   .select_related("review").order_by("-review__decided_at", "-pk").first())
    if application is None:
        return None
    submission = application.submissions.order_by("-number").first()
    if submission is None:
        return None
    return application, submission.records or {}


def _choice_keys(model_field: models.Field) -> dict[str, str]:
    """Every label of a choice field, in every language of the portal, -> its stored value: the frozen copy holds
    the label in the language of the page it was submitted from."""
    keys: dict[str, str] = {}
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            keys.update({str(label): value for value, label in model_field.flatchoices})
    keys.update({value: value for value, _label in model_field.flatchoices})
    return keys


def _comparable(model, name: str, value: Any) -> Any:
    model_field = model._meta.get_field(name)
    if model_field.choices and isinstance(value, str):
        return _choice_keys(model_field).get(value, value)
    return value


def _lang_suffix() -> str:
    return (translation.get_language() or "sr").replace("-", "_")


def _shown(data: dict[str, Any], name: str) -> Any:
    """A translated text of a description in the page's language: English where it exists, else Serbian in the
    page's script (Latin on /sr-latn/ and /en/)."""
    suffixes = {"sr": ["sr"], "sr_latn": ["sr_latn", "sr"], "en": ["en", "sr_latn", "sr"]}.get(_lang_suffix(), ["sr"])
    for suffix in suffixes:
        if data.get(f"{name}_{suffix}"):
            return data[f"{name}_{suffix}"]
    return data.get(name)


def _base_fields(model) -> list[models.Field]:
    """The fields a person compares: one per translated text (its variants name_sr, name_en … are one field)."""
    return [model_field for model_field in model._meta.concrete_fields
            if model_field.name not in SKIP and not model_field.is_relation
            and getattr(model_field, "translated_field", None) is None]  # not a modeltranslation variant


def _variants(name: str, data: dict[str, Any]) -> list[str]:
    """The keys of one field in a description: the field, and its language variants when it is translated."""
    variants = [f"{name}_{lang.replace('-', '_')}" for lang, _label in settings.LANGUAGES
                if f"{name}_{lang.replace('-', '_')}" in data]
    return variants or [name]  # a translated field's own column reads in the active language: compare the variants


def _text(model_field: models.Field, data: dict[str, Any]) -> Any:
    """The value of a field in a description, in the page's script for translated texts."""
    name = model_field.name
    if f"{name}_sr" in data:  # translated: the Serbian text typed, shown in the page's language/script
        return _shown(data, name)
    return data.get(name)


def _show(model_field: models.Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if model_field.choices:
        labels = dict(model_field.flatchoices)
        return str(labels.get(_comparable(model_field.model, model_field.name, value), value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field.name == "roles":
        labels = dict(StaffRole.choices)
        return ", ".join(str(labels.get(role, role)) for role in value)
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        try:
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, float):
        return number_format(Decimal(str(value)), use_l10n=True)
    return str(value)


def _field_changes(model, approved: dict[str, Any], current: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The fields that differ, each once (a translated text differs when any of its variants does). A field the
    frozen copy does not have (added to the portal later) is no change."""
    changes = []
    for model_field in _base_fields(model):
        if any(key in approved and key in current
               and _comparable(model, key, approved[key]) != _comparable(model, key, current[key])
               for key in _variants(model_field.name, approved)):
            changes.append(FieldChange(str(model_field.verbose_name), _show(model_field, _text(model_field, approved)),
                                       _show(model_field, _text(model_field, current))))
    return tuple(changes)


def _name(section: Section, data: dict[str, Any]) -> str:
    if section.key == "staff":
        return f"{_shown(data, 'first_name') or ''} {_shown(data, 'last_name') or ''}".strip()
    return _shown(data, "name") or ""


def records_since_approval(organization: Organization) -> RecordsSinceApproval | None:
    """The approved copy of the staff, rooms and partners beside the live records: what was added, removed or
    changed since, with dates. None when the organization has no approved application. Six queries and one per
    section with removals."""
    found = approved_records(organization)
    if found is None:
        return None
    application, records = found
    result = RecordsSinceApproval(application_id=application.pk, reference=application.reference,
                                  approved_at=application.review.decided_at)
    script = "Cyrl" if (translation.get_language() or "sr") == "sr" else "Latn"
    for section in SECTIONS:
        frozen: dict[str, dict] = records.get(section.key) or {}
        live = {obj.pk: obj for obj in section.model.objects.filter(organization=organization)}
        frozen_pks = {int(key[len(section.prefix):]): data for key, data in frozen.items()
                      if key.startswith(section.prefix) and key[len(section.prefix):].isdigit()}
        gone = [pk for pk in frozen_pks if pk not in live]
        deleted_on = {}
        if gone:
            for object_id, at in (AuditEvent.objects.filter(
                    object_type=section.model._meta.label_lower, action=section.deleted,
                    object_id__in=[str(pk) for pk in gone]).values_list("object_id", "at")):
                deleted_on[int(object_id)] = timezone_date(at)
        approved_rows = []
        for pk, data in frozen_pks.items():
            obj = live.get(pk)
            if obj is None:
                change = RecordChange(section.key, pk, _name(section, data), REMOVED, deleted_on.get(pk))
            else:
                now = record_describe(obj)
                fields = _field_changes(section.model, data, now)
                change = (RecordChange(section.key, pk, _name(section, now), CHANGED,
                                       timezone_date(obj.updated_at), fields) if fields else None)
            approved_rows.append(ApprovedRow(pk, _name(section, data), change))
        added = [RecordChange(section.key, obj.pk, _name(section, record_describe(obj)), ADDED,
                              timezone_date(obj.created_at)) for pk, obj in live.items() if pk not in frozen_pks]
        approved_rows.sort(key=lambda row: sort_key(row.name, script))
        added.sort(key=lambda change: sort_key(change.name, script))
        result.sections.append(SectionComparison(section.key, _(section.title), approved_rows, added))
    return result


def timezone_date(moment: dt.datetime | None) -> dt.date | None:
    from django.utils import timezone

    return timezone.localdate(moment) if moment else None
