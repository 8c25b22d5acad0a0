"""The Office's whole review in a real browser, from a submitted application to an accreditation in the register:

the reviewer takes it and asks for a change → the provider answers and submits again → the reviewer sees what
changed, records a verdict on every requirement only a person can judge and recommends approval → a decider
(not the reviewer) approves → the provider downloads the decision and the status certificate → the verification
address printed under the certificate's QR code opens the public page, which says the status is valid.
axe-core checks every page on the way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from applications.enums import ApplicationState, DocumentKind, RenderState
from applications.forms import NO_CONFLICT_LABEL
from applications.models import Application, OfficialDocument
from noks_portal import demo_workflow
from tests.browser.helpers import button, field, screenshot, sign_in, sign_out, sr
from tests.factories import make_cast

pytestmark = [pytest.mark.browser, pytest.mark.services]


def pdf_text(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is installed by .ci/run"
    source = tmp_path / "document.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_review_request_changes_recommend_decide_and_verify(page, axe, live_server, tmp_path, settings):
    settings.SITE_URL = live_server.url
    cast = make_cast()
    program = demo_workflow.complete_records(cast.organization, actor=cast.owner, program_name="Рачунар за почетнике")
    application = demo_workflow.submitted_application(cast.organization, program, actor=cast.owner)
    classroom = cast.organization.rooms.get(name_sr="Учионица 1")

    # The reviewer finds it in the queue and takes it.
    sign_in(page, "reviewer")
    page.get_by_role("navigation", name=sr("Main navigation")).get_by_role("link", name=sr("Review queue")).click()
    page.wait_for_url(re.compile(r"/sr/office/applications/$"))
    axe(page)
    screenshot(page, "10-review-queue")
    page.get_by_role("link", name=application.reference).click()
    page.wait_for_url(re.compile(rf"/sr/office/applications/{application.pk}/$"))
    axe(page)
    field(page, sr(str(NO_CONFLICT_LABEL))).check()  # the reviewer declares no conflict of interest
    button(page, sr("Take this application")).click()
    expect(page.locator("#state")).to_have_text(str(ApplicationState.IN_REVIEW.label))

    # … and asks for a change to the classroom.
    page.get_by_role("link", name=sr("Ask for changes")).click()
    page.wait_for_url(re.compile(r"/changes/$"))
    axe(page)
    field(page, sr("Message to the provider")).fill("Молимо допуну пре одлуке.")
    page.locator("#id_items-0-subject").select_option(f"rooms[R{classroom.pk}]")
    page.locator("#id_items-0-comment").fill("Наведите тачну површину учионице према скици.")
    button(page, sr("Send the request")).click()
    page.wait_for_url(re.compile(rf"/sr/office/applications/{application.pk}/$"))
    expect(page.locator("#state")).to_have_text(str(ApplicationState.CHANGES_REQUESTED.label))
    sign_out(page)

    # The provider sees the comment next to the item, fixes the room, answers and submits again.
    sign_in(page, "owner")
    page.goto(application.get_absolute_url().replace("/en/", "/sr/"))
    expect(page.get_by_text("Наведите тачну површину учионице према скици.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=sr("Answer the requests")).click()
    axe(page)
    field(page, sr("Your answer")).fill("Површина је 40 m², исправљено у евиденцији.")
    button(page, sr("Save answers")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"/sr/organization/records/rooms/{classroom.pk}/")
    field(page, sr("Area")).fill("40")
    button(page, sr("Save")).click()
    expect(page.locator(".alert-success")).to_contain_text("Учионица 1")
    page.goto(f"/sr/applications/{application.pk}/check/")
    field(page, sr("I confirm that the information and evidence in this application are true and complete.")
          ).check()
    button(page, sr("Submit the application")).click()
    page.wait_for_url(re.compile(rf"/sr/applications/{application.pk}/$"))
    expect(page.get_by_text(str(ApplicationState.SUBMITTED.label)).first).to_be_visible()
    sign_out(page)

    # The reviewer sees what changed, records every verdict and recommends approval.
    sign_in(page, "reviewer")
    page.goto(f"/sr/office/applications/{application.pk}/")
    with translation.override("sr"):
        area = capfirst(str(classroom._meta.get_field("area_m2").verbose_name))
    expect(page.locator("#diff")).to_contain_text(area)
    expect(page.locator("#diff")).to_contain_text(re.compile(r"36 → 40\b"))
    field(page, sr(str(NO_CONFLICT_LABEL))).check()
    button(page, sr("Review the new submission")).click()
    expect(page.locator("#state")).to_have_text(str(ApplicationState.IN_REVIEW.label))
    axe(page)
    screenshot(page, "11-review-screen")
    with translation.override("sr"):
        met = str(translation.pgettext("verdict", "Met (confirmed)"))
    manual = page.locator("li.finding").filter(has=page.locator("form"))
    for _ in range(manual.count()):
        item = page.locator("li.finding").filter(has=page.locator("form")).filter(
            has_not=page.locator(".verdict")).first
        item.get_by_label(met).check()
        item.get_by_role("button").click()
        page.wait_for_load_state()
    assert page.locator("li.finding .verdict").count() == manual.count()
    page.get_by_role("link", name=sr("Recommend a decision")).click()
    expect(page.locator(".alert-warning")).to_have_count(0)  # nothing blocks approval
    axe(page)
    with translation.override("sr"):
        approve_label = str(translation.pgettext("decision", "Approve"))
    page.get_by_label(approve_label).check()
    field(page, sr("Reasons")).fill("Сви услови су испуњени.")
    button(page, sr("Record the recommendation")).click()
    expect(page.locator("#state")).to_have_text(str(ApplicationState.RECOMMENDED_APPROVE.label))
    sign_out(page)

    # A decider approves.
    sign_in(page, "decider")
    page.goto(f"/sr/office/applications/{application.pk}/")
    page.get_by_role("link", name=sr("Decide"), exact=True).click()
    axe(page)
    page.get_by_label(approve_label).check()
    field(page, sr(str(NO_CONFLICT_LABEL))).check()  # so does the decider
    button(page, sr("Record the decision")).click()
    expect(page.locator("#state")).to_have_text(str(ApplicationState.APPROVED.label))
    axe(page)
    sign_out(page)
    application.refresh_from_db()
    assert application.state == ApplicationState.APPROVED
    documents = {d.kind: d for d in OfficialDocument.objects.filter(application=application)}
    assert {d.state for d in documents.values()} == {RenderState.READY}

    # The provider downloads both documents; the certificate's QR address opens the verification page.
    sign_in(page, "owner")
    page.goto(f"/sr/applications/{application.pk}/")
    axe(page)
    screenshot(page, "12-application-approved")
    texts = {}
    for kind, document in documents.items():
        response = page.request.get(f"/sr/official-documents/{document.pk}/")
        assert response.headers["content-type"] == "application/pdf"
        texts[kind] = pdf_text(response.body(), tmp_path)
        assert document.serial in texts[kind]
    certificate = texts[DocumentKind.STATUS_CERTIFICATE]
    found = re.search(r"https?://\S+/v/([A-Z0-9]+)/", certificate)
    assert found, certificate
    assert found.group(1) == documents[DocumentKind.STATUS_CERTIFICATE].code
    sign_out(page)
    page.goto(found.group(0))
    page.wait_for_url(re.compile(r"/sr/verify/"))
    expect(page.get_by_text(documents[DocumentKind.STATUS_CERTIFICATE].serial).first).to_be_visible()
    expect(page.locator("main .badge.text-bg-success")).to_have_text(sr("Valid", "status today"))
    axe(page)
    screenshot(page, "13-verification")
    assert Application.objects.get(pk=application.pk).accreditations.get().programs.get() == program
    assert classroom.__class__.objects.get(pk=classroom.pk).area_m2 == Decimal("40.00")
