"""Rendering the Office's official documents (decision, JPOA status certificate, revocation) to PDF.

One function, official_document_render(), called by the Celery task: idempotent (a ready document with its file is
left alone), writes the file under a server-made name, records its SHA-256, and marks the row ready. The QR code is
a PNG image (core.qr) pointing at the public verification page.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from applications.enums import SCRIPT_LANGUAGE, DocumentKind, RenderState, Script
from applications.models import OfficialDocument
from core.pdf import render_pdf
from core.qr import qr_png
from rules.translit import cyr_to_lat

TEMPLATES = {
    DocumentKind.DECISION: "pdf/decision.html",
    DocumentKind.STATUS_CERTIFICATE: "pdf/status_certificate.html",
    DocumentKind.REVOCATION: "pdf/revocation.html",
}


def document_context(document: OfficialDocument) -> dict:
    application = document.application
    review = getattr(application, "review", None)
    accreditations = list(application.accreditations.prefetch_related("programs").order_by("activity"))
    return {
        "document": document,
        "application": application,
        "organization": application.organization,
        "review": review,
        "accreditation": document.accreditation,
        "accreditations": accreditations,
        "submission": application.submissions.order_by("-number").first(),
        "qr": qr_png(document.verification_url),
        **_free_text(document, review),
    }


def _free_text(document: OfficialDocument, review) -> dict[str, str]:
    """Names and reasons typed in Cyrillic, in the script of the document (a Latin copy reads Latin throughout)."""
    script = cyr_to_lat if document.script == Script.LATIN else (lambda text: text or "")

    def name(user) -> str:
        return script(user.get_full_name() or user.get_username()) if user else ""

    accreditation = document.accreditation
    return {
        "recommendation_reasons": script(review.recommendation_reasons if review else ""),
        "decision_reasons": script(review.decision_reasons if review else ""),
        "decider_name": name(review.decided_by if review else None),
        "revocation_reasons": script(accreditation.revocation_reasons if accreditation else ""),
        "revoker_name": name(accreditation.revoked_by if accreditation else None),
    }


def official_document_render(document_id: int) -> OfficialDocument | None:
    """Render one document if it still needs it. Safe to run twice and from two workers: the row is locked."""
    with transaction.atomic():
        document = (OfficialDocument.objects.select_for_update(of=("self",)).select_related(
            "application__organization", "accreditation").filter(pk=document_id).first())
        if document is None:
            return None
        if document.state == RenderState.READY and document.file:
            return document
        lang = SCRIPT_LANGUAGE[document.script]
        pdf = render_pdf(TEMPLATES[document.kind], document_context(document), lang=lang)
        if document.file:
            document.file.delete(save=False)
        filename = f"{document.serial}-{document.script}.pdf"
        # A render cut short between writing its file and committing left that file under this name: replace it.
        document.file.storage.delete(document.file.field.generate_filename(document, filename))
        document.file.save(filename, ContentFile(pdf), save=False)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.state, document.error, document.rendered_at = RenderState.READY, "", timezone.now()
        document.save()
        return document


def official_document_attempt(document_id: int) -> None:
    """Count an attempt in its own transaction, so that a render that fails is still counted."""
    OfficialDocument.objects.filter(pk=document_id).exclude(state=RenderState.READY).update(
        attempts=F("attempts") + 1)


def official_document_failed(document_id: int, error: str) -> None:
    OfficialDocument.objects.filter(pk=document_id).exclude(state=RenderState.READY).update(
        state=RenderState.FAILED, error=error[:2000])
