"""The JMBG (unique master citizen number): 13 digits DDMMYYYRRBBBK, a real date, and the mod-11 check digit."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def jmbg_check_digit(first12: str) -> int | None:
    """The control digit K of a JMBG from its first twelve digits; None when no digit fits (m = 1)."""
    m = 11 - sum(int(d) * w for d, w in zip(first12, WEIGHTS)) % 11
    if m == 10:
        return None
    return 0 if m == 11 else m


def jmbg_birth_date(jmbg: str) -> dt.date | None:
    day, month, year3 = int(jmbg[0:2]), int(jmbg[2:4]), int(jmbg[4:7])
    year = 1000 + year3 if year3 >= 800 else 2000 + year3  # 9xx -> 19xx, 0xx -> 20xx
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def validate_jmbg(value: str) -> None:
    if not (len(value) == 13 and value.isascii() and value.isdigit()):  # not ``²`` nor ``١``: int() reads those
        raise ValidationError(_("The JMBG has 13 digits."), code="jmbg_length")
    if jmbg_birth_date(value) is None:
        raise ValidationError(_("The first seven digits of the JMBG are not a real date of birth."), code="jmbg_date")
    if jmbg_check_digit(value[:12]) != int(value[12]):
        raise ValidationError(_("The JMBG is not valid: its control digit does not match."), code="jmbg_check")
