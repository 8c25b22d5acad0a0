"""``{% load noks_numbers %}``: numbers shown (not typed) as the page's language writes them (issue 18).

``{{ room.area_m2|number }}`` gives "42,5" on Serbian pages and "42.5" on English ones: no trailing zeros, the
decimal comma in Serbian (core.numbers.format_number, the same writing the forms show and read back)."""

from __future__ import annotations

from django import template

from core.numbers import format_number

register = template.Library()


@register.filter(is_safe=True)
def number(value) -> str:
    """``value`` in the page's writing of numbers; an empty value shows as "—"."""
    if value is None or value == "":
        return "—"
    return format_number(value)
