"""Property-based: whatever a client sends in any documented query parameter (text, any Unicode, control
characters, huge or negative numbers, several values), the API answers 200 or 400, never a server error. CI runs
it against PostgreSQL, where a NUL byte reaching a query is a server error (issue 14)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.api.conftest import accredit
from tests.conftest import require
from tests.factories import OrganizationFactory
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db

PARAMETERS = {
    "/api/v1/programs/": ("q", "level", "sector", "standard", "kind", "activity", "municipality", "provider",
                          "min_hours", "max_hours", "language", "starting_soon", "page", "page_size"),
    "/api/v1/standards/": ("q", "level", "sector", "page", "page_size"),
    "/api/v1/register/": ("state", "activity", "municipality", "q", "page", "page_size"),
}

# No lone surrogates: they cannot be sent in a URL at all (the client would fail before the request).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
values = st.one_of(
    any_text,
    st.text(st.characters(max_codepoint=0x1F), max_size=20),  # control characters, NUL included
    st.integers(min_value=-(10 ** 40), max_value=10 ** 40).map(str),
    st.sampled_from(["", " ", "0", "1", "-1", "²", "٣", "1e9", "0x10", "NaN", "4.1", "6.1", "A-COMP", "all",
                     "%00", "\x00", "a\x00b", "\x85", "' OR 1=1 --", "ⅷ", "１２", "x" * 5000]),
)


@pytest.fixture
def catalog(db):
    program = CompleteProgramFactory(organization=OrganizationFactory(name_sr="Центар „Ђорђе“"))
    accredit(program)
    return program


@pytest.mark.parametrize("endpoint", sorted(PARAMETERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_documented_parameters_never_cause_a_server_error(client, catalog, endpoint, data):
    params = data.draw(st.dictionaries(st.sampled_from(PARAMETERS[endpoint]), st.lists(values, min_size=1, max_size=3),
                                       min_size=1, max_size=6), label="params")
    response = client.get(endpoint, params)

    assert response.status_code in (200, 400), (params, response.status_code, response.content[:500])
    body = response.json()
    if response.status_code == 400:
        assert set(body) == {"errors"}
        assert set(body["errors"]) <= set(PARAMETERS[endpoint])
        assert all(isinstance(m, str) and m for messages in body["errors"].values() for m in messages)
    else:
        assert body["page"] >= 1 and 1 <= body["page_size"] <= 100


@pytest.mark.parametrize("endpoint", sorted(PARAMETERS))
def test_a_nul_in_any_documented_parameter_is_a_400_naming_it_on_postgresql(client, catalog, endpoint):
    require("postgres")
    for name in PARAMETERS[endpoint]:
        response = client.get(endpoint, {name: "4\x00"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, name
        assert response.json() == {"errors": {name: ["Control characters (such as NUL) are not allowed in this "
                                                     "parameter."]}}
