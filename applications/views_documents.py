"""The Office's official documents on the web: the permission-checked PDF download, the request for a copy in Latin
script, a new attempt at a failed render, and the public verification page the QR code on every document points to.

Who may see a document: the members of the organization it was issued to and the Office (reviewers, deciders,
administrators). Everyone else gets a 404, as if it did not exist. The verification page is public and shows only
what the public JPOA register shows anyway: the document's kind, serial number and date, the organization, and the
status for each activity; never learners, reviewers or their comments.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from applications import services
from applications.enums import AccreditationState, DocumentKind, Outcome, RenderState
from applications.models import Accreditation, OfficialDocument
from core import seal, verification
from core.http import private_file, safe_next
from core.permissions import is_office
from providers.selectors import membership_of

# Verification codes are letters and digits (core.verification.new_code makes 10 of them, without 0/O and 1/I).
CODE_PATTERN = re.compile(r"[A-Z0-9]{4,20}")
_CODE_NOISE = re.compile(r"[\s\-–—.]+")
SERIAL_PATTERN = re.compile(r"[A-Za-z0-9]{1,10}-\d{4}-\d{5}")


def normalize_code(raw: str) -> str:
    """What people type or paste: any case, spaces or dashes in groups ("k7m2 qx9a-bc") -> "K7M2QX9ABC"."""
    return _CODE_NOISE.sub("", raw or "").upper()


# ---------------------------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------------------------


def document_for_user(user, pk: int) -> OfficialDocument | None:
    """The document if ``user`` may read it (a member of its organization, or the Office); else None."""
    documents = OfficialDocument.objects.select_related("application__organization")
    if is_office(user):
        return documents.filter(pk=pk).first()
    membership = membership_of(user)
    if membership is None:
        return None
    return documents.filter(pk=pk, application__organization_id=membership.organization_id).first()


def document_by_code(code: str) -> OfficialDocument | None:
    """The document with this verification code; the Cyrillic original when a Latin copy shares the code."""
    if not CODE_PATTERN.fullmatch(code):
        return None
    return (OfficialDocument.objects.select_related("application__organization", "application__review",
                                                     "accreditation")
            .filter(code=code).order_by("script", "pk").first())


VALID, EXPIRED, REVOKED, NOT_YET_VALID = "valid", "expired", "revoked", "not_yet_valid"


@dataclass(frozen=True)
class StatusRow:
    """One accreditation as the verification page shows it, with its status on ``today``."""

    accreditation: Accreditation
    status: str
    label: str
    revoked_on: dt.date | None = None


def accreditation_status(accreditation: Accreditation, today: dt.date) -> StatusRow:
    revoked_on = (timezone.localdate(accreditation.revoked_at)
                  if accreditation.state == AccreditationState.REVOKED and accreditation.revoked_at else None)
    if accreditation.state == AccreditationState.REVOKED:
        if revoked_on is None:
            return StatusRow(accreditation, REVOKED, pgettext("status today", "Revoked"))
        return StatusRow(accreditation, REVOKED, _("Revoked on %(date)s") % {"date": date_format(revoked_on)},
                         revoked_on)
    if accreditation.state == AccreditationState.EXPIRED:
        return StatusRow(accreditation, EXPIRED, pgettext("status today", "Expired"))
    if accreditation.valid_on(today):
        return StatusRow(accreditation, VALID, pgettext("status today", "Valid"))
    if today < accreditation.valid_from:
        return StatusRow(accreditation, NOT_YET_VALID, pgettext("status today", "Not yet valid"))
    return StatusRow(accreditation, EXPIRED, pgettext("status today", "Expired"))


def verification_rows(document: OfficialDocument, today: dt.date) -> list[StatusRow]:
    """A decision covers every accreditation it granted; a certificate or a revocation covers its own one."""
    if document.kind == DocumentKind.DECISION:
        accreditations = list(document.application.accreditations.prefetch_related("programs").order_by("activity"))
    elif document.accreditation_id:
        accreditations = list(Accreditation.objects.prefetch_related("programs")
                              .filter(pk=document.accreditation_id))
    else:
        accreditations = []
    return [accreditation_status(accreditation, today) for accreditation in accreditations]


# ---------------------------------------------------------------------------------------------------------------
# Download, Latin copy, retry
# ---------------------------------------------------------------------------------------------------------------


def _readable_or_404(request, pk: int) -> OfficialDocument:
    document = document_for_user(request.user, pk)
    if document is None:
        raise Http404
    return document


def _back(request, document: OfficialDocument) -> str:
    """Where to return after a POST: a safe ``next`` on this host, else the page the user knows the document from."""
    target = safe_next(request)
    if target:
        return target
    if is_office(request.user):
        try:
            return reverse("office:review", kwargs={"pk": document.application_id}) + "#documents"
        except NoReverseMatch:
            return "/"
    return document.application.get_absolute_url()


@require_safe
def document_download(request, pk: int):
    """The PDF, once rendered; ``?inline=1`` opens it in the browser instead of saving it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = _readable_or_404(request, pk)
    if document.state != RenderState.READY or not document.file:
        raise Http404
    return private_file(document.file, filename=f"{document.serial}-{document.script}.pdf",
                        content_type="application/pdf", inline=request.GET.get("inline") == "1")


