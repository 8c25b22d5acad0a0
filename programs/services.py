"""Writes about programs. Each runs in one transaction, derives the Latin script and leaves an audit row.

Audit actions: ``program.created``, ``program.saved`` (data: the section), ``program.deleted``,
``program.version_started`` (a new version copied from a frozen one), ``program.version`` (a version's state changed,
program_version_transition), ``program.version_editorial`` (an editorial version published).

A version that was submitted or approved is frozen (docs/program-versions.md): saving or deleting it is refused
with a message; the provider starts a new version instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.scripts import sync_scripts
from programs.enums import SECTION_BY_SLUG, VERSION_TRANSITIONS, VersionState
from programs.models import Module, Program, TaskList

RELATIONS = ("rooms", "instructors", "partners")
# Written only by the version services below, never by a section's save.
VERSION_FIELDS = ("lineage", "version", "version_state", "editorial", "approved_on", "superseded_on")


def frozen_refusal(program: Program) -> str | None:
    """Why the program cannot be edited in place (None: it can)."""
    if program.version_state == VersionState.SUBMITTED:
        return _("This version of the program is with the Office as part of a submitted application, so it cannot "
                 "be changed. If the Office asks for changes, you can edit it again.")
    if program.version_state in (VersionState.APPROVED, VersionState.SUPERSEDED):
        return _("This version of the program was approved by the Office and cannot be changed. To change the "
                 "program, start a new version: the approved one stays public until the Office approves the new one.")
    return None


def _require_editable(program: Program) -> None:
    current = Program.objects.filter(pk=program.pk).values_list("version_state", flat=True).first()
    if current is not None:
        program.version_state = current
    refusal = frozen_refusal(program)
    if refusal:
        raise ValidationError(refusal)


def _save_program(program: Program) -> Program:
    from programs.search import program_refresh_search

    sync_scripts(program)
    program_refresh_search(program)
    program.full_clean()
    if program.pk is None:
        program.save()
    else:  # the public span is the accreditations' to keep (programs_refresh_public); a stale copy must not undo it
        kept = ("public_from", "public_until", "created_at", *VERSION_FIELDS)
        program.save(update_fields=[f.attname for f in Program._meta.concrete_fields
                                    if not f.primary_key and f.name not in kept])
    return program


def _check_relations(program: Program, relations: dict[str, Iterable]) -> dict[str, list]:
    """Rooms, instructors and partners must be the program's own organization's."""
    checked, errors = {}, {}
    messages = {
        "rooms": _("Choose only rooms of your own organization."),
        "instructors": _("Choose only staff of your own organization."),
        "partners": _("Choose only partners of your own organization."),
    }
    for name, objects in relations.items():
        if name not in RELATIONS:
            raise ValueError(f"unknown relation {name!r}")
        objects = list(objects)
        if any(obj.organization_id != program.organization_id for obj in objects):
            errors[name] = messages[name]
        checked[name] = objects
    if errors:
        raise ValidationError(errors)
    return checked


def _save_rows(program: Program, formset: BaseInlineFormSet, *, ordered: bool) -> None:
    """The module or task-list rows edited with a section, in the order shown."""
    position = 0
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data:  # an extra row left empty
            continue
        if data.get("DELETE"):
            if form.instance.pk:
                form.instance.delete()
            continue
        row = form.save(commit=False)
        row.program = program
        if ordered:
            position += 1
            row.order = position
        sync_scripts(row)
        row.save()


@transaction.atomic
def program_create(organization, *, actor, values: dict[str, Any]) -> Program:
    """A new program from the first section of the form (the basics)."""
    program = Program(organization=organization, **values)
    program.saved_sections = ["basics"]
    _save_program(program)
    audit_log(program, action="program.created", actor=actor, to_state=program.activity,
              data={"organization": organization.pk})
    return program


@transaction.atomic
def program_save(
    program: Program,
    *,
    actor,
    section: str,
    relations: dict[str, Iterable] | None = None,
    formsets: Iterable[BaseInlineFormSet] = (),
) -> Program:
    """Save one section of the form: the program's fields, its many-to-many relations and its rows."""
    if section not in SECTION_BY_SLUG:
        raise ValueError(f"unknown section {section!r}")
    _require_editable(program)
    checked = _check_relations(program, relations or {})
    if section not in (program.saved_sections or []):
        program.saved_sections = [*(program.saved_sections or []), section]
    _save_program(program)
    for name, objects in checked.items():
        getattr(program, name).set(objects)
    for formset in formsets:
        _save_rows(program, formset, ordered=any(f.name == "order" for f in formset.model._meta.fields))
    if formsets:  # the modules' names, outcomes and content are searched too (programs.search.content_keys)
        from programs.search import program_refresh_search

        program_refresh_search(program)
        Program.objects.filter(pk=program.pk).update(search_text=program.search_text)
    audit_log(program, action="program.saved", actor=actor, data={"section": section})
    return program


