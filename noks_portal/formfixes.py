"""A guard for a gap in Django's model choice fields: a choice value that is a huge integer (beyond a 64-bit
primary key) reaches the database, where SQLite raises OverflowError and PostgreSQL a DataError — a server error
instead of "Select a valid choice". Found by tests/security/test_hostile_forms.py.

install() wraps ModelChoiceField.to_python and ModelMultipleChoiceField._check_values (every form, the admin
included) so that such values are refused as an invalid choice before any query. Called once from
noks_portal.apps.PortalConfig.ready().
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

MAX_PK = 2 ** 63 - 1


def _fits(field, value) -> bool:
    """A value the primary-key lookup can take: anything when the field looks up another column, else an integer
    within the database's range (or something that is not a number at all, which Django already refuses)."""
    if field.to_field_name:
        return True
    text = str(value).strip()
    try:
        number = int(text)
    except (TypeError, ValueError):
        return True
    return -MAX_PK <= number <= MAX_PK


def install() -> None:
    if getattr(forms.ModelChoiceField, "_noks_guarded", False):
        return
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
