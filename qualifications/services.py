"""Writes to the NOKS register."""

from __future__ import annotations

from django.db import transaction

from core import textsearch
from core.scripts import sync_scripts
from qualifications.models import QualificationStandard


def standard_search_text(standard: QualificationStandard) -> str:
    """The keys (core.textsearch: folded words and their stems) of the code and the name, then of the purpose and
    the outcomes, in every language: `` name keys | content keys ``."""
    name = textsearch.text_keys(standard.code, standard.name_sr, standard.name_sr_latn)
    name |= textsearch.text_keys(standard.name_en, english=True)
    content = textsearch.text_keys(*(getattr(standard, f"{field}_{lang}", "") for field in ("purpose", "outcomes")
                                     for lang in ("sr", "sr_latn")))
    content |= textsearch.text_keys(standard.purpose_en, standard.outcomes_en, english=True)
    return textsearch.keys_text(name, content)


@transaction.atomic
def standard_save(standard: QualificationStandard) -> QualificationStandard:
    """Save a standard with its Latin forms and its search text derived from what was typed."""
    sync_scripts(standard)
    standard.search_text = standard_search_text(standard)
    standard.full_clean()
    standard.save()
    return standard
