"""/api/v1/register/: the JPOA register with the register page's filters (applications.selectors_jpoa)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Accreditation
from programs.enums import Activity
from tests.api.conftest import TODAY, accredit
from tests.factories import OrganizationFactory
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db
REGISTER = "/api/v1/register/"


@pytest.fixture
def revoked(db):
    program = CompleteProgramFactory(organization=OrganizationFactory(name_sr="Школа „Његош“"),
                                     activity=Activity.CAREER, kind=None)
    accreditation = accredit(program)
    Accreditation.objects.filter(pk=accreditation.pk).update(state="revoked", revoked_at=timezone.now())
    return accreditation


@pytest.fixture
def lapsed(db):
    """Active in the table but past its last day: the public sees it expired."""
    program = CompleteProgramFactory(organization=OrganizationFactory(name_sr="Центар „Стари“"))
    return accredit(program, valid_from=TODAY - dt.timedelta(days=400), valid_until=TODAY - dt.timedelta(days=2))


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_register_lists_active_accreditations_with_organization_and_programs(client, cook, revoked, lapsed):
    data = client.get(REGISTER).json()
    row = data["results"][0]

    assert data["count"] == 1
    assert row["organization"] == {"id": cook.organization_id, "name": {
        "sr": "Центар „Ђорђе Стефановић“", "sr_latn": "Centar „Đorđe Stefanović“", "en": "Đorđe Stefanović Centre"}}
    assert (row["pib"], row["mb"]) == (cook.organization.pib, cook.organization.mb)
    assert row["municipality"]["id"] == cook.organization.municipality_id
    assert (row["activity"], row["state"], row["revoked_on"]) == ("A-COMP", "active", None)
    assert row["valid_until"] == (TODAY + dt.timedelta(days=365)).isoformat()
    assert row["programs"] == [{"id": cook.pk, "version": 1, "name": {"sr": "Кувар — основна обука",
                                                         "sr_latn": "Kuvar — osnovna obuka",
                                                         "en": "Cook — basic training"}}]
    assert row["url"] == f"http://testserver/sr/jpoa-register/{cook.organization_id}/"


def test_register_state_filter(client, cook, revoked, lapsed):
    revoked_rows = client.get(REGISTER, {"state": "revoked"}).json()["results"]

    assert ids(client.get(REGISTER, {"state": "expired"})) == [lapsed.pk]
    assert [r["id"] for r in revoked_rows] == [revoked.pk]
    assert revoked_rows[0]["revoked_on"] == TODAY.isoformat()
    assert client.get(REGISTER, {"state": "all"}).json()["count"] == 3


@pytest.mark.parametrize("query", ["његош", "NJEGOS", "Njegoš"])
def test_register_any_spelling_of_the_name_finds_the_organization(client, cook, revoked, query):
    assert ids(client.get(REGISTER, {"q": query, "state": "all"})) == [revoked.pk]


def test_register_activity_municipality_and_pib_filters(client, cook, revoked):
    assert ids(client.get(REGISTER, {"activity": "A-CAREER", "state": "all"})) == [revoked.pk]
    assert ids(client.get(REGISTER, {"q": cook.organization.pib})) == [cook.accreditations.get().pk]
    assert client.get(REGISTER, {"municipality": cook.organization.municipality_id, "state": "all"}
                      ).json()["count"] == 2


def test_register_runs_the_same_number_of_queries_for_2_and_20_rows(client, db):
    def make(count):
        for _ in range(count):
            accredit(CompleteProgramFactory(), )

    make(2)
    with CaptureQueriesContext(connection) as two:
        assert client.get(REGISTER).json()["count"] == 2
    make(18)
    with CaptureQueriesContext(connection) as twenty:
        assert len(client.get(REGISTER).json()["results"]) == 20

    assert len(two) == len(twenty)


@pytest.mark.parametrize(("params", "parameter"), [
    ({"state": "dormant"}, "state"),
    ({"activity": "NOPE"}, "activity"),
    ({"municipality": "abc"}, "municipality"),
    ({"municipality": "99999999"}, "municipality"),
    ({"page": "0"}, "page"),
    ({"page_size": "101"}, "page_size"),
])
def test_register_malformed_parameter_is_a_400_naming_it(client, cook, params, parameter):
    for path in (REGISTER, "/api/v1/register.csv"):
        response = client.get(path, params)
        assert response.status_code == 400, path
        assert parameter in response.json()["errors"]
