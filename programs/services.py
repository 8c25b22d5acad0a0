"""Writes about programs. Each runs in one transaction, derives the Latin script and leaves an audit row.

Audit actions: ``program.created``, ``program.saved`` (data: the section), ``program.deleted``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseInlineFormSet
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.scripts import sync_scripts
from programs.enums import SECTION_BY_SLUG
from programs.models import Program

RELATIONS = ("rooms", "instructors", "partners")


def _save_program(program: Program) -> Program:
    from programs.search import program_refresh_search

    sync_scripts(program)
    program_refresh_search(program)
    program.full_clean()
    if program.pk is None:
        program.save()
    else:  # the public span is the accreditations' to keep (programs_refresh_public); a stale copy must not undo it
        kept = ("public_from", "public_until", "created_at")
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
    checked = _check_relations(program, relations or {})
    if section not in (program.saved_sections or []):
        program.saved_sections = [*(program.saved_sections or []), section]
    _save_program(program)
    for name, objects in checked.items():
        getattr(program, name).set(objects)
    for formset in formsets:
        _save_rows(program, formset, ordered=any(f.name == "order" for f in formset.model._meta.fields))
    audit_log(program, action="program.saved", actor=actor, data={"section": section})
    return program


@transaction.atomic
def program_delete(program: Program, *, actor) -> None:
    audit_log(program, action="program.deleted", actor=actor,
              data={"organization": program.organization_id, "name": program.name_sr or ""})
    program.delete()
