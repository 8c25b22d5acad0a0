"""Evidence uploads: checked by content, size-limited, stored under server-made names, served through a check."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from providers import services
from providers.enums import DocumentKind
from providers.models import Document
from providers.uploads import inspect_upload, sanitize_filename, sniff
from tests.providers.records_factories import (
    EXE,
    JPEG,
    PDF,
    PNG,
    DocumentFactory,
    PartnerFactory,
    RoomFactory,
    StaffMemberFactory,
)


def en(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _stored_files(root) -> list:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture
def staff(cast):
    return StaffMemberFactory(organization=cast.organization)


def _upload_staff(client, staff, name: str, content: bytes, kind: str = DocumentKind.DIPLOMA):
    return client.post(en("providers:staff_document_upload", pk=staff.pk),
                       {"upload-kind": kind, "upload-file": SimpleUploadedFile(name, content)})


# --- the checks themselves -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "expected"), [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (EXE, None), (b"GIF89a", None),
    (b"", None), (b"%PD", None),
])
def test_sniff_recognises_only_pdf_jpeg_png(head, expected):
    assert sniff(head) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
    ("C:\\Users\\Ана\\Диплома Јовановић.pdf", "Диплома Јовановић.pdf"),
    ("ugovor\x00\x1b[31m.pdf", "ugovor[31m.pdf"),
    ("zakup\u202egpj.pdf", "zakupgpj.pdf"),
    ('a<b>c:"d"|e?*;.png', "a_b_c__d__e___.png"),
    ("   ..hidden.pdf", "hidden.pdf"),
    ("../", "document"),
    ("", "document"),
    (".pdf", "document.pdf"),
    ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
])
def test_sanitize_filename_strips_paths_and_controls_keeps_cyrillic(name, expected):
    assert sanitize_filename(name) == expected


def test_inspect_upload_describes_a_valid_pdf():
    info = inspect_upload(SimpleUploadedFile("Диплома.PDF", PDF))
    assert (info.content_type, info.extension, info.size, info.original_name) == (
        "application/pdf", ".pdf", len(PDF), "Диплома.PDF")
    assert re.fullmatch(r"[0-9a-f]{64}", info.sha256)


@pytest.mark.parametrize(("name", "content", "code"), [
    ("evil.pdf", EXE, "content"),
    ("evil.exe", EXE, "extension"),
    ("slika.png", PDF, "mismatch"),
    ("skripta.html", b"<html>", "extension"),
    ("prazno.pdf", b"", "empty"),
    ("bez-nastavka", PDF, "extension"),
])
def test_inspect_upload_refuses(name, content, code):
    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile(name, content))
    assert error.value.code == code


# --- through the views ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "content_type", "extension"), [
    ("Диплома.pdf", PDF, "application/pdf", ".pdf"),
    ("sertifikat.png", PNG, "image/png", ".png"),
    ("sken.jpeg", JPEG, "image/jpeg", ".jpg"),
])
def test_upload_valid_file_is_stored_under_a_server_made_name(client, cast, staff, tmp_path, name, content,
                                                              content_type, extension):
    client.force_login(cast.colleague)
    response = _upload_staff(client, staff, name, content)
    document = Document.objects.get()
    assert response["Location"] == en("providers:staff_edit", pk=staff.pk) + "#documents"
    assert (document.organization, document.staff_member, document.kind) == (cast.organization, staff, "diploma")
    assert (document.original_name, document.content_type, document.size) == (name, content_type, len(content))
    assert document.uploaded_by == cast.colleague
    assert re.fullmatch(rf"documents/{cast.organization.pk}/[0-9a-f]{{32}}\{extension}", document.file.name)
    assert _stored_files(tmp_path) == [document.file.name]
    assert (tmp_path / document.file.name).read_bytes() == content
    event = AuditEvent.objects.get(action="document.uploaded")
    assert (event.object_id, event.actor, event.data["sha256"]) == (str(document.pk), cast.colleague,
                                                                    document.sha256)


def test_upload_renamed_executable_refused(client, cast, staff, tmp_path):
    client.force_login(cast.owner)
    response = _upload_staff(client, staff, "evil.pdf", EXE)
    page = response.content.decode()
    assert response.status_code == 200
    assert Document.objects.count() == 0
    assert _stored_files(tmp_path) == []
    assert ("The file&#x27;s content is not a PDF, JPEG or PNG document, whatever its name says." in page)
    assert 'role="alert"' in page


def test_upload_over_the_limit_refused(client, cast, staff, tmp_path, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    client.force_login(cast.owner)
    response = _upload_staff(client, staff, "velika.pdf", PDF + b"0" * 1024)
    assert Document.objects.count() == 0
    assert _stored_files(tmp_path) == []
    assert response.context["upload_form"].errors["file"] == [
        "The file is too large (1.0\xa0KB); the limit is 1.0\xa0KB."]


def test_upload_exactly_at_the_limit_accepted(client, cast, staff, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    client.force_login(cast.owner)
    _upload_staff(client, staff, "tacno.pdf", PDF + b"0" * (1024 - len(PDF)))
    assert Document.objects.get().size == 1024


def test_upload_empty_file_refused(client, cast, staff, tmp_path):
    client.force_login(cast.owner)
    response = _upload_staff(client, staff, "prazan.pdf", b"")
    assert Document.objects.count() == 0
    assert _stored_files(tmp_path) == []
    assert response.context["upload_form"].errors["file"] == ["The file is empty. Choose the file again."]


def test_upload_without_a_file_refused(client, cast, staff):
    client.force_login(cast.owner)
    response = client.post(en("providers:staff_document_upload", pk=staff.pk), {"upload-kind": "diploma"})
    assert Document.objects.count() == 0
    assert response.context["upload_form"].errors["file"] == ["Choose a file to upload."]


def test_upload_path_traversal_name_is_sanitized_and_stored_under_the_organization(client, cast, staff, tmp_path):
    client.force_login(cast.owner)
    upload = SimpleUploadedFile("x.pdf", PDF)
    upload.name = "../../etc/passwd.pdf"  # SimpleUploadedFile itself would strip the folders
    client.post(en("providers:staff_document_upload", pk=staff.pk), {"upload-kind": "diploma", "upload-file": upload})
    document = Document.objects.get()
    assert document.original_name == "passwd.pdf"
    assert document.file.name.startswith(f"documents/{cast.organization.pk}/")
    assert "passwd" not in document.file.name
    assert ".." not in document.file.name
    assert _stored_files(tmp_path) == [document.file.name]


def test_service_sanitizes_a_traversal_name_given_directly(cast, staff, tmp_path):
    file = ContentFile(PDF, name="../../../etc/passwd.pdf")
    document = services.document_upload(cast.organization, file=file, kind=DocumentKind.DIPLOMA, actor=cast.owner,
                                         staff_member=staff)
    assert document.original_name == "passwd.pdf"
    assert re.fullmatch(rf"documents/{cast.organization.pk}/[0-9a-f]{{32}}\.pdf", document.file.name)
    assert _stored_files(tmp_path) == [document.file.name]


def test_upload_kind_not_offered_for_the_record_refused(client, cast, staff):
    client.force_login(cast.owner)
    response = _upload_staff(client, staff, "zakup.pdf", PDF, kind=DocumentKind.LEASE)
    assert Document.objects.count() == 0
    assert [e.code for e in response.context["upload_form"].errors.as_data()["kind"]] == ["invalid_choice"]


def test_upload_to_room_and_partner(client, cast):
    room = RoomFactory(organization=cast.organization)
    partner = PartnerFactory(organization=cast.organization)
    client.force_login(cast.owner)
    client.post(en("providers:room_document_upload", pk=room.pk),
                {"upload-kind": "lease", "upload-file": SimpleUploadedFile("zakup.pdf", PDF)})
    client.post(en("providers:partner_document_upload", pk=partner.pk),
                {"upload-kind": "partner_contract", "upload-file": SimpleUploadedFile("ugovor.png", PNG)})
    assert sorted(Document.objects.values_list("kind", "room", "partner")) == [
        ("lease", room.pk, None), ("partner_contract", None, partner.pk)]
    page = client.get(en("providers:room_edit", pk=room.pk)).content.decode()
    assert ">zakup.pdf</a>" in page
    assert ">ugovor.png</a>" not in page


def test_service_refuses_a_target_of_another_organization(cast, tmp_path):
    foreign = StaffMemberFactory(organization=cast.other_organization)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.document_upload(cast.organization, file=ContentFile(PDF, name="a.pdf"), kind="diploma",
                                 actor=cast.owner, staff_member=foreign)
    assert Document.objects.count() == 0
    assert _stored_files(tmp_path) == []


# --- download and delete -------------------------------------------------------------------------------------------

def test_download_by_member_is_an_attachment_with_safe_headers(client, cast, staff):
    document = DocumentFactory(organization=cast.organization, staff_member=staff, original_name="Диплома Љ.pdf")
    client.force_login(cast.colleague)
    response = client.get(en("providers:document_download", pk=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%94%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC%D0%B0%20%D0%89.pdf")


def test_download_inline_for_the_office(client, cast, staff):
    document = DocumentFactory(organization=cast.organization, staff_member=staff, original_name="diploma.pdf")
    client.force_login(cast.reviewer)
    response = client.get(en("providers:document_download", pk=document.pk) + "?inline=1")
    assert response["Content-Disposition"] == 'inline; filename="diploma.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_inline_refused_for_other_content_types(client, cast, staff):
    document = DocumentFactory(organization=cast.organization, staff_member=staff, original_name="x.txt")
    Document.objects.filter(pk=document.pk).update(content_type="text/html")
    client.force_login(cast.owner)
    response = client.get(en("providers:document_download", pk=document.pk) + "?inline=1")
    assert response["Content-Disposition"] == 'attachment; filename="x.txt"'
    assert response["Content-Type"] == "text/html"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_by_another_provider_is_404(client, cast, staff):
    document = DocumentFactory(organization=cast.organization, staff_member=staff)
    client.force_login(cast.other)
    response = client.get(en("providers:document_download", pk=document.pk))
    assert response.status_code == 404
    assert PDF not in response.content


def test_download_by_office_is_an_attachment(client, cast, staff):
    document = DocumentFactory(organization=cast.organization, staff_member=staff, original_name="diploma.pdf")
    client.force_login(cast.decider)
    response = client.get(en("providers:document_download", pk=document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="diploma.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_download_of_a_missing_file_is_404(client, cast, staff, tmp_path):
    document = DocumentFactory(organization=cast.organization, staff_member=staff)
    (tmp_path / document.file.name).unlink()
    client.force_login(cast.owner)
    assert client.get(en("providers:document_download", pk=document.pk)).status_code == 404


def test_document_delete_removes_row_and_file(client, cast, staff, tmp_path, django_capture_on_commit_callbacks):
    document = DocumentFactory(organization=cast.organization, staff_member=staff)
    client.force_login(cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("providers:document_delete", pk=document.pk))
    assert response["Location"] == en("providers:staff_edit", pk=staff.pk) + "#documents"
    assert Document.objects.count() == 0
    assert _stored_files(tmp_path) == []
    assert AuditEvent.objects.filter(action="document.deleted", object_id=str(document.pk)).count() == 1


def test_document_delete_by_get_is_refused(client, cast, staff):
    document = DocumentFactory(organization=cast.organization, staff_member=staff)
    client.force_login(cast.owner)
    response = client.get(en("providers:document_delete", pk=document.pk))
    assert response.status_code == 405
    assert Document.objects.filter(pk=document.pk).exists()
