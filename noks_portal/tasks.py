"""Tasks of the portal itself. Tasks take plain values or ids and are named explicitly."""

from __future__ import annotations

import base64

from celery import shared_task
from django.utils import timezone

from noks_portal.pdf import render_pdf


@shared_task(name="noks_portal.render_test_pdf", acks_late=True)
def render_test_pdf(text: str, lang: str = "sr") -> str:
    """Render the renderer's test page with the given text; return the PDF as base64 (for health checks and tests)."""
    pdf = render_pdf("pdf/test_page.html", {"text": text, "now": timezone.now()}, lang=lang)
    return base64.b64encode(pdf).decode("ascii")
