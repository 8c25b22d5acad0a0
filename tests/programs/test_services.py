"""The program services: one transaction, Latin derived, organization boundaries kept, an audit row each."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from programs import services
from programs.models import Program
from tests.programs.factories import PartnerFactory, ProgramFactory, RoomFactory, StaffFactory



@pytest.fixture
def english():
    """Messages asserted word for word in English (the Serbian catalogs translate them)."""
    from django.utils import translation

    with translation.override("en"):
        yield

def test_program_create_derives_latin_and_logs(cast):
    program = services.program_create(cast.organization, actor=cast.owner, values={
        "name_sr": "Кувар — основна обука", "activity": "A-PERS", "kind": 9})
    assert program.name_sr_latn == "Kuvar — osnovna obuka"
    assert program.saved_sections == ["basics"]
    event = AuditEvent.objects.get(action="program.created")
    assert (event.actor, event.object_id, event.to_state) == (cast.owner, str(program.pk), "A-PERS")


def test_program_create_refuses_what_the_organization_may_not_run(cast, english):
    with pytest.raises(ValidationError) as error:
        services.program_create(cast.organization, actor=cast.owner, values={
            "name_sr": "Квалификација", "activity": "A-KEY-SEC"})
    assert error.value.message_dict["activity"] == ["Art. 2: a JPOA may not run this activity."]
    assert Program.objects.count() == 0


@pytest.mark.parametrize("relation", ["rooms", "instructors", "partners"])
def test_program_save_refuses_another_organizations_records_and_rolls_back(cast, relation):
    program = ProgramFactory(organization=cast.organization)
    factory = {"rooms": RoomFactory, "instructors": StaffFactory, "partners": PartnerFactory}[relation]
    own, foreign = factory(organization=cast.organization), factory(organization=cast.other_organization)
    program.goal_sr = "Нови циљ"
    with pytest.raises(ValidationError) as error:
        services.program_save(program, actor=cast.owner, section="delivery", relations={relation: [own, foreign]})
    assert list(error.value.message_dict) == [relation]
    program.refresh_from_db()
    assert not program.goal_sr
    assert getattr(program, relation).count() == 0
    assert AuditEvent.objects.filter(action="program.saved").count() == 0


def test_program_delete_logs_before_deleting(cast):
    program = ProgramFactory(organization=cast.organization, name_sr="Стари програм")
    pk = program.pk
    services.program_delete(program, actor=cast.colleague)
    assert not Program.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="program.deleted")
    assert (event.object_id, event.data["name"], event.actor) == (str(pk), "Стари програм", cast.colleague)
