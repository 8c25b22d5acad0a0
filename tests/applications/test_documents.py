"""The Office's official documents: rendering (idempotent, both scripts), who may download them, the public
verification page behind the QR code, and what happens when rendering fails."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from applications import services
from applications.documents import official_document_render
from applications.enums import DocumentKind, RenderState, Script
from applications.models import OfficialDocument
from applications.tasks import render_official_document
from tests.applications.conftest import review_to_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes(document: OfficialDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    """The text of a PDF with runs of white space made single spaces (line breaks fall where the layout puts them)."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                              check=True).stdout.decode("utf-8")
    else:
        try:
            import io

            import pypdf
        except ImportError:
            pytest.fail("pdftotext (poppler-utils) is needed to read the rendered PDFs", pytrace=False)
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def sr(message: str, context: str | None = None) -> str:
    """A UI string as the Serbian (Cyrillic) pages show it."""
    with translation.override("sr"):
        return pgettext(context, message) if context else gettext(message)


_STATUS_ROW = re.compile(r'<tr data-status="(\w+)">.*?<span class="badge[^"]*">(.*?)</span>', re.S)


def status_rows(response) -> list[tuple[str, str]]:
    """(status key, label shown) for each accreditation row of the verification page."""
    return _STATUS_ROW.findall(response.content.decode())


def decision_of(application) -> OfficialDocument:
    return application.official_documents.get(kind=DocumentKind.DECISION, script=Script.CYRILLIC)


def certificate_of(application) -> OfficialDocument:
    return application.official_documents.get(kind=DocumentKind.STATUS_CERTIFICATE, script=Script.CYRILLIC)


# --- rendering ---------------------------------------------------------------------------------------------------


def test_approval_issues_one_decision_and_one_certificate_per_activity(approved):
    documents = list(approved.official_documents.all())
    accreditations = list(approved.accreditations.all())

    assert sorted(d.kind for d in documents) == sorted(
        [DocumentKind.DECISION] + [DocumentKind.STATUS_CERTIFICATE] * len(approved.activities))
    assert sorted(a.activity for a in accreditations) == sorted(approved.activities)
    assert sorted(d.accreditation_id for d in documents if d.kind == DocumentKind.STATUS_CERTIFICATE) == sorted(
        a.pk for a in accreditations)
    for document in documents:
        assert (document.state, document.error, document.script) == (RenderState.READY, "", Script.CYRILLIC)
        data = pdf_bytes(document)
        assert data.startswith(b"%PDF")
        assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert len({d.code for d in documents}) == len(documents)


def test_render_again_changes_nothing(approved):
    decision = decision_of(approved)
    before = (decision.sha256, decision.file.name, decision.attempts, decision.rendered_at, pdf_bytes(decision))

    official_document_render(decision.pk)
    assert render_official_document.delay(decision.pk).get() == RenderState.READY

    decision.refresh_from_db()
    assert (decision.sha256, decision.file.name, decision.attempts, decision.rendered_at,
            pdf_bytes(decision)) == before


def test_decision_pdf_names_organization_serial_and_verification_address(approved, cast):
    decision = decision_of(approved)
    text = pdf_text(pdf_bytes(decision))

    assert cast.organization.name_sr in text
    assert cast.organization.pib in text
    assert decision.serial in text
    assert f"/v/{decision.code}/" in text
    assert decision.verification_url in text
    assert approved.reference in text
    with translation.override("sr"):
        assert approved.programs.get().name in text


def test_status_certificate_pdf_names_activity_validity_and_code(approved, cast):
    certificate = certificate_of(approved)
    accreditation = certificate.accreditation
    text = pdf_text(pdf_bytes(certificate))

    assert cast.organization.name_sr in text
    assert certificate.serial in text
    assert decision_of(approved).serial in text  # the decision that granted the status
    assert certificate.code in text
    assert f"/v/{certificate.code}/" in text
    with translation.override("sr"):
        for day in (accreditation.valid_from, accreditation.valid_until):  # in the genitive: "4. децембра 2026."
            assert date_format(day, "DATE_FORMAT") in text
        assert " ".join(accreditation.get_activity_display().split()) in text


