"""Reads of the NOKS register."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from core import textsearch
from core.ordering import translated_order
from qualifications.models import NoksLevel, QualificationStandard, Sector


def level_list() -> QuerySet[NoksLevel]:
    return NoksLevel.objects.annotate(
        standard_count=Count("standards", filter=Q(standards__is_published=True))
    ).order_by("order")


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.order_by(*translated_order("name"))


@dataclass(frozen=True)
class StandardQuery:
    text: str = ""
    level: str = ""
    sector: str = ""


def standard_search(query: StandardQuery) -> QuerySet[QualificationStandard]:
    """Published standards matching every word of the query (core.textsearch: any script, case, diacritics or word
    form; the beginning of a word as it is typed)."""
    qs = QualificationStandard.objects.filter(is_published=True).select_related("level", "sector")
    for keys in textsearch.query_keys(query.text):
        condition = Q()
        for key in keys:
            condition |= Q(search_text__contains=f" {key}")
        qs = qs.filter(condition)
    if query.level:
        qs = qs.filter(level__code=query.level)
    if query.sector:
        qs = qs.filter(sector__code=query.sector)
    return qs.order_by("level__order", *translated_order("name"))


def standard_suggestion(query: StandardQuery) -> str:
    """When no published standard matches ``query`` as typed: the query with each word that no standard holds
    replaced by the nearest word of the standards' names (the program search's rule: one edit for short words, two
    for longer ones, core.textsearch.close_words), in the script it was typed in, if that finds a standard; "" else.
    The standards are a few hundred: their names' words are read here rather than kept in a vocabulary table."""
    from rules.translit import fold, has_cyrillic, lat_to_cyr

    typed = textsearch.query_words(query.text)
    if not typed:
        return ""
    forms: dict[str, str] = {}
    for name in QualificationStandard.objects.filter(is_published=True).values_list("name_sr_latn", flat=True):
        for word in textsearch.words(name or ""):
            forms.setdefault(fold(word), word.lower())
    corrected, changed = [], False
    for word in typed:
        keys = textsearch.query_keys(word)
        if keys and standard_search(StandardQuery(word, query.level, query.sector)).exists():
            corrected.append(word)
            continue
        near = textsearch.close_words(fold(word), forms)
        if not near:
            return ""
        form = forms[near[0][1]]
        corrected.append(lat_to_cyr(form) if has_cyrillic(word) else form)
        changed = True
    suggestion = " ".join(corrected)
    if not changed or not standard_search(StandardQuery(suggestion, query.level, query.sector)).exists():
        return ""
    return suggestion


def level_hours_rules() -> dict[str, dict]:
    """The level-to-hours rules as plain data for the rules engine, keyed by level code."""
    rules: dict[str, dict] = {}
    for level in NoksLevel.objects.select_related("requires_level").order_by("order"):
        if level.training_min_hours is None and level.training_max_hours is None and level.training_min_months is None:
            continue
        rules[level.code] = {
            "min_hours": level.training_min_hours,
            "max_hours": level.training_max_hours,
            "min_months": level.training_min_months,
            "requires_level": level.requires_level.code if level.requires_level else None,
        }
    return rules
