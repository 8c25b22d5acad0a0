"""Issue 16 in a real browser: a result changed after its certificate was issued → the change revokes the certificate
in the same step → the school issues the corrected certificate → the public verifies the old one as revoked (with
the date and the reason) and follows its link to the replacement, which verifies as valid. axe-core on every page.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from exams import services
from exams.enums import ExamKind
from exams.models import Certificate, Learner
from tests.browser.helpers import button, field, sign_in, sign_out, sr
from tests.exams.conftest import EXAM_DAY, members, professional_cohort
from tests.factories import make_cast
from tests.programs.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_a_changed_result_revokes_its_certificate_and_the_corrected_one_replaces_it(page, axe, live_server, settings,
                                                                                     django_capture_on_commit_callbacks):
    settings.SITE_URL = live_server.url
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cast = make_cast()
    school, user = cast.school_organization, cast.school
    _program, cohort, _teacher = professional_cohort(
        school, name="Јесен", work_tasks_max=2,
        teacher=StaffFactory(organization=school, first_name_sr="Марко", last_name_sr="Кувар"))
    Learner.objects.create(cohort=cohort, first_name="Љубица", last_name="Ђорђевић", jmbg="0101900350008",
                           birth_year=1900, script="cyrl")
    commission = services.commission_register(school, program=cohort.program, exam=ExamKind.PROFESSIONAL,
                                              name="Комисија", members=members(), actor=user)
    session = services.session_create(cohort, commission=commission, held_on=EXAM_DAY, actor=user)
    result = session.results.get()
    services.result_draw(result, actor=user, seed=1)
    services.result_record(result, votes={m.pk: "passed" for m in commission.members.all()},
                           performed={1: True, 2: True}, actor=user)
    with django_capture_on_commit_callbacks(execute=True):
        old = services.certificate_issue(result, actor=user)

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
    field(page, sr("Reasons for revocation")).fill("Члан комисије је исправио глас.")
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
