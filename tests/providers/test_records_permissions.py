"""Every URL of the organization's records, for every role of the fixed cast.

Members of an organization (owner, colleague; schools too) may read and edit its records; another provider guessing
ids gets 404 and changes nothing; the Office gets 403 on record pages but may download evidence of any organization.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from providers.models import Document, HygieneDeclaration, Partner, Room, StaffMember
from tests.providers.records_factories import PDF, DocumentFactory, PartnerFactory, RoomFactory, StaffMemberFactory

OK, REDIRECT, LOGIN, DENIED, NOT_FOUND = "ok", "redirect", "login", "403", "404"
ROLES = ("anonymous", "owner", "colleague", "other", "school", "reviewer", "decider", "admin")


def expect(**per_role: str) -> dict[str, str]:
    return {role: per_role[role] for role in ROLES}


# Pages without an id: each member sees their own organization's; the Office has no records.
LIST_PAGE = expect(anonymous=LOGIN, owner=OK, colleague=OK, other=OK, school=OK, reviewer=DENIED, decider=DENIED,
                   admin=DENIED)
# Pages of one record of the cast's provider organization.
RECORD_PAGE = expect(anonymous=LOGIN, owner=OK, colleague=OK, other=NOT_FOUND, school=NOT_FOUND, reviewer=DENIED,
                     decider=DENIED, admin=DENIED)
RECORD_ACTION = dict(RECORD_PAGE, owner=REDIRECT, colleague=REDIRECT)
DOWNLOAD = dict(RECORD_PAGE, reviewer=OK, decider=OK, admin=OK)

LIST_URLS = ["records", "staff_list", "staff_create", "room_list", "room_create", "hygiene", "partner_list",
             "partner_create"]
# (URL name, which record's id, method, expected outcomes)
RECORD_URLS = [
    ("staff_edit", "staff", "get", RECORD_PAGE),
    ("staff_delete", "staff", "get", RECORD_PAGE),
    ("staff_document_upload", "staff", "post", RECORD_ACTION),
    ("room_edit", "room", "get", RECORD_PAGE),
    ("room_delete", "room", "get", RECORD_PAGE),
    ("room_document_upload", "room", "post", RECORD_ACTION),
    ("partner_edit", "partner", "get", RECORD_PAGE),
    ("partner_delete", "partner", "get", RECORD_PAGE),
    ("partner_document_upload", "partner", "post", RECORD_ACTION),
    ("document_download", "document", "get", DOWNLOAD),
    ("document_delete", "document", "post", RECORD_ACTION),
]
UPLOAD_KIND = {"staff": "diploma", "room": "lease", "partner": "partner_contract"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_records(organization, tag: str) -> dict:
    staff = StaffMemberFactory(organization=organization, last_name_sr=f"Презиме{tag}")
    room = RoomFactory(organization=organization, name_sr=f"Соба{tag}")
    partner = PartnerFactory(organization=organization, name_sr=f"Партнер{tag}")
    document = DocumentFactory(organization=organization, staff_member=staff, original_name=f"dokaz{tag}.pdf",
                               content=PDF + tag.encode())
    return {"staff": staff, "room": room, "partner": partner, "document": document}


@pytest.fixture
def records(cast):
    return {
        "own": make_records(cast.organization, "Ljubovija"),
        "other": make_records(cast.other_organization, "NoviSad"),
        "school": make_records(cast.school_organization, "Skola"),
    }


def _outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code == 302:
        return LOGIN if reverse("accounts:login") in response["Location"] else REDIRECT
    return f"unexpected {response.status_code}"


def _request(client, method: str, url: str, target: str):
    if method == "get":
        return client.get(url)
    data = {}
    if target in UPLOAD_KIND:
        data = {"upload-kind": UPLOAD_KIND[target], "upload-file": SimpleUploadedFile("novi.pdf", PDF)}
    return client.post(url, data)


def _snapshot() -> dict:
    return {
        "staff": sorted(tuple(sorted(model_to_dict(o).items(), key=str)) for o in StaffMember.objects.all()),
        "rooms": sorted(map(str, Room.objects.values())),
        "partners": sorted(map(str, Partner.objects.values())),
        "hygiene": sorted(map(str, HygieneDeclaration.objects.values())),
        "documents": sorted(Document.objects.values_list("pk", "file", "organization", "staff_member")),
    }


def _login(client, cast, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("name", LIST_URLS)
def test_list_pages_per_role(client, cast, records, role, name):
    user = _login(client, cast, role)
    response = client.get(reverse(f"providers:{name}"))
    assert _outcome(response) == LIST_PAGE[role]
    page = response.content.decode()
    if response.status_code == 200:
        own = user.membership.organization
        assert own.name_sr in page or own.name_sr_latn in page
        foreign = {"owner": ("other", "school"), "colleague": ("other", "school"), "other": ("own", "school"),
                   "school": ("own", "other")}[role]
        for key in foreign:
            assert records[key]["staff"].last_name_sr not in page
            assert records[key]["room"].name_sr not in page
            assert records[key]["partner"].name_sr not in page
    if role in ("reviewer", "decider", "admin"):
        assert records["own"]["staff"].last_name_sr not in page


@pytest.mark.parametrize(("name", "target", "method", "table"), RECORD_URLS, ids=[u[0] for u in RECORD_URLS])
def test_record_urls_per_role(client, cast, records, role, name, target, method, table):
    _login(client, cast, role)
    obj = records["own"][target]
    before = _snapshot()
    response = _request(client, method, reverse(f"providers:{name}", kwargs={"pk": obj.pk}), target)
    assert _outcome(response) == table[role]
    if table[role] in (OK, REDIRECT) and name != "document_download":
        return  # a member's own action: its effect is tested in test_records / test_uploads
    if name == "document_download" and table[role] == OK:
        assert b"".join(response.streaming_content) == PDF + b"Ljubovija"
        assert response["Content-Disposition"] == 'attachment; filename="dokazLjubovija.pdf"'
        return
    assert _snapshot() == before  # refused: nothing changed
    if response.status_code in (403, 404):
        body = response.content.decode()
        assert records["own"]["staff"].last_name_sr not in body
        assert "dokazLjubovija" not in body


@pytest.mark.parametrize("role_name", ["owner", "colleague", "other", "school"])
@pytest.mark.parametrize(("name", "target", "method", "table"), RECORD_URLS, ids=[u[0] for u in RECORD_URLS])
def test_members_reach_their_own_records(client, cast, records, role_name, name, target, method, table):
    _login(client, cast, role_name)
    key = {"owner": "own", "colleague": "own", "other": "other", "school": "school"}[role_name]
    obj = records[key][target]
    response = _request(client, method, reverse(f"providers:{name}", kwargs={"pk": obj.pk}), target)
    assert _outcome(response) == (OK if method == "get" else REDIRECT)
    if name == "document_download":
        assert response["Content-Disposition"] == f'attachment; filename="{obj.original_name}"'
    elif method == "get":
        assert str(obj) in response.content.decode()


OTHER_PROVIDER_POSTS = [
    ("staff_edit", "staff", {"first_name_sr": "Уљез", "last_name_sr": "Уљезовић", "roles": ["instructor"],
                             "engagement": "engaged", "education_sr": "—", "adult_ed_competence": "none"}),
    ("staff_delete", "staff", {}),
    ("staff_document_upload", "staff", {"upload-kind": "diploma"}),
    ("room_edit", "room", {"name_sr": "Уљез", "kind": "other", "area_m2": "1", "seats": "0", "computers": "0",
                           "tenure": "owned"}),
    ("room_delete", "room", {}),
    ("room_document_upload", "room", {"upload-kind": "lease"}),
    ("partner_edit", "partner", {"name_sr": "Уљез", "kind": "jpoa"}),
    ("partner_delete", "partner", {}),
    ("partner_document_upload", "partner", {"upload-kind": "partner_contract"}),
    ("document_delete", "document", {}),
]


@pytest.mark.parametrize("intruder", ["other", "school"])
@pytest.mark.parametrize(("name", "target", "data"), OTHER_PROVIDER_POSTS, ids=[p[0] for p in OTHER_PROVIDER_POSTS])
def test_another_provider_guessing_ids_changes_nothing(client, cast, records, tmp_path, intruder, name, target, data):
    _login(client, cast, intruder)
    obj = records["own"][target]
    before = _snapshot()
    files_before = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    if "upload-kind" in data:
        data = dict(data, **{"upload-file": SimpleUploadedFile("uljez.pdf", PDF)})
    response = client.post(reverse(f"providers:{name}", kwargs={"pk": obj.pk}), data)
    assert response.status_code == 404
    assert _snapshot() == before
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == files_before
    assert obj.__class__.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("office_role", ["reviewer", "decider", "admin"])
def test_office_cannot_change_records(client, cast, records, office_role):
    _login(client, cast, office_role)
    before = _snapshot()
    staff = records["own"]["staff"]
    responses = [
        client.post(reverse("providers:staff_edit", kwargs={"pk": staff.pk}), {"first_name_sr": "Канцеларија"}),
        client.post(reverse("providers:staff_delete", kwargs={"pk": staff.pk})),
        client.post(reverse("providers:hygiene"), {"lighting": "on"}),
        client.post(reverse("providers:document_delete", kwargs={"pk": records["own"]["document"].pk})),
        client.post(reverse("providers:staff_create"), {"first_name_sr": "Канцеларија"}),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403, 403]
    assert _snapshot() == before


def test_hygiene_page_per_provider_shows_own_evidence_only(client, cast):
    DocumentFactory(organization=cast.organization, hygiene_item="fire", original_name="pozarLjubovija.pdf")
    DocumentFactory(organization=cast.other_organization, hygiene_item="fire", original_name="pozarNoviSad.pdf")
    client.force_login(cast.other)
    page = client.get(reverse("providers:hygiene")).content.decode()
    assert "pozarNoviSad.pdf" in page
    assert "pozarLjubovija.pdf" not in page


def test_download_of_unknown_id_is_404_for_office(client, cast):
    client.force_login(cast.reviewer)
    assert client.get(reverse("providers:document_download", kwargs={"pk": 999999})).status_code == 404


def test_anonymous_download_redirects_to_login_with_next(client, cast, records):
    url = reverse("providers:document_download", kwargs={"pk": records["own"]["document"].pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
