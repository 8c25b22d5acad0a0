"""Property-based: hostile input posted to the main forms (very long strings, control characters, any Unicode,
huge numbers, wrong types) gets a page with a clear error or a saved record, never a server error; a form shown
again has its error messages in Serbian and keeps what was typed."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.factories import make_cast

pytestmark = pytest.mark.django_db

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
values = st.one_of(
    any_text,
    st.text(st.characters(max_codepoint=0x1F), max_size=30),  # control characters, NUL included
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
    st.sampled_from(["", " ", "-1", "1e9", "NaN", "²", "١٢", "2027-02-30", "<script>alert(1)</script>",
                     "' OR 1=1 --", "x" * 20000, "x" * 20001, "../../etc/passwd", "on", "true", "\x00", "a\x00b",
                     "\x85", "12345678²", "١٢٣٤٥٦٧٨٩"]),
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
    from core.reference_data import ensure_reference_data

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
        redisplayed_keeps_input_and_speaks_serbian(response, data)

    post()


CYRILLIC = re.compile("[\u0400-\u04FF]")
FIELD_ERROR = re.compile(r'<(?:span|p) id="error_\d+_id_[^"]*"><strong>(.*?)</strong>', re.S)
ALERT = re.compile(r'class="alert[^"]*alert-danger[^"]*"[^>]*>(.*?)</div>', re.S)


def rendered_errors(page: str) -> list[str]:
    """The error messages a page shows: crispy's per-field feedback and the red alert of the form's own errors."""
    alerts = [text for block in ALERT.findall(page) for text in re.findall(r"<(?:li|p)[^>]*>(.*?)</(?:li|p)>", block)]
    return FIELD_ERROR.findall(page) + alerts
TYPED = (forms.TextInput, forms.Textarea, forms.EmailInput, forms.URLInput)


def redisplayed_keeps_input_and_speaks_serbian(response, data: dict) -> None:
    """A form shown again after a refusal: every error message is in Serbian (it has Cyrillic letters: an
    untranslated message would be English), and what the user typed into a text box is in the page again."""
    if response.status_code != 200 or not response.context or "form" not in response.context:
        return
    form = response.context["form"]
    if not form.is_bound or not form.errors:
        return
    page = response.content.decode()
    # the messages as the page shows them (form.errors would be translated again now, in the test's language)
    shown = rendered_errors(page)
    assert shown, "a refused form shows its errors"
    for message in shown:
        assert CYRILLIC.search(message), message
    for field, value in data.items():
        widget = getattr(form.fields.get(field), "widget", None)
        if isinstance(widget, TYPED) and not isinstance(widget, forms.PasswordInput) and value.strip():
            assert escape(value) in page or escape(value).replace("\r\n", "\n") in page, (field, value[:80])


def test_registration_survives_hostile_input(client, db):
    from core.reference_data import ensure_reference_data

    ensure_reference_data()
    fields = ("first_name", "last_name", "email", "username", "password1", "password2", "kind", "name_sr", "pib",
              "mb", "address_sr", "municipality")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({field: values for field in fields}))
    def post(data):
        response = client.post(reverse("providers:register"), data)
        assert response.status_code < 500, data
        redisplayed_keeps_input_and_speaks_serbian(response, data)
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


def test_the_redisplay_check_sees_the_form_its_errors_and_the_typed_text(signed_in):
    client, cast = signed_in
    client.force_login(cast.owner)
    data = {"name_sr": "Учионица <b>\"1\"</b> & Co", "area_m2": "2,4x", "seats": "-3"}
    response = client.post(reverse("providers:room_create"), data)
    form = response.context["form"]
    assert form.is_bound and {"area_m2", "seats"} <= set(form.errors)
    assert escape(data["name_sr"]) in response.content.decode()
    redisplayed_keeps_input_and_speaks_serbian(response, data)  # passes: Serbian messages, the name kept
    with translation.override("en"):
        english = client.post(reverse("providers:room_create").replace("/sr/", "/en/"), data)
    with pytest.raises(AssertionError):
        redisplayed_keeps_input_and_speaks_serbian(english, data)  # an English page would fail the check
