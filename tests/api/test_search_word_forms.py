"""The API's `q` matches as the search page does (issue 19): word forms in either script, typos corrected, English
names, content; the NOKS register's `q` too."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["кувара", "kuvari", "основне обуке", "cook basic", "KUVR", "pripremu jela"])
def test_programs_q_finds_word_forms_typos_english(client, cook, painter, query):
    data = client.get("/api/v1/programs/", {"q": query}).json()
    assert [row["id"] for row in data["results"]] == [cook.pk]


def test_programs_q_of_another_word_finds_nothing(client, cook, painter):
    assert client.get("/api/v1/programs/", {"q": "заваривача"}).json()["results"] == []


@pytest.mark.parametrize(("query", "found"), [("кувара специјалисте", True), ("specialist cooks", True),
                                              ("заваривача", False)])
def test_standards_q_finds_word_forms(client, cook, query, found):
    data = client.get("/api/v1/standards/", {"q": query}).json()
    assert ("KUV-4" in [row["code"] for row in data["results"]]) is found


def test_a_typo_gives_the_corrected_query_as_the_suggestion_and_none_otherwise(client, cook):
    typo = client.get("/api/v1/programs/", {"q": "kuvr"}).json()
    assert typo["suggestion"] == "kuvar" and typo["count"] >= 1
    assert client.get("/api/v1/programs/", {"q": "kuvar"}).json()["suggestion"] is None
