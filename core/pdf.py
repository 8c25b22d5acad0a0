"""The one PDF renderer: WeasyPrint with fonts configured once per process.

Every document (certificates, decisions, status certificates, dossiers) is an HTML template under templates/pdf/
rendered with render_pdf(). Fonts come from the system (fonts-dejavu-core is installed at set-up), so Cyrillic and
Latin Serbian letters render the same everywhere.

Official documents are sealed here, at the one rendering point (core.seal, PAdES): a document is official when
it has a verification code — passed as ``seal_code``, or found on the object the context is about (its
``document`` or ``certificate`` with a ``verification_url``). Other PDFs (dossiers, test pages) are not sealed.
"""

from __future__ import annotations

import re
import threading

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

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


def official_code(context: dict) -> str | None:
    """The verification code of the document the context is about, if it is an official one."""
    for key in ("document", "certificate"):
        subject = context.get(key)
        if subject is not None and hasattr(subject, "verification_url") and getattr(subject, "code", ""):
            return subject.code
    return None


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_stylesheets: dict[str, object] = {}
STYLESHEETS_KEPT = 64  # distinct <style> texts parsed once per process (templates x languages; bounded)


def _stylesheet(text: str):
    """A parsed stylesheet for this CSS text, parsed once per process: parsing the same <style> on every render
    was a fifth of a certificate's time (docs/performance.md, documents)."""
    from weasyprint import CSS

    css = _stylesheets.get(text)
    if css is None:
        css = CSS(string=text, base_url=str(settings.BASE_DIR), font_config=font_config())
        with _lock:
            if len(_stylesheets) >= STYLESHEETS_KEPT:
                _stylesheets.clear()
            _stylesheets[text] = css
    return css


def render_unsealed(template_name: str, context: dict, *, lang: str = "sr") -> bytes:
    """The PDF as WeasyPrint writes it. The page's <style> blocks are taken out and given as parsed stylesheets,
    in their order (the same cascade: author styles after the user agent's)."""
    from weasyprint import HTML

    with translation.override(lang):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": lang})
    stylesheets = [_stylesheet(text) for text in _STYLE.findall(html)]
    html = _STYLE.sub("", html)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=stylesheets,
                                                                        font_config=font_config())


def render_pdf(template_name: str, context: dict, *, lang: str = "sr", seal_code: str | None = None) -> bytes:
    pdf = render_unsealed(template_name, context, lang=lang)
    code = seal_code or official_code(context)
    if not code:
        return pdf
    from core.seal import seal_pdf

    with translation.override(lang):
        return seal_pdf(pdf, code=code, reason=_("Electronic seal of the NOKS portal; verification code %(code)s")
                        % {"code": code}, location=settings.AUTHORITY_PLACE)
