"""Helpers shared by the browser journeys: find fields by their visible label, sign in and out."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.utils import translation

from tests.factories import PASSWORD


def sr(text: str, context: str | None = None) -> str:
    """The Serbian Cyrillic text the user sees for a source string."""
    with translation.override("sr"):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def field(page, label: str):
    """A form field by its visible label; crispy forms adds an asterisk to required ones."""
    pattern = re.escape(str(label)).replace("\\ ", " ")  # JavaScript's unicode regexes reject an escaped space
    return page.get_by_label(re.compile(rf"^\s*{pattern}\s*\*?\s*$", re.IGNORECASE))


def button(page, label: str):
    return page.get_by_role("button", name=str(label), exact=True)


def wait_for_url(page, pattern, what: str) -> None:
    """page.wait_for_url, failing with where the browser is and what the page says (a bare Playwright timeout
    left a flaky sign-in unexplained)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_url(pattern)
    except PlaywrightTimeout as error:
        alerts = [text.strip() for text in page.locator(".alert, .invalid-feedback, .errorlist").all_inner_texts()]
        heading = page.locator("h1").first.inner_text(timeout=1000) if page.locator("h1").count() else ""
        raise AssertionError(f"{what}: expected {pattern.pattern!r}, the browser is at {page.url} "
                             f"(heading {heading!r}, messages {alerts})") from error


def sign_in(page, username: str, password: str = PASSWORD, axe=None) -> None:
    """Sign in through the pages; the Office and administrators also give the second factor (setting up the
    authenticator the first time), the code read from their device as the app would show it. With ``axe``, every
    page of the way is checked."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import services

    check = axe or (lambda _page: None)
    page.goto("/sr/accounts/login/")
    check(page)
    field(page, sr("E-mail address or username")).fill(username)
    field(page, "Лозинка").fill(password)
    page.get_by_role("button", name="Пријава").click()
    wait_for_url(page, re.compile(r"/accounts/(me|two-factor(/set-up)?)/"), f"{username} signing in")
    if "/two-factor/" in page.url:
        setting_up = "/set-up/" in page.url
        check(page)
        device = TOTPDevice.objects.get(user__username=username, confirmed=not setting_up)
        field(page, sr("Code", "one-time password")).fill(services.next_code(device))
        button(page, sr("Confirm and continue" if setting_up else "Continue")).click()
        if setting_up:
            wait_for_url(page, re.compile(r"/two-factor/recovery-codes/"), f"{username} setting up the second factor")
            check(page)
            page.get_by_role("link", name=sr("I have kept them; continue")).click()
    wait_for_url(page, re.compile(r"/accounts/me/$"), f"{username} signed in")


def confirm_address(page, address: str, axe=None) -> None:
    """Open the confirmation link mailed to ``address`` (Django's locmem outbox: the live server runs in this
    process) and confirm."""
    from django.conf import settings
    from django.core import mail

    check = axe or (lambda _page: None)
    bodies = [message.body for message in mail.outbox if message.to == [address]]
    assert bodies, f"no message to {address}"
    link = re.search(re.escape(settings.SITE_URL) + r"(/\S+/accounts/email/confirm/\S+/)", bodies[-1]).group(1)
    page.goto(link)
    check(page)
    button(page, sr("Confirm my e-mail address")).click()
    page.get_by_text(sr("Your e-mail address is confirmed.")).wait_for()


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("Одјава|Odjava|Sign out")).click()
    page.wait_for_url(re.compile(r"/(sr|sr-latn|en)/$"))


def screenshot(page, name: str) -> None:
    """With NOKS_SCREENSHOTS=<dir> set, keep a full-page picture of the current page (docs/screenshots/)."""
    directory = os.environ.get("NOKS_SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def issued_certificate(cast, capture_on_commit, *, cohort_name: str):
    """The cast's school with a cohort of one learner (Љубица Ђорђевић), a commission, an exam held, drawn and passed
    by every vote, and its certificate issued (rendered in-process): (commission, result, certificate)."""
    from exams import services
    from exams.enums import ExamKind
    from exams.models import Learner
    from tests.exams.conftest import EXAM_DAY, members, professional_cohort
    from tests.programs.factories import StaffFactory

    school, user = cast.school_organization, cast.school
    _program, cohort, _teacher = professional_cohort(
        school, name=cohort_name, work_tasks_max=2,
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
    with capture_on_commit(execute=True):
        certificate = services.certificate_issue(result, actor=user)
    return commission, result, certificate
