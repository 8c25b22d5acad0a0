"""The NOKS register: levels shipped as reference data, standards searchable in either script."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualifications.models import NoksLevel, Sector
from qualifications.selectors import StandardQuery, level_hours_rules, standard_search
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db


def test_levels_are_shipped_with_eqf_levels():
    levels = list(NoksLevel.objects.order_by("order").values_list("code", "eqf_level"))
    assert levels == [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5), ("6.1", 6), ("6.2", 6), ("7.1", 7),
                      ("7.2", 7), ("8", 8)]


def test_levels_have_descriptors_in_serbian_latin_and_english():
    for level in NoksLevel.objects.all():
        for field in ("knowledge", "skills", "abilities_attitudes"):
            sr, latn, en = (getattr(level, f"{field}_{lang}") for lang in ("sr", "sr_latn", "en"))
            assert sr and latn and en, (level.code, field)
            assert any("\u0400" <= ch <= "\u04ff" for ch in sr)
            assert not any("\u0400" <= ch <= "\u04ff" for ch in latn)


def test_sectors_are_shipped():
    assert Sector.objects.count() >= 10
    assert not Sector.objects.filter(name_sr_latn="").exists()


def test_level_hours_rules_are_data_for_the_rules_engine():
    rules = level_hours_rules()
    assert rules["2"] == {"min_hours": 120, "max_hours": 360, "min_months": None, "requires_level": None}
    assert rules["3"]["min_hours"] == 960
    assert rules["3"]["max_hours"] is None
    assert rules["5"] == {"min_hours": None, "max_hours": None, "min_months": 6, "requires_level": "4"}


@pytest.mark.parametrize("query", ["кувар", "kuvar", "KUVAR", "kuvár", "Кувар"])
def test_standard_search_is_script_and_diacritics_insensitive(query):
    cook = StandardFactory(code="S-COOK", name_sr="Кувар", name_en="Cook")
    StandardFactory(code="S-WAIT", name_sr="Конобар", name_en="Waiter")
    assert list(standard_search(StandardQuery(text=query))) == [cook]


def test_standard_search_filters_by_level_and_sector():
    level3 = StandardFactory(code="S-3", level=NoksLevel.objects.get(code="3"))
    StandardFactory(code="S-4", level=NoksLevel.objects.get(code="4"))
    assert list(standard_search(StandardQuery(level="3"))) == [level3]
    assert list(standard_search(StandardQuery(sector=level3.sector.code, level="3"))) == [level3]


def test_unpublished_standard_is_not_public(client):
    hidden = StandardFactory(code="S-HIDDEN", is_published=False)
    assert hidden not in standard_search(StandardQuery())
    response = client.get(reverse("qualifications:standard", kwargs={"code": "S-HIDDEN"}))
    assert response.status_code == 404


def test_standard_list_page_searches_and_counts(client):
    StandardFactory(code="S-ZICAR", name_sr="Жичар")
    StandardFactory(code="S-OTHER", name_sr="Столар")
    page = client.get(reverse("qualifications:standards"), {"q": "zicar"}).content.decode()
    assert "Жичар" in page
    assert "Столар" not in page


def test_level_page_shows_descriptors_and_hours(client):
    page = client.get(reverse("qualifications:level", kwargs={"code": "2"})).content.decode()
    level = NoksLevel.objects.get(code="2")
    assert level.knowledge_sr[:40] in page
    assert "120" in page and "360" in page


def test_level_list_query_count_is_constant(client, django_assert_max_num_queries):
    for i in range(5):
        StandardFactory(code=f"S-Q{i}")
    with django_assert_max_num_queries(4):
        client.get(reverse("qualifications:levels"))
