"""The public program search: one normalization for indexing and querying, accredited programs only, filters with
counts, a constant number of queries, a clear 400 for malformed parameters, and the trigram index on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from applications.models import Accreditation, Application
from programs.enums import Activity
from programs.search import SearchParams, programs_refresh_public, public_programs, search_programs
from tests.conftest import require
from tests.factories import OrganizationFactory, StandardFactory
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def accredit(*programs, valid_from=None, valid_until=None, state="active"):
    organization = programs[0].organization
    application = Application.objects.create(organization=organization, state="approved")
    accreditation = Accreditation.objects.create(
        organization=organization, application=application, activity=programs[0].activity,
        valid_from=valid_from or TODAY - dt.timedelta(days=10),
        valid_until=valid_until or TODAY + dt.timedelta(days=365),
        state=state)
    accreditation.programs.set(programs)
    programs_refresh_public([p.pk for p in programs])
    return accreditation


def names(**query) -> list[str]:
    return [p.name_sr for p in search_programs(SearchParams.from_query(query)).page.object_list]


@pytest.fixture
def cook():
    organization = OrganizationFactory(name_sr="Центар „Ђорђе Стефановић“", name_en="Đorđe Stefanović Centre")
    program = CompleteProgramFactory(organization=organization, name_sr="Кувар — основна обука", duration_hours=120)
    accredit(program)
    return program


@pytest.mark.parametrize("query", ["кувар", "kuvar", "KUVAR", "kuvár", "КУВАР осн", "Kuvar — osnovna"])
def test_any_spelling_of_the_name_finds_the_program(cook, query):
    assert names(q=query) == ["Кувар — основна обука"]


@pytest.mark.parametrize("query", ["Ђорђе", "Đorđe", "Djordje", "DJORDJE", "djordje stefanovic"])
def test_any_spelling_of_the_provider_finds_its_programs(cook, query):
    assert names(q=query) == ["Кувар — основна обука"]


def test_only_programs_in_an_accreditation_in_force_today_are_public(cook):
    organization = cook.organization
    draft = CompleteProgramFactory(organization=organization, name_sr="Кувар — без статуса")
    expired = CompleteProgramFactory(organization=organization, name_sr="Кувар — истекао")
    accredit(expired, valid_from=TODAY - dt.timedelta(days=800), valid_until=TODAY - dt.timedelta(days=1))
    revoked = CompleteProgramFactory(organization=organization, name_sr="Кувар — одузет")
    accredit(revoked, state="revoked")
    future = CompleteProgramFactory(organization=organization, name_sr="Кувар — од сутра")
    accredit(future, valid_from=TODAY + dt.timedelta(days=1))
    assert names(q="kuvar") == ["Кувар — основна обука"]
    assert draft not in public_programs()


def test_an_organization_renamed_is_found_by_its_new_name(cook, cast):
    from providers import services as provider_services

    organization = cook.organization
    organization.name_sr, organization.name_en = "Школа „Љубовија“", "Ljubovija School"
    provider_services.organization_update(organization, actor=cast.admin, changed=["name"])
    assert names(q="ljubovija") == ["Кувар — основна обука"]
    assert names(q="djordje") == []


def test_the_name_ranks_before_other_matches(cook):
    other = CompleteProgramFactory(organization=OrganizationFactory(name_sr="Кувар и син д.о.о."),
                                   name_sr="Конобар — основна обука")
    accredit(other)
    assert names(q="kuvar") == ["Кувар — основна обука", "Конобар — основна обука"]


def test_filters_and_counts_per_value(cook):
    english = CompleteProgramFactory(organization=cook.organization, name_sr="Енглески језик А2",
                                     activity=Activity.PERS, duration_hours=60, language_of_delivery="hu")
    accredit(english)
    assert names(language="hu") == ["Енглески језик А2"]
    assert names(min_hours="100") == ["Кувар — основна обука"]
    assert names(max_hours="60") == ["Енглески језик А2"]
    assert names(min_hours="61", max_hours="119") == []
    facets = {f.name: f for f in search_programs(SearchParams.from_query({"language": "hu"})).facets}
    assert dict((value, count) for value, _label, count in facets["language"].values) == {"sr": 1, "hu": 1}
    assert sum(count for _v, _l, count in facets["activity"].values) == 1  # the other filters apply


@pytest.mark.parametrize("query", [{"kind": "x"}, {"kind": "11"}, {"page": "-1"}, {"min_hours": "1e9"},
                                   {"activity": "A-NOPE"}, {"language": "xx"}, {"starting_soon": "maybe"},
                                   {"provider": "9" * 30}])
def test_malformed_parameters_are_named(query):
    with pytest.raises(Exception) as error:
        SearchParams.from_query(query)
    assert set(error.value.message_dict) == set(query)


def test_the_page_explains_malformed_parameters_with_a_400_and_keeps_the_query(client, cook):
    response = client.get(reverse("program_search"), {"q": "kuvar", "kind": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="kuvar"' in page and f"{gettext('Kind of program')}: {gettext('Enter a whole number.')}" in page
    assert "kind:" not in page


def test_a_bad_hours_value_is_named_by_its_label_kept_as_typed_and_the_other_filters_still_apply(client, cook):
    """Letters in "Hours from": the page names the box as the person sees it, leaves the letters in it, and still
    searches with the words, the language and the valid "Hours to"."""
    hungarian = CompleteProgramFactory(organization=OrganizationFactory(), name_sr="Кувар на мађарском",
                                       language_of_delivery="hu", duration_hours=30)
    accredit(hungarian)
    response = client.get(reverse("program_search"), {"q": "kuvar", "language": "hu", "min_hours": "abc",
                                                      "max_hours": "500"})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"{gettext('Hours from')}: {gettext('Enter a whole number.')}" in page and "min_hours:" not in page
    assert 'name="min_hours" id="s-min" value="abc" aria-invalid="true"' in page
    assert 'value="500"' in page
    assert [p.name_sr for p in response.context["page"].object_list] == ["Кувар на мађарском"]  # language kept


def test_a_negative_number_is_out_of_range_and_inverted_hours_are_pointed_out(client, cook):
    page = client.get(reverse("program_search"), {"q": "kuvar", "min_hours": "-5"}).content.decode()
    assert f"{gettext('Hours from')}: {gettext('Out of range.')}" in page
    response = client.get(reverse("program_search"), {"q": "kuvar", "min_hours": "500", "max_hours": "100"})
    assert response.status_code == 200
    assert gettext("“Hours to” is less than “Hours from”: no program can match. Swap the two numbers.") in (
        response.content.decode())
    assert client.get(reverse("program_search"), {"q": "kuvar", "min_hours": "10", "max_hours": "100"}
                      ).content.decode().count("search-range") == 0


def test_the_url_holds_the_whole_query(client, cook):
    response = client.get(reverse("program_search"), {"q": "kuvar", "language": "sr", "min_hours": "10"})
    page = response.content.decode()
    assert "Кувар — основна обука" in page
    assert "q=kuvar" in page and "language=sr" in page  # facet links keep the query


def _accredited(count: int) -> None:
    for i in range(count):
        program = CompleteProgramFactory(name_sr=f"Кувар {i}", organization=OrganizationFactory())
        accredit(program)


def test_a_constant_number_of_queries_whatever_the_page_length(client, cook):
    _accredited(2)
    with CaptureQueriesContext(connection) as short:
        first = client.get(reverse("program_search"), {"q": "kuvar"})
    _accredited(15)
    with CaptureQueriesContext(connection) as long:
        second = client.get(reverse("program_search"), {"q": "kuvar"})
    assert first.content.decode().count("<article") == 3
    assert second.content.decode().count("<article") == 18
    assert len(long) == len(short)


@pytest.mark.services
def test_postgres_answers_the_search_from_the_trigram_index(cook):
    require("postgres")
    from programs.models import Program

    # A register of realistic shape: many accredited programs, one of them matching the rare word.
    organization = cook.organization
    others = Program.objects.bulk_create([
        Program(organization=organization, activity=cook.activity, name_sr=f"Програм {i}", name=f"Програм {i}",
                search_text=f"program {i} {organization.pk} obuka", search_name=f"program {i}")
        for i in range(3000)])
    accreditation = cook.accreditations.get()
    Program.accreditations.through.objects.bulk_create(
        [Program.accreditations.through(accreditation=accreditation, program=p) for p in others])
    programs_refresh_public([p.pk for p in others])
    from programs.search import _filtered

    queryset = _filtered(SearchParams.from_query({"q": "kuvar"})).values("pk")  # the search, before display joins
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE programs_program")
        # At 3 000 rows reading the whole table still costs little; on the national register it costs the most.
        # Tell the planner so, as the size would: it must then be able to answer from the trigram index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "programs_program_search_trgm" in plan, plan
    assert names(q="kuvar") == ["Кувар — основна обука"]


@pytest.mark.parametrize("value", ["²", "٣", "１２", "1e3", "-", "\x00"])
def test_digits_of_other_scripts_are_refused_not_crashed(value):
    with pytest.raises(Exception) as error:
        SearchParams.from_query({"page": value, "kind": value})
    assert set(error.value.message_dict) == {"page", "kind"}


def test_blank_numbers_mean_no_filter():
    assert SearchParams.from_query({"page": " ", "kind": ""}).kind is None


def test_saving_a_program_loaded_before_its_accreditation_keeps_it_public(cook, cast):
    from programs import services as program_services
    from programs.models import Program

    stale = Program.objects.get(pk=cook.pk)
    stale.public_from = stale.public_until = None  # as loaded before the Office's decision
    program_services.program_save(stale, actor=cast.admin, section="aims")
    assert names(q="kuvar") == ["Кувар — основна обука"]


def _per_facet_query(name, base):
    """The reference: one GROUP BY query per facet over ``base``, the largest counts first, each label as the page
    shows the object (its translated attribute, with modeltranslation's fallbacks) or the choice's label."""
    from django.db.models import Count

    from programs.search import _FACET_LABELS, FACET_SIZE, FACETS
    from providers.models import Municipality, Organization
    from qualifications.models import Sector

    value_field, _label_field = FACETS[name]
    rows = base.exclude(**{f"{value_field}__isnull": True}).values(value_field).annotate(n=Count("pk")).order_by("-n")
    label_of = {
        "municipality": lambda value: Municipality.objects.get(pk=value).name,
        "provider": lambda value: Organization.objects.get(pk=value).name,
        "sector": lambda value: Sector.objects.get(code=value).name,
    }.get(name, lambda value: _FACET_LABELS.get(name, {}).get(value, value))
    return sorted((str(row[value_field]), str(label_of(row[value_field])), row["n"]) for row in rows[:FACET_SIZE])


@pytest.mark.parametrize("language", ["sr", "sr-latn", "en"])
def test_the_facets_count_what_one_query_per_facet_counts(cook, language):
    """The facets (the matches' own columns counted in one pass — GROUPING SETS on PostgreSQL, one read on SQLite —
    the organizations' and standards' values and labels looked up for the values that occur) agree with one GROUP
    BY query per facet, labels included, with and without chosen values, by the matches or by their ids."""
    from django.utils import translation

    from programs.search import FACETS, _facets, _filtered

    english = CompleteProgramFactory(organization=OrganizationFactory(), name_sr="Енглески за куваре",
                                     activity=Activity.PERS, language_of_delivery="hu", duration_hours=30)
    accredit(english)
    with translation.override(language):
        for query in ({}, {"q": "kuvar"}, {"q": "kuvar", "min_hours": "10"}, {"q": "kuvar", "language": "hu"},
                      {"activity": Activity.PERS, "language": "sr"}, {"q": "nepostojeca"}):
            params = SearchParams.from_query(query)
            matches = _filtered(params)
            separate = {name: _per_facet_query(name, _filtered(params, without=name)) for name in FACETS}
            for ids in (None, list(matches.values_list("pk", flat=True))):
                facets, total = _facets(params, matches, ids=ids)
                assert {f.name: sorted(f.values) for f in facets} == separate, (query, ids)
                assert total == matches.count()
            if not query:
                assert all(separate[name] for name in ("activity", "provider", "municipality", "language"))
                assert all(label for name in FACETS for _value, label, _count in separate[name])


def test_a_chosen_filter_is_shown_with_a_way_to_remove_it_and_another_value_replaces_it(client, cook):
    """Choosing a municipality by its facet link: the page names it above the results with a link that removes it,
    and the municipality facet's links replace the chosen one instead of adding a second."""
    import re

    from providers.models import Municipality

    municipality = cook.organization.municipality
    elsewhere = Municipality.objects.exclude(pk=municipality.pk).order_by("pk").first()
    other = CompleteProgramFactory(organization=OrganizationFactory(municipality=elsewhere),
                                   name_sr="Кувар у другом месту", qualification_standard=StandardFactory())
    accredit(other)
    response = client.get(reverse("program_search"), {"q": "kuvar", "municipality": municipality.pk})
    page = response.content.decode()
    assert [p.name_sr for p in response.context["page"].object_list] == ["Кувар — основна обука"]
    assert f"{gettext('Municipality')}: {municipality.name}" in page
    remove = re.search(r'<a href="\?([^"]*)" class="ms-1">', page).group(1)
    assert "municipality" not in remove and "q=kuvar" in remove
    links = re.findall(r'href="\?([^"]*municipality=[^"]*)"', page)
    assert links and all(link.count("municipality=") == 1 for link in links)
    from qualifications.models import NoksLevel

    shown = {facet.name: facet for facet, _query in client.get(reverse("program_search"), {"q": "kuvar"}
                                                                ).context["facets"]}
    names = dict(NoksLevel.objects.values_list("code", "name_sr"))
    assert shown["level"].values and all(label == names[value] for value, label, _n in shown["level"].values)