def test_latin_copy_has_latin_name_same_serial_and_is_made_once(approved, cast, django_capture_on_commit_callbacks):
    decision = decision_of(approved)
    with django_capture_on_commit_callbacks(execute=True):
        latin = services.official_document_in_latin(decision, actor=cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.official_document_in_latin(decision, actor=cast.owner)

    assert again.pk == latin.pk
    assert sorted(OfficialDocument.objects.filter(serial=decision.serial).values_list("script", flat=True)) == [
        Script.CYRILLIC, Script.LATIN]
    latin.refresh_from_db()
    assert (latin.state, latin.code, latin.issued_on, latin.kind) == (
        RenderState.READY, decision.code, decision.issued_on, decision.kind)
    text = pdf_text(pdf_bytes(latin))
    assert cast.organization.name_sr_latn in text
    assert cast.organization.name_sr not in text
    assert decision.serial in text
    assert f"/v/{decision.code}/" in text
    assert latin.file.name != decision.file.name


def test_latin_view_makes_the_copy_for_a_member_and_returns(client, cast, approved, django_capture_on_commit_callbacks):
    decision = decision_of(approved)
    client.force_login(cast.colleague)
    back = approved.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:latin", kwargs={"pk": decision.pk}), {"next": back})

    assert (response.status_code, response.url) == (302, back)
    latin = OfficialDocument.objects.get(serial=decision.serial, script=Script.LATIN)
    assert latin.state == RenderState.READY
    download = client.get(reverse("documents:download", kwargs={"pk": latin.pk}))
    assert download["Content-Disposition"] == f'attachment; filename="{decision.serial}-latn.pdf"'


def test_latin_view_ignores_an_outside_next(client, cast, approved, django_capture_on_commit_callbacks):
    decision = decision_of(approved)
    client.force_login(cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:latin", kwargs={"pk": decision.pk}),
                               {"next": "https://evil.example/"})
    assert (response.status_code, response.url) == (302, approved.get_absolute_url())


@pytest.mark.parametrize("who", ["other", "school"])
def test_latin_view_refuses_other_organizations(client, cast, approved, who):
    decision = decision_of(approved)
    client.force_login(getattr(cast, who))
    response = client.post(reverse("documents:latin", kwargs={"pk": decision.pk}))
    assert response.status_code == 404
    assert not OfficialDocument.objects.filter(serial=decision.serial, script=Script.LATIN).exists()


# --- download ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "colleague", "reviewer", "decider", "admin"])
def test_download_serves_the_pdf_to_members_and_office(client, cast, approved, who):
    decision = decision_of(approved)
    client.force_login(getattr(cast, who))

    response = client.get(reverse("documents:download", kwargs={"pk": decision.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{decision.serial}-cyrl.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == decision.sha256


def test_download_inline_on_request(client, cast, approved):
    certificate = certificate_of(approved)
    client.force_login(cast.owner)
    response = client.get(reverse("documents:download", kwargs={"pk": certificate.pk}) + "?inline=1")
    assert response["Content-Disposition"] == f'inline; filename="{certificate.serial}-cyrl.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["other", "school"])
def test_download_is_not_found_for_other_organizations(client, cast, approved, who):
    client.force_login(getattr(cast, who))
    for document in approved.official_documents.all():
        response = client.get(reverse("documents:download", kwargs={"pk": document.pk}))
        assert response.status_code == 404
        assert response.get("Content-Type", "").startswith("text/html")


def test_download_sends_anonymous_to_login(client, approved):
    url = reverse("documents:download", kwargs={"pk": decision_of(approved).pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url


def test_download_is_not_found_until_rendered(client, cast, approved):
    decision = decision_of(approved)
    OfficialDocument.objects.filter(pk=decision.pk).update(state=RenderState.PENDING)
    client.force_login(cast.owner)
    assert client.get(reverse("documents:download", kwargs={"pk": decision.pk})).status_code == 404
    assert client.get(reverse("documents:download", kwargs={"pk": 987654})).status_code == 404


# --- verification ------------------------------------------------------------------------------------------------


def test_qr_address_leads_to_the_serbian_verification_page(client, cast, approved):
    certificate = certificate_of(approved)
    assert certificate.verification_url.endswith(f"/v/{certificate.code}/")

    response = client.get(reverse("verify_short", kwargs={"code": certificate.code}))
    assert (response.status_code, response.url) == (302, f"/sr/verify/{certificate.code}/")

    page = client.get(response.url)
    content = page.content.decode()
    assert page.status_code == 200
    assert certificate.serial in content
    assert cast.organization.name_sr in content
    assert status_rows(page) == [("valid", sr("Valid", "status today"))]
    assert page["X-Robots-Tag"] == "noindex"


def test_verification_of_the_decision_shows_outcome_and_every_activity(client, approved):
    decision = decision_of(approved)
    page = client.get(reverse("documents:verify", kwargs={"code": decision.code}))
    content = page.content.decode()
    assert decision.serial in content
    assert sr("The application was approved.", "decision outcome") in content
    assert status_rows(page) == [("valid", sr("Valid", "status today"))] * len(approved.activities)


def test_verification_accepts_lowercase_and_spaces(client, approved):
    certificate = certificate_of(approved)
    typed = certificate.code.lower()[:5] + " " + certificate.code.lower()[5:]
    page = client.get(reverse("documents:verify", kwargs={"code": typed}))
    assert page.status_code == 200
    assert certificate.serial in page.content.decode()


def test_verification_after_revocation_shows_revoked(client, cast, approved, django_capture_on_commit_callbacks):
    certificate = certificate_of(approved)
    accreditation = certificate.accreditation
    reasons = "Организација више не испуњава услове из члана 12."
    with django_capture_on_commit_callbacks(execute=True):
        services.accreditation_revoke(accreditation, reasons=reasons, actor=cast.decider)
    accreditation.refresh_from_db()
    with translation.override("sr"):
        revoked = gettext("Revoked on %(date)s") % {"date": date_format(timezone.localdate(accreditation.revoked_at))}

    page = client.get(reverse("documents:verify", kwargs={"code": certificate.code}))
    assert status_rows(page) == [("revoked", revoked)]

    revocation = OfficialDocument.objects.get(kind=DocumentKind.REVOCATION, accreditation=accreditation)
    assert revocation.state == RenderState.READY
    text = pdf_text(pdf_bytes(revocation))
    assert revocation.serial in text
    assert reasons in text
    assert cast.organization.name_sr in text
    assert f"/v/{revocation.code}/" in text
    page = client.get(reverse("documents:verify", kwargs={"code": revocation.code}))
    assert revocation.serial in page.content.decode()
    assert status_rows(page) == [("revoked", revoked)]


def test_verification_of_an_unknown_code_explains_with_404(client, approved):
    for code in ("ZZZZZZZZZZ", "<script>", "ab%25cd"):
        page = client.get(reverse("documents:verify", kwargs={"code": code}))
        content = page.content.decode()
        assert page.status_code == 404
        assert sr("No document has this code") in content
        assert "<script>" not in content.split("<main", 1)[1]
    assert client.get("/v/ZZZZZZZZZZ/", follow=True).status_code == 404


def test_verification_of_a_rejection_shows_no_status_and_no_reviewer_comments(
        client, cast, submitted, django_capture_on_commit_callbacks):
    application = review_to_recommendation(cast, submitted, outcome="reject",
                                           reasons="Рецензент: учионица је премала за групу.")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application, outcome="reject", reasons="Не испуњава услов из члана 12.",
                                    actor=cast.decider, expected_state=application.state,
                                    declares_no_conflict=True)
    decision = decision_of(application)
    assert list(application.official_documents.values_list("kind", flat=True)) == [DocumentKind.DECISION]

    text = pdf_text(pdf_bytes(decision))
    assert "Не испуњава услов из члана 12." in text
    assert "Рецензент: учионица је премала за групу." in text

    page = client.get(reverse("documents:verify", kwargs={"code": decision.code}))
    content = page.content.decode()
    assert decision.serial in content
    assert sr("The application was rejected.", "decision outcome") in content
    assert status_rows(page) == []
    assert "учионица" not in content
    assert "члана 12" not in content


def test_verify_form_sends_a_typed_code_to_its_page(client, approved):
    certificate = certificate_of(approved)
    response = client.get(reverse("documents:verify_form"), {"code": f"  {certificate.code.lower()} "})
    assert (response.status_code, response.url) == (302, reverse("documents:verify",
                                                                 kwargs={"code": certificate.code}))


def test_verify_form_explains_empty_and_bad_input_and_keeps_it(client):
    empty = client.get(reverse("documents:verify_form"), {"code": ""})
    assert empty.status_code == 200
    assert sr("Enter the verification code printed on the document.") in empty.content.decode()

    bad = client.get(reverse("documents:verify_form"), {"code": "AB!CD"})
    content = bad.content.decode()
    assert bad.status_code == 200
    assert sr("A verification code is made of Latin letters and digits only, as printed under the QR code.") \
        in content
    assert 'value="AB!CD"' in content

    fresh = client.get(reverse("documents:verify_form"))
    assert sr("Verification code") in fresh.content.decode()
    assert "is-invalid" not in fresh.content.decode()


# --- failure and retry -------------------------------------------------------------------------------------------


def _break_rendering(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the renderer is down")

    monkeypatch.setattr("applications.documents.render_pdf", broken)


def test_failed_render_is_recorded_and_retry_by_reviewer_finishes_it(
        client, cast, approved, monkeypatch, django_capture_on_commit_callbacks):
    decision = decision_of(approved)
    _break_rendering(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        latin = services.official_document_in_latin(decision, actor=cast.owner)
    latin.refresh_from_db()
    assert latin.state == RenderState.FAILED
    assert latin.error == "RuntimeError: the renderer is down"
    assert not latin.file
    assert render_official_document.delay(latin.pk).get() == "failed"

    client.force_login(cast.owner)
    assert client.get(reverse("documents:download", kwargs={"pk": latin.pk})).status_code == 404

    monkeypatch.undo()
    client.force_login(cast.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:retry", kwargs={"pk": latin.pk}), {"next": "/sr/"})

    assert (response.status_code, response.url) == (302, "/sr/")
    latin.refresh_from_db()
    assert (latin.state, latin.error) == (RenderState.READY, "")
    assert pdf_bytes(latin).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["owner", "other"])
def test_retry_view_refuses_providers(client, cast, approved, monkeypatch, django_capture_on_commit_callbacks, who):
    decision = decision_of(approved)
    _break_rendering(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        latin = services.official_document_in_latin(decision, actor=cast.owner)
    monkeypatch.undo()
    client.force_login(getattr(cast, who))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:retry", kwargs={"pk": latin.pk}))

    assert response.status_code == 404
    latin.refresh_from_db()
    assert latin.state == RenderState.FAILED


def test_retry_view_sends_anonymous_to_login(client, approved):
    response = client.post(reverse("documents:retry", kwargs={"pk": decision_of(approved).pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
