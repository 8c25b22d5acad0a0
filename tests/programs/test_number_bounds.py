"""Issue 16: a program's hours and group size are read as a Serbian writes them and kept within plausible bounds
(model validators, so the admin and every form enforce them; docs/numbers.md)."""

from __future__ import annotations

import pytest
from django.utils import translation

from programs.forms import DeliveryForm, ModuleForm
from tests.programs.factories import ProgramFactory
from tests.programs.payloads import DELIVERY

pytestmark = pytest.mark.django_db


def delivery(program, lang="en", **numbers):
    with translation.override(lang):
        form = DeliveryForm(data=dict(DELIVERY, **numbers), instance=program, organization=program.organization)
        form.is_valid()
        return form, {name: [str(m) for m in messages] for name, messages in form.errors.items()}


@pytest.mark.parametrize("field, accepted, refused, message", [
    ("duration_hours", "1", "0", "Ensure this value is greater than or equal to 1."),
    ("duration_hours", "5000", "5001", "A program cannot last more than 5000 hours; check the number."),
    ("group_size", "1", "0", "Ensure this value is greater than or equal to 1."),
    ("group_size", "200", "201", "A group cannot have more than 200 learners; check the number."),
])
def test_program_bounds_both_sides(field, accepted, refused, message):
    program = ProgramFactory()
    form, errors = delivery(program, **{field: refused})
    assert errors[field] == [message]
    assert f'value="{refused}"' in str(form[field])
    form, errors = delivery(program, **{field: accepted})
    assert errors == {}


@pytest.mark.parametrize("lang", ["sr", "sr-latn", "en"])
def test_program_hours_read_the_same_in_every_language(lang):
    program = ProgramFactory()
    form, errors = delivery(program, lang, duration_hours="1 200", group_size="12")
    assert errors == {}
    assert (form.cleaned_data["duration_hours"], form.cleaned_data["group_size"]) == (1200, 12)


@pytest.mark.parametrize("lang, ambiguous, decimal, too_many", [
    ("en", "“1.200” can be read as 1200 or as a decimal number. Write 1200 without the point.",
     "Enter a whole number, without a decimal part.",
     "A group cannot have more than 200 learners; check the number."),
    ("sr", "„1.200“ може да се прочита као 1200 или као децимални број. Упишите 1200 без тачке.",
     "Унесите цео број, без децималног дела.", "Група не може имати више од 200 полазника; проверите број."),
    ("sr-latn", "„1.200“ može da se pročita kao 1200 ili kao decimalni broj. Upišite 1200 bez tačke.",
     "Unesite ceo broj, bez decimalnog dela.", "Grupa ne može imati više od 200 polaznika; proverite broj."),
])
def test_program_numbers_refused_with_translated_messages(lang, ambiguous, decimal, too_many):
    program = ProgramFactory()
    form, errors = delivery(program, lang, duration_hours="1.200", group_size="12,5")
    assert (errors["duration_hours"], errors["group_size"]) == ([ambiguous], [decimal])
    assert 'value="1.200"' in str(form["duration_hours"]) and 'value="12,5"' in str(form["group_size"])
    form, errors = delivery(program, lang, group_size="1 000")
    assert errors["group_size"] == [too_many]


@pytest.mark.parametrize("hours, error", [("5000", None), ("5001", "A module cannot last more than 5000 hours; "
                                                                    "check the number."),
                                          ("1", None), ("0", "Ensure this value is greater than or equal to 1.")])
def test_module_hours_bounds_both_sides(hours, error):
    program = ProgramFactory()
    with translation.override("en"):
        form = ModuleForm(data={"name_sr": "Хигијена", "outcomes_sr": "", "content_sr": "", "hours": hours})
        form.instance.program = program
        valid = form.is_valid()
        messages = [str(m) for m in form.errors.get("hours", [])] or None
    assert (valid, messages) == (error is None, None if error is None else [error])
