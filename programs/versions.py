"""Comparing two versions of a program: what changed, in words a person reads, and whether each change is editorial.

What was accredited is the program as the Office approved it (Art. 4: its 18 elements, in Serbian; its modules;
the kind, activity, standard, CEFR/ECDL levels of Arts. 2-4; the exam plan and task lists of Arts. 5-6; the rooms,
staff and partners judged under Arts. 7-15). A change to any of these needs the Office's approval (an amendment).
Editorial (docs/program-versions.md) is only what provably does not change what was accredited:

- the English translation of a content field (the accredited text is the Serbian one);
- a Serbian text whose words stay the same: equal after folding script, case and diacritics and dropping
  punctuation and spacing (a fixed letter case, a missing diacritic, a comma, a double space). Any other change of
  wording, and any change of a number, needs approval: the portal cannot tell a typo from a change of meaning
  ("16" and "40" differ by two characters).

The values are shown in the page's language: choices by their label, dates in the Serbian genitive of the locale,
yes/no, the names of rooms, staff and partners. No field name or enum value reaches the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.enums import ELEMENTS, TaskListKind
from rules.translit import fold

# Other fields of what was accredited, with their labels (translated when shown).
BASICS: tuple[tuple[str, object], ...] = (
    ("activity", gettext_lazy("Activity (Art. 2)")),
    ("kind", gettext_lazy("Kind of program (Art. 3)")),
    ("qualification_standard", gettext_lazy("Qualification standard")),
    ("language_of_delivery", gettext_lazy("Language of delivery")),
    ("cefr_levels", gettext_lazy("CEFR levels")),
    ("ecdl_modules", gettext_lazy("ECDL modules")),
    ("modular", gettext_lazy("The program is modular")),
    ("individual_work", gettext_lazy("Provides for individual work")),
    ("starts_on", gettext_lazy("Planned start")),
    ("ends_on", gettext_lazy("Planned end")),
    ("exam_professional", gettext_lazy("Ends with an exam of professional competences")),
    ("exam_key_competences", gettext_lazy("Ends with an exam of key competences")),
    ("key_tasks", gettext_lazy("Tasks in the key-competence exam")),
    ("work_tasks_min", gettext_lazy("Work tasks per learner, at least")),
    ("work_tasks_max", gettext_lazy("Work tasks per learner, at most")),
)
RELATIONS: tuple[tuple[str, object], ...] = (
    ("rooms", gettext_lazy("Rooms")),
    ("instructors", gettext_lazy("Instructors")),
    ("partners", gettext_lazy("Practical-work partners")),
)
# Content fields with an English translation (the translation alone is editorial).
TRANSLATED = ("name", "purpose", "goal", "general_outcomes", "specific_outcomes", "enrolment_conditions",
              "modules_content", "organisation_methods", "accessibility", "materials", "assessment", "staff_needed",
              "premises_equipment", "publicity", "adaptation", "document_name")

_NOT_WORDS = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Change:
    """One changed element: its label, the approved value, the new value (all as shown), and whether editorial."""

    label: str
    old: str
    new: str
    editorial: bool


def same_words(old: str, new: str) -> bool:
    """The two Serbian texts have the same words and numbers (script, case, diacritics, punctuation, spacing aside)."""
    return _NOT_WORDS.sub("", fold(old or "")) == _NOT_WORDS.sub("", fold(new or ""))


def _yes_no(value) -> str:
    return _("yes") if value else _("no")


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else "—"


def _shown(program, field: str) -> str:
    value = getattr(program, field)
    if field in ("activity", "kind", "language_of_delivery"):
        return str(getattr(program, f"get_{field}_display")()) if value not in (None, "") else "—"
    if field == "qualification_standard":
        return f"{value.code} {value.name}" if value is not None else "—"
    if field in ("cefr_levels", "ecdl_modules"):
        return ", ".join(value or []) or "—"
    if field in ("starts_on", "ends_on"):
        return _date(value)
    if isinstance(value, bool):
        return _yes_no(value)
    return "—" if value in (None, "") else str(value)


def _relation_names(program, relation: str) -> str:
    names = sorted(str(obj) for obj in getattr(program, relation).all())
    return ", ".join(names) or "—"


def _text(value) -> str:
    return (value or "").strip()


def _modules(program) -> list:
    return sorted(program.modules.all(), key=lambda m: (m.order, m.pk))


def _task_lists(program) -> list:
    return sorted(program.task_lists.all(), key=lambda t: (t.kind, t.pk))


def version_diff(approved, new) -> list[Change]:
    """What ``new`` changes against ``approved``, element by element in the order of Art. 4, then the rest."""
    changes: list[Change] = []
    for element in ELEMENTS:
        label = f"{element.number}. {element.label}"
        if element.field in ("duration_hours", "group_size"):
            old_value, new_value = getattr(approved, element.field), getattr(new, element.field)
            if old_value != new_value:
                changes.append(Change(label, _shown(approved, element.field), _shown(new, element.field), False))
            continue
        old_sr, new_sr = _text(getattr(approved, f"{element.field}_sr")), _text(getattr(new, f"{element.field}_sr"))
        if old_sr != new_sr:
            changes.append(Change(label, old_sr or "—", new_sr or "—", same_words(old_sr, new_sr)))
        old_en, new_en = _text(getattr(approved, f"{element.field}_en")), _text(getattr(new, f"{element.field}_en"))
        if old_en != new_en:
            changes.append(Change(_("%(element)s (English translation)") % {"element": label},
                                  old_en or "—", new_en or "—", True))
    for field, label in BASICS:
        if _shown(approved, field) != _shown(new, field) or getattr(approved, field) != getattr(new, field):
            changes.append(Change(str(label), _shown(approved, field), _shown(new, field), False))
    for relation, label in RELATIONS:
        old_ids = sorted(getattr(approved, relation).values_list("pk", flat=True))
        new_ids = sorted(getattr(new, relation).values_list("pk", flat=True))
        if old_ids != new_ids:
            changes.append(Change(str(label), _relation_names(approved, relation), _relation_names(new, relation),
                                  False))
    changes += _rows_diff(_modules(approved), _modules(new), _module_fields(), _("Module %(number)s"))
    changes += _rows_diff(_task_lists(approved), _task_lists(new), _task_list_fields(), _("Task list %(number)s"))
    return changes


def _module_fields():
    return (("name", _("name"), "text"), ("outcomes", _("outcomes"), "text"), ("content", _("content"), "text"),
            ("hours", _("hours"), "number"))


def _task_list_fields():
    return (("kind", _("kind"), "kind"), ("title", _("title"), "text"), ("items", _("tasks"), "text"),
            ("published_on", _("made available to learners on"), "date"))


def _row_value(row, field: str, how: str, language: str = "sr") -> str:
    if row is None:
        return "—"
    if how == "text":
        return _text(getattr(row, f"{field}_{language}")) or "—"
    value = getattr(row, field)
    if how == "kind":
        return str(TaskListKind(value).label)
    if how == "date":
        return _date(value)
    return "—" if value is None else str(value)


def _rows_diff(old_rows: list, new_rows: list, fields, title: str) -> list[Change]:
    """Rows (modules, task lists) compared by position: changed, added or removed, field by field."""
    changes = []
    for index in range(max(len(old_rows), len(new_rows))):
        old = old_rows[index] if index < len(old_rows) else None
        new = new_rows[index] if index < len(new_rows) else None
        heading = title % {"number": index + 1}
        for field, label, how in fields:
            old_value, new_value = _row_value(old, field, how), _row_value(new, field, how)
            editorial = False
            if how == "text" and old is not None and new is not None:
                editorial = same_words(old_value, new_value)
            if old_value != new_value:
                changes.append(Change(f"{heading}: {label}", old_value, new_value, editorial))
            if how == "text":
                old_en, new_en = _row_value(old, field, how, "en"), _row_value(new, field, how, "en")
                if old_en != new_en and old is not None and new is not None:
                    changes.append(Change(_("%(element)s (English translation)") % {"element": f"{heading}: {label}"},
                                          old_en, new_en, True))
    return changes


def is_editorial(changes: list[Change]) -> bool:
    """Every change is editorial (and there is at least one)."""
    return bool(changes) and all(change.editorial for change in changes)
