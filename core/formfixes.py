"""Guards that Django's form fields lack, installed once for every form of the portal, the admin included (called
from core.apps.CoreConfig.ready(); they act when a form is validated, so forms defined before that call
are guarded too).

- Model choice fields: a choice value that is a huge integer (beyond a 64-bit primary key) reaches the database,
  where SQLite raises OverflowError and PostgreSQL a DataError — a server error instead of "Select a valid choice"
  (found by tests/security/test_hostile_forms.py); so does a value with a NUL byte where the choice is looked up by
  a text column. Such values are refused as an invalid choice before any query.
- Text fields (every ``forms.CharField`` and its subclasses): a field without a maximum length of its own — the
  form field of a model ``TextField`` (program elements, reasons, findings) and the free-text fields of plain
  forms — accepts at most TEXT_MAX_LENGTH characters (issue 14: one long text must not cost every later save and
  conversion its length); and no text may hold control characters other than tab, line feed and carriage return
  (a NUL byte is a database error on PostgreSQL; the others are never typed, only pasted by accident or sent by
  an attacker). Both are ordinary form errors, in the visitor's language, and the form is shown again with what
  was typed. The cap leaves out hidden fields, which carry what the server wrote into the page and are checked
  by their form against what it expects (the learners' CSV carried base64-encoded has its own size limit, a
  verdict's provision must be in the report), and JSON fields (the admin's lists).
- JSON fields: JSON nested deeper than Python's stack is invalid JSON, not a RecursionError.
- Numbers (issue 16): integer, decimal and float fields read "42,5", "42.5", "1.234,5" and "1 234,5" the same in
  every language and refuse what is ambiguous; every number box is a text box (core.numbers.install).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core import numbers

MAX_PK = 2 ** 63 - 1
TEXT_MAX_LENGTH = 20_000  # characters: a program element of Art. 4 fits many times over
# C0 and C1 control characters and DEL, except tab, line feed and carriage return (a textarea's line breaks).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_MESSAGE = _("The text contains invisible control characters (for example from a copied document); "
                    "remove them and try again.")


def _fits(field, value) -> bool:
    """A value the lookup can take: no control characters; then anything when the field looks up another column,
    else an integer within the database's range (or something that is not a number at all, which Django already
    refuses)."""
    text = str(value)
    if CONTROL_CHARACTERS.search(text):
        return False
    if field.to_field_name:
        return True
    text = text.strip()
    try:
        number = int(text)
    except (TypeError, ValueError):
        return True
    return -MAX_PK <= number <= MAX_PK


def _strings(value):
    """The strings in a cleaned value: the value itself, or those in a list or a dict (a lines field, JSON)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)


def text_errors(field: forms.CharField, value) -> list[ValidationError]:
    """What the text guard refuses in a text field's cleaned value (the checks Django's own validators lack)."""
    errors: list[ValidationError] = []
    strings = list(_strings(value))
    if field.max_length is None and not field.widget.is_hidden and not isinstance(field, forms.JSONField):
        try:
            MaxLengthValidator(TEXT_MAX_LENGTH)("".join(strings))
        except ValidationError as error:
            errors.extend(error.error_list)
    if any(CONTROL_CHARACTERS.search(text) for text in strings):
        errors.append(ValidationError(CONTROL_MESSAGE, code="control_characters"))
    return errors


def _install_text_guard() -> None:
    run_validators = forms.CharField.run_validators

    def guarded_run_validators(self, value):
        errors: list[ValidationError] = []
        try:
            run_validators(self, value)
        except ValidationError as error:
            errors.extend(error.error_list)
        if value not in self.empty_values:
            extra = text_errors(self, value)
            if any(error.code == "control_characters" for error in extra):
                # one message for every control character: Django's own for NUL would say it twice
                errors = [error for error in errors if error.code != "null_characters_not_allowed"]
            errors.extend(extra)
        if errors:
            raise ValidationError(errors)

    forms.CharField.run_validators = guarded_run_validators

    json_to_python = forms.JSONField.to_python

    def guarded_json_to_python(self, value):
        try:
            return json_to_python(self, value)
        except RecursionError:  # "[[[[…" nested deeper than Python's stack: invalid JSON, not a server error
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": "…"}) from None

    forms.JSONField.to_python = guarded_json_to_python


def install() -> None:
    numbers.install()
    if getattr(forms.ModelChoiceField, "_noks_guarded", False):
        return
    _install_text_guard()
    to_python = forms.ModelChoiceField.to_python
    check_values = forms.ModelMultipleChoiceField._check_values

    def guarded_to_python(self, value):
        if value not in self.empty_values and not _fits(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return to_python(self, value)

    def guarded_check_values(self, value):
        for item in value or ():
            if not _fits(self, item):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": item})
        return check_values(self, value)

    forms.ModelChoiceField.to_python = guarded_to_python
    forms.ModelMultipleChoiceField._check_values = guarded_check_values
    forms.ModelChoiceField._noks_guarded = True
