"""Rendering certificates (уверење / јавна исправа) through the shared renderer, idempotently."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from exams.enums import CertificateKind, RenderState, Script
from exams.models import Certificate
from core.audit import audit_log
from core.pdf import render_pdf
from core.qr import qr_png
from rules.translit import cyr_to_lat

LANGUAGE = {Script.CYRILLIC: "sr", Script.LATIN: "sr-latn"}


def certificate_context(certificate: Certificate) -> dict:
    result = certificate.result
    learner = result.learner
    program = certificate.program
    latin = certificate.script == Script.LATIN
    return {
        "certificate": certificate,
        "holder": learner.name_in(certificate.script),
        "holder_sex": learner.sex,  # the grammatical gender of the sentences about the holder
        "birth_year": learner.birth_year,
        "program": program,
        "program_name": cyr_to_lat(program.name_sr) if latin else program.name_sr,
        "document_name": (cyr_to_lat(program.document_name_sr) if latin else program.document_name_sr) or "",
        "issuer": certificate.issuer,
        "session": result.session,
        "result": result,  # its grade is shown by the template, rendered in the learner's language
        "qr": qr_png(certificate.verification_url),
        # A revoked certificate is never served as if valid: its PDF carries the mark, the date and the reason.
        "revoked": certificate.revoked_at is not None,
        "revoked_on": timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
        "duplicate": certificate.kind == CertificateKind.DUPLICATE,
        "reissue": certificate.kind == CertificateKind.REISSUE,
        "replaces": certificate.replaces,
    }


def certificate_render(certificate_id: int) -> Certificate | None:
    Certificate.objects.filter(pk=certificate_id).exclude(state=RenderState.READY).update(attempts=F("attempts") + 1)
    with transaction.atomic():
        certificate = (Certificate.objects.select_for_update(of=("self",))
                       .select_related("result__learner", "result__session", "program", "issuer", "replaces")
                       .filter(pk=certificate_id).first())
        if certificate is None:
            return None
        if certificate.state == RenderState.READY and certificate.file:
            return certificate
        pdf = render_pdf("pdf/certificate.html", certificate_context(certificate), lang=LANGUAGE[certificate.script])
        if certificate.file:
            certificate.file.delete(save=False)
        filename = f"{certificate.serial}.pdf"
        # A render cut short between writing its file and committing (a killed worker, a failed commit) left that
        # file under this name; the row is locked and not ready, so it is nobody's: replace it, never add beside it.
        certificate.file.storage.delete(certificate.file.field.generate_filename(certificate, filename))
        certificate.file.save(filename, ContentFile(pdf), save=False)
        certificate.sha256 = hashlib.sha256(pdf).hexdigest()
        certificate.state, certificate.error = RenderState.READY, ""
        certificate.save()
        audit_log(certificate, action="certificate.rendered", data={"sha256": certificate.sha256})
        return certificate


def certificate_failed(certificate_id: int, error: str) -> None:
    Certificate.objects.filter(pk=certificate_id).exclude(state=RenderState.READY).update(
        state=RenderState.FAILED, error=error[:2000])
