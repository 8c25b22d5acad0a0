"""Keeping the two Serbian scripts of translated content fields in step.

Content is typed in Cyrillic (the `sr` field); its Latin twin (`sr_latn`) is derived, so a Latin page never shows
Cyrillic. Services call :func:`sync_scripts` before saving; the admin does it through ScriptSyncAdminMixin.
"""

from __future__ import annotations

from django.db import models
from modeltranslation.translator import NotRegistered, translator

from rules.translit import cyr_to_lat, has_cyrillic, lat_to_cyr


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(options.fields)


def sync_scripts(instance: models.Model) -> models.Model:
    """Fill the Latin field from the Cyrillic one (and Cyrillic from Latin when only Latin was given)."""
    for field in translated_fields(type(instance)):
        cyr = getattr(instance, f"{field}_sr", None) or ""
        lat = getattr(instance, f"{field}_sr_latn", None) or ""
        if has_cyrillic(cyr):
            setattr(instance, f"{field}_sr_latn", cyr_to_lat(cyr))
        elif cyr and not lat:
            setattr(instance, f"{field}_sr_latn", cyr)
        elif lat and not cyr:
            setattr(instance, f"{field}_sr", lat_to_cyr(lat))
        if has_cyrillic(getattr(instance, f"{field}_sr_latn", None) or ""):
            setattr(instance, f"{field}_sr_latn", cyr_to_lat(getattr(instance, f"{field}_sr_latn")))
    return instance


class ScriptSyncAdminMixin:
    def save_model(self, request, obj, form, change):
        sync_scripts(obj)
        super().save_model(request, obj, form, change)
