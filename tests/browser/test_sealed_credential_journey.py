"""Issue 21 in a real browser: a school issues a certificate, downloads the sealed PDF and the digital credential;
the public checks the PDF by upload (authentic, in force) and a copy with one byte changed (altered); the credential
verifies as valid, and after the school revokes the certificate it verifies as revoked. axe-core on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import button, field, issued_certificate, sign_in, sign_out, sr
from tests.factories import make_cast

pytestmark = [pytest.mark.browser, pytest.mark.services]


def _download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_a_sealed_certificate_and_its_credential_verify_and_a_revocation_shows(page, axe, live_server, settings,
                                                                              tmp_path,
                                                                              django_capture_on_commit_callbacks):
    settings.SITE_URL = live_server.url
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cast = make_cast()
    _commission, _result, certificate = issued_certificate(cast, django_capture_on_commit_callbacks,
                                                           cohort_name="Зима")
    certificate.refresh_from_db()
    assert certificate.state == "ready"

    # The school downloads the sealed PDF and the credential from the certificate's page.
    sign_in(page, "school")
    page.goto(f"/sr/certificates/{certificate.pk}/record/")
    axe(page)
    pdf = _download(page, page.get_by_role("link", name=sr("Download (PDF)")))
    assert pdf.startswith(b"%PDF-") and b"/ByteRange" in pdf
    credential = _download(page, page.locator("#credential-download")).decode()
    assert '"EnvelopedVerifiableCredential"' in credential
    sign_out(page)

    # The public: the PDF as issued is authentic and in force …
    original, edited = tmp_path / "uverenje.pdf", tmp_path / "uverenje-izmenjeno.pdf"
    original.write_bytes(pdf)
    changed = bytearray(pdf)
    middle = len(changed) // 3
    changed[middle] = (changed[middle] + 1) % 256
    edited.write_bytes(bytes(changed))
    page.goto("/sr/verify/")
    axe(page)
    page.locator("input[type=file][name=pdf]").set_input_files(str(original))
    button(page, sr("Check the file")).click()
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "authentic")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "valid")
    axe(page)
    # … and a copy with one byte changed is not.
    page.goto("/sr/verify/")
    page.locator("input[type=file][name=pdf]").set_input_files(str(edited))
    button(page, sr("Check the file")).click()
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "altered")
    axe(page)

    # The credential, pasted, verifies as valid.
    page.goto("/sr/verify-credential/")
    axe(page)
    field(page, sr("Credential")).fill(credential)
    button(page, sr("Verify the credential")).click()
    expect(page.locator("#credential-result")).to_have_attribute("data-outcome", "valid")
    axe(page)

    # The school revokes the certificate; the same credential now verifies as revoked.
    sign_in(page, "school")
    page.goto(f"/sr/certificates/{certificate.pk}/revoke/")
    axe(page)
    page.locator("input[type=radio][name=reason]").first.check()
    field(page, sr("Reasons for revocation", "certificate")).fill("Уверење је издато грешком.")
    button(page, sr("Revoke the certificate")).click()
    page.wait_for_url(re.compile(r"/sr/certificates/\d+/record/$"))
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    sign_out(page)
    page.goto("/sr/verify-credential/")
    page.locator("#id_credential_file").set_input_files(
        files=[{"name": "credential.json", "mimeType": "application/json", "buffer": credential.encode()}])
    button(page, sr("Verify the credential")).click()
    expect(page.locator("#credential-result")).to_have_attribute("data-outcome", "revoked")
    axe(page)
