"""Data Europe can harvest (issue 21): the register and the programs as paged ELM 3 datasets with change dates, and a
DCAT-AP catalogue of every download. Checked against the LOQ application profile's shapes as a field list (the
SHACL files cannot be obtained here: docs/open-data-harvest.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from api import harvest
from applications.models import Accreditation
from programs.models import Program
from tests.api.conftest import accredit, many_public_programs
from tests.factories import OrganizationFactory
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db

# The LOQ application profile (ELM 3): each shape is closed; these are its mandatory properties (minCount 1) and
# every property it allows, by their JSON-LD names in the EDC context.
ACCREDITATION_MANDATORY = {"dcType", "title", "organisation", "accreditingAgent"}
ACCREDITATION_ALLOWED = ACCREDITATION_MANDATORY | {
    "@id", "@type", "identifier", "description", "decision", "report", "limitQualification", "limitField",
    "limitEQFLevel", "limitJurisdiction", "dateIssued", "reviewDate", "expiryDate", "additionalNote", "homepage",
    "landingPage", "supplementaryDocument", "status", "dateModified", "publisher", "valid"}
OPPORTUNITY_MANDATORY = {"title", "homepage", "providedBy", "learningAchievementSpecification", "defaultLanguage"}
OPPORTUNITY_ALLOWED = OPPORTUNITY_MANDATORY | {
    "@id", "@type", "identifier", "description", "dcType", "additionalNote", "supplementaryDocument", "temporal",
    "duration", "mode", "learningSchedule", "scheduleInformation", "admissionProcedure", "applicationDeadline",
    "priceDetail", "location", "learningActivitySpecification", "hasPart", "isPartOf", "bannerImage", "grant",
    "dateModified", "publisher", "status",
    "microcredential"}  # the portal's extension, declared in the document's own context


def _iso(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


def test_the_register_dataset_has_every_state_with_the_profiles_fields(client, cook, painter):
    revoked = accredit(CompleteProgramFactory(organization=OrganizationFactory(name_sr="Школа „Његош“")))
    Accreditation.objects.filter(pk=revoked.pk).update(state="revoked", revoked_at=timezone.now())
    response = client.get("/api/v1/elm/accreditations/")
    assert response["Content-Type"].startswith("application/ld+json")
    body = response.json()
    assert body["@type"] == "hydra:Collection" and body["totalItems"] == 3
    statuses = {}
    for node in body["member"]:
        assert node["@type"] == "Accreditation"
        assert ACCREDITATION_MANDATORY <= set(node) <= ACCREDITATION_ALLOWED, set(node) ^ ACCREDITATION_ALLOWED
        assert node["title"]["sr"].startswith("Статус јавно признатог организатора")
        assert node["organisation"]["@type"] == "Organisation" and node["organisation"]["vatIdentifier"]["notation"]
        assert node["accreditingAgent"]["@type"] == "Organisation"
        assert _iso(node["dateIssued"]) <= _iso(node["expiryDate"])
        _iso(node["dateModified"])
        statuses[node["organisation"]["legalName"]["sr"]] = node["status"]
    assert statuses["Школа „Његош“"] == "revoked"
    assert sorted(statuses.values()) == ["active", "active", "revoked"]


def test_the_programs_dataset_nodes_carry_the_profiles_mandatory_fields(client, cook, painter, draft):
    body = client.get("/api/v1/elm/learning-opportunities/").json()
    assert body["totalItems"] == 2  # the draft is not public
    for node in body["member"]:
        assert node["@type"] == "LearningOpportunity" and "@context" not in node
        assert OPPORTUNITY_MANDATORY <= set(node) <= OPPORTUNITY_ALLOWED, set(node) ^ OPPORTUNITY_ALLOWED
        assert node["defaultLanguage"]["notation"] == "SRP"
        assert node["learningAchievementSpecification"]["@type"] == "LearningAchievementSpecification"
    assert [n["title"]["sr"] for n in body["member"]] == [
        p.name_sr for p in Program.objects.filter(pk__in=[cook.pk, painter.pk]).order_by("updated_at", "pk")]
    assert _iso(body["dateModified"]) == max(cook.updated_at, painter.updated_at)


def test_the_datasets_are_paged_stably_with_first_next_previous_and_last(client, cook):
    many_public_programs(harvest.PAGE_SIZE + 20)
    first = client.get("/api/v1/elm/learning-opportunities/").json()
    assert (first["totalItems"], len(first["member"])) == (harvest.PAGE_SIZE + 21, harvest.PAGE_SIZE)
    assert "previous" not in first["view"] and first["view"]["next"].endswith("?page=2")
    second = client.get(first["view"]["next"]).json()
    assert len(second["member"]) == 21 and "next" not in second["view"]
    assert second["view"]["previous"].endswith("?page=1") and second["view"]["last"] == first["view"]["last"]
    ids = [n["@id"] for n in first["member"] + second["member"]]
    assert len(set(ids)) == harvest.PAGE_SIZE + 21  # every program once


def test_modified_since_gives_only_what_changed_on_or_after_that_day(client, cook, painter):
    today = timezone.localdate()
    Program.objects.filter(pk=cook.pk).update(updated_at=timezone.now() - dt.timedelta(days=10))
    since = client.get("/api/v1/elm/learning-opportunities/",
                       {"modified_since": (today - dt.timedelta(days=1)).isoformat()}).json()
    assert [n["title"]["sr"] for n in since["member"]] == [painter.name_sr]
    assert "modified_since=" in since["view"]["@id"]
    older = client.get("/api/v1/elm/learning-opportunities/",
                       {"modified_since": (today - dt.timedelta(days=11)).isoformat()}).json()
    assert older["totalItems"] == 2


@pytest.mark.parametrize("params, name", [({"page": "0"}, "page"), ({"page": "x"}, "page"), ({"page": "9"}, "page"),
                                          ({"modified_since": "2026-13-01"}, "modified_since")])
def test_a_malformed_parameter_is_a_400_naming_it(client, cook, params, name):
    for path in ("/api/v1/elm/learning-opportunities/", "/api/v1/elm/accreditations/"):
        response = client.get(path, params)
        assert response.status_code == 400 and name in response.json()["errors"], path


def test_the_catalogue_describes_every_download_of_every_dataset(client, cook):
    body = client.get("/api/v1/catalog.jsonld").json()
    assert body["@type"] == "dcat:Catalog" and body["dct:title"] and body["dct:description"] and body["dct:publisher"]
    datasets = {d["dct:identifier"]: d for d in body["dcat:dataset"]}
    assert set(datasets) == {"jpoa-register", "accredited-programs", "noks-qualification-standards"}
    downloads = set()
    for dataset in datasets.values():
        assert dataset["@type"] == "dcat:Dataset" and dataset["dct:title"] and dataset["dct:description"]
        assert dataset["dcat:theme"]["@id"].endswith("/data-theme/EDUC")
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            url = distribution["dcat:accessURL"]["@id"]
            assert distribution["dct:format"]["@id"].rsplit("/", 1)[1] in {"CSV", "XLSX", "JSON", "JSON_LD"}
            response = client.get(url.removeprefix("http://testserver"))
            assert response.status_code == 200, url
            downloads.add(url.removeprefix("http://testserver"))
    assert {"/api/v1/programs.csv", "/api/v1/programs.xlsx", "/api/v1/register.csv", "/api/v1/register.xlsx",
            "/api/v1/standards.csv", "/api/v1/standards.xlsx", "/api/v1/elm/accreditations/",
            "/api/v1/elm/learning-opportunities/"} <= downloads
    assert datasets["accredited-programs"]["dct:modified"]["@value"] == cook.updated_at.isoformat()


def test_the_harvest_pages_take_a_constant_number_of_queries(client, cook, django_assert_max_num_queries):
    many_public_programs(30)
    with django_assert_max_num_queries(12):
        opportunities = client.get("/api/v1/elm/learning-opportunities/").json()
    assert opportunities["totalItems"] == len(opportunities["member"]) == 31  # every node built, none fetched alone
    for program in Program.objects.all()[:10]:
        accredit(program)
    with django_assert_max_num_queries(12):
        accreditations = client.get("/api/v1/elm/accreditations/").json()
    assert len(accreditations["member"]) == accreditations["totalItems"] >= 10
    assert all(node["organisation"]["legalName"] for node in accreditations["member"])
