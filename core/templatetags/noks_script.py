"""``{% load noks_script %}``: content kept as typed, shown in the page's script (issue 18).

``{{ learner.last_name|page_script }}`` shows "Đorđević" on ``/sr-latn/`` and ``/en/`` pages and "Ђорђевић" on
``/sr/`` ones (core.scripts.for_page). For values without a translated field: names of people, rooms, cohorts and
commissions, lists typed by the provider, stored texts."""

from __future__ import annotations

from django import template

from core.scripts import for_page

register = template.Library()


@register.filter(is_safe=True)
def page_script(value):
    """``value`` in the page's script: Latin on Latin and English pages, as typed on Serbian Cyrillic ones."""
    return for_page(value)
