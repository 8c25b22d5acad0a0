"""The dossier export: who may download it, what the zip holds, safe member names, and the size guard."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications import services
from applications.dossier import build_dossier, safe_name
from applications.enums import RenderState
from applications.models import ChangeRequest, ChangeRequestItem, SubmittedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_text(data: bytes) -> str:
    import pypdf

    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def add_evidence(submission, *, subject: str, name: str, content: bytes) -> SubmittedDocument:
    document = SubmittedDocument(submission=submission, source_id=1, subject=subject, kind="other",
                                 original_name=name, content_type="application/pdf", sha256="0" * 64)
    document.file.save("evidence.pdf", ContentFile(content), save=False)
    document.save()
    return document


def download(client, application):
    return client.get(reverse("jpoa:dossier", kwargs={"pk": application.pk}))


def open_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("role,expected", [
    ("anonymous", "login"), ("owner", 403), ("colleague", 403), ("other", 403),
    ("reviewer", 200), ("decider", 200), ("admin", 200),
])
def test_dossier_per_role(client, cast, submitted, role, expected):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = download(client, submitted)
    if expected == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_dossier_of_an_application_never_submitted_is_404(client, cast, ready):
    draft = services.application_create(cast.organization, actor=cast.owner)
    client.force_login(cast.reviewer)
    assert download(client, draft).status_code == 404


def test_dossier_zip_members_and_contents(client, cast, approved):
    submission = approved.submissions.get()
    room = next(iter(submission.records["rooms"]))
    add_evidence(submission, subject=f"rooms[{room}]", name="Уговор о закупу.pdf", content=b"%PDF-lease")
    add_evidence(submission, subject=f"rooms[{room}]", name="Уговор о закупу.pdf", content=b"%PDF-lease-2")
    add_evidence(submission, subject="organization", name="../../etc/passwd", content=b"not a path")
    request = ChangeRequest.objects.create(application=approved, submission=submission, requested_by=cast.reviewer,
                                           note="Приложите уговор.")
    ChangeRequestItem.objects.create(change_request=request, subject=f"rooms[{room}]", comment="Недостаје уговор.",
                                     answer="Уговор је приложен.")
    ready_documents = list(approved.official_documents.filter(state=RenderState.READY).exclude(file=""))

    client.force_login(cast.decider)
    response = download(client, approved)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{approved.reference}-dossier.zip"'
    archive = open_zip(response)
    assert archive.testzip() is None
    names = set(archive.namelist())
    evidence = {
        f"evidence/rooms_{room}/Уговор_о_закупу.pdf": b"%PDF-lease",
        f"evidence/rooms_{room}/Уговор_о_закупу-2.pdf": b"%PDF-lease-2",
        "evidence/organization/etc_passwd": b"not a path",
    }
    decisions = {f"decisions/{d.serial}-{d.script}.pdf" for d in ready_documents}
    assert names == {"snapshot.pdf", "report.json", "facts.json", "audit.csv", *evidence, *decisions}
    assert all(".." not in name.split("/") and not name.startswith("/") for name in names)
    for name, content in evidence.items():
        assert archive.read(name) == content
    for document in ready_documents:
        with document.file.open("rb") as handle:
            assert archive.read(f"decisions/{document.serial}-{document.script}.pdf") == handle.read()

    assert json.loads(archive.read("report.json")) == submission.report
    assert json.loads(archive.read("facts.json")) == submission.facts

    rows = list(csv.reader(io.StringIO(archive.read("audit.csv").decode("utf-8"))))
    assert rows[0] == ["at", "actor", "action", "from", "to", "note"]
    transitions = [(r[1], r[3], r[4]) for r in rows[1:] if r[2] == "application.transition"]
    assert transitions == [("owner", "draft", "submitted"), ("reviewer", "submitted", "in_review"),
                           ("reviewer", "in_review", "recommended_approve"),
                           ("decider", "recommended_approve", "approved")]
    assert all(r[0].endswith("+00:00") for r in rows[1:])
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])

    snapshot = archive.read("snapshot.pdf")
    assert snapshot.startswith(b"%PDF")
    text = pdf_text(snapshot)
    assert approved.reference in text
    assert cast.organization.name in text
    assert submission.records["rooms"][room]["name"] in text
    assert "P89-12.1.1.1" in text
    assert "Недостаје уговор." in text and "Уговор је приложен." in text


def test_dossier_shows_the_reviewers_verdict_comments(client, cast, approved):
    submission = approved.submissions.get()
    finding = submission.review_findings.first()
    finding.comment = "Проверено на лицу места."
    finding.save()
    archive = zipfile.ZipFile(build_dossier(approved))
    text = pdf_text(archive.read("snapshot.pdf"))
    assert "Проверено на лицу места." in text
    assert finding.provision in text


def test_dossier_over_the_size_limit_is_refused(client, cast, submitted, settings):
    add_evidence(submitted.submissions.get(), subject="organization", name="big.pdf", content=b"x" * 2000)
    settings.DOSSIER_MAX_BYTES = 1999
    client.force_login(cast.reviewer)
    response = download(client, submitted)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert submitted.reference in response.content.decode()
    settings.DOSSIER_MAX_BYTES = 2000
    response = download(client, submitted)
    assert response.status_code == 200
    assert open_zip(response).read("evidence/organization/big.pdf") == b"x" * 2000


def test_dossier_uses_the_latest_submission(client, cast, submitted):
    first = submitted.submissions.get()
    add_evidence(first, subject="organization", name="old.pdf", content=b"old")
    second = first.__class__.objects.create(application=submitted, number=2, regulation=first.regulation,
                                            facts={"second": True}, report={"findings": [], "summary": {}},
                                            records=first.records)
    add_evidence(second, subject="organization", name="new.pdf", content=b"new")
    archive = zipfile.ZipFile(build_dossier(submitted))
    assert json.loads(archive.read("facts.json")) == {"second": True}
    assert [n for n in archive.namelist() if n.startswith("evidence/")] == ["evidence/organization/new.pdf"]


def test_dossier_names_a_missing_evidence_file(cast, submitted):
    document = add_evidence(submitted.submissions.get(), subject="organization", name="gone.pdf", content=b"x")
    document.file.storage.delete(document.file.name)
    archive = zipfile.ZipFile(build_dossier(submitted))
    assert "evidence/organization/gone.pdf" not in archive.namelist()
    assert archive.read("MISSING.txt").decode().startswith(f"evidence/organization/gone.pdf\t{document.file.name}\t")


@pytest.mark.parametrize("raw,expected", [
    ("../../etc/passwd", "etc_passwd"),
    ("C:\\Windows\\evil.exe", "C_Windows_evil.exe"),
    ("staff[S12]", "staff_S12"),
    ("Диплома (оверена).pdf", "Диплома_оверена_.pdf"),
    (".hidden", "hidden"),
    ("", "file"),
    ("...", "file"),
])
def test_safe_name(raw, expected):
    assert safe_name(raw) == expected