@require_POST
def document_latin(request, pk: int):
    """Members and the Office ask for the same document in Serbian Latin script; asking twice changes nothing."""
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request) or "/")
    document = _readable_or_404(request, pk)
    latin = services.official_document_in_latin(document, actor=request.user)
    latin.refresh_from_db()
    if latin.state == RenderState.READY:
        messages.success(request, _("The Latin version of %(serial)s is ready.") % {"serial": latin.serial})
    elif latin.state == RenderState.FAILED:
        messages.error(request, _("The Latin version of %(serial)s could not be prepared; please try again later "
                                  "or contact the Office.") % {"serial": latin.serial})
    else:
        messages.info(request, _("The Latin version of %(serial)s is being prepared; it will be available here "
                                 "in a moment.") % {"serial": latin.serial})
    return redirect(_back(request, document))


@require_POST
def document_retry(request, pk: int):
    """The Office tries again to render a document whose rendering failed."""
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request) or "/")
    if not is_office(request.user):
        raise Http404
    document = _readable_or_404(request, pk)
    if document.state != RenderState.FAILED:
        messages.info(request, _("%(serial)s has not failed; there is nothing to try again.")
                      % {"serial": document.serial})
        return redirect(_back(request, document))
    document = services.official_document_retry(document, actor=request.user)
    if document.state == RenderState.READY:
        messages.success(request, _("%(serial)s is ready.") % {"serial": document.serial})
    elif document.state == RenderState.FAILED:
        messages.error(request, _("%(serial)s failed again: %(error)s") % {"serial": document.serial,
                                                                            "error": document.error})
    else:
        messages.info(request, _("%(serial)s is being prepared again.") % {"serial": document.serial})
    return redirect(_back(request, document))


# ---------------------------------------------------------------------------------------------------------------
# Public verification
# ---------------------------------------------------------------------------------------------------------------


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"), max_length=40, strip=True,
        help_text=gettext_lazy("The letters and digits printed under the QR code of the document, or its serial "
                               "number."),
        error_messages={"required": gettext_lazy("Enter the verification code printed on the document.")},
    )

    def clean_code(self) -> str:
        raw = self.cleaned_data["code"].strip()
        if SERIAL_PATTERN.fullmatch(raw):
            by_serial = verification.code_for_serial(raw)
            if by_serial:
                return by_serial
            raise forms.ValidationError(_("No document with the serial number %(serial)s was issued on the portal.")
                                        % {"serial": raw}, code="unknown_serial")
        code = normalize_code(raw)
        if not CODE_PATTERN.fullmatch(code):
            raise forms.ValidationError(
                _("A verification code is made of Latin letters and digits only, as printed under the QR code."),
                code="invalid")
        return code


@require_safe
def verify_form(request):
    """One field: the code from the paper document. A well-formed code goes to its verification page."""
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("documents:verify", code=form.cleaned_data["code"])
    return render(request, "documents/verify_form.html", {"form": form, "pdf_form": VerifyPdfForm()})


@never_cache
@require_safe
def verify(request, code: str):
    """What the QR code leads to: is there such a document, what does it say, and is the status still in force?"""
    normalized = normalize_code(code)
    document = document_by_code(normalized)
    if document is None and CODE_PATTERN.fullmatch(normalized):
        other = verification.other_document(request, normalized)  # a learner's certificate, for one
        if other is not None:
            return other
    if document is None:
        response = render(request, "documents/verify.html", {
            "document": None, "code": code[:40], "form": VerifyForm(initial={"code": code[:40]}),
        }, status=404)
    else:
        today = timezone.localdate()
        review = getattr(document.application, "review", None)
        outcome = None
        if document.kind == DocumentKind.DECISION and review is not None and review.outcome:
            outcome = (pgettext("decision outcome", "The application was approved.")
                       if review.outcome == Outcome.APPROVE
                       else pgettext("decision outcome", "The application was rejected."))
        response = render(request, "documents/verify.html", {
            "document": document, "code": normalized, "organization": document.application.organization,
            "outcome": outcome, "rows": verification_rows(document, today), "today": today,
        })
    response["X-Robots-Tag"] = "noindex"
    return response


