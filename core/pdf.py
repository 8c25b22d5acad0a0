"""The one PDF renderer: WeasyPrint with fonts configured once per process.

Every document (certificates, decisions, status certificates, dossiers) is an HTML template under templates/pdf/
rendered with render_pdf(). Fonts come from the system (fonts-dejavu-core is installed at set-up), so Cyrillic and
Latin Serbian letters render the same everywhere.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

_lock = threading.Lock()
_font_config = None


def font_config():
    global _font_config
    if _font_config is None:
        with _lock:
            if _font_config is None:
                from weasyprint.text.fonts import FontConfiguration

                _font_config = FontConfiguration()
    return _font_config


def render_pdf(template_name: str, context: dict, *, lang: str = "sr") -> bytes:
    from weasyprint import HTML

    with translation.override(lang):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": lang})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config())
