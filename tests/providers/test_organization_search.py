"""The Office's list of organizations filtered by the one search matching (issue 19, core.textsearch)."""

from __future__ import annotations

import pytest

from providers.selectors import organization_list_for_office
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    return (OrganizationFactory(name_sr="Центар „Ђердап“", name_en="Djerdap Centre"),
            OrganizationFactory(name_sr="Школа „Златибор“", name_en="Zlatibor School"))


@pytest.mark.parametrize(("q", "expected"), [
    ("", [0, 1]), ("ђердапа", [0]), ("DJERDAP", [0]), ("školi", [1]), ("centre", [0]), ("zlat", [1]),
    ("ердап", []), ("центар златибор", []),
])
def test_office_organization_list_filter(two, q, expected):
    ids = set(organization_list_for_office(q).values_list("pk", flat=True))
    wanted = {two[i].pk for i in expected}
    assert ids & {o.pk for o in two} == wanted


def test_office_organization_list_filter_by_pib(two):
    assert list(organization_list_for_office(two[1].pib).values_list("pk", flat=True)) == [two[1].pk]


def test_the_office_list_has_a_search_box_that_keeps_the_query_across_pages(client, cast):
    from django.urls import reverse

    from tests.factories import OrganizationFactory

    for n in range(30):
        OrganizationFactory(name_sr=f"Центар за обуку „Морава“ {n:02d}")
    OrganizationFactory(name_sr="Школа језика „Дунав“")
    client.force_login(cast.reviewer)
    response = client.get(reverse("providers:office_organizations"), {"q": "moravi"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 30
    assert 'value="moravi"' in html and "Дунав" not in html
    assert "?q=moravi&amp;page=2" in html
    assert response.context["page"].paginator.count < client.get(
        reverse("providers:office_organizations")).context["page"].paginator.count
