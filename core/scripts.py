"""Keeping the two Serbian scripts of translated content fields in step.

Content is typed in Cyrillic (the `sr` field); its Latin twin (`sr_latn`) is derived, so a Latin page never shows
Cyrillic. Services call :func:`sync_scripts` before saving; the admin does it through ScriptSyncAdminMixin.

Content without a translated field (people's names, room and cohort names, stored texts) is kept as typed and shown
in the page's script by :func:`for_page` (in templates ``{{ value|page_script }}``, core/templatetags/noks_script.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe
from modeltranslation.translator import NotRegistered, translator

from rules.translit import cyr_to_lat, lat_to_cyr


# Pages in these languages show Serbian content in Latin: sr-latn, and English where no English text exists (the
# convention of Serbian institutions' English pages). Serbian Cyrillic pages show content as it was typed.
LATIN_LANGUAGES = frozenset({"sr-latn", "en"})


def page_is_latin(language: str | None = None) -> bool:
    """Whether a page in ``language`` (default: the active one) shows Serbian content in Latin."""
    return (language or translation.get_language() or "sr").lower() in LATIN_LANGUAGES


def for_page(text, language: str | None = None):
    """``text`` as a page in ``language`` (default: the active one) shows it: in Latin on ``sr-latn`` and ``en``
    pages, as typed on ``sr`` pages (Latin typed content stays Latin there). For messages and values built in
    Python; templates use ``|page_script``. Numbers, dates and None are returned as they are (the template
    localizes them); anything else is read as text (a model instance by its ``str``). Safe HTML stays safe: only
    letters change, never markup."""
    if text is None or isinstance(text, (bool, int, float, Decimal, dt.date, dt.time)):
        return text
    shown = str(text)
    if page_is_latin(language):
        shown = cyr_to_lat(shown)
    return mark_safe(shown) if isinstance(text, SafeData) else shown


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(options.fields)


def sync_scripts(instance: models.Model) -> models.Model:
    """Derive each translated field's Latin copy (``*_sr_latn``) from what was typed (``*_sr``), in whatever script
    it was typed: recomputed at every save, so a changed text never leaves an old Latin copy behind (Latin typed
    into the Serbian field is copied as it is). Only where nothing was typed into ``*_sr`` but a Latin text was
    given (data loaded from elsewhere) is the Cyrillic filled from the Latin."""
    for field in translated_fields(type(instance)):
        typed = getattr(instance, f"{field}_sr", None) or ""
        latin = getattr(instance, f"{field}_sr_latn", None) or ""
        if typed:
            setattr(instance, f"{field}_sr_latn", cyr_to_lat(typed))
        elif latin:
            setattr(instance, f"{field}_sr", lat_to_cyr(latin))
            setattr(instance, f"{field}_sr_latn", cyr_to_lat(latin))
    return instance


class ScriptSyncAdminMixin:
    """The admin shows the derived Latin copies read-only: they follow the Serbian field at every save."""

    def get_readonly_fields(self, request, obj=None):
        derived = tuple(f"{field}_sr_latn" for field in translated_fields(self.model))
        return tuple(super().get_readonly_fields(request, obj)) + derived

    def save_model(self, request, obj, form, change):
        sync_scripts(obj)
        super().save_model(request, obj, form, change)
