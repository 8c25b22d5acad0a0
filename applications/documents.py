"""Rendering the Office's official documents (decision, JPOA status certificate, revocation) to PDF.

One function, official_document_render(), called by the Celery task: idempotent (a ready document with its file is
left alone), writes the file under a server-made name, records its SHA-256, and marks the row ready. The QR code is
a PNG image (core.qr) pointing at the public verification page.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

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
# The decision on an amendment (a change of accredited programs): the same four parts, naming the programs, the
# version approved, the version it replaces and what changed.
AMENDMENT_DECISION = "pdf/amendment_decision.html"


def document_template(document: OfficialDocument) -> str:
    if document.kind == DocumentKind.DECISION and document.application.is_amendment:
        return AMENDMENT_DECISION
    return TEMPLATES[document.kind]


def amendment_rows(document: OfficialDocument) -> list[dict]:
    """For the decision on an amendment: each program with its new version, the version it replaces and the
    changes (labels in the document's language, values in its script)."""
    from applications.amendments import amendment_diffs

    to_script = _script(document.script)
    return [{"name": to_script(program.name_sr or program.name), "version": program.version,
             "previous_version": previous.version if previous else None,
             "changes": [{"label": change.label, "old": to_script(str(change.old or "")),
                          "new": to_script(str(change.new or ""))} for change in changes]}
            for program, previous, changes in amendment_diffs(document.application)]


def document_context(document: OfficialDocument) -> dict:
    application = document.application
    review = getattr(application, "review", None)
    accreditations = list(application.accreditations.prefetch_related("programs").order_by("activity"))
    submission = application.submissions.order_by("-number").first()
    free_text = _free_text(document, review)
    return {
        "document": document,
        "application": application,
        "organization": application.organization,
        "review": review,
        "accreditation": document.accreditation,
        "accreditations": accreditations,
        "submission": submission,
        "first_submitted": application.submissions.order_by("number").values_list("submitted_at", flat=True).first(),
        "submission_count": application.submissions.count(),
        "change_request_count": application.change_requests.count(),
        "summary": (submission.report or {}).get("summary", {}) if submission else {},
        "not_met": _not_met(submission, document) if submission else [],
        "authority": authority(document.script),
        "signatory": _script(document.script)(settings.AUTHORITY_SIGNATORY) or (
            free_text["revoker_name"] if document.kind == DocumentKind.REVOCATION else free_text["decider_name"]),
        "qr": qr_png(document.verification_url),
        "amendment": amendment_rows(document) if application.is_amendment else None,
        **free_text,
    }


def _script(script: str):
    return (lambda text: cyr_to_lat(text or "")) if script == Script.LATIN else (lambda text: text or "")


def authority(script: str = Script.CYRILLIC) -> dict[str, str]:
    """The issuing authority as configured (settings.AUTHORITY_*), in the document's script."""
    to_script = _script(script)
    return {
        "name": to_script(settings.AUTHORITY_NAME),
        "address": to_script(settings.AUTHORITY_ADDRESS),
        "place": to_script(settings.AUTHORITY_PLACE),
        "signatory_title": to_script(settings.AUTHORITY_SIGNATORY_TITLE),
        "legal_basis": to_script(settings.AUTHORITY_LEGAL_BASIS),
        "remedy": to_script(settings.AUTHORITY_REMEDY),
    }


def provision_citation(provision: str) -> str:
    """P89-12.1.1.3 -> "чл. 12. ст. 1. тач. 1) подтач. (3)" (in the language active for the document)."""
    from django.utils.translation import pgettext

    if not provision.startswith("P89-"):
        return provision
    parts = provision[4:].split(".")
    labels = [pgettext("citation", "Art. %s"), pgettext("citation", "para. %s"), pgettext("citation", "item %s)"),
              pgettext("citation", "sub-item (%s)")]
    return " ".join(label % part for label, part in zip(labels, parts, strict=False))


def _not_met(submission, document: OfficialDocument) -> list[tuple[str, str]]:
    """The requirements found not met in the submission decided on — by the rules engine, or by the reviewer's
    verdict — as (citation, item) pairs: the findings a rejection rests on. Reviewer comments stay in the Office."""
    from applications.enums import Verdict
    from applications.selectors import snapshot_names, subject_name

    to_script = _script(document.script)
    names = snapshot_names(submission)
    keys = [(f["provision"], f.get("subject", "")) for f in (submission.report or {}).get("findings", [])
            if f.get("status") == "fail"]
    keys += list(submission.review_findings.filter(verdict=Verdict.NOT_MET).values_list("provision", "subject"))
    seen, rows = set(), []
    for provision, subject in keys:
        if (provision, subject) in seen:
            continue
        seen.add((provision, subject))
        rows.append((provision_citation(provision), to_script(str(subject_name(subject, names, provision)))))
    return rows


def _free_text(document: OfficialDocument, review) -> dict[str, str]:
    """Names and reasons typed in Cyrillic, in the script of the document (a Latin copy reads Latin throughout)."""
    script = _script(document.script)

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
        with translation.override(lang):  # the context's citations and labels in the document's language
            context = document_context(document)
        pdf = render_pdf(document_template(document), context, lang=lang)
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
