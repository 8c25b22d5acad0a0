"""Issue 16 in a real browser: a result changed after its certificate was issued → the change revokes the certificate
in the same step → the school issues the corrected certificate → the public verifies the old one as revoked (with
the date and the reason) and follows its link to the replacement, which verifies as valid. axe-core on every page.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from exams.models import Certificate
from tests.browser.helpers import button, field, issued_certificate, sign_in, sign_out, sr
from tests.factories import make_cast

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_a_changed_result_revokes_its_certificate_and_the_corrected_one_replaces_it(page, axe, live_server, settings,
                                                                                     django_capture_on_commit_callbacks):
    settings.SITE_URL = live_server.url
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cast = make_cast()
    commission, result, old = issued_certificate(cast, django_capture_on_commit_callbacks, cohort_name="Јесен")

    # The commission corrects one vote: still passed by majority, but the record changes.
    sign_in(page, "school")
    page.goto(f"/sr/exam-results/{result.pk}/")
    expect(page.locator(".alert-warning")).to_contain_text(old.serial)
    axe(page)
    first_member = commission.members.order_by("pk").first()
    page.locator(f"input[name=vote_{first_member.pk}][value=failed]").check()
    button(page, sr("Save the exam")).click()
    expect(page.get_by_role("alert")).to_contain_text(old.serial)  # refused: the certificate is in force
    field(page, sr("Reason for revoking the certificate")).select_option("result_changed")
    field(page, sr("Reasons for revocation", "certificate")).fill("Члан комисије је исправио глас.")
    button(page, sr("Save the exam")).click()
    page.wait_for_url(re.compile(r"/sr/exam-sessions/\d+/"))
    old.refresh_from_db()
    assert old.revoked_at is not None

    page.goto(f"/sr/certificates/{old.pk}/record/")
    axe(page)
    button(page, sr("Issue the corrected certificate")).click()
    page.wait_for_url(re.compile(r"/sr/certificates/\d+/record/$"))
    new = Certificate.objects.get(replaces=old)
    expect(page.locator("#replaces")).to_have_text(old.serial)
    axe(page)
    sign_out(page)

    # The public: the old code says revoked, with the reason, and leads to the corrected certificate.
    page.goto(f"/v/{old.code}/")
    expect(page.locator("#state")).to_have_attribute("data-state", "revoked")
    with translation.override("sr"):
        reason = translation.pgettext("revocation reason", "Correction of the exam result")
    expect(page.locator("#state")).to_contain_text(reason)
    axe(page)
    page.locator("#replaced-by").click()
    page.wait_for_url(re.compile(rf"/sr/verify/{new.code}/$"))
    expect(page.locator("#state")).to_have_attribute("data-state", "valid")
    expect(page.locator("#replaces")).to_contain_text(old.serial)
    axe(page)
