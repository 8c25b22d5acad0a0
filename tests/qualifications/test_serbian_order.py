"""Issue 18: sectors and qualification standards in Serbian order of the page's script (levels stay by level)."""

from __future__ import annotations

import pytest
from django.utils import translation

from qualifications.forms import StandardSearchForm
from qualifications.models import NoksLevel, Sector
from qualifications.selectors import StandardQuery, sector_list, standard_search
from rules.translit import cyr_to_lat
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db


def test_sectors_in_serbian_order_on_both_scripts():
    ours = ["Шумарство X", "Чување X", "Ђачке услуге X", "Дрвопрерада X", "Цвећарство X"]
    for i, name in enumerate(ours):
        Sector.objects.create(code=f"ZZ{i}", name_sr=name, name_sr_latn=cyr_to_lat(name))
    with translation.override("sr"):
        assert [s.name for s in sector_list() if s.code.startswith("ZZ")] == [
            "Дрвопрерада X", "Ђачке услуге X", "Цвећарство X", "Чување X", "Шумарство X"]
        labels = [label for _code, label in StandardSearchForm().fields["sector"].choices][1:]
        assert [label for label in labels if label in ours] == [
            "Дрвопрерада X", "Ђачке услуге X", "Цвећарство X", "Чување X", "Шумарство X"]
    with translation.override("sr-latn"):
        assert [s.name for s in sector_list() if s.code.startswith("ZZ")] == [
            "Cvećarstvo X", "Čuvanje X", "Drvoprerada X", "Đačke usluge X", "Šumarstvo X"]


def test_standards_by_level_then_serbian_name():
    level = NoksLevel.objects.get(code="3")
    for code, name in (("ZZ-1", "Чистач"), ("ZZ-2", "Цвећар"), ("ZZ-3", "Ђаконски"), ("ZZ-4", "Дадиља")):
        StandardFactory(code=code, name_sr=name, name_sr_latn=None, level=level)
    with translation.override("sr"):
        names = [s.name for s in standard_search(StandardQuery(level="3")) if s.code.startswith("ZZ-")]
        assert names == ["Дадиља", "Ђаконски", "Цвећар", "Чистач"]
    with translation.override("sr-latn"):
        names = [s.name for s in standard_search(StandardQuery(level="3")) if s.code.startswith("ZZ-")]
        assert names == ["Cvećar", "Čistač", "Dadilja", "Đakonski"]
