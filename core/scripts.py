"""Keeping the two Serbian scripts of translated content fields in step.

Content is typed in Cyrillic (the `sr` field); its Latin twin (`sr_latn`) is derived, so a Latin page never shows
Cyrillic. Services call :func:`sync_scripts` before saving; the admin does it through ScriptSyncAdminMixin.
"""

from __future__ import annotations

from django.db import models
from modeltranslation.translator import NotRegistered, translator

from rules.translit import cyr_to_lat, lat_to_cyr


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
