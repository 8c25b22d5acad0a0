"""core.formfixes (issue 14): every text field of every form has a maximum length, and no text field takes
control characters other than tab, line feed and carriage return; both are form errors in the visitor's language,
and the form is shown again with what was typed."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from django.utils.html import escape

from core.formfixes import TEXT_MAX_LENGTH
from programs.models import Program
from providers.models import Room, StaffMember
from qualifications.models import Sector
from tests.programs.factories import ProgramFactory
from tests.programs.payloads import section_payload

pytestmark = pytest.mark.django_db

TOO_LONG_SR = f"Ово поље не сме да има више од {TEXT_MAX_LENGTH} карактера (тренутно има {TEXT_MAX_LENGTH + 1})."
CONTROL_SR = ("Текст садржи невидљиве контролне знакове (на пример из копираног документа); уклоните их и "
              "покушајте поново.")


class Free(forms.Form):
    """Defined when this module is imported, as the project's forms are: the guards act when a form is validated."""

    text = forms.CharField(required=False, widget=forms.Textarea)
    line = forms.CharField(required=False, max_length=30)
    carried = forms.CharField(required=False, widget=forms.HiddenInput)
    data = forms.JSONField(required=False)


@pytest.fixture
def owner(client, cast):
    client.force_login(cast.owner)
    return client


def _section_url(program: Program, section: str) -> str:
    return reverse("programs:section", kwargs={"pk": program.pk, "section": section})


def test_a_program_element_over_the_limit_is_refused_in_serbian_and_kept(owner, cast):
    program = ProgramFactory(organization=cast.organization, purpose_sr="Стара сврха.")
    element = "Сврха " + "ж" * (TEXT_MAX_LENGTH + 1 - len("Сврха "))
    response = owner.post(_section_url(program, "aims"), section_payload("aims", purpose_sr=element))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["purpose_sr"] == [TOO_LONG_SR]
    assert TOO_LONG_SR in page
    assert f">\n{element}</textarea>" in page or f">{element}</textarea>" in page
    program.refresh_from_db()
    assert program.purpose_sr == "Стара сврха."


def test_a_program_element_of_exactly_the_limit_is_saved(owner, cast):
    program = ProgramFactory(organization=cast.organization)
    element = "ж" * TEXT_MAX_LENGTH
    response = owner.post(_section_url(program, "aims"), section_payload("aims", purpose_sr=element))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.purpose_sr == element


def test_a_staff_members_education_over_the_limit_is_refused_and_kept(owner, cast):
    education = "Филозофски факултет " * (TEXT_MAX_LENGTH // 20 + 1)
    data = {"first_name_sr": "Љиљана", "last_name_sr": "Њежић", "roles": ["instructor"],
            "engagement": "employed_part_time", "education_sr": education, "education_matches": "on",
            "adult_ed_competence": "andragogy_degree", "cefr_calibration": ""}
    response = owner.post(reverse("providers:staff_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["education_sr"] == [
        f"Ово поље не сме да има више од {TEXT_MAX_LENGTH} карактера (тренутно има {len(education.strip())})."]
    assert escape(education.strip()) in response.content.decode()
    assert 'value="Љиљана"' in response.content.decode()
    assert StaffMember.objects.count() == 0


def test_a_room_name_over_its_own_limit_is_refused_in_serbian_and_kept(owner, cast):
    name = "Учионица " * 3000
    data = {"name_sr": name, "kind": "classroom", "address_sr": "", "area_m2": "42.5", "seats": "16",
            "computers": "0", "tenure": "owned", "lease_until": ""}
    response = owner.post(reverse("providers:room_create"), data)
    assert response.status_code == 200
    [message] = response.context["form"].errors["name_sr"]
    assert message.startswith("Ово поље не сме да има више од ") and f"(тренутно има {len(name.strip())})" in message
    assert escape(name.strip()) in response.content.decode()
    assert Room.objects.count() == 0


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f"])
def test_control_characters_in_a_program_element_are_refused_once_and_the_text_kept(owner, cast, control):
    program = ProgramFactory(organization=cast.organization, purpose_sr="Стара сврха.")
    typed = f"Нова{control}сврха"
    response = owner.post(_section_url(program, "aims"), section_payload("aims", purpose_sr=typed))
    assert response.status_code == 200
    assert response.context["form"].errors["purpose_sr"] == [CONTROL_SR]  # one message, NUL included
    assert f"{typed}</textarea>" in response.content.decode()
    program.refresh_from_db()
    assert program.purpose_sr == "Стара сврха."


def test_tabs_and_line_breaks_are_text(owner, cast):
    program = ProgramFactory(organization=cast.organization)
    typed = "Први ред\r\n\tдруги ред\rтрећи"
    response = owner.post(_section_url(program, "aims"), section_payload("aims", purpose_sr=typed))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.purpose_sr == typed


def test_the_admin_forms_refuse_control_characters_too(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("admin:qualifications_sector_add"),
                           {"code": "ZZ", "name_sr": "Сектор\x00", "name_en": "Sector"})
    assert response.status_code == 200
    assert CONTROL_SR in response.content.decode()
    assert not Sector.objects.filter(code="ZZ").exists()


def test_every_text_field_is_capped_and_checked_whatever_its_form():
    form = Free({"text": "x" * (TEXT_MAX_LENGTH + 1), "line": "a\x1bb", "carried": "y" * (TEXT_MAX_LENGTH * 2),
                 "data": '{"a": ["b\\u0000"]}'})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["text"]] == ["max_length"]
    assert [e.code for e in form.errors.as_data()["line"]] == ["control_characters"]
    assert [e.code for e in form.errors.as_data()["data"]] == ["control_characters"]
    assert "carried" not in form.errors  # a hidden field holds what the server wrote; its form checks it
    assert Free({"text": "x" * TEXT_MAX_LENGTH, "line": "a\tb", "data": '{"a": "b\\n"}'}).is_valid()


def test_json_nested_deeper_than_the_stack_is_invalid_json():
    form = Free({"data": "[" * 100_000})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["data"]] == ["invalid"]


def test_a_choice_with_a_control_character_is_an_invalid_choice_before_any_query(django_assert_num_queries):
    class Choose(forms.Form):
        sector = forms.ModelChoiceField(queryset=Sector.objects.all(), to_field_name="code")
        sectors = forms.ModelMultipleChoiceField(queryset=Sector.objects.all(), to_field_name="code")

    form = Choose({"sector": "A\x00", "sectors": ["B\x01"]})
    with django_assert_num_queries(0):
        assert not form.is_valid()
    assert {name: [e.code for e in errors] for name, errors in form.errors.as_data().items()} == {
        "sector": ["invalid_choice"], "sectors": ["invalid_choice"]}
