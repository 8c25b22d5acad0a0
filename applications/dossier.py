"""The application dossier: one zip with everything the Office relied on, as it was submitted.

Members:
    snapshot.pdf                      the submitted records, the rules report, the review and the decision
    report.json, facts.json           the latest submission's rules report and facts, as stored
    evidence/<subject>/<name>         every evidence file frozen with the latest submission
    decisions/<serial>-<script>.pdf   every rendered official document of the application
    audit.csv                         the application's audit trail (UTC)
    MISSING.txt                       only if a file the database lists is not in the storage

The zip is written to a SpooledTemporaryFile (memory up to a few MB, then disk) and streamed to the client.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC
from typing import IO, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from applications.enums import RenderState
from applications.models import Application, Submission, SubmittedDocument
from applications.selectors import article_of, group_findings
from core.audit import audit_trail
from core.pdf import render_pdf

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
SPOOL_BYTES = 8 * 1024 * 1024
ALL_STATUSES = ("fail", "manual", "pass", "not_applicable")
_UNSAFE = re.compile(r"[^\w.-]+")
_LANGUAGE_SUFFIXES = ("_sr_latn", "_sr", "_en")


class DossierTooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"evidence of {size} bytes exceeds the limit of {limit} bytes")
        self.size, self.limit = size, limit


def max_bytes() -> int:
    return int(getattr(settings, "DOSSIER_MAX_BYTES", DEFAULT_MAX_BYTES))


def latest_submission(application: Application) -> Submission | None:
    return application.submissions.order_by("-number").first()


def safe_name(name: str, *, fallback: str = "file", limit: int = 120) -> str:
    """A zip member name part: only letters, digits, ``_``, ``.`` and ``-``; never a path, never hidden."""
    cleaned = _UNSAFE.sub("_", name or "").strip("._-")
    if not cleaned:
        return fallback
    if len(cleaned) > limit:
        stem, dot, suffix = cleaned.rpartition(".")
        cleaned = (stem[: limit - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else cleaned[:limit]
    return cleaned


def _file_size(document: SubmittedDocument) -> int | None:
    try:
        return document.file.storage.size(document.file.name)
    except OSError:
        return None


def evidence_size(documents: list[SubmittedDocument]) -> int:
    """Bytes of the evidence files (from the storage, not the database); a missing file counts nothing."""
    return sum(_file_size(d) or 0 for d in documents)


# --- the snapshot PDF ----------------------------------------------------------------------------------------------


@dataclass
class Item:
    key: str
    title: str
    rows: list[tuple[str, str]]


def _labels(model: type[models.Model]) -> dict[str, str]:
    return {f.name: capfirst(str(f.verbose_name)) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}


def _readable(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _rows(record: dict[str, Any], labels: dict[str, str], *, skip: tuple[str, ...] = (),
          convert: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(label, value) of a snapshot record, without the per-language copies of translated fields."""
    convert = convert or {}
    rows = []
    for key, value in record.items():
        if key in skip:
            continue
        if any(key.endswith(suffix) and key[: -len(suffix)] in record for suffix in _LANGUAGE_SUFFIXES):
            continue
        if key in convert:
            value = convert[key](value)
        rows.append((labels.get(key, key), _readable(value)))
    return rows


def _names(records: dict[str, Any]) -> dict[str, str]:
    """What each fact id was called when it was submitted: "rooms[R3]" -> "Учионица 1"."""
    names: dict[str, str] = {}
    for key, record in records.get("staff", {}).items():
        names[f"staff[{key}]"] = " ".join(p for p in (record.get("first_name"), record.get("last_name")) if p)
    for section in ("rooms", "partners", "programs"):
        for key, record in records.get(section, {}).items():
            names[f"{section}[{key}]"] = record.get("name") or key
    return names


def _subject(subject: str, names: dict[str, str]) -> str:
    if subject in names:
        return f"{names[subject]} ({subject})"
    return _("the organization") if subject == "organization" else subject


def _snapshot_sections(records: dict[str, Any]) -> dict[str, Any]:
    from programs.enums import Activity
    from programs.models import Program
    from providers.enums import HYGIENE_ITEMS, StaffRole
    from providers.models import Organization, Partner, Room, StaffMember

    def ids_to_names(section: str):
        return lambda ids: [records.get(section, {}).get(i, {}).get("name") or i for i in ids]

    def staff_names(ids):
        return [names.get(f"staff[{i}]") or i for i in ids]

    def role_labels(roles):
        labels = dict(StaffRole.choices)
        return [str(labels.get(r, r)) for r in roles]

    def activity_label(code: str) -> str:
        try:
            return str(Activity(code).label)
        except ValueError:
            return code

    names = _names(records)
    hygiene = records.get("hygiene_technical") or {}
    hygiene_labels = dict(HYGIENE_ITEMS)
    return {
        "organization": _rows(records.get("organization", {}), _labels(Organization)),
        "activities": [(code, activity_label(code)) for code in records.get("activities", [])],
        "deviations": [(str(dict(StaffRole.choices).get(k, k)), v)
                       for k, v in (records.get("associate_deviations") or {}).items()],
        "staff": [Item(k, names.get(f"staff[{k}]", k), _rows(r, _labels(StaffMember), convert={"roles": role_labels}))
                  for k, r in records.get("staff", {}).items()],
        "rooms": [Item(k, r.get("name") or k, _rows(r, _labels(Room))) for k, r in records.get("rooms", {}).items()],
        "partners": [Item(k, r.get("name") or k, _rows(r, _labels(Partner)))
                     for k, r in records.get("partners", {}).items()],
        "hygiene": [(str(hygiene_labels.get(k, k)), _readable(v)) for k, v in hygiene.items()],
        "programs": [Item(k, r.get("name") or k, _rows(r, _labels(Program), skip=("saved_sections",), convert={
            "rooms": ids_to_names("rooms"), "partners": ids_to_names("partners"), "instructors": staff_names,
        })) for k, r in records.get("programs", {}).items()],
    }


