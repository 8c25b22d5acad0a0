"""End-to-end journeys in a real browser: every role signs in, switches language, and every page passes axe."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, StandardFactory, make_cast

pytestmark = [pytest.mark.browser, pytest.mark.services]


def field(page, label: str):
    """A form field by its visible label; crispy forms adds an asterisk to required ones."""
    pattern = re.escape(label).replace("\\ ", " ")  # JavaScript's unicode regexes reject an escaped space
    return page.get_by_label(re.compile(rf"^\s*{pattern}\s*\*?\s*$", re.IGNORECASE))


def sign_in(page, username: str) -> None:
    page.goto("/sr/accounts/login/")
    field(page, "Корисничко име").fill(username)
    field(page, "Лозинка").fill(PASSWORD)
    page.get_by_role("button", name="Пријава").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))


def sign_out(page) -> None:
    page.get_by_role("button", name=re.compile("Одјава|Odjava|Sign out")).click()
    page.wait_for_url(re.compile(r"/(sr|sr-latn|en)/$"))


def test_public_visitor_searches_and_switches_language(page, axe):
    StandardFactory(code="10-3-001", name_sr="Кувар", name_en="Cook")
    page.goto("/")
    assert page.url.endswith("/sr/")
    assert page.get_by_role("heading", level=1).count() == 1
    axe(page)
    field(page, "Пронађите стандард квалификације").fill("kuvar")
    page.get_by_role("button", name="Претрага").click()
    assert page.get_by_role("link", name="Кувар").is_visible()
    axe(page)
    page.get_by_role("link", name="Srpski (latinica)").click()
    page.wait_for_url(re.compile(r"/sr-latn/qualifications/\?q=kuvar"))
    assert page.get_by_role("link", name="Kuvar").is_visible()
    axe(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/qualifications/"))
    assert page.get_by_role("link", name="Cook").is_visible()
    page.get_by_role("link", name="Cook").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Cook"
    axe(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="NOKS levels").click()
    page.get_by_role("link", name=re.compile(r"^Level 6\.1")).click()
    assert page.get_by_role("heading", name="Descriptors").is_visible()
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
        sign_in(page, username)
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
    assert len(axe.checked) == sum(len(p) + 2 for p in ROLE_PAGES.values())


def test_provider_registers_after_fixing_a_bad_pib(page, axe):
    page.goto("/sr/register/")
    axe(page)
    field(page, "Име").fill("Љиљана")
    field(page, "Презиме").fill("Петровић")
    field(page, "Имејл адреса").fill("ljiljana@primer.rs")
    field(page, "Корисничко име").fill("ljiljana")
    field(page, "Лозинка").fill("planina-Rtanj-1565")
    field(page, "Поновите лозинку").fill("planina-Rtanj-1565")
    field(page, "Врста организације").select_option("jpoa")
    field(page, "Назив (на српском, ћирилицом)").fill("Центар ЉУБОВИЈА")
    field(page, "ПИБ (порески идентификациони број)").fill("101134703")
    field(page, "МБ (матични број)").fill("17123456")
    field(page, "Адреса").fill("Војводе Мишића 12")
    field(page, "Општина").select_option(label="Љубовија")
    page.get_by_role("button", name="Региструј се").click()
    assert page.get_by_text(re.compile("ПИБ није исправан: контролна цифра")).is_visible()
    assert field(page, "Назив (на српском, ћирилицом)").input_value() == "Центар ЉУБОВИЈА"
    axe(page)
    field(page, "ПИБ (порески идентификациони број)").fill("101134702")
    field(page, "Лозинка").fill("planina-Rtanj-1565")
    field(page, "Поновите лозинку").fill("planina-Rtanj-1565")
    page.get_by_role("button", name="Региструј се").click()
    page.wait_for_url(re.compile(r"/sr/organization/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Центар ЉУБОВИЈА"
    axe(page)


def test_pages_fit_a_phone_screen(browser, live_server, reference_data, axe):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ("/sr/", "/sr/qualifications/", "/sr/qualifications/levels/", "/sr/register/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        axe(page)
    page.get_by_role("button", name="Прикажи или сакриј мени").click()
    assert page.get_by_role("link", name="Пријава").is_visible()
    context.close()
