"""A school's cohort from enrolment to verified certificates, in a real browser, with a real Celery worker:

create a cohort → import its learners from a CSV file → register a commission (four members: refused, Art. 5.3)
→ register it with three → set up the exam → draw each learner's work tasks → record the exams → issue the
certificates and watch the progress bar finish as the worker renders them → the public verifies one by its code.
axe-core checks every page on the way.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from exams.enums import RenderState
from exams.models import Certificate
from programs.enums import Activity, TaskListKind
from tests.browser.helpers import button, field, screenshot, sign_in, sign_out, sr
from tests.exams.conftest import WORK_TASKS
from tests.factories import make_cast
from tests.programs.factories import CompleteProgramFactory, StaffFactory, TaskListFactory

pytestmark = [pytest.mark.browser, pytest.mark.services]

LEARNERS_CSV = ("first_name,last_name,jmbg,foreign_document,birth_year,script\n"
                "Љубица,Ђорђевић,0101900350008,,,cyrl\n"
                "Његош,Џаковић,,P7654321,1988,latn\n")


def test_a_cohort_from_enrolment_to_verified_certificates(page, axe, live_server, settings, worker_on_test_database):
    settings.SITE_URL = live_server.url
    cast = make_cast()
    school = cast.school_organization
    teacher = StaffFactory(organization=school, first_name_sr="Марко", last_name_sr="Марковић")
    program = CompleteProgramFactory(organization=school, name_sr="Кувар — стручна обука", activity=Activity.COMP,
                                     kind=None, exam_professional=True, work_tasks_min=2, work_tasks_max=2,
                                     instructors=[teacher])
    TaskListFactory(program=program, kind=TaskListKind.WORK, items_sr=WORK_TASKS,
                    published_on=dt.date.today() - dt.timedelta(days=100))
    starts = dt.date.today() - dt.timedelta(days=61)  # the training ended yesterday: the exam is today

    sign_in(page, "school")
    page.get_by_role("navigation", name=sr("Main navigation")).get_by_role(
        "link", name=sr("Cohorts and exams")).click()
    page.wait_for_url(re.compile(r"/sr/cohorts/$"))
    axe(page)
    page.get_by_role("link", name=sr("New cohort")).click()
    page.wait_for_url(re.compile(r"/sr/cohorts/new/$"))
    axe(page)
    field(page, sr("Program")).select_option(label=program.name_sr)
    field(page, sr("Name of the cohort")).fill("Јесен, група 1")
    field(page, sr("Starts on")).fill(starts.isoformat())
    field(page, sr("Ends on")).fill((starts + dt.timedelta(days=60)).isoformat())
    page.get_by_role("checkbox", name=re.compile("Марковић")).check()
    button(page, sr("Create the cohort")).click()
    page.wait_for_url(re.compile(r"/sr/cohorts/\d+/$"))
    cohort_url = page.url
    axe(page)

    # Learners from a CSV file.
    page.get_by_role("link", name=sr("Import learners from a CSV file")).click()
    axe(page)
    field(page, sr("CSV file")).set_input_files({"name": "polaznici.csv", "mimeType": "text/csv",
                                                 "buffer": LEARNERS_CSV.encode()})
    button(page, sr("Check and import")).click()
    page.goto(cohort_url)
    expect(page.get_by_role("cell", name="0101900350008")).to_be_visible()
    expect(page.get_by_text("Џаковић").first).to_be_visible()

    # A commission of four is refused with its article; of three it is registered.
    page.goto("/sr/commissions/new/")
    axe(page)
    field(page, sr("Program")).select_option(label=program.name_sr)
    page.get_by_label(str(sr("Professional-competence exam", "exam"))).check()
    field(page, sr("Name of the commission")).fill("Комисија за куваре")
    people = [("Петар", "Петровић", True, True), ("Ана", "Анић", False, True), ("Иван", "Ивић", False, False),
              ("Вера", "Верић", False, False)]
    for i, (first, last, chair, expert) in enumerate(people):
        page.locator(f"#id_members-{i}-first_name").fill(first)
        page.locator(f"#id_members-{i}-last_name").fill(last)
        page.locator(f"#id_members-{i}-identifier").fill(f"P10{i}")
        if chair:
            page.locator(f"#id_members-{i}-chair").check()
        if expert:
            page.locator(f"#id_members-{i}-expert").check()
    button(page, sr("Register the commission")).click()
    expect(page.get_by_role("alert")).to_contain_text("члан 5. став 3.")
    expect(page.locator("#id_members-3-last_name")).to_have_value("Верић")  # nothing typed is lost
    axe(page)
    page.locator("#id_members-3-first_name").fill("")
    page.locator("#id_members-3-last_name").fill("")
    page.locator("#id_members-3-identifier").fill("")
    button(page, sr("Register the commission")).click()
    page.wait_for_url(re.compile(r"/sr/commissions/\d+/$"))
    axe(page)

    # The exam: set it up, draw, record.
    page.goto(cohort_url)
    page.get_by_role("link", name=sr("Set up an exam")).click()
    axe(page)
    field(page, sr("Exam commission")).select_option(label="Комисија за куваре")
    field(page, sr("Date of the exam")).fill((starts + dt.timedelta(days=61)).isoformat())
    button(page, sr("Set up the exam")).click()
    page.wait_for_url(re.compile(r"/sr/exam-sessions/\d+/$"))
    session_url = page.url
    axe(page)
    for _ in range(2):
        page.get_by_role("button", name=re.compile("^" + re.escape(sr("Draw the work tasks")))).first.click()
        page.wait_for_load_state()
    for _ in range(2):
        page.get_by_role("link", name=re.compile("^" + re.escape(sr("Record the exam")))).first.click()
        page.wait_for_url(re.compile(r"/sr/exam-results/\d+/$"))
        axe(page)
        for box in page.get_by_role("checkbox").all():
            box.check()
        for group in page.locator("fieldset input[type=radio][value=passed]").all():
            group.check()
        button(page, sr("Save the exam")).click()
        page.wait_for_url(re.compile(r"/sr/exam-sessions/\d+/"))
    screenshot(page, "20-exam-session")

    # Certificates: the worker renders them while the progress bar fills and the page reloads itself.
    with translation.override("sr"):
        issue = translation.ngettext("Issue the certificate for %(counter)s learner who passed",
                                     "Issue certificates for the %(counter)s learners who passed", 2) % {"counter": 2}
    button(page, issue).click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^" + re.escape(sr("Download (PDF)"))))).to_have_count(
        2, timeout=60_000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    axe(page)
    screenshot(page, "21-certificates-ready")
    assert {c.state for c in Certificate.objects.all()} == {RenderState.READY}
    sign_out(page)

    # The public verifies a certificate by its code.
    certificate = Certificate.objects.get(result__learner__last_name="Џаковић")
    page.goto("/sr/verify/")
    axe(page)
    field(page, sr("Verification code")).fill(certificate.code.lower())
    button(page, sr("Verify")).click()
    page.wait_for_url(re.compile(r"/sr/verify/[A-Z0-9]+/$"))
    expect(page.locator("#certificate")).to_contain_text(certificate.serial)
    expect(page.locator("#certificate")).to_contain_text("Њ. Џ.")
    expect(page.locator("main")).not_to_contain_text("P7654321")
    axe(page)
    screenshot(page, "22-certificate-verified")
    assert session_url.startswith(live_server.url)
