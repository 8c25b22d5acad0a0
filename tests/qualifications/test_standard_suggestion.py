"""The qualification standards' search offers the corrected query when a typo finds nothing (as the program search
does), in the script typed, and only a correction that finds a standard."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from qualifications.selectors import StandardQuery, standard_suggestion
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def standards():
    return [StandardFactory(name_sr="Кувар", is_published=True),
            StandardFactory(name_sr="Водоинсталатер", is_published=True)]


@pytest.mark.parametrize("typed, expected", [
    ("kuvr", "kuvar"), ("кувр", "кувар"), ("KUVR", "kuvar"), ("vodoinstalter", "vodoinstalater"),
    ("kuvar", ""),  # found as typed: nothing to correct
    ("xyzzyq", ""),  # nothing near
    ("kv", ""),  # too short to correct
])
def test_a_typo_is_corrected_to_a_word_of_the_standards(standards, typed, expected):
    assert standard_suggestion(StandardQuery(typed)) == expected


def test_the_page_offers_the_correction_that_finds_the_standard(client, standards):
    page = client.get(reverse("qualifications:standards"), {"q": "kuvr"})
    html = page.content.decode()
    assert gettext("Did you mean:") in html and 'href="?q=kuvar"' in html
    assert page.context["page"].paginator.count == 0
    corrected = client.get(reverse("qualifications:standards"), {"q": "kuvar"})
    assert [s.name_sr for s in corrected.context["page"].object_list] == ["Кувар"]
    assert gettext("Did you mean:") not in corrected.content.decode()


def test_a_standard_page_leads_to_its_accredited_programs(client, standards):
    from tests.programs.factories import CompleteProgramFactory
    from tests.programs.test_search import accredit
    from django.utils.translation import ngettext

    standard = standards[0]
    url = reverse("qualifications:standard", kwargs={"code": standard.code})
    assert gettext("No accredited program for this standard yet.") in client.get(url).content.decode()
    accredit(CompleteProgramFactory(qualification_standard=standard))
    html = client.get(url).content.decode()
    assert f'?standard={standard.code}"' in html
    assert ngettext("%(counter)s accredited program for this standard", "%(counter)s accredited programs for this "
                    "standard", 1) % {"counter": 1} in html
    found = client.get(reverse("program_search"), {"standard": standard.code}).context["result"].count
    assert found == 1
