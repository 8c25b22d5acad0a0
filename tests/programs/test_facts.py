"""Programs as rules facts: six queries whatever the number of programs and rows, in every language."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programs.facts import programs_facts
from programs.models import Program
from tests.programs.factories import CompleteProgramFactory, ModuleFactory, RoomFactory, StaffFactory, TaskListFactory

pytestmark = pytest.mark.django_db


def _program(organization):
    room, member = RoomFactory(organization=organization), StaffFactory(organization=organization)
    program = CompleteProgramFactory(organization=organization, rooms=[room], instructors=[member], modular=True,
                                     modules_content_sr="")
    ModuleFactory(program=program, name_sr="Безбедност на раду")
    TaskListFactory(program=program)
    return program, room, member


@pytest.mark.parametrize("language", ["sr", "sr-latn", "en"])
def test_facts_use_six_queries_at_any_size_and_language(cast, language):
    first, room, member = _program(cast.organization)
    with translation.override(language):
        with CaptureQueriesContext(connection) as small:
            facts = programs_facts(Program.objects.filter(organization=cast.organization))
        for _ in range(4):
            _program(cast.organization)
        with CaptureQueriesContext(connection) as large:
            more = programs_facts(Program.objects.filter(organization=cast.organization))
    assert len(small) == len(large) == 6  # the programs (with standard and level) and five prefetches
    assert len(more) == 5
    mine = next(f for f in facts if f["id"] == f"P{first.pk}")
    assert mine["rooms"] == [f"R{room.pk}"] and mine["instructors"] == [f"S{member.pk}"]
    assert "Безбедност на раду" in mine["elements"]["modules"]

