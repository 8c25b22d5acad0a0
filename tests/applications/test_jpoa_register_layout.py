"""The layout of the public JPOA register on a phone: accreditations stacked (no sideways-scrolling table), dates that
do not break, long program lists behind a native disclosure as links to the programs' public pages; the organization
page's programs as a list of links, same-named programs told apart."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from applications.enums import AccreditationState
from programs.enums import Activity
from programs.search import programs_refresh_public
from tests.applications.test_jpoa_register import TODAY, make_accreditation
from tests.factories import OrganizationFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

LANGUAGE = "sr"


def page(client, url: str, **params) -> lxml.html.HtmlElement:
    response = client.get(url, params)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def register_url() -> str:
    with translation.override(LANGUAGE):
        return reverse("jpoa:register")


def organization_url(organization) -> str:
    with translation.override(LANGUAGE):
        return reverse("jpoa:organization", kwargs={"pk": organization.pk})


def program_url(program) -> str:
    with translation.override(LANGUAGE):
        return reverse("program_public", kwargs={"pk": program.pk})


def accreditation_item(doc, accreditation) -> lxml.html.HtmlElement:
    (item,) = doc.xpath(f'//*[@data-accreditation="{accreditation.pk}"]')
    return item


def summary_text(count: int) -> str:
    with translation.override(LANGUAGE):
        return ngettext("Program (%(counter)s)", "Programs (%(counter)s)", count) % {"counter": count}


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def big(cast):
    """An active accreditation with 40 programs, made public (as granting an accreditation does)."""
    organization = OrganizationFactory(name_sr="Академија „Јухор“")
    programs = [ProgramFactory(organization=organization, name_sr=f"Програм {n:02d}") for n in range(40)]
    accreditation = make_accreditation(organization, activity=Activity.PERS, programs=programs)
    programs_refresh_public([p.pk for p in programs])
    return accreditation


def test_register_has_no_sideways_table_and_states_the_status_in_words(client, big):
    doc = page(client, register_url())
    assert doc.xpath("//table") == []
    item = accreditation_item(doc, big)
    assert item.tag == "li" and item.getparent().tag == "ul"
    assert item.get("data-state") == "active"
    with translation.override(LANGUAGE):
        assert pgettext("accreditation state", "Active") in text(item)  # not only a green badge
        assert text(item.xpath(".//h3")[0]) == str(Activity.PERS.label)


def test_register_dates_do_not_break(client, big):
    item = accreditation_item(page(client, register_url()), big)
    times = item.xpath(".//time")
    assert [t.get("datetime") for t in times] == [big.valid_from.isoformat(), big.valid_until.isoformat()]
    for time in times:
        assert "text-nowrap" in time.get("class").split()


def test_register_long_program_list_is_a_closed_disclosure_of_links(client, big):
    item = accreditation_item(page(client, register_url()), big)
    (details,) = item.xpath(".//details")
    assert details.get("open") is None
    assert text(details.xpath("./summary")[0]) == summary_text(40)
    links = details.xpath("./ul/li/a")
    programs = list(big.programs.all())  # the order of the page (by name)
    assert len(links) == len(programs) == 40
    assert [a.get("href") for a in links] == [program_url(p) for p in programs]
    assert [text(a) for a in links] == [f"Програм {n:02d}" for n in range(40)]
    assert ";" not in text(details.xpath("./ul")[0])


def test_register_program_links_lead_to_the_public_pages(client, big):
    item = accreditation_item(page(client, register_url()), big)
    href = item.xpath(".//details/ul/li/a")[0].get("href")
    response = client.get(href)
    assert response.status_code == 200
    assert "Програм 00" in response.content.decode()


def test_register_short_program_list_is_open(client, cast):
    organization = OrganizationFactory()
    programs = [ProgramFactory(organization=organization) for _n in range(2)]
    accreditation = make_accreditation(organization, programs=programs)
    (details,) = accreditation_item(page(client, register_url()), accreditation).xpath(".//details")
    assert details.get("open") is not None
    assert text(details.xpath("./summary")[0]) == summary_text(2)
    assert len(details.xpath("./ul/li/a")) == 2


def test_register_programs_of_a_revoked_accreditation_are_not_links(client, cast):
    """Their public pages are gone (a program is public only in an accreditation in force)."""
    organization = OrganizationFactory()
    programs = [ProgramFactory(organization=organization, name_sr=f"Стари програм {n}") for n in range(5)]
    accreditation = make_accreditation(organization, programs=programs, state=AccreditationState.REVOKED,
                                       valid_until=TODAY + dt.timedelta(days=30))
    item = accreditation_item(page(client, register_url(), state="revoked"), accreditation)
    (details,) = item.xpath(".//details")
    assert details.xpath(".//a") == []
    assert [text(li) for li in details.xpath("./ul/li")] == [f"Стари програм {n}" for n in range(5)]


# --- the organization page -------------------------------------------------------------------------------------


def test_organization_page_lists_programs_as_links(client, big):
    doc = page(client, organization_url(big.organization))
    item = accreditation_item(doc, big)
    links = item.xpath(".//dd/ul/li/a")
    assert [a.get("href") for a in links] == [program_url(p) for p in big.programs.all()]
    assert ";" not in text(item.xpath(".//dd/ul")[0])
    validity = item.xpath(".//dl//time")
    assert [t.get("datetime") for t in validity] == [big.valid_from.isoformat(), big.valid_until.isoformat()]
    for time in validity:
        assert "text-nowrap" in time.get("class").split()


def test_organization_page_tells_same_named_programs_apart(client, cast):
    organization = OrganizationFactory()
    twins = [ProgramFactory(organization=organization, name_sr="Конобар — модул 2", duration_hours=hours)
             for hours in (442, 472)]
    single = ProgramFactory(organization=organization, name_sr="Кувар", duration_hours=100)
    accreditation = make_accreditation(organization, programs=[*twins, single])
    items = accreditation_item(page(client, organization_url(organization)), accreditation).xpath(".//dd/ul/li")
    assert [li.xpath("./a")[0].get("href") for li in items] == [program_url(p) for p in [*twins, single]]
    with translation.override(LANGUAGE):
        details = [
            "({}, {})".format(gettext("version %(version)s") % {"version": 1},
                              ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours})
            for hours in (442, 472)]
    assert [text(li) for li in items] == [f"Конобар — модул 2 {details[0]}", f"Конобар — модул 2 {details[1]}",
                                          "Кувар"]
    html = "".join(text(li) for li in items)
    for program in [*twins, single]:
        assert f"#{program.pk}" not in html and f"({program.pk})" not in html  # never an internal id


def test_same_named_programs_in_another_language_of_delivery_say_so(client, cast):
    organization = OrganizationFactory()
    twins = [ProgramFactory(organization=organization, name_sr="Продавац", duration_hours=200,
                            language_of_delivery=language) for language in ("sr", "hu")]
    accreditation = make_accreditation(organization, programs=twins)
    items = accreditation_item(page(client, register_url()), accreditation).xpath(".//details/ul/li")
    with translation.override(LANGUAGE):
        hungarian = gettext("Hungarian")
    assert hungarian not in text(items[0])
    assert text(items[1]).endswith(f", {hungarian})")
