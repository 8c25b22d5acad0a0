"""What the Office approved of the organization's records, and what changed since (issue 16, docs/records.md):
the approved copy stays visible to the Office, later changes are shown as dated changes, the provider sees a note
on a record that differs and is not blocked from editing it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from providers import services
from providers.approval import ADDED, CHANGED, REMOVED, records_since_approval
from providers.enums import Tenure
from providers.models import Room
from tests.applications.conftest import approve, ready, submit  # noqa: F401  (ready: a fixture)
from tests.programs.factories import RoomFactory
from tests.providers.test_records import ROOM_DATA


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def approved_records(cast, ready, django_capture_on_commit_callbacks):
    application = submit(cast, ready["program"])
    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, application)
    return application


def test_records_since_approval_none_before_any_approval(cast, ready):
    submit(cast, ready["program"])  # submitted, not approved: nothing was approved yet
    assert records_since_approval(cast.organization) is None


def test_records_since_approval_unchanged_records_show_no_change(cast, ready, approved_records):
    since = records_since_approval(cast.organization)
    assert since.reference == approved_records.reference
    assert since.changes == []
    rooms = next(s for s in since.sections if s.key == "rooms")
    assert len(rooms.approved) == 6 and all(row.change is None for row in rooms.approved)
    # saving a record without changing it is no change
    services.room_save(ready["rooms"]["classroom"], actor=cast.owner)
    assert records_since_approval(cast.organization).changes == []


def test_records_since_approval_room_changed_added_removed_with_dates(cast, ready, approved_records):
    today = timezone.localdate()
    classroom = ready["rooms"]["classroom"]
    classroom.area_m2 = Decimal("42.50")
    services.room_save(classroom, actor=cast.owner)
    new_room = services.room_save(RoomFactory.build(organization=cast.organization, name_sr="Сала 2",
                                                    tenure=Tenure.OWNED), actor=cast.owner)
    archive = ready["rooms"]["archive"]
    archive_pk, archive_name = archive.pk, archive.name_sr_latn
    services.room_delete(archive, actor=cast.owner)
    staff_member = ready["staff"]["librarian"]
    staff_pk = staff_member.pk
    services.staff_delete(staff_member, actor=cast.owner)

    with translation.override("en"):
        since = records_since_approval(cast.organization)
    by_key = {(c.section, c.pk): c for c in since.changes}
    changed = by_key[("rooms", classroom.pk)]
    assert (changed.change, changed.on) == (CHANGED, today)
    assert [(f.label, f.approved, f.current) for f in changed.fields] == [("area (m²)", "30.0", "42.5")]
    assert (by_key[("rooms", new_room.pk)].change, by_key[("rooms", new_room.pk)].on) == (ADDED, today)
    removed = by_key[("rooms", archive_pk)]
    assert (removed.change, removed.on, removed.name) == (REMOVED, today, archive_name)
    assert by_key[("staff", staff_pk)].change == REMOVED
    assert len(since.changes) == 4
    # the approved copy is still there for the Office: the removed archive is listed among what was approved
    rooms = next(s for s in since.sections if s.key == "rooms")
    assert archive_pk in [row.pk for row in rooms.approved]
    assert new_room.pk not in [row.pk for row in rooms.approved]


def test_records_since_approval_choice_label_of_another_language_is_no_change(cast, ready,
                                                                                django_capture_on_commit_callbacks):
    with translation.override("en"):  # submitted from the English page: the copy holds English labels
        application = submit(cast, ready["program"])
    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, application)
    with translation.override("sr"):
        assert records_since_approval(cast.organization).changes == []
    room = ready["rooms"]["classroom"]
    room.tenure, room.lease_until = Tenure.LEASED, dt.date(2030, 1, 1)
    services.room_save(room, actor=cast.owner)
    with translation.override("en"):
        [change] = records_since_approval(cast.organization).changes
    assert [(f.label, f.approved, f.current) for f in change.fields] == [
        ("owned or leased", "Owned", "Leased"), ("lease valid until", "—", "1 January 2030")]


def test_office_records_page_shows_approved_copy_and_changes(client, cast, ready, approved_records):
    classroom = ready["rooms"]["classroom"]
    classroom.seats = 20
    services.room_save(classroom, actor=cast.owner)
    client.force_login(cast.reviewer)
    page = client.get(en("providers:office_organization", pk=cast.organization.pk)).content.decode()
    assert approved_records.reference in page
    assert "1 change since." in page
    assert en("providers:office_organization_records", pk=cast.organization.pk) in page
    response = client.get(en("providers:office_organization_records", pk=cast.organization.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-record="rooms-{classroom.pk}" data-change="changed"' in page
    assert "approved “12”, now “20”" in page
    assert page.count('data-change="') == 1
    assert page.count("unchanged") == 5 + 5  # five other rooms, five staff members


def test_office_records_page_before_approval_says_nothing_approved(client, cast, ready):
    client.force_login(cast.reviewer)
    page = client.get(en("providers:office_organization_records", pk=cast.organization.pk)).content.decode()
    assert "No application of this organization has been approved yet" in page


@pytest.mark.parametrize("role", ["owner", "other", "anonymous"])
def test_office_records_page_not_for_providers(client, cast, ready, approved_records, role):
    if role != "anonymous":
        client.force_login(cast.user(role))
    response = client.get(en("providers:office_organization_records", pk=cast.organization.pk))
    assert response.status_code in (302, 403)
    assert b"data-record" not in response.content


def test_provider_sees_note_on_changed_record_and_can_still_edit(client, cast, ready, approved_records):
    client.force_login(cast.owner)
    classroom, archive = ready["rooms"]["classroom"], ready["rooms"]["archive"]
    page = client.get(en("providers:room_list")).content.decode()
    assert "approval-note" not in page  # nothing differs yet
    assert approved_records.reference in page

    response = client.post(en("providers:room_edit", pk=classroom.pk),
                           dict(ROOM_DATA, name_sr=classroom.name_sr, kind=classroom.kind, tenure="owned",
                                lease_until="", area_m2="30", seats="14"))
    assert response.status_code == 302  # not blocked
    classroom.refresh_from_db()
    assert classroom.seats == 14
    services.room_delete(archive, actor=cast.owner)
    page = client.get(en("providers:room_list")).content.decode()
    assert page.count('class="badge text-bg-info approval-note" data-change="changed"') == 1
    assert "Differs from what the Office approved" in page
    assert 'id="approval-removed"' in page and archive.name_sr_latn in page
    edit = client.get(en("providers:room_edit", pk=classroom.pk)).content.decode()
    assert 'id="approval-change"' in edit and "seats (desk and chair)" in edit
    other = client.get(en("providers:room_edit", pk=ready["rooms"]["men"].pk)).content.decode()
    assert 'id="approval-change"' not in other


def test_provider_note_in_serbian(client, cast, ready, approved_records):
    client.force_login(cast.owner)
    services.room_save(Room(organization=cast.organization, name_sr="Сала 3", kind="classroom",
                            area_m2=Decimal("20"), tenure=Tenure.OWNED), actor=cast.owner)
    page = client.get(reverse("providers:room_list")).content.decode()
    assert "Додато после одобрења Завода" in page
