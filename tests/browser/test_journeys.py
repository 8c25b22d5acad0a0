"""End-to-end journeys in a real browser: every role signs in, switches language, and every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import watch_csp
from tests.browser.helpers import confirm_address, field, sign_in, sign_out, sr
from tests.factories import StandardFactory, make_cast

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_public_visitor_searches_and_switches_language(page, axe):
    StandardFactory(code="10-3-001", name_sr="Кувар", name_en="Cook")
    page.goto("/")
    assert page.url.endswith("/sr/")
    assert page.get_by_role("heading", level=1).count() == 1
    axe(page)
    field(page, "Пронађите стандард квалификације").fill("kuvar")
    page.get_by_role("button", name="Претрага").click()
    expect(page.get_by_role("link", name="Кувар")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Srpski (latinica)").click()
    page.wait_for_url(re.compile(r"/sr-latn/qualifications/\?q=kuvar"))
    expect(page.get_by_role("link", name="Kuvar")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/qualifications/"))
    expect(page.get_by_role("link", name="Cook")).to_be_visible()
    page.get_by_role("link", name="Cook").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cook")
    axe(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="NOKS levels").click()
    page.get_by_role("link", name=re.compile(r"^Level 6\.1")).click()
    expect(page.get_by_role("heading", name="Descriptors")).to_be_visible()
    axe(page)
    assert len(axe.checked) == 5


ROLE_PAGES = {
    "owner": ["/sr/organization/", "/sr/organization/members/", "/sr/organization/edit/"],
    "colleague": ["/sr/organization/", "/sr/organization/members/"],
    "other": ["/sr/organization/"],
    "school": ["/sr/organization/", "/sr/organization/members/"],
    "reviewer": ["/sr/office/organizations/"],
    "decider": ["/sr/office/organizations/"],
    "admin": ["/sr/office/organizations/", "/sr/accounts/password/change/"],
}


def test_every_role_signs_in_and_sees_its_pages(page, axe):
    cast = make_cast()
    for username, paths in ROLE_PAGES.items():
        sign_in(page, username, axe=axe)  # the Office and the administrator set up their second factor
        axe(page)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, (username, path)
            axe(page)
        page.get_by_role("link", name="Srpski (latinica)").click()
        assert page.locator("html").get_attribute("lang") == "sr-latn"
        axe(page)
        sign_out(page)
    assert cast.organization.name_sr  # the cast existed for the whole journey
    # per role: sign-in, dashboard, its pages, Latin; the three needing a second factor: set-up and recovery codes
    assert len(axe.checked) == sum(len(p) + 3 for p in ROLE_PAGES.values()) + 3 * 2


def test_provider_registers_after_fixing_a_bad_pib(page, axe, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page.goto("/sr/register/")
    axe(page)
    field(page, "Име").fill("Љиљана")
    field(page, "Презиме").fill("Петровић")
    field(page, "Имејл адреса").fill("ljiljana@primer.rs")
    field(page, "Лозинка").fill("planina-Rtanj-1565")
    field(page, "Поновите лозинку").fill("planina-Rtanj-1565")
    field(page, "Врста организације").select_option("jpoa")
    field(page, "Назив (на српском, ћирилицом)").fill("Центар ЉУБОВИЈА")
    field(page, "ПИБ (порески идентификациони број)").fill("101134703")
    field(page, "МБ (матични број)").fill("17123456")
    field(page, "Адреса").fill("Војводе Мишића 12")
    field(page, "Општина").select_option(label="Љубовија")
    page.get_by_role("button", name="Региструј се").click()
    expect(page.get_by_text(re.compile("ПИБ није исправан: контролна цифра"))).to_be_visible()
    expect(field(page, "Назив (на српском, ћирилицом)")).to_have_value("Центар ЉУБОВИЈА")
    axe(page)
    field(page, "ПИБ (порески идентификациони број)").fill("101134702")
    field(page, "Лозинка").fill("planina-Rtanj-1565")
    field(page, "Поновите лозинку").fill("planina-Rtanj-1565")
    page.get_by_role("button", name="Региструј се").click()
    page.wait_for_url(re.compile(r"/sr/register/sent/$"))
    axe(page)
    # signed in before confirming: reading works, saving is refused with the offer of a new link
    sign_in(page, "ljiljana@primer.rs", "planina-Rtanj-1565")
    page.goto("/sr/organization/edit/")
    page.get_by_role("button", name=sr("Save")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sr("Confirm your e-mail address first"))
    axe(page)
    confirm_address(page, "ljiljana@primer.rs", axe)
    page.wait_for_url(re.compile(r"/sr/accounts/me/$"))
    page.goto("/sr/organization/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Центар ЉУБОВИЈА")
    axe(page)


def test_pages_fit_a_phone_screen(browser, live_server, reference_data, axe):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    violations = watch_csp(page)
    for path in ("/sr/", "/sr/qualifications/", "/sr/qualifications/levels/", "/sr/register/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        axe(page)
    levels = page.get_by_role("navigation", name="Главна навигација").get_by_role("link", name="Нивои НОКС-а")
    assert not levels.is_visible()  # folded away on a phone
    page.get_by_role("button", name="Прикажи или сакриј мени").click()
    levels.wait_for(state="visible")
    expect(page.get_by_role("link", name="Пријава")).to_be_visible()  # the account links stay in the top bar
    context.close()
    assert violations == []
