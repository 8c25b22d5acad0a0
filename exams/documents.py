"""Rendering certificates (уверење / јавна исправа) through the shared renderer, sealed, idempotently."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from exams.enums import CertificateKind, CertificateLanguage, ExamKind, Grade, RenderState, Script
from exams.models import Certificate, ExamSession
from exams.validators import jmbg_birth_date
from programs.enums import Activity
from core.audit import audit_log
from core.pdf import render_pdf
from core.qr import qr_png
from rules.translit import cyr_to_lat

LANGUAGE = {Script.CYRILLIC: "sr", Script.LATIN: "sr-latn"}


class DocumentKind(models.TextChoices):
    """What a passed exam earns (P89-5.6 with P89-4.1.18): the certificate's title comes from here, never from the
    program's free text."""

    UVERENJE = "uverenje", pgettext_lazy("document kind", "Certificate")
    JAVNA_ISPRAVA = "javna_isprava", pgettext_lazy("document kind", "Public document")
    POTVRDA = "potvrda", pgettext_lazy("document kind", "Confirmation")


def document_kind(program, issuer) -> str:
    """P89-5.6: the exam for a qualification (key and professional competences) earns a public document (јавна
    исправа), issued by a school; the professional-competence (or key-competence) exam earns a certificate
    (уверење) — the rulebook allows either, and which one a JPOA issues is set by the records rulebook, whose text
    was not recovered (docs/certificates.md), so the certificate is the default. A program giving no key or
    professional competence and no qualification ends with a confirmation (потврда, P89-4.1.18)."""
    if program.activity == Activity.QUAL and issuer.is_school:
        return DocumentKind.JAVNA_ISPRAVA
    if program.exam_professional or program.exam_key_competences or program.activity == Activity.QUAL:
        return DocumentKind.UVERENJE
    return DocumentKind.POTVRDA


def certificate_language(certificate: Certificate) -> str:
    """The language the certificate is rendered in: English on request, else Serbian in the learner's script."""
    if certificate.language == CertificateLanguage.ENGLISH:
        return "en"
    return LANGUAGE[certificate.script]


def jpoa_decision(issuer, program, day) -> dict | None:
    """The Office's decision granting the JPOA status in force on ``day`` (the accreditation covering the program
    first, else any of the issuer's): its number and date; None when no status was in force (a school issues under
    its own authority)."""
    accreditations = (issuer.accreditations.filter(valid_from__lte=day, valid_until__gte=day)
                      .select_related("application").order_by("-valid_from", "-pk"))
    in_force = [a for a in accreditations if a.valid_on(day)]
    programs = {program.pk, program.lineage_id or program.pk}
    covering = [a for a in in_force if programs & set(a.programs.values_list("pk", flat=True))]
    for accreditation in covering + in_force:
        decision = (accreditation.application.official_documents.filter(kind="decision", script=Script.CYRILLIC)
                    .order_by("issued_on", "pk").first())
        if decision is not None:
            return {"number": decision.serial, "date": decision.issued_on}
    return None


def certificate_context(certificate: Certificate) -> dict:
    result = certificate.result
    learner = result.learner
    program = certificate.program
    issuer = certificate.issuer
    language = certificate_language(certificate)
    latin = certificate.script == Script.LATIN or language == "en"

    def to_script(text: str | None) -> str:
        return cyr_to_lat(text or "") if latin else (text or "")

    with translation.override(language):  # the issuer's and places' names as the document's language shows them
        issuer_name, issuer_address = to_script(issuer.name), to_script(issuer.address)
        place = to_script(issuer.municipality.name)
        standard = program.qualification_standard
        level = standard.level if standard else None
        standard_name = to_script(standard.name) if standard else ""
        level_code = level.code if level else ""
        # The accredited name; on an English certificate its English name where the program gives one.
        program_name = to_script(program.name if language == "en" else program.name_sr)
    birth_date = jmbg_birth_date(learner.jmbg) if learner.jmbg else None
    kind = document_kind(program, issuer)
    return {
        "certificate": certificate,
        "document_kind": kind,
        "title": DocumentKind(kind).label,  # lazy: translated in the document's language by the template
        "holder": learner.name_in(Script.LATIN if latin else Script.CYRILLIC),
        "holder_sex": learner.sex,  # the grammatical gender of the sentences about the holder
        "birth_year": learner.birth_year,
        "birth_date": birth_date,
        "birth_place": to_script(learner.birth_place),
        "program": program,
        "program_name": program_name,
        "hours": program.duration_hours,
        "standard": standard,
        "standard_name": standard_name,
        "noks_level": level_code,
        "document_name": to_script(program.document_name_sr),
        "issuer": issuer,
        "issuer_name": issuer_name,
        "issuer_address": issuer_address,
        "issuer_school": issuer.is_school,
        "jpoa_decision": jpoa_decision(issuer, program, certificate.issued_on),
        "place": place,
        "signatory_name": to_script(issuer.signatory_name),
        "signatory_function": to_script(issuer.signatory_function),
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
        # Sealed (core.seal): the field of the seal carries the verification code, so an uploaded copy is checked.
        pdf = render_pdf("pdf/certificate.html", certificate_context(certificate),
                         lang=certificate_language(certificate), seal_code=certificate.code)
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


# --- The exam record (записник о испиту) -----------------------------------------------------------------------
#
# One per exam session, rendered on request for the organization's members (exams.views_sessions.session_record):
# the commission, the program and cohort, the date, per learner the tasks drawn (with the time of the draw), the
# votes and the grade, and the chair's signature line. Not an official document: no verification code, no seal.


def exam_record_context(session: ExamSession, *, language: str) -> dict:
    from core.ordering import typed_order
    from exams.wording import grade_label

    commission = session.commission
    with translation.override(language):
        members = list(commission.members.order_by("-chair", *typed_order("last_name", "first_name")))
        results = list(session.results.select_related("learner")
                       .prefetch_related("drawn_tasks", "votes")
                       .order_by(*typed_order("learner__last_name", "learner__first_name")))
    rows = []
    for result in results:
        sex = result.learner.sex
        votes = {vote.member_id: vote.vote for vote in result.votes.all()}
        rows.append({
            "result": result,
            "learner": result.learner,
            "drawn": list(result.drawn_tasks.all()),
            "votes": [(member, grade_label(votes[member.pk], sex) if member.pk in votes else "—")
                      for member in members],
        })
    graded = [r for r in results if r.grade]
    return {
        "session": session,
        "cohort": session.cohort,
        "program": session.cohort.program,
        "organization": session.cohort.organization,
        "commission": commission,
        "members": members,
        "chair": next((m for m in members if m.chair), None),
        "professional": commission.exam == ExamKind.PROFESSIONAL,
        "rows": rows,
        "passed": sum(1 for r in graded if r.grade == Grade.PASSED),
        "failed": sum(1 for r in graded if r.grade == Grade.FAILED),
        "ungraded": len(results) - len(graded),
    }


def exam_record_render(session: ExamSession, *, language: str = "sr") -> bytes:
    """The exam record's PDF in ``language`` (sr, sr-latn or en; names in the page's script)."""
    return render_pdf("pdf/exam_record.html", exam_record_context(session, language=language), lang=language)
