"""The public finds an accredited program in either script, narrows the results, and opens the program page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from noks_portal import demo_workflow
from tests.browser.helpers import button, field, screenshot, sr
from tests.factories import make_cast

pytestmark = [pytest.mark.browser, pytest.mark.services]


def test_a_visitor_finds_a_program_in_cyrillic_and_latin_filters_and_opens_it(page, axe):
    cast = make_cast()
    program = demo_workflow.complete_records(cast.other_organization, actor=cast.other,
                                             program_name="Основи рада на рачунару за одрасле")
    demo_workflow.approved_application(cast.other_organization, program, actor=cast.other, reviewer=cast.reviewer,
                                       decider=cast.decider)
    unaccredited = demo_workflow.complete_records(cast.organization, actor=cast.owner,
                                                  program_name="Рачунар без статуса")

    page.goto("/sr/")
    field(page, sr("Find an accredited program")).fill("рачунар")
    button(page, sr("Find programs")).click()
    page.wait_for_url(re.compile(r"/sr/search/\?q="))
    results = page.locator("article")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Основи рада на рачунару за одрасле")
    expect(page.get_by_text(unaccredited.name_sr)).to_have_count(0)
    axe(page)
    screenshot(page, "30-program-search")

    field(page, sr("Program, provider, place or qualification")).fill("RACUNAR za ODRASLE")
    button(page, sr("Find programs")).click()
    expect(page.locator("article")).to_have_count(1)
    axe(page)

    # Narrow down by a facet: the link keeps the query in the address.
    page.get_by_role("complementary").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"q=RACUNAR\+za\+ODRASLE&.+="))
    expect(page.locator("article")).to_have_count(1)
    axe(page)

    page.get_by_role("link", name="Основи рада на рачунару за одрасле").click()
    page.wait_for_url(re.compile(rf"/sr/program/{program.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Основи рада на рачунару за одрасле")
    axe(page)
    screenshot(page, "31-program-page")
    page.get_by_role("link", name="Srpski (latinica)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Osnovi rada na računaru za odrasle")
    axe(page)