def verify_short(request, code: str):
    """/v/<code>/, the address the QR code carries (short, without a language): on to the page in Serbian."""
    with translation.override(settings.LANGUAGE_CODE):
        return redirect(reverse("documents:verify", kwargs={"code": code}))


@verification.register_serial
def _office_document_code(serial: str) -> str | None:
    return OfficialDocument.objects.filter(serial__iexact=serial).order_by("script").values_list(
        "code", flat=True).first()


@verification.register_status
def office_document_status(code: str) -> verification.DocumentStatus | None:
    """An Office document's status for the check of an uploaded PDF: revoked when an accreditation it covers was
    revoked, expired when every one has expired, else valid (a rejection stands as issued)."""
    document = document_by_code(code)
    if document is None:
        return None
    rows = verification_rows(document, timezone.localdate())
    revoked = [row for row in rows if row.status == REVOKED]
    if revoked:
        status, label = verification.REVOKED, revoked[0].label
    elif rows and all(row.status == EXPIRED for row in rows):
        status, label = verification.EXPIRED, pgettext("status today", "Expired")
    else:
        status, label = verification.VALID, pgettext("status today", "Valid")
    return verification.DocumentStatus(
        kind=document.get_kind_display(), serial=document.serial, status=status, label=label,
        issued_on=document.issued_on, issuer=settings.AUTHORITY_NAME,
        url=reverse("documents:verify", kwargs={"code": document.code}))


# ---------------------------------------------------------------------------------------------------------------
# Verification by upload: is this PDF exactly one the portal sealed, and what is its document's status today?
# ---------------------------------------------------------------------------------------------------------------

PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf", "application/octet-stream", ""}


def _megabytes(size: int) -> str:
    from django.utils.formats import number_format

    return number_format(round(size / (1024 * 1024), 1), decimal_pos=0 if size % (1024 * 1024) == 0 else 1)


class VerifyPdfForm(forms.Form):
    pdf = forms.FileField(
        label=gettext_lazy("PDF file of the document"),
        error_messages={"required": gettext_lazy("Choose the PDF file to check."),
                        "empty": gettext_lazy("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdf"].help_text = _("The PDF as you received it from the portal or from the holder, at most "
                                         "%(size)s MB.") % {"size": _megabytes(settings.SEAL_UPLOAD_MAX_BYTES)}

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.SEAL_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; documents the portal issues are much smaller.")
                % {"size": _megabytes(settings.SEAL_UPLOAD_MAX_BYTES)}, code="too_large")
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(0)
        if (upload.content_type or "").split(";")[0].strip().lower() not in PDF_CONTENT_TYPES \
                or not head.lstrip(b"\r\n\t ").startswith(seal.PDF_MAGIC):
            raise forms.ValidationError(_("This file is not a PDF. Choose the PDF file of the document."),
                                        code="not_pdf")
        return upload


def _verify_pdf_too_many(request):
    response = render(request, "documents/verify_pdf_limited.html", status=429)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def verify_pdf(request):
    """The upload form (GET) and its answer (POST): sealed by the portal and unaltered, altered, or not sealed;
    for an unaltered one, the status of its document today, found by the code in the seal. Counted against the
    client's verification limit."""
    check = status = None
    if request.method == "POST":
        if not verification.attempt_allowed(request):
            return _verify_pdf_too_many(request)
        form = VerifyPdfForm(request.POST, request.FILES)
        if form.is_valid():
            check = seal.check_pdf(form.cleaned_data["pdf"].read())
            status = verification.status_for_code(check.code) if check.authentic else None
            form = VerifyPdfForm()
    else:
        form = VerifyPdfForm()
    response = render(request, "documents/verify_pdf.html", {
        "pdf_form": form, "check": check, "status": status, "outcomes": {
            "authentic": seal.AUTHENTIC, "altered": seal.ALTERED, "unsealed": seal.UNSEALED,
            "foreign": seal.FOREIGN}}, status=400 if form.errors else 200)
    response["X-Robots-Tag"] = "noindex"
    return response