def dossier_context(application: Application, submission: Submission) -> dict[str, Any]:
    records = submission.records or {}
    names = _names(records)
    report = submission.report or {}
    review_findings = list(submission.review_findings.select_related("reviewer").order_by("provision", "subject",
                                                                                            "pk"))
    for finding in review_findings:
        finding.subject_name = _subject(finding.subject, names)
        finding.article = article_of(finding.provision)
    change_requests = list(application.change_requests.select_related("requested_by", "submission")
                           .prefetch_related("items").order_by("created_at", "pk"))
    for request in change_requests:
        for item in request.items.all():
            item.subject_name = _subject(item.subject, names)
    return {
        "application": application,
        "organization": application.organization,
        "submission": submission,
        "submissions": list(application.submissions.select_related("submitted_by").order_by("number")),
        "records": _snapshot_sections(records),
        "report": report,
        "summary": report.get("summary", {}),
        "groups": group_findings(report, statuses=ALL_STATUSES, names=names),
        "review_findings": review_findings,
        "change_requests": change_requests,
        "review": getattr(application, "review", None),
        "generated_at": timezone.now(),
    }


def snapshot_pdf(application: Application, submission: Submission, *, lang: str = "sr") -> bytes:
    return render_pdf("pdf/dossier.html", dossier_context(application, submission), lang=lang)


# --- the zip -------------------------------------------------------------------------------------------------------


def audit_csv(application: Application) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["at", "actor", "action", "from", "to", "note"])
    for event in audit_trail(application).order_by("at", "id"):
        writer.writerow([event.at.astimezone(UTC).isoformat(), event.actor.get_username() if event.actor else "",
                         event.action, event.from_state, event.to_state, event.note])
    return buffer.getvalue()


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem}-{n}.{suffix}" if dot and stem else f"{name}-{n}"
    taken.add(candidate)
    return candidate


def _copy(archive: zipfile.ZipFile, arcname: str, field_file) -> bool:
    try:
        source = field_file.storage.open(field_file.name, "rb")
    except OSError:
        return False
    with source, archive.open(arcname, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, length=1024 * 1024)
    return True


def build_dossier(application: Application, *, lang: str = "sr") -> IO[bytes]:
    """The dossier zip of an application's latest submission, rewound and ready to stream.

    Raises ValueError for an application never submitted and DossierTooLarge when the evidence files together
    exceed settings.DOSSIER_MAX_BYTES (nothing is built then).
    """
    submission = latest_submission(application)
    if submission is None:
        raise ValueError("the application was never submitted")
    documents = list(submission.documents.order_by("subject", "pk"))
    size, limit = evidence_size(documents), max_bytes()
    if size > limit:
        raise DossierTooLarge(size, limit)

    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("snapshot.pdf", snapshot_pdf(application, submission, lang=lang),
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("report.json", json.dumps(submission.report, ensure_ascii=False, indent=2))
        archive.writestr("facts.json", json.dumps(submission.facts, ensure_ascii=False, indent=2))
        taken: set[str] = set()
        missing = []
        for document in documents:
            folder = safe_name(document.subject, fallback="organization")
            arcname = _unique(f"evidence/{folder}/{safe_name(document.original_name)}", taken)
            if not _copy(archive, arcname, document.file):
                taken.discard(arcname)
                missing.append(f"{arcname}\t{document.file.name}\t{document.sha256}")
        ready = application.official_documents.filter(state=RenderState.READY).exclude(file="").order_by(
            "issued_on", "serial", "script")
        for official in ready:
            arcname = f"decisions/{safe_name(official.serial)}-{safe_name(official.script)}.pdf"
            if not _copy(archive, arcname, official.file):
                missing.append(f"{arcname}\t{official.file.name}\t{official.sha256}")
        if missing:  # a file the database knows but the storage does not: said, not silently left out
            archive.writestr("MISSING.txt", "\n".join(missing) + "\n")
        archive.writestr("audit.csv", audit_csv(application))
    spool.seek(0)
    return spool
