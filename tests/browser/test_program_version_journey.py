"""An accredited program changes through a new version, in a real browser (docs/program-versions.md):

the provider starts a new version of its accredited program and changes its group size → sees the change against
the approved version and prepares and submits the amendment → the public page still shows the approved version →
the Office reviews (the review page shows the same change) and a decider approves → the public page shows the new
version, with the history of approved versions, and the old address shows the superseded version.
axe-core checks the new pages on the way.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from applications import services as application_services
from applications.enums import ApplicationState, Outcome, Verdict
from applications.forms import NO_CONFLICT_LABEL
from applications.models import Application
from noks_portal import demo_workflow
from programs.enums import VersionState
from programs.models import Program
from tests.browser.helpers import button, field, screenshot, sign_in, sign_out, sr
from tests.factories import make_cast

pytestmark = [pytest.mark.browser, pytest.mark.services]


def _review_and_recommend(cast, application) -> None:
    application_services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer,
                                            declares_no_conflict=True)
    submission = application.submissions.order_by("-number").first()
    for finding in submission.report["findings"]:
        if finding["status"] == "manual":
            application_services.review_verdict_record(
                submission, provision=finding["provision"], subject=finding["subject"], verdict=Verdict.CONFIRMED,
                comment="", actor=cast.reviewer)
    application_services.application_recommend(application, outcome=Outcome.APPROVE, reasons="Измена је у реду.",
                                               actor=cast.reviewer)


def test_provider_changes_accredited_program_office_approves_public_follows(page, axe, live_server, settings):
    settings.SITE_URL = live_server.url
    cast = make_cast()
    program = demo_workflow.complete_records(cast.organization, actor=cast.owner, program_name="Рачунар за почетнике")
    demo_workflow.approved_application(cast.organization, program, actor=cast.owner, reviewer=cast.reviewer,
                                       decider=cast.decider)
    program.refresh_from_db()
    assert program.version_state == VersionState.APPROVED
    one, many = "At most %(learners)s learner per group", "At most %(learners)s learners per group"
    with translation.override("sr"):
        twelve = translation.ngettext(one, many, 12) % {"learners": 12}
        ten = translation.ngettext(one, many, 10) % {"learners": 10}
    public_old = f"/sr/program/{program.pk}/"

    # The provider opens the accredited program: it cannot be edited, a new version can be started.
    sign_in(page, "owner")
    page.goto(f"/sr/programs/{program.pk}/section/delivery/")
    expect(page.locator("#frozen")).to_be_visible()
    axe(page)
    button(page, sr("Start a new version")).click()
    page.wait_for_url(re.compile(r"/sr/programs/\d+/$"))
    new = Program.objects.get(lineage=program)
    assert page.url.endswith(f"/sr/programs/{new.pk}/")
    axe(page)

    # … changes the group size in the new version and sees the change against the approved version.
    page.goto(f"/sr/programs/{new.pk}/section/delivery/")
    field(page, "13. " + sr("Number of learners per group")).fill("10")
    button(page, sr("Save and return to the overview")).click()
    page.wait_for_url(re.compile(rf"/sr/programs/{new.pk}/$"))
    page.locator("#see-changes").click()
    page.wait_for_url(re.compile(rf"/sr/programs/{new.pk}/changes/$"))
    axe(page)
    screenshot(page, "30-program-version-changes")
    row = page.locator("table.version-diff tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text("13. " + sr("Number of learners per group"))
    expect(row.locator(".diff-old")).to_have_text("12")
    expect(row.locator(".diff-new")).to_have_text("10")

    # … prepares the amendment and submits it like an application.
    button(page, sr("Prepare the amendment")).click()
    page.wait_for_url(re.compile(r"/sr/applications/\d+/$"))
    amendment = Application.objects.get(programs=new)
    expect(page.locator("#amendment")).to_be_visible()
    axe(page)
    page.goto(f"/sr/applications/{amendment.pk}/check/")
    field(page, sr("I confirm that the information and evidence in this application are true and complete.")
          ).check()
    button(page, sr("Submit the application")).click()
    page.wait_for_url(re.compile(rf"/sr/applications/{amendment.pk}/$"))
    sign_out(page)
    amendment.refresh_from_db()
    assert amendment.state == ApplicationState.SUBMITTED

    # The public still sees the approved version.
    page.goto(public_old)
    expect(page.locator("#elements")).to_contain_text(twelve)
    assert page.goto(f"/sr/program/{new.pk}/").status == 404

    # The Office reviews (the review page shows the change) and a decider approves.
    _review_and_recommend(cast, amendment)
    sign_in(page, "decider")
    page.goto(f"/sr/office/applications/{amendment.pk}/")
    expect(page.locator("#amendment .diff-new")).to_have_text("10")
    axe(page)
    page.get_by_role("link", name=sr("Decide"), exact=True).click()
    with translation.override("sr"):
        approve_label = str(translation.pgettext("decision", "Approve"))
    page.get_by_label(approve_label).check()
    field(page, sr(str(NO_CONFLICT_LABEL))).check()
    button(page, sr("Record the decision")).click()
    expect(page.locator("#state")).to_have_text(str(ApplicationState.APPROVED.label))
    sign_out(page)

    # The public page shows the new version, with the history; the old address shows the superseded version.
    page.goto(f"/sr/program/{new.pk}/")
    expect(page.locator("#elements")).to_contain_text(ten)
    expect(page.locator("#versions li")).to_have_count(2)
    axe(page)
    screenshot(page, "31-program-version-history")
    page.goto(public_old)
    expect(page.locator("#superseded")).to_be_visible()
    page.locator("#superseded a").click()
    page.wait_for_url(re.compile(rf"/sr/program/{new.pk}/$"))
