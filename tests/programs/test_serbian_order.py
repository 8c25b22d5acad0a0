"""Issue 18: an organization's programs, and the rooms, staff and partners a program form offers, in Serbian order."""

from __future__ import annotations

import pytest
from django.utils import translation

from programs.forms import DeliveryForm
from programs.selectors import program_list
from tests.programs.factories import ProgramFactory
from tests.providers.records_factories import PartnerFactory, RoomFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

NAMES = ["Чешки језик", "Ђаконије", "Цртање", "Дизајн", "Љубитељи", "Лаки кораци"]
CYRILLIC = ["Дизајн", "Ђаконије", "Лаки кораци", "Љубитељи", "Цртање", "Чешки језик"]
LATIN = ["Crtanje", "Češki jezik", "Dizajn", "Đakonije", "Laki koraci", "Ljubitelji"]


def test_programs_in_serbian_order_on_both_scripts(cast):
    for name in NAMES:
        ProgramFactory(organization=cast.organization, name_sr=name)
    with translation.override("sr"):
        assert [p.name for p in program_list(cast.organization)] == CYRILLIC
    with translation.override("sr-latn"):
        assert [p.name for p in program_list(cast.organization)] == LATIN


def test_the_program_form_offers_rooms_staff_and_partners_in_serbian_order(cast):
    for name in NAMES:
        RoomFactory(organization=cast.organization, name_sr=name)
        PartnerFactory(organization=cast.organization, name_sr=name)
        StaffMemberFactory(organization=cast.organization, first_name_sr="Ана", last_name_sr=name)
    program = ProgramFactory(organization=cast.organization)
    for lang, expected in (("sr", CYRILLIC), ("sr-latn", LATIN)):
        with translation.override(lang):
            form = DeliveryForm(instance=program, organization=cast.organization)
            assert [r.name for r in form.fields["rooms"].queryset] == expected
            assert [p.name for p in form.fields["partners"].queryset] == expected
            assert [s.last_name for s in form.fields["instructors"].queryset] == expected
