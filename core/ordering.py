"""Lists in the Serbian order of what the page shows (issue 18), built on core.collation.

Two kinds of text are sorted:

- **translated content** (django-modeltranslation fields: organizations, municipalities, rooms, partners, programs,
  standards, sectors, staff names): the copy the page shows — ``<field>_sr`` on Cyrillic pages, ``<field>_sr_latn``
  on Latin pages, and on English pages the English text where there is one, else the Serbian Latin (the fallback
  modeltranslation itself uses);
- **text stored as typed** (learners' and commission members' names, cohort and commission names): the field itself,
  in the collation of the page's script.

``pk`` is always the last term, so two equal names keep one stable order on every page and in every database.
"""

from __future__ import annotations

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language

from core.collation import collation_for


def _language(language: str | None) -> str:
    return (language or get_language() or "sr").lower()


def shown_text(field: str, *, language: str | None = None):
    """The expression of the translated ``field`` as the page in ``language`` shows it."""
    language = _language(language)
    if language == "sr":
        return F(f"{field}_sr")
    if language.startswith("en"):
        text = CharField()
        return Coalesce(NullIf(F(f"{field}_en"), Value(""), output_field=text), F(f"{field}_sr_latn"), output_field=text)
    return F(f"{field}_sr_latn")


def translated_order(*fields: str, language: str | None = None, tie: str = "pk") -> list:
    """``order_by`` terms for translated fields (``"last_name", "first_name"``), in the page's Serbian order."""
    collation = collation_for(_language(language))
    terms = [Collate(shown_text(field.lstrip("-"), language=language), collation) for field in fields]
    terms = [term.desc() if field.startswith("-") else term.asc() for field, term in zip(fields, terms)]
    return [*terms, tie] if tie else terms


def typed_order(*fields: str, language: str | None = None, tie: str = "pk") -> list:
    """``order_by`` terms for text stored as typed (``"last_name", "first_name"``, or through a relation,
    ``"learner__last_name"``), in the Serbian order of the page's script."""
    collation = collation_for(_language(language))
    terms = [Collate(F(field.lstrip("-")), collation) for field in fields]
    terms = [term.desc() if field.startswith("-") else term.asc() for field, term in zip(fields, terms)]
    return [*terms, tie] if tie else terms
