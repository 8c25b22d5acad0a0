"""Credentials a wallet can hold (exams.credentials): the portal's did:web document and JWKS, the signed status
lists, a certificate's credential by its verification code (counted like a verification) or by the issuer from its
own page, the QR code of its address, and the public verification of a pasted or uploaded credential."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.qr import qr_svg
from exams import credentials
from exams import verification as certificate_verification
from exams.forms_credentials import CredentialVerifyForm
from exams.views_sessions import too_many_verifications
from exams.models import Certificate, CredentialStatusList
from providers.permissions import membership_required

PUBLIC_MAX_AGE = 300  # seconds a client may keep the keys and the status lists (the lists' own ttl)


def _public(response: HttpResponse, *, max_age: int = PUBLIC_MAX_AGE) -> HttpResponse:
    """Readable by any verifier, also a wallet or a verifier page on another site (CORS)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def _unavailable() -> HttpResponse:
    return HttpResponse("The credential signing key is not configured (manage.py make_credential_key).",
                        status=503, content_type="text/plain; charset=utf-8")


@require_safe
def did_json(request):
    if not credentials.available():
        return _unavailable()
    return _public(JsonResponse(credentials.did_document(), json_dumps_params={"indent": 1}))


@require_safe
def jwks_json(request):
    if not credentials.available():
        return _unavailable()
    return _public(JsonResponse(credentials.jwks(), json_dumps_params={"indent": 1}))


@require_safe
def status_list(request, number: int):
    """The signed Bitstring Status List credential (application/vc+jwt)."""
    if number > 2**31 - 1:  # beyond any list the database can hold: no query
        raise Http404
    status = get_object_or_404(CredentialStatusList, purpose=credentials.PURPOSE, number=number)
    if not credentials.available():
        return _unavailable()
    token = credentials.sign(credentials.status_list_credential(status))
    return _public(HttpResponse(token, content_type=credentials.MEDIA_TYPE))


def _credential_response(certificate: Certificate, *, form: str) -> HttpResponse:
    token = credentials.credential_token(certificate)
    if form == "jwt":
        response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
    else:
        response = HttpResponse(json.dumps(credentials.enveloped(token), indent=1),
                                content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.serial}.{form}"'
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


def _too_many() -> HttpResponse:
    response = JsonResponse({"error": "too many requests"}, status=429)
    response["Retry-After"] = str(certificate_verification.window_seconds())
    return response


@require_safe
def credential(request, code: str, form: str = "json"):
    """A certificate's credential by its verification code, which only the paper (or its holder) gives: counted
    against the client's verification limit like a verification by code."""
    if not credentials.CODE.fullmatch(code):
        raise Http404
    if not certificate_verification.attempt_allowed(request):
        return _too_many()
    if not credentials.available():
        return _unavailable()
    certificate = credentials.certificate_for_code(code)
    if certificate is None:
        raise Http404
    response = _credential_response(certificate, form=form)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def credential_qr(request, code: str):
    """The QR code of a credential's address (an image; it tells nothing about whether the code exists)."""
    if not credentials.CODE.fullmatch(code):
        raise Http404
    response = HttpResponse(qr_svg(credentials.credential_address(code)), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
@membership_required
def certificate_credential(request, pk: int):
    """The issuer's copy of a certificate's credential, from its own page (not counted against a limit)."""
    certificate = get_object_or_404(Certificate.objects.select_related(*credentials.CREDENTIAL_RELATED),
                                    pk=pk, issuer=request.membership.organization)
    if not credentials.available():
        return _unavailable()
    return _credential_response(certificate, form="json")


@never_cache
def credential_verify(request):
    """Anyone pastes or uploads a credential: valid, revoked, altered or not ours. Counted like a verification."""
    verdict = None
    status = 200
    if request.method == "POST":
        if not certificate_verification.attempt_allowed(request):
            return too_many_verifications(request)
        form = CredentialVerifyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                verdict = credentials.credential_verify(form.cleaned_data["text"])
            except credentials.Unreadable:
                form.add_error(None, credentials.unreadable_message())
            except credentials.CredentialKeyMissing:
                return _unavailable()
        if not form.is_valid():
            status = 400
    else:
        form = CredentialVerifyForm()
    response = render(request, "exams/credential_verify.html", {"credential_form": form, "verdict": verdict},
                      status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
