"""A learner's certificate is sealed, and its PDF verifies by upload on the public page: unaltered (with its status),
one byte changed, text edited in an incremental update, not a PDF, too large, revoked, replaced by a duplicate,
and past the client's verification limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from core import seal
from exams import services
from exams.models import Certificate
from tests.core.test_seal import _incremental_text_edit
from tests.exams.conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
URL = "documents:verify_pdf"


@pytest.fixture
def certificate(school, commission, django_capture_on_commit_callbacks):
    session = services.session_create(school["cohort"], commission=commission, held_on=START + dt.timedelta(days=61),
                                      actor=school["user"])
    for result in session.results.all():
        services.result_draw(result, actor=school["user"], seed=result.pk)
        services.result_record(result, votes={m.pk: "passed" for m in session.commission.members.all()},
                               performed={1: True, 2: True, 3: True}, actor=school["user"])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    return Certificate.objects.select_related("issuer").order_by("serial").first()


def _pdf(certificate) -> bytes:
    with certificate.file.open("rb") as handle:
        return handle.read()


def _upload(client, data: bytes, *, name="uverenje.pdf", content_type="application/pdf"):
    return client.post(reverse(URL), {"pdf": SimpleUploadedFile(name, data, content_type=content_type)})


def test_a_certificate_pdf_is_sealed_with_its_code(certificate):
    check = seal.check_pdf(_pdf(certificate))
    assert (check.outcome, check.code) == (seal.AUTHENTIC, certificate.code)


def test_the_unaltered_pdf_verifies_with_the_seal_and_status_valid(client, certificate):
    response = _upload(client, _pdf(certificate))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-outcome="authentic"' in page and 'data-status="valid"' in page
    assert certificate.serial in page and certificate.issuer.name in page
    assert "NOKS DEMO seal (not for production)" in page
    assert reverse("documents:verify", kwargs={"code": certificate.code}) in page


def test_one_byte_changed_is_reported_altered(client, certificate):
    data = bytearray(_pdf(certificate))
    data[len(data) // 3] ^= 0x01
    page = _upload(client, bytes(data)).content.decode()
    assert 'data-outcome="altered"' in page and certificate.serial not in page


def test_text_edited_in_an_incremental_update_is_reported_altered(client, certificate):
    page = _upload(client, _incremental_text_edit(_pdf(certificate))).content.decode()
    assert 'data-outcome="altered"' in page and 'data-status=' not in page


def test_a_file_that_is_not_a_pdf_is_refused_at_the_field(client, certificate):
    response = _upload(client, b"GIF89a not a pdf", name="slika.pdf")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_pdf_error"' in page and 'aria-describedby="id_pdf_help id_pdf_error"' in page
    assert 'data-outcome' not in page
    response = _upload(client, _pdf(certificate), content_type="text/html")  # a PDF's bytes sent as something else
    assert response.status_code == 400 and 'id="id_pdf_error"' in response.content.decode()


def test_a_file_over_the_size_cap_is_refused_and_one_at_the_cap_is_checked(client, certificate, settings):
    data = _pdf(certificate)
    settings.SEAL_UPLOAD_MAX_BYTES = len(data) - 1
    response = _upload(client, data)
    assert response.status_code == 400 and 'id="id_pdf_error"' in response.content.decode()
    settings.SEAL_UPLOAD_MAX_BYTES = len(data)
    assert 'data-outcome="authentic"' in _upload(client, data).content.decode()


def test_a_revoked_certificate_pdf_is_authentic_and_reported_revoked(client, certificate, school):
    original = _pdf(certificate)
    services.certificate_revoke(certificate, reason="issued_in_error", reasons="Грешка.", actor=school["user"])
    page = _upload(client, original).content.decode()
    assert 'data-outcome="authentic"' in page and 'data-status="revoked"' in page
    assert pgettext("revocation reason", "Issued by mistake") in page and "Грешка." not in page
    assert gettext("But the document is no longer valid:") in page  # said beside "unaltered", not only in a badge


def test_a_lost_certificate_replaced_by_a_duplicate_is_reported_replaced(client, certificate, school,
                                                                       django_capture_on_commit_callbacks):
    original = _pdf(certificate)
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = services.certificate_duplicate(certificate, reasons="Изгубљено.", actor=school["user"])
    page = _upload(client, original).content.decode()
    assert 'data-status="replaced"' in page and duplicate.serial in page
    page = _upload(client, _pdf(Certificate.objects.get(pk=duplicate.pk))).content.decode()
    assert 'data-status="valid"' in page


def test_uploads_count_against_the_verification_limit(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = 2
    data = _pdf(certificate)
    assert [_upload(client, data).status_code for _ in range(3)] == [200, 200, 429]


def test_the_verification_page_offers_the_upload_with_a_label_and_csrf(client):
    from django.test import Client

    page = Client(enforce_csrf_checks=True).get(reverse("documents:verify_form")).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'for="id_pdf"' in page and "csrfmiddlewaretoken" in page
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse(URL), {"pdf": SimpleUploadedFile("a.pdf", b"%PDF-1.7", "application/pdf")})
    assert response.status_code == 403


def test_a_pdf_brought_to_the_credential_check_is_sent_to_the_pdf_check(client, certificate):
    response = client.post(reverse("exams:credential_verify"),
                           {"file": SimpleUploadedFile("uverenje.pdf", _pdf(certificate), content_type="application/pdf")})
    page = response.content.decode()
    assert gettext("This is a PDF file, not a credential. A certificate's PDF is checked on the page “Verify an "
                   "official document”.") in page
    assert f'{reverse("documents:verify_form")}#verify-pdf-heading' in page


def test_the_copy_of_a_revoked_certificate_is_named_revoked(client, certificate, school, django_capture_on_commit_callbacks):
    client.force_login(school["user"])
    original = client.get(reverse("exams:certificate_download", kwargs={"pk": certificate.pk}))
    assert f'filename="{certificate.serial}.pdf"' in original["Content-Disposition"]
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(certificate, reason="issued_in_error", reasons="Грешка.", actor=school["user"])
    revoked = client.get(reverse("exams:certificate_download", kwargs={"pk": certificate.pk}))
    assert f'filename="{certificate.serial}-ponisteno.pdf"' in revoked["Content-Disposition"]


def test_the_certificate_pages_offer_the_qr_code_as_a_file(client, certificate, school):
    qr = reverse("credentials:credential_qr", kwargs={"code": certificate.code})
    public = client.get(reverse("documents:verify", kwargs={"code": certificate.code})).content.decode()
    client.force_login(school["user"])
    issuer = client.get(reverse("exams:certificate", kwargs={"pk": certificate.pk})).content.decode()
    for page in (public, issuer):
        assert f'href="{qr}" download="qr-{certificate.serial}.svg"' in page
    assert client.get(qr).content.startswith(b"<svg")
