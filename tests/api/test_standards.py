"""/api/v1/standards/: the published NOKS qualification standards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications.models import NoksLevel, Sector
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def standards(db):
    cook = StandardFactory(code="KUV-4", name_sr="Кувар специјалиста", name_en="Specialist cook",
                           level=NoksLevel.objects.get(code="4"), min_hours=300, max_hours=600,
                           purpose_sr="Сврха стандарда.")
    welder = StandardFactory(code="ZAV-3", name_sr="Заваривач", name_en="Welder",
                             outcomes_sr="Заварује метал.")
    hidden = StandardFactory(code="SKR-3", name_sr="Кувар — нацрт", is_published=False)
    return cook, welder, hidden


def test_standards_list_shows_published_standards(client, standards):
    data = client.get("/api/v1/standards/").json()

    assert data["count"] == 2
    assert [row["code"] for row in data["results"]] == ["ZAV-3", "KUV-4"]  # by level, then code
    row = data["results"][1]
    assert row["name"] == {"sr": "Кувар специјалиста", "sr_latn": "Kuvar specijalista", "en": "Specialist cook"}
    assert (row["level"]["code"], row["level"]["eqf_level"]) == ("4", 4)
    assert (row["min_hours"], row["max_hours"]) == (300, 600)
    assert row["url"] == "http://testserver/sr/qualifications/standards/KUV-4/"
    assert row["programs"] == "http://testserver/api/v1/programs/?standard=KUV-4"


@pytest.mark.parametrize("query", ["кувар", "kuvar", "KUVAR", "Kuvár specijalista", "КУВ-4"])
def test_standards_cyrillic_and_latin_queries_find_the_same_standard(client, standards, query):
    data = client.get("/api/v1/standards/", {"q": query}).json()

    assert [row["code"] for row in data["results"]] == ["KUV-4"]


def test_standards_filter_by_level_and_sector(client, standards):
    sector = standards[1].sector.code

    assert [r["code"] for r in client.get("/api/v1/standards/", {"level": "3"}).json()["results"]] == ["ZAV-3"]
    assert client.get("/api/v1/standards/", {"sector": sector}).json()["count"] == 2


def test_standard_detail_has_purpose_and_outcomes(client, standards):
    data = client.get("/api/v1/standards/KUV-4/").json()

    assert data["code"] == "KUV-4"
    assert data["purpose"]["sr"] == "Сврха стандарда."
    assert data["outcomes"]["sr"] == "Полазник ће бити у стању да припреми јело."
    assert data["requires_level"] is None


def test_unpublished_or_unknown_standard_is_404(client, standards):
    assert client.get("/api/v1/standards/SKR-3/").status_code == 404
    assert client.get("/api/v1/standards/NOPE/").status_code == 404


def test_standards_list_runs_the_same_number_of_queries_for_2_and_20_rows(client, db):
    StandardFactory.create_batch(2)
    with CaptureQueriesContext(connection) as two:
        assert client.get("/api/v1/standards/").json()["count"] == 2
    StandardFactory.create_batch(18)
    with CaptureQueriesContext(connection) as twenty:
        assert len(client.get("/api/v1/standards/").json()["results"]) == 20

    assert len(two) == len(twenty)


@pytest.mark.parametrize(("params", "parameter"), [
    ({"level": "9"}, "level"),
    ({"level": "four"}, "level"),
    ({"sector": "ZZZZZZZ"}, "sector"),
    ({"sector": "x\x00"}, "sector"),
    ({"page": "-1"}, "page"),
    ({"page": "2"}, "page"),
    ({"page_size": "1000"}, "page_size"),
])
def test_standards_malformed_parameter_is_a_400_naming_it(client, standards, params, parameter):
    for path in ("/api/v1/standards/", "/api/v1/standards.csv"):
        if path.endswith(".csv") and parameter == "page" and params["page"] == "2":
            continue  # the CSV has no pages: any page is all rows
        response = client.get(path, params)
        assert response.status_code == 400, path
        assert parameter in response.json()["errors"]


def test_standards_unknown_sector_code_is_a_400_but_a_known_one_is_not(client, standards):
    known = Sector.objects.order_by("code").first().code

    assert client.get("/api/v1/standards/", {"sector": known}).status_code == 200
