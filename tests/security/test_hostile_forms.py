"""Property-based: hostile input posted to the main forms (very long strings, control characters, any Unicode,
huge numbers, wrong types) gets a page with a clear error or a saved record, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.factories import make_cast

pytestmark = pytest.mark.django_db

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
values = st.one_of(
    any_text,
    st.text(st.characters(max_codepoint=0x1F), max_size=30),  # control characters, NUL included
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
    st.sampled_from(["", " ", "-1", "1e9", "NaN", "²", "١٢", "2027-02-30", "<script>alert(1)</script>",
                     "' OR 1=1 --", "x" * 20000, "../../etc/passwd", "on", "true"]),
)

# (URL name, kwargs, the form's field names) for forms of a signed-in provider.
FORMS = {
    "providers:staff_create": ("first_name_sr", "last_name_sr", "roles", "engagement", "education_sr",
                               "education_matches", "adult_ed_competence", "cefr_calibration"),
    "providers:room_create": ("name_sr", "kind", "address_sr", "area_m2", "seats", "computers", "tenure",
                              "lease_until", "natural_light"),
    "providers:partner_create": ("name_sr", "kind", "contract_signed", "contract_until", "in_zuov_register"),
    "providers:organization_edit": ("kind", "name_sr", "name_en", "pib", "mb", "address_sr", "municipality",
                                    "email", "phone", "website"),
    "programs:create": ("name_sr", "name_en", "activity", "kind", "qualification_standard", "language_of_delivery",
                        "cefr_levels", "ecdl_modules"),
    "exams:cohort_create": ("program", "name", "starts_on", "ends_on", "rooms", "instructors"),
    "exams:commission_create": ("program", "exam", "name", "members-TOTAL_FORMS", "members-INITIAL_FORMS",
                                "members-0-first_name", "members-0-last_name", "members-0-chair"),
}


@pytest.fixture
def signed_in(client, db):
    from noks_portal.reference_data import ensure_reference_data

    ensure_reference_data()
    cast = make_cast()
    return client, cast


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_posts_never_cause_a_server_error(signed_in, name):
    client, cast = signed_in
    who = cast.school if name.startswith("exams:") else cast.owner
    client.force_login(who)
    url = reverse(name)
    fields = FORMS[name]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({field: values for field in fields}))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)

    post()


def test_registration_survives_hostile_input(client, db):
    from noks_portal.reference_data import ensure_reference_data

    ensure_reference_data()
    fields = ("first_name", "last_name", "email", "username", "password1", "password2", "kind", "name_sr", "pib",
              "mb", "address_sr", "municipality")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({field: values for field in fields}))
    def post(data):
        response = client.post(reverse("providers:register"), data)
        assert response.status_code < 500, data
        client.logout()

    post()


@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", str(10 ** 40)])
def test_a_choice_beyond_any_primary_key_is_an_invalid_choice_not_a_crash(value):
    from django import forms

    from providers.models import Room

    class Choose(forms.Form):
        one = forms.ModelChoiceField(queryset=Room.objects.all())
        many = forms.ModelMultipleChoiceField(queryset=Room.objects.all())

    form = Choose({"one": value, "many": [value]})
    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}
