"""The organization's records through the views: staff, rooms, hygiene, partners; scripts, validation, overview."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from providers import selectors
from providers.enums import HYGIENE_ITEMS, AdultEdCompetence, RoomKind, StaffRole, Tenure
from providers.models import HygieneDeclaration, Partner, Room, StaffMember
from tests.providers.records_factories import (
    PDF,
    PNG,
    DocumentFactory,
    PartnerFactory,
    RoomFactory,
    StaffMemberFactory,
)


def en(name: str, **kwargs) -> str:
    """Pages in English, so that the asserted messages are the msgids whatever the Serbian catalog says."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def owner_client(client, cast):
    client.force_login(cast.owner)
    return client


STAFF_DATA = {
    "first_name_sr": "Љиљана",
    "last_name_sr": "Њежић",
    "roles": [StaffRole.INSTRUCTOR, StaffRole.ANDRAGOGUE],
    "engagement": "employed_part_time",
    "education_sr": "Дипломирани андрагог, Филозофски факултет",
    "education_matches": "on",
    "adult_ed_competence": AdultEdCompetence.ANDRAGOGY_DEGREE,
    "cefr_calibration": "",
}

ROOM_DATA = {
    "name_sr": "Учионица 1",
    "kind": RoomKind.CLASSROOM,
    "address_sr": "",
    "area_m2": "42.5",
    "seats": "16",
    "computers": "2",
    "networked": "on",
    "licensed_software": "on",
    "natural_light": "on",
    "natural_ventilation": "on",
    "washbasin": "",
    "accessible": "on",
    "tenure": Tenure.LEASED,
    "lease_until": "2027-06-30",
}

PARTNER_DATA = {
    "name_sr": "Пекара „Жито“",
    "kind": "employer",
    "contract_signed": "on",
    "contract_until": "2027-12-31",
    "in_zuov_register": "on",
}


# --- staff ---------------------------------------------------------------------------------------------------------

def test_staff_create_derives_latin_and_audits(owner_client, cast):
    response = owner_client.post(en("providers:staff_create"), STAFF_DATA)
    staff = StaffMember.objects.get(organization=cast.organization)
    assert response.status_code == 302
    assert response["Location"] == en("providers:staff_edit", pk=staff.pk)
    assert staff.first_name_sr == "Љиљана"
    assert staff.first_name_sr_latn == "Ljiljana"
    assert staff.last_name_sr_latn == "Nježić"
    assert staff.education_sr_latn == "Diplomirani andragog, Filozofski fakultet"
    assert staff.roles == ["instructor", "andragogue"]
    assert staff.engagement == "employed_part_time"
    assert staff.education_matches is True
    assert staff.cefr_calibration is False
    event = AuditEvent.objects.get(object_type="providers.staffmember", object_id=str(staff.pk))
    assert (event.action, event.actor, event.data) == ("staff.saved", cast.owner, {"created": True})


def test_staff_edit_changes_the_record(client, cast):
    staff = StaffMemberFactory(organization=cast.organization)
    client.force_login(cast.colleague)
    data = dict(STAFF_DATA, roles=[StaffRole.RESPONSIBLE_PERSON], adult_ed_competence=AdultEdCompetence.IN_TRAINING)
    response = client.post(en("providers:staff_edit", pk=staff.pk), data)
    staff.refresh_from_db()
    assert response.status_code == 302
    assert staff.roles == ["responsible_person"]
    assert staff.adult_ed_competence == "in_training"
    assert staff.last_name_sr == "Њежић"
    assert AuditEvent.objects.filter(action="staff.saved", object_id=str(staff.pk)).count() == 1


def test_staff_edit_page_shows_the_record(owner_client, cast):
    staff = StaffMemberFactory(organization=cast.organization, first_name_sr="Драгана")
    page = owner_client.get(en("providers:staff_edit", pk=staff.pk)).content.decode()
    assert 'value="Драгана"' in page
    assert page.count("<h1>") == 1
    assert en("providers:staff_document_upload", pk=staff.pk) in page
    assert en("providers:staff_delete", pk=staff.pk) in page


