"""Every search box matches as the public search does (issue 19, core.textsearch): the Office queue and the JPOA
register find a provider by any form of its name's words, in either script, and by the beginning of a word."""

from __future__ import annotations

import datetime as dt

import pytest

from applications.models import Accreditation, Application
from applications.selectors import QueueFilters, review_queue
from applications.selectors_jpoa import matching_organizations
from tests.applications.conftest import submit
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def morava(cast, ready):
    cast.organization.name_sr = "Центар за обуку „Морава“"
    cast.organization.name_sr_latn = "Centar za obuku „Morava“"
    cast.organization.save()
    return submit(cast, ready["program"])


@pytest.mark.parametrize(("q", "found"), [
    ("Мораве", True), ("moravi", True), ("центра за обуку", True), ("CENTRU", True), ("obuk", True),
    ("орава", False), ("дунава", False), ("центар дунав", False),
])
def test_queue_search_finds_word_forms(cast, morava, q, found):
    assert (list(review_queue(QueueFilters(q=q, state="all"), user=cast.reviewer)) == [morava]) is found


@pytest.fixture
def accredited():
    organization = OrganizationFactory(name_sr="Школа „Његош“", name_en="Njegoš School")
    application = Application.objects.create(organization=organization, state="approved")
    Accreditation.objects.create(organization=organization, application=application, activity="A-PERS",
                                 valid_from=dt.date.today(), valid_until=dt.date.today() + dt.timedelta(days=30),
                                 state="active")
    return organization


@pytest.mark.parametrize(("q", "found"), [
    ("Његоша", True), ("njegosa", True), ("школи", True), ("schools", True), ("NJEG", True),
    ("егош", False), ("школа морава", False),
])
def test_register_search_finds_word_forms(accredited, q, found):
    assert (matching_organizations(q) == [accredited.pk]) is found


def test_register_search_by_pib(accredited):
    assert matching_organizations(accredited.pib) == [accredited.pk]
