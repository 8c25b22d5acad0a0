"""The NOKS register's search (issue 19): word forms in either script, English, the beginning of a word; the search
text holds the keys of core.textsearch (code and names before purpose and outcomes)."""

from __future__ import annotations

import pytest

from qualifications.models import NoksLevel, QualificationStandard, Sector
from qualifications.selectors import StandardQuery, standard_search
from qualifications.services import standard_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def welder():
    return standard_save(QualificationStandard(
        code="ZAV-3", name_sr="Заваривач", name_en="Welder", level=NoksLevel.objects.order_by("order").first(),
        sector=Sector.objects.order_by("pk").first(), outcomes_sr="Заварује челичне конструкције.",
        is_published=True))


@pytest.mark.parametrize(("q", "found"), [
    ("заваривача", True), ("zavarivaci", True), ("ZAVARIVAC", True), ("welders", True), ("zav-3", True),
    ("челичних конструкција", True), ("zavar", True), ("кувара", False), ("заваривач кувар", False),
])
def test_standard_search_finds_word_forms(welder, q, found):
    assert (list(standard_search(StandardQuery(text=q))) == [welder]) is found


def test_standard_search_text_has_name_keys_before_content_keys(welder):
    name, content = welder.search_text.split("|")
    assert " zavarivac" in name and " celicn" in content
