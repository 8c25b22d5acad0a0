"""The API's free-text parameter `q` has a maximum length (issue 14): a longer one is a 400 naming it, in the
language of the request, never silently cut."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("endpoint", "limit"), [("/api/v1/programs/", 200), ("/api/v1/standards/", 200),
                                                 ("/api/v1/register/", 100), ("/api/v1/programs.csv", 200)])
def test_a_q_over_its_limit_is_a_400_naming_it(client, endpoint, limit):
    response = client.get(endpoint, {"q": "ж" * (limit + 1)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"errors": {"q": [f"At most {limit} characters."]}}
    serbian = client.get(endpoint, {"q": "ж" * (limit + 1)}, HTTP_ACCEPT_LANGUAGE="sr")
    assert serbian.json() == {"errors": {"q": [f"Највише {limit} знакова."]}}
    assert client.get(endpoint, {"q": "ж" * limit}).status_code == 200
