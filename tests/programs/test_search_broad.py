"""Issue 8: a search matching more programs than can be ranked (SEARCH_EXACT_LIMIT) is answered newest first along
the primary key, pages reach the first EXACT_LIMIT programs, and on PostgreSQL the total and the counts per filter
value are estimated from a sample; at or under the limit everything is ranked and exact."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Program
from programs.search import SearchParams, search_programs
from tests.conftest import require
from tests.factories import OrganizationFactory
from tests.programs.factories import CompleteProgramFactory
from tests.programs.test_search import accredit

pytestmark = pytest.mark.django_db

# Created in this order on purpose: neither creation order nor id order is alphabetical.
NEWEST_FIRST = ["Бравар", "Кувар за кетеринг", "Армирач", "Кувар — основна обука", "Заваривач"]
NAMES = ["Заваривач", "Кувар — основна обука", "Армирач", "Кувар за кетеринг", "Бравар"]


@pytest.fixture
def five():
    organization = OrganizationFactory(name_sr="Центар „Ђорђе“")
    programs = [CompleteProgramFactory(organization=organization, name_sr=name) for name in NAMES]
    accredit(*programs)
    return programs


def search(**query):
    return search_programs(SearchParams.from_query(query))


def test_at_the_limit_everything_is_ranked_and_exact(five, settings):
    settings.SEARCH_EXACT_LIMIT = 5
    result = search(q="centar")  # the provider's name: all five match
    assert (result.ranked, result.count_exact, result.count, result.window) == (True, True, 5, None)
    ranked = search(q="kuvar")
    assert {p.name_sr for p in ranked.page.object_list} == {"Кувар за кетеринг", "Кувар — основна обука"}


def test_one_over_the_limit_comes_newest_first_within_the_window(five, settings):
    settings.SEARCH_EXACT_LIMIT = 4
    result = search(q="centar", page_size="2")
    assert (result.ranked, result.window) == (False, 4)
    assert result.count == 5  # SQLite counts exactly; PostgreSQL's sample of this tiny table is the whole table
    assert result.page.paginator.num_pages == 2  # the window: 4 programs, 2 per page
    first = [p.name_sr for p in result.page.object_list]
    second = [p.name_sr for p in search(q="centar", page_size="2", page="2").page.object_list]
    assert first + second == NEWEST_FIRST[:4]  # the oldest, "Заваривач", is past the window
    assert search(q="centar", page_size="2", page="3").page.number == 2  # past the window: its last page


def test_the_page_says_why_the_order_is_alphabetical(client, five, settings):
    settings.SEARCH_EXACT_LIMIT = 4
    page = client.get(reverse("program_search"), {"q": "centar"}).content.decode()
    assert "листају од најновијих" in page and "првих 4" in page
    settings.SEARCH_EXACT_LIMIT = 5
    assert "листају од најновијих" not in client.get(reverse("program_search"), {"q": "centar"}).content.decode()


def test_the_api_tells_whether_results_are_ranked(client, five, settings):
    settings.SEARCH_EXACT_LIMIT = 4
    data = client.get("/api/v1/programs/", {"q": "centar"}).json()
    assert (data["ranked"], data["count"]) == (False, 5)
    assert [row["name"]["sr"] for row in data["results"]][:2] == NEWEST_FIRST[:2]
    settings.SEARCH_EXACT_LIMIT = 5
    data = client.get("/api/v1/programs/", {"q": "centar"}).json()
    assert (data["ranked"], data["count_exact"], data["count"]) == (True, True, 5)


def test_the_number_of_queries_does_not_grow_with_the_matches(five, settings):
    settings.SEARCH_EXACT_LIMIT = 2
    with CaptureQueriesContext(connection) as few:
        search(q="centar")
    organization = OrganizationFactory()
    accredit(*[CompleteProgramFactory(organization=organization, name_sr=f"Центар {i}") for i in range(12)])
    with CaptureQueriesContext(connection) as many:
        result = search(q="centar")
    assert not result.ranked and len(many) == len(few)


@pytest.mark.services
def test_postgresql_estimates_the_total_and_the_facets_from_a_sample(five, settings):
    require("postgres")
    organization = OrganizationFactory(name_sr="Центар „Ђорђе“ 2")
    accredit(*[CompleteProgramFactory(organization=organization, name_sr=f"Центар {i:03d}") for i in range(120)])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Program._meta.db_table}")
    settings.SEARCH_EXACT_LIMIT = 10
    settings.SEARCH_SAMPLE_ROWS = 60  # about half the table's pages
    result = search(q="centar")
    assert (result.ranked, result.count_exact) == (False, False)
    assert result.count >= 11  # an estimate, never below what is known: more than the limit
    names = [p.name_sr for p in result.page.object_list]
    assert names[0].startswith("Центар") and names == sorted(names, reverse=True)  # the 120 newest, newest first
    assert all(facet.estimated for facet in result.facets)
    page = search(q="centar", page="2")
    assert page.page.number == 1  # the window of 10 fits one page of 20
    from django.test import Client

    html = Client().get(reverse("program_search"), {"q": "centar"}).content.decode()
    assert re.search(r"Пронађен[оа]? (је|су) око [\d,.\xa0 ]+ програм", html) and "≈" in html


@pytest.mark.services
def test_postgresql_reads_the_newest_first_page_backwards_along_the_primary_key(five):
    require("postgres")
    from programs.search import _filtered

    ordered = _filtered(SearchParams(q="centar")).order_by("-pk").values_list("pk", flat=True)[:20]
    sql, params = ordered.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")  # on this tiny table a sort is cheaper; at scale it is not
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan Backward using programs_program_pkey" in plan, plan
