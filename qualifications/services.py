"""Writes to the NOKS register."""

from __future__ import annotations

from django.db import transaction

from core.scripts import sync_scripts
from qualifications.models import QualificationStandard
from rules.translit import fold


def standard_search_text(standard: QualificationStandard) -> str:
    parts = [standard.code]
    for field in ("name", "purpose", "outcomes"):
        for lang in ("sr", "sr_latn", "en"):
            parts.append(getattr(standard, f"{field}_{lang}", "") or "")
    return fold(" ".join(parts))


@transaction.atomic
def standard_save(standard: QualificationStandard) -> QualificationStandard:
    """Save a standard with its Latin forms and its search text derived from what was typed."""
    sync_scripts(standard)
    standard.search_text = standard_search_text(standard)
    standard.full_clean()
    standard.save()
    return standard
