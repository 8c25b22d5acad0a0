"""/api/v1/programs/<id>/elm.jsonld: the program as an ELM 3 LearningOpportunity in JSON-LD."""

from __future__ import annotations

import pytest

from api.elm import EDC_CONTEXT, hours_duration, line_maps
from tests.programs.factories import ModuleFactory

pytestmark = pytest.mark.django_db


def jsonld(client, program):
    response = client.get(f"/api/v1/programs/{program.pk}/elm.jsonld")
    assert response.status_code == 200
    return response


def test_jsonld_is_served_as_application_ld_json(client, cook):
    response = jsonld(client, cook)
    other_accept = client.get(f"/api/v1/programs/{cook.pk}/elm.jsonld", HTTP_ACCEPT="application/json")

    assert response["Content-Type"] == "application/ld+json"
    assert other_accept["Content-Type"] == "application/ld+json"


def test_jsonld_is_a_learning_opportunity_with_a_specification(client, cook):
    data = jsonld(client, cook).json()
    spec = data["learningAchievementSpecification"]

    assert data["@context"][0] == EDC_CONTEXT
    assert data["@context"][1]["microcredential"]["@type"] == "@json"
    assert data["@type"] == "LearningOpportunity"
    assert data["@id"] == f"http://testserver/api/v1/programs/{cook.pk}/elm.jsonld"
    assert data["homepage"] == [{"@type": "WebResource", "contentURL": f"http://testserver/sr/program/{cook.pk}/"}]
    assert spec["@type"] == "LearningAchievementSpecification"
    assert data["title"] == spec["title"] == {"sr": "Кувар — основна обука", "sr-Latn": "Kuvar — osnovna obuka",
                                              "en": "Cook — basic training"}
    assert spec["volumeOfLearning"] == "PT120H"
    assert spec["entryRequirement"] == {"@type": "Note", "noteLiteral": {"sr": "Завршена основна школа.",
                                                                         "sr-Latn": "Završena osnovna škola."}}
    assert spec["learningSetting"]["@id"] == "http://data.europa.eu/snb/learning-setting/e207a81fc7"
    assert spec["language"][0]["@id"] == "http://publications.europa.eu/resource/authority/language/SRP"
    assert spec["provenBy"][0]["description"]["sr"] == "Завршни испит."
    assert data["temporal"][0]["startDate"] == cook.starts_on.isoformat()
    assert data["dateModified"] == spec["dateModified"] == cook.updated_at.isoformat()


def test_jsonld_lists_each_outcome_line_and_the_modules(client, cook):
    spec = jsonld(client, cook).json()["learningAchievementSpecification"]

    assert [o["title"]["sr"] for o in spec["learningOutcome"]] == [
        "Полазник припрема јела.", "Полазник одржава хигијену.", "Посебни исходи."]
    assert all(o["@type"] == "LearningOutcome" for o in spec["learningOutcome"])
    assert [(p["title"]["sr"], p["volumeOfLearning"]) for p in spec["hasPart"]] == [
        ("Хигијена у кухињи", "PT40H"), ("Топла јела", "PT80H")]
    assert spec["hasPart"][0]["learningOutcome"][0]["title"]["sr-Latn"] == "Održava higijenu."


def test_jsonld_gives_the_eqf_level_of_the_standard(client, cook):
    spec = jsonld(client, cook).json()["learningAchievementSpecification"]

    assert spec["eqfLevel"]["@id"] == "http://data.europa.eu/snb/eqf/4"
    assert spec["eqfLevel"]["inScheme"]["@id"] == "http://data.europa.eu/snb/eqf/25831c2"
    assert spec["nqfLevel"]["notation"] == "4"
    qualification = spec["specialisationOf"][0]
    assert qualification["@type"] == "Qualification"
    assert qualification["identifier"]["notation"] == "KUV-4"
    assert qualification["eqfLevel"]["@id"] == "http://data.europa.eu/snb/eqf/4"


def test_jsonld_without_standard_has_no_eqf_level(client, painter):
    spec = jsonld(client, painter).json()["learningAchievementSpecification"]

    assert "eqfLevel" not in spec and "specialisationOf" not in spec
    assert spec["language"][0]["notation"] == "HUN"


def test_jsonld_names_the_provider_with_its_country(client, cook):
    data = jsonld(client, cook).json()
    provider = data["providedBy"]
    awarding = data["learningAchievementSpecification"]["awardingOpportunity"][0]["awardingBody"][0]

    assert provider["@type"] == "Organisation"
    assert provider["legalName"]["sr"] == "Центар „Ђорђе Стефановић“"
    assert provider["vatIdentifier"]["notation"] == cook.organization.pib
    country = provider["location"]["address"]["countryCode"]
    assert (country["@id"], country["notation"]) == ("http://publications.europa.eu/resource/authority/country/SRB",
                                                      "RS")
    assert awarding == {"@id": provider["@id"], "@type": "Organisation", "legalName": provider["legalName"]}


def test_jsonld_carries_the_microcredential_count(client, cook):
    data = jsonld(client, cook).json()

    assert (data["microcredential"]["present"], data["microcredential"]["of"]) == (9, 11)
    assert len(data["microcredential"]["elements"]) == 11


def test_line_maps_pair_translations_only_when_the_lines_agree(db, cook):
    module = ModuleFactory(program=cook, outcomes_sr="Први.\nДруги.", outcomes_sr_latn="Prvi.\nDrugi.",
                           outcomes_en="Only one line.")

    assert line_maps(module, "outcomes") == [{"sr": "Први.", "sr-Latn": "Prvi."},
                                             {"sr": "Други.", "sr-Latn": "Drugi."}]


@pytest.mark.parametrize(("hours", "duration"), [(120, "PT120H"), (1, "PT1H"), (None, None), (0, None)])
def test_hours_become_an_iso_8601_duration(hours, duration):
    assert hours_duration(hours) == duration
