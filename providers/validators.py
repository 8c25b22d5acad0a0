"""Identifiers of Serbian legal entities."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def pib_check_digit(first_eight: str) -> int:
    """ISO 7064 MOD 11,10 check digit of the first eight digits of a PIB (tax identification number)."""
    product = 10
    for ch in first_eight:
        total = (int(ch) + product) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10


def digits(value: str, count: int) -> bool:
    """Exactly ``count`` ASCII digits (``isdigit()`` alone also takes ``²`` and ``١``, which ``int()`` refuses or
    reads as another digit)."""
    return len(value) == count and value.isascii() and value.isdigit()


def is_valid_pib(value: str) -> bool:
    return digits(value, 9) and pib_check_digit(value[:8]) == int(value[8])


def validate_pib(value: str) -> None:
    if not digits(value, 9):
        raise ValidationError(_("A PIB has exactly 9 digits."), code="pib_format")
    if not is_valid_pib(value):
        raise ValidationError(_("This PIB's check digit is wrong (ISO 7064 MOD 11,10); please check the number."),
                              code="pib_checksum")


def validate_mb(value: str) -> None:
    # No check-digit algorithm for the MB (matični broj) is published, so only the form is checked.
    if not digits(value, 8):
        raise ValidationError(_("A registration number (MB) has exactly 8 digits."), code="mb_format")