@transaction.atomic
def program_delete(program: Program, *, actor) -> None:
    _require_editable(program)
    audit_log(program, action="program.deleted", actor=actor,
              data={"organization": program.organization_id, "name": program.name_sr or ""})
    program.delete()


# ---------------------------------------------------------------------------------------------------------------
# Versions: a frozen version is copied into a new draft; the application it joins moves it; approval supersedes.
# ---------------------------------------------------------------------------------------------------------------


def program_versions(program: Program):
    """Every version of the program, oldest first."""
    from django.db.models import Q

    root = program.lineage_root_id
    return Program.objects.filter(Q(pk=root) | Q(lineage_id=root)).order_by("version", "pk")


def open_version(program: Program) -> Program | None:
    """The version of the program being prepared or with the Office (draft or submitted), if any, other than an
    approved or superseded one."""
    return program_versions(program).filter(
        version_state__in=(VersionState.DRAFT, VersionState.SUBMITTED)).exclude(pk=program.pk).first()


@transaction.atomic
def program_version_transition(program: Program, to: str, *, actor, note: str = "", data: dict | None = None
                               ) -> Program:
    """Move a version to ``to`` (VERSION_TRANSITIONS), row locked, with its audit row. Nothing else writes
    version_state. Approval dates it today; being superseded dates the end."""
    locked = Program.objects.select_for_update().get(pk=program.pk)
    from_state = locked.version_state
    if (from_state, to) not in VERSION_TRANSITIONS:
        raise ValidationError(_("A program version cannot go from “%(from)s” to “%(to)s”.")
                              % {"from": VersionState(from_state).label, "to": VersionState(to).label})
    locked.version_state = to
    fields = ["version_state", "updated_at"]
    today = timezone.localdate()
    if to == VersionState.APPROVED:
        locked.approved_on = today
        fields.append("approved_on")
    if to == VersionState.SUPERSEDED:
        locked.superseded_on = today
        fields.append("superseded_on")
    locked.save(update_fields=fields)
    audit_log(locked, action="program.version", actor=actor, from_state=from_state, to_state=to, note=note,
              data={"version": locked.version, "first_version": locked.lineage_root_id, **(data or {})})
    for name in ("version_state", "approved_on", "superseded_on", "updated_at"):
        setattr(program, name, getattr(locked, name))
    return locked


def _copy_fields(source, target, *, skip: tuple[str, ...]) -> None:
    for field in source._meta.concrete_fields:
        if field.primary_key or field.name in skip:
            continue
        setattr(target, field.attname, getattr(source, field.attname))


@transaction.atomic
def program_version_start(program: Program, *, actor) -> Program:
    """A new draft version of a frozen program: a deep copy (every element, its rooms, staff and partners, its
    modules and task lists). The frozen version is untouched and stays what the public, cohorts and certificates
    see until a later version is approved. One new version at a time."""
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if locked.version_state == VersionState.DRAFT:
        raise ValidationError(_("This version is still in preparation: edit it instead of starting a new one."))
    if locked.version_state == VersionState.SUPERSEDED:
        raise ValidationError(_("This version has been superseded: start a new version from the current one."))
    existing = open_version(locked)
    if existing is not None:
        raise ValidationError(_("Version %(number)s of this program is already being prepared or reviewed; "
                                "continue with it.") % {"number": existing.version})
    latest = program_versions(locked).order_by("-version").values_list("version", flat=True).first() or 1
    copy = Program(organization_id=locked.organization_id)
    _copy_fields(locked, copy, skip=("created_at", "updated_at", "public_from", "public_until", *VERSION_FIELDS))
    copy.lineage_id = locked.lineage_root_id
    copy.version = latest + 1
    copy.version_state = VersionState.DRAFT
    copy.save()
    for name in RELATIONS:
        getattr(copy, name).set(getattr(locked, name).all())
    for module in locked.modules.all():
        row = Module(program=copy)
        _copy_fields(module, row, skip=("program",))
        row.save()
    for task_list in locked.task_lists.all():
        row = TaskList(program=copy)
        _copy_fields(task_list, row, skip=("program",))
        row.save()
    audit_log(copy, action="program.version_started", actor=actor, to_state=VersionState.DRAFT,
              data={"version": copy.version, "from": locked.pk, "first_version": copy.lineage_id})
    return copy


def approved_predecessor(program: Program) -> Program | None:
    """The approved version a draft or submitted version would replace (None for a program never approved)."""
    if program.lineage_root_id is None:
        return None
    return program_versions(program).filter(version_state=VersionState.APPROVED).exclude(pk=program.pk).first()
