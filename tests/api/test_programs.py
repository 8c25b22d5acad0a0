"""/api/v1/programs/: the public programs with the search page's filters, one public program with its elements and
the micro-credential elements it carries, constant queries, cache headers and a 400 for every malformed value."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Accreditation
from programs.search import programs_refresh_public
from tests.api.conftest import TODAY, many_public_programs

pytestmark = pytest.mark.django_db

LIST = "/api/v1/programs/"


def split(url: str) -> tuple[str, dict]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)


def get(client, path, **params):
    return client.get(path, params)


def test_programs_list_shows_public_programs_with_provider_and_standard(client, cook, painter, draft):
    response = get(client, LIST)
    data = response.json()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert data["count"] == 2
    assert (data["page"], data["page_size"], data["next"], data["previous"]) == (1, 20, None, None)
    assert [row["name"]["sr"] for row in data["results"]] == ["Кувар — основна обука", "Сликарство за одрасле"]
    row = data["results"][0]
    assert row["id"] == cook.pk
    assert row["name"] == {"sr": "Кувар — основна обука", "sr_latn": "Kuvar — osnovna obuka",
                           "en": "Cook — basic training"}
    assert row["provider"]["id"] == cook.organization_id
    assert row["provider"]["name"]["sr_latn"] == "Centar „Đorđe Stefanović“"
    assert row["provider"]["municipality"]["id"] == cook.organization.municipality_id
    assert row["qualification_standard"] == {"code": "KUV-4", "name": {"sr": "Кувар специјалиста",
                                                                      "sr_latn": "Kuvar specijalista",
                                                                      "en": "Specialist cook"},
                                             "noks_level": "4", "eqf_level": 4}
    assert (row["activity"], row["kind"], row["language_of_delivery"], row["duration_hours"]) == \
        ("A-COMP", 1, "sr", 120)
    assert row["url"] == f"http://testserver/sr/program/{cook.pk}/"
    assert row["jsonld"] == f"http://testserver/api/v1/programs/{cook.pk}/elm.jsonld"
    assert data["results"][1]["qualification_standard"] is None


def test_programs_list_has_facets_with_counts(client, cook, painter):
    facets = get(client, LIST).json()["facets"]

    assert {"level", "activity", "kind", "municipality", "language"} <= set(facets)  # those of the search page
    assert facets["level"] == [{"value": "4", "label": "4", "count": 1}]
    assert sorted((v["value"], v["count"]) for v in facets["language"]) == [("hu", 1), ("sr", 1)]


@pytest.mark.parametrize("query", ["кувар", "kuvar", "KUVAR", "Ђорђе", "Djordje", "djordje stefanovic"])
def test_programs_cyrillic_and_latin_queries_find_the_same_program(client, cook, painter, query):
    data = get(client, LIST, q=query).json()

    assert [row["id"] for row in data["results"]] == [cook.pk]


@pytest.mark.parametrize(("params", "expected"), [
    ({"level": "4"}, ["cook"]),
    ({"standard": "KUV-4"}, ["cook"]),
    ({"kind": "8"}, ["painter"]),
    ({"activity": "A-COMP"}, ["cook"]),
    ({"language": "hu"}, ["painter"]),
    ({"min_hours": "100"}, ["cook"]),
    ({"max_hours": "50"}, ["painter"]),
    ({"starting_soon": "1"}, ["cook"]),
    ({"q": "сликарство", "unknown": "ignored"}, ["painter"]),
])
def test_programs_filters_are_those_of_the_search_page(client, cook, painter, params, expected):
    ids = {"cook": cook.pk, "painter": painter.pk}

    assert [row["id"] for row in get(client, LIST, **params).json()["results"]] == [ids[e] for e in expected]


def test_programs_filter_by_provider_and_municipality(client, cook, painter):
    by_provider = get(client, LIST, provider=painter.organization_id).json()
    by_municipality = get(client, LIST, municipality=cook.organization.municipality_id).json()

    assert [row["id"] for row in by_provider["results"]] == [painter.pk]
    assert cook.pk in [row["id"] for row in by_municipality["results"]]


def test_programs_pages_link_to_each_other(client, db):
    many_public_programs(5)

    first = get(client, LIST, page_size=2, q="програм").json()
    second = client.get(first["next"]).json()
    last = get(client, LIST, page_size=2, page=3, q="програм").json()

    assert (first["count"], len(first["results"])) == (5, 2)
    assert split(first["next"]) == ("http://testserver/api/v1/programs/", {"page": ["2"], "page_size": ["2"],
                                                                           "q": ["програм"]})
    assert [r["name"]["sr"] for r in second["results"]] == ["Програм 002", "Програм 003"]
    assert split(second["previous"]) == ("http://testserver/api/v1/programs/", {"page_size": ["2"],
                                                                               "q": ["програм"]})
    assert (len(last["results"]), last["next"]) == (1, None)


def test_programs_page_past_the_last_is_a_400(client, cook):
    response = get(client, LIST, page=2)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]


def _queries(client, path, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(queries)


def test_programs_list_runs_the_same_number_of_queries_for_2_and_20_rows(client, db):
    many_public_programs(2)
    two = _queries(client, LIST)
    many_public_programs(18)
    twenty = _queries(client, LIST)

    assert get(client, LIST).json()["count"] == 20
    assert two == twenty


def test_program_detail_has_the_elements_and_the_modules(client, cook):
    response = client.get(f"/api/v1/programs/{cook.pk}/")
    data = response.json()

    assert response.status_code == 200
    assert data["id"] == cook.pk
    assert data["elements"]["purpose"] == {"sr": "Сврха програма.", "sr_latn": "Svrha programa.", "en": None}
    assert data["elements"]["assessment"]["sr"] == "Завршни испит."
    assert data["elements"]["staff"]["sr"] == "Два инструктора."
    assert "name" not in data["elements"] and "duration" not in data["elements"]
    assert len(data["elements"]) == 15
    assert (data["duration_hours"], data["group_size"], data["modular"]) == (120, 12, True)
    assert [(m["name"]["sr"], m["hours"]) for m in data["modules"]] == [("Хигијена у кухињи", 40),
                                                                       ("Топла јела", 80)]
    assert data["public_until"] is not None


def test_program_detail_counts_the_microcredential_elements(client, cook):
    data = client.get(f"/api/v1/programs/{cook.pk}/").json()["microcredential"]
    present = {e["element"]: e["present"] for e in data["elements"]}

    assert (data["present"], data["of"]) == (9, 11)
    assert present == {"learner_identification": False, "title": True, "issuer_country": True, "awarding_body": True,
                       "date_of_issue": False, "learning_outcomes": True, "notional_workload": True, "level": True,
                       "assessment": True, "form_of_participation": True, "quality_assurance": True}
    sources = {e["element"]: e["source"] for e in data["elements"]}
    assert "certificate" in sources["learner_identification"]
    assert "certificate" in sources["date_of_issue"]
    assert "accreditation" in sources["quality_assurance"]
    assert {e["element"] for e in data["elements"] if e["on_certificate"]} == {"learner_identification",
                                                                                "date_of_issue"}


def test_the_program_page_marks_what_is_on_each_certificate_apart_from_what_is_missing(client, painter):
    """The learner and the date of issue are on each certificate: marked so, not as missing, on the page."""
    from django.utils.translation import gettext

    painter.duration_hours = None
    painter.save()
    page = client.get(reverse("program_public", kwargs={"pk": painter.pk})).content.decode()
    item = {name: page.split(f'data-element="{name}"')[1].split("</li>")[0]
            for name in ("learner_identification", "date_of_issue", "notional_workload", "title")}
    for name in ("learner_identification", "date_of_issue"):
        assert gettext("on each certificate") in item[name] and gettext("missing") not in item[name]
    assert f'({gettext("missing")})' in item["notional_workload"] and "✗" in item["notional_workload"]
    assert "✓" in item["title"] and gettext("missing") not in item["title"]


def test_program_without_standard_level_or_workload_carries_fewer_elements(client, painter):
    painter.duration_hours = None
    painter.assessment_sr = painter.assessment_sr_latn = ""
    painter.save()

    data = client.get(f"/api/v1/programs/{painter.pk}/").json()["microcredential"]
    missing = sorted(e["element"] for e in data["elements"] if not e["present"])

    assert data["present"] == 6
    assert missing == ["assessment", "date_of_issue", "learner_identification", "level", "notional_workload"]


def test_program_not_in_an_accreditation_in_force_is_404(client, cook, draft):
    Accreditation.objects.filter(programs=cook).update(state="revoked")
    programs_refresh_public([cook.pk])

    for program in (cook, draft):
        for path in (f"/api/v1/programs/{program.pk}/", f"/api/v1/programs/{program.pk}/elm.jsonld"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "detail" in response.json()
    assert get(client, LIST).json()["count"] == 0


def test_program_accreditation_that_ended_yesterday_is_404(client, cook):
    Accreditation.objects.filter(programs=cook).update(valid_until=TODAY.replace(year=TODAY.year - 1))
    programs_refresh_public([cook.pk])

    assert client.get(f"/api/v1/programs/{cook.pk}/").status_code == 404


def test_api_get_responses_may_be_cached_for_five_minutes(client, cook):
    for path in (LIST, f"/api/v1/programs/{cook.pk}/", "/api/v1/standards/", "/api/v1/register/",
                 f"/api/v1/programs/{cook.pk}/elm.jsonld", "/api/v1/programs.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "public, max-age=300", path


def test_api_answers_json_whatever_the_accept_header(client, cook):
    response = client.get(LIST, HTTP_ACCEPT="text/html")
    with_format = client.get(LIST, {"format": "xml"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert with_format.status_code == 200


@pytest.mark.parametrize(("params", "parameter"), [
    ({"page": "-1"}, "page"),
    ({"page": "0"}, "page"),
    ({"page": "²"}, "page"),
    ({"page_size": "1000"}, "page_size"),
    ({"page_size": "abc"}, "page_size"),
    ({"kind": "x"}, "kind"),
    ({"kind": "11"}, "kind"),
    ({"activity": "NOPE"}, "activity"),
    ({"min_hours": "abc"}, "min_hours"),
    ({"max_hours": "99999999999999999999"}, "max_hours"),
    ({"language": "xx"}, "language"),
    ({"starting_soon": "maybe"}, "starting_soon"),
    ({"municipality": "999999"}, "municipality"),
    ({"provider": "999999"}, "provider"),
    ({"level": "9"}, "level"),
    ({"level": "4\x00"}, "level"),
    ({"sector": "NOPE-NOPE-NOPE"}, "sector"),
    ({"standard": "NO-SUCH"}, "standard"),
    ({"standard": "a b c"}, "standard"),
    ({"min_hours": "100", "max_hours": "10"}, "max_hours"),
])
def test_programs_malformed_parameter_is_a_400_naming_it(client, cook, params, parameter):
    for path in (LIST, "/api/v1/programs.csv"):
        response = client.get(path, params)
        assert response.status_code == 400, path
        assert response["Content-Type"] == "application/json"
        errors = response.json()["errors"]
        assert parameter in errors, errors
        assert all(isinstance(message, str) and message for message in errors[parameter])


def test_programs_several_malformed_parameters_are_all_named(client, db):
    response = client.get(LIST, {"page": "-1", "kind": "x", "activity": "NOPE", "min_hours": "abc"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"page", "kind", "activity", "min_hours"}