def test_staff_without_roles_is_refused_and_keeps_input(owner_client, cast):
    data = dict(STAFF_DATA, roles=[])
    response = owner_client.post(en("providers:staff_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert StaffMember.objects.count() == 0
    assert "Choose at least one role." in page
    assert 'role="alert"' in page
    assert 'value="Љиљана"' in page
    assert 'value="Њежић"' in page
    assert "Дипломирани андрагог, Филозофски факултет</textarea>" in page
    assert 'value="employed_part_time" selected' in page or 'value="employed_part_time"  selected' in page


def test_staff_with_unknown_role_is_refused(owner_client):
    response = owner_client.post(en("providers:staff_create"), dict(STAFF_DATA, roles=["astronaut"]))
    assert response.status_code == 200
    assert StaffMember.objects.count() == 0
    assert [error.code for error in response.context["form"].errors.as_data()["roles"]] == ["invalid_choice"]


def test_staff_delete_asks_then_deletes_with_documents(owner_client, cast, tmp_path,
                                                      django_capture_on_commit_callbacks):
    staff = StaffMemberFactory(organization=cast.organization)
    document = DocumentFactory(organization=cast.organization, staff_member=staff)
    stored = tmp_path / document.file.name
    url = en("providers:staff_delete", pk=staff.pk)
    confirm = owner_client.get(url).content.decode()
    assert "This cannot be undone." in confirm
    assert StaffMember.objects.filter(pk=staff.pk).exists()
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)
    assert response["Location"] == en("providers:staff_list")
    assert StaffMember.objects.filter(pk=staff.pk).exists() is False
    assert document.__class__.objects.filter(pk=document.pk).exists() is False
    assert stored.exists() is False
    assert AuditEvent.objects.filter(action="staff.deleted", object_id=str(staff.pk)).count() == 1


def test_staff_list_shows_own_staff_only(owner_client, cast):
    StaffMemberFactory(organization=cast.organization, last_name_sr="Петровић")
    StaffMemberFactory(organization=cast.other_organization, last_name_sr="Туђинац")
    page = owner_client.get(en("providers:staff_list")).content.decode()
    assert "Petrović" in page  # English pages show content in Latin
    assert "Tuđinac" not in page
    assert "Туђинац" not in page


def test_staff_list_query_count_is_constant(client, cast):
    client.force_login(cast.owner)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(en("providers:staff_list"))
        assert response.status_code == 200
        return len(queries)

    for _ in range(2):
        member = StaffMemberFactory(organization=cast.organization)
        DocumentFactory(organization=cast.organization, staff_member=member)
    small = count_queries()
    for _ in range(18):
        member = StaffMemberFactory(organization=cast.organization)
        DocumentFactory(organization=cast.organization, staff_member=member)
    assert StaffMember.objects.filter(organization=cast.organization).count() == 20
    assert count_queries() == small


def test_records_overview_query_count_is_constant(client, cast):
    client.force_login(cast.owner)

    def add_records():
        member = StaffMemberFactory(organization=cast.organization)
        DocumentFactory(organization=cast.organization, staff_member=member)
        RoomFactory(organization=cast.organization)
        PartnerFactory(organization=cast.organization)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(en("providers:records"))
        assert response.status_code == 200
        return len(queries)

    add_records()
    small = count_queries()
    for _ in range(9):
        add_records()
    assert count_queries() == small


@pytest.mark.parametrize(("prefix", "lang", "name"), [("sr", "sr", "Љиљана"), ("sr-latn", "sr-latn", "Ljiljana"),
                                                      ("en", "en", "Ljiljana")])
def test_staff_pages_in_each_language(client, cast, prefix, lang, name):
    staff = StaffMemberFactory(organization=cast.organization, first_name_sr="Љиљана")
    client.force_login(cast.owner)
    with translation.override(lang):
        urls = [reverse("providers:staff_list"), reverse("providers:staff_edit", kwargs={"pk": staff.pk}),
                reverse("providers:records"), reverse("providers:room_list"), reverse("providers:hygiene"),
                reverse("providers:partner_list"), reverse("providers:staff_create")]
    for url in urls:
        assert url.startswith(f"/{prefix}/")
        page = client.get(url).content.decode()
        assert f'<html lang="{lang}">' in page
    assert name in client.get(urls[0]).content.decode()


def test_staff_page_shows_competence_deadline_when_status_granted(owner_client, cast, monkeypatch):
    staff = StaffMemberFactory(organization=cast.organization)
    url = en("providers:staff_edit", pk=staff.pk)
    assert "must be acquired by" not in owner_client.get(url).content.decode()
    monkeypatch.setattr(selectors, "status_granted_on", lambda organization: dt.date(2025, 8, 31))
    page = owner_client.get(url).content.decode()
    assert "Adult-education competences must be acquired by 28 February 2026 (Art. 7.4)." in page


def test_status_granted_on_is_none_until_decisions_exist(cast):
    assert selectors.status_granted_on(cast.organization) is None
    assert selectors.competence_deadline(cast.organization) is None


# --- rooms ---------------------------------------------------------------------------------------------------------

def test_room_create_saves_all_fields(owner_client, cast):
    response = owner_client.post(en("providers:room_create"), ROOM_DATA)
    room = Room.objects.get(organization=cast.organization)
    assert response["Location"] == en("providers:room_edit", pk=room.pk)
    assert (room.name_sr, room.name_sr_latn) == ("Учионица 1", "Učionica 1")
    assert room.area_m2 == Decimal("42.50")
    assert (room.seats, room.computers) == (16, 2)
    assert (room.networked, room.licensed_software, room.washbasin, room.accessible) == (True, True, False, True)
    assert (room.tenure, room.lease_until) == ("leased", dt.date(2027, 6, 30))
    assert AuditEvent.objects.filter(action="room.saved", object_id=str(room.pk)).count() == 1


def test_room_owned_drops_lease_date(owner_client, cast):
    room = RoomFactory(organization=cast.organization, tenure=Tenure.LEASED, lease_until=dt.date(2027, 1, 1))
    owner_client.post(en("providers:room_edit", pk=room.pk), dict(ROOM_DATA, tenure="owned"))
    room.refresh_from_db()
    assert (room.tenure, room.lease_until) == ("owned", None)


def test_room_leased_without_date_zero_area_negative_seats_refused_and_keeps_input(owner_client):
    data = dict(ROOM_DATA, name_sr="Сала „Тесла“", area_m2="0", seats="-1", lease_until="")
    response = owner_client.post(en("providers:room_create"), data)
    page = response.content.decode()
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert Room.objects.count() == 0
    assert errors["area_m2"] == ["A room's area must be at least 1 m²."]
    assert errors["seats"] == ["The number of seats cannot be negative."]
    assert 'value="Сала „Тесла“"' in page
    assert 'value="-1"' in page
    assert "m²" in page


def test_room_leased_without_date_refused_by_model_clean(owner_client):
    response = owner_client.post(en("providers:room_create"), dict(ROOM_DATA, lease_until=""))
    assert Room.objects.count() == 0
    assert response.context["form"].errors["lease_until"] == ["Give the date until which the lease is valid."]
    assert 'value="Учионица 1"' in response.content.decode()


def test_room_delete_removes_the_room(owner_client, cast):
    room = RoomFactory(organization=cast.organization)
    assert owner_client.get(en("providers:room_delete", pk=room.pk)).status_code == 200
    response = owner_client.post(en("providers:room_delete", pk=room.pk))
    assert response["Location"] == en("providers:room_list")
    assert Room.objects.filter(pk=room.pk).exists() is False
    assert AuditEvent.objects.filter(action="room.deleted", object_id=str(room.pk)).count() == 1


def test_room_list_shows_area_with_unit(owner_client, cast):
    RoomFactory(organization=cast.organization, name_sr="Кабинет 7", area_m2=Decimal("30.00"))
    page = owner_client.get(en("providers:room_list")).content.decode()
    assert "Kabinet 7" in page
    assert "30 m²" in page and "30.00" not in page  # shown numbers drop trailing zeros (issue 18)


# --- partners ------------------------------------------------------------------------------------------------------

def test_partner_create_edit_delete(owner_client, cast):
    owner_client.post(en("providers:partner_create"), PARTNER_DATA)
    partner = Partner.objects.get(organization=cast.organization)
    assert (partner.name_sr, partner.name_sr_latn) == ("Пекара „Жито“", "Pekara „Žito“")
    assert (partner.kind, partner.contract_signed, partner.in_zuov_register) == ("employer", True, True)
    assert partner.contract_until == dt.date(2027, 12, 31)
    owner_client.post(en("providers:partner_edit", pk=partner.pk),
                      dict(PARTNER_DATA, kind="jpoa", in_zuov_register=""))
    partner.refresh_from_db()
    assert (partner.kind, partner.in_zuov_register) == ("jpoa", False)
    owner_client.post(en("providers:partner_delete", pk=partner.pk))
    assert Partner.objects.filter(pk=partner.pk).exists() is False
    actions = list(AuditEvent.objects.filter(object_type="providers.partner").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["partner.saved", "partner.saved", "partner.deleted"]


def test_partner_contract_date_without_contract_refused_and_keeps_input(owner_client):
    response = owner_client.post(en("providers:partner_create"), dict(PARTNER_DATA, contract_signed=""))
    assert Partner.objects.count() == 0
    assert response.context["form"].errors["contract_until"] == [
        "A contract end date is given only for a signed contract."]
    page = response.content.decode()
    assert 'value="Пекара „Жито“"' in page
    assert 'value="2027-12-31"' in page


# --- hygiene -------------------------------------------------------------------------------------------------------

def _hygiene_data(**overrides):
    data = {key: "on" for key, _label in HYGIENE_ITEMS}
    data.update(overrides)
    return data


def test_hygiene_saves_declarations_and_evidence(owner_client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _hygiene_data(fire="", evidence_lighting=SimpleUploadedFile("svetlo.pdf", PDF),
                         evidence_water=SimpleUploadedFile("voda.png", PNG))
    response = owner_client.post(en("providers:hygiene"), data)
    assert response["Location"] == en("providers:hygiene")
    declaration = HygieneDeclaration.objects.get(organization=cast.organization)
    assert declaration.as_dict() == {key: key != "fire" for key, _label in HYGIENE_ITEMS}
    documents = sorted(cast.organization.documents.values_list("hygiene_item", "kind", "original_name"))
    assert documents == [("lighting", "hygiene", "svetlo.pdf"), ("water", "hygiene", "voda.png")]
    page = owner_client.get(en("providers:hygiene")).content.decode()
    assert "svetlo.pdf" in page
    assert 'id="item-water"' in page
    assert AuditEvent.objects.filter(action="hygiene.saved").count() == 1
    assert AuditEvent.objects.filter(action="document.uploaded").count() == 2


def test_hygiene_refused_file_saves_nothing_and_keeps_ticks(owner_client, cast, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _hygiene_data(noise="", evidence_lighting=SimpleUploadedFile("svetlo.pdf", PDF),
                         evidence_fire=SimpleUploadedFile("pozar.pdf", b"MZ\x90\x00 not a pdf"))
    response = owner_client.post(en("providers:hygiene"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert HygieneDeclaration.objects.filter(organization=cast.organization).exists() is False
    assert cast.organization.documents.count() == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert "is not a PDF, JPEG or PNG document" in page
    assert 'name="lighting" id="id_lighting" checked' in page
    assert 'name="noise" id="id_noise">' in page


# --- overview ------------------------------------------------------------------------------------------------------

def test_records_overview_counts_and_lists_what_is_missing(owner_client, cast):
    StaffMemberFactory(organization=cast.organization, roles=["instructor"])
    RoomFactory(organization=cast.organization, tenure=Tenure.LEASED, lease_until=dt.date(2027, 1, 1))
    PartnerFactory(organization=cast.organization)
    with translation.override("en"):
        overview = selectors.records_overview(cast.organization)
    assert (overview.staff, overview.rooms, overview.partners, overview.hygiene_declared) == (1, 1, 1, 0)
    with translation.override("en"):
        messages = [str(item.message) for item in overview.missing]
    assert "No andragogue yet." in messages
    assert "No responsible person for adult education yet." in messages
    assert "No instructor yet." not in messages
    assert "Leased rooms without the lease attached: 1" in messages
    assert "Hygiene-technical standards not declared yet: 9" in messages
    page = owner_client.get(en("providers:records")).content.decode()
    assert "No andragogue yet." in page
    assert en("providers:staff_list") in page


def test_records_overview_of_empty_organization(cast):
    with translation.override("en"):
        overview = selectors.records_overview(cast.organization)
        assert [str(item.message) for item in overview.missing][:2] == [
        "No staff member is recorded yet.", "No classroom is recorded yet."]


@pytest.mark.parametrize(("next_url", "back_to_answers"), [
    ("/en/applications/7/requests/3/answer/", True),
    ("https://evil.example/x", False), ("//evil.example/x", False), ("/\\evil.example", False)])
def test_a_record_changed_from_the_answers_page_goes_back_there_and_nowhere_else(owner_client, cast, next_url,
                                                                                  back_to_answers):
    """"Change this item" on the answer to a change request opens the record's form with ?next=<the answers>."""
    room = RoomFactory(organization=cast.organization)
    response = owner_client.post(en("providers:room_edit", pk=room.pk) + "?" + urlencode({"next": next_url}),
                                 ROOM_DATA)
    assert response["Location"] == (next_url if back_to_answers else en("providers:room_edit", pk=room.pk))
    room.refresh_from_db()
    assert room.name_sr == "Учионица 1"  # saved either way
