"""Provisions, rule sets and activities as a reader names them: "чл. 7. ст. 1. тач. 1)" for P89-7.1.1, "Правилник
89/2015" for the rule set P89-2015, an activity's name for its code — never the rules engine's ids or enum values."""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext

register = template.Library()

REGULATIONS = {"P89-2015": "89/2015"}


@register.filter
def citation(provision) -> str:
    from applications.documents import provision_citation

    return provision_citation(str(provision or ""))


@register.filter
def regulation_name(regulation) -> str:
    number = REGULATIONS.get(str(regulation or ""))
    if number is None:
        return str(regulation or "")
    return pgettext("rule set", "Rulebook %(number)s") % {"number": number}


@register.filter
def activity_names(codes) -> str:
    """The activities of Art. 2 by name, in the page's language ("A-PERS" is never shown)."""
    from programs.enums import Activity

    names = dict(Activity.choices)
    return ", ".join(str(names.get(code, code)) for code in codes or [])
