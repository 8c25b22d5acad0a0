"""The Office's decision and JPOA status certificate are sealed, and their PDFs verify by upload on the public page:
unaltered with the status of the accreditations they cover, altered, and after the accreditation is revoked."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import services
from applications.enums import DocumentKind, RenderState
from applications.models import OfficialDocument
from core import seal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _upload(client, data: bytes):
    return client.post(reverse("documents:verify_pdf"),
                       {"pdf": SimpleUploadedFile("resenje.pdf", data, content_type="application/pdf")})


def _documents(application):
    documents = {d.kind: d for d in OfficialDocument.objects.filter(application=application)}
    assert {d.state for d in documents.values()} == {RenderState.READY}
    return documents


def test_the_decision_and_status_certificate_are_sealed_with_their_codes(approved):
    documents = _documents(approved)
    assert {DocumentKind.DECISION, DocumentKind.STATUS_CERTIFICATE} <= set(documents)
    for document in documents.values():
        check = seal.check_pdf(_pdf(document))
        assert (check.outcome, check.code) == (seal.AUTHENTIC, document.code), check.problems


def test_an_unaltered_decision_verifies_valid_and_a_changed_one_altered(client, approved):
    decision = _documents(approved)[DocumentKind.DECISION]
    page = _upload(client, _pdf(decision)).content.decode()
    assert 'data-outcome="authentic"' in page and 'data-status="valid"' in page and decision.serial in page
    changed = bytearray(_pdf(decision))
    changed[len(changed) // 4] ^= 0x20
    page = _upload(client, bytes(changed)).content.decode()
    assert 'data-outcome="altered"' in page and decision.serial not in page


def test_after_revocation_the_status_certificate_pdf_is_reported_revoked(client, cast, approved):
    certificate = _documents(approved)[DocumentKind.STATUS_CERTIFICATE]
    original = _pdf(certificate)
    services.accreditation_revoke(certificate.accreditation, reasons="Престали услови.", actor=cast.decider)
    page = _upload(client, original).content.decode()
    assert 'data-outcome="authentic"' in page and 'data-status="revoked"' in page
    assert "Престали услови." not in page
