"""Checking an evidence upload before anything is stored: by its content, not by its name.

Accepted: PDF, JPEG and PNG, recognised by their first bytes (magic numbers), with a name whose extension agrees with
the content, not empty and not over ``settings.DOCUMENT_MAX_BYTES``. The name the user's computer gave the file is
kept only for display (sanitized); on disk the file gets a server-made name (see ``providers.models._document_path``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# (content type, leading bytes, extensions that may name such content)
SIGNATURES: tuple[tuple[str, bytes, tuple[str, ...]], ...] = (
    ("application/pdf", b"%PDF-", (".pdf",)),
    ("image/jpeg", b"\xff\xd8\xff", (".jpg", ".jpeg")),
    ("image/png", b"\x89PNG\r\n\x1a\n", (".png",)),
)
ALLOWED_EXTENSIONS = tuple(ext for _type, _magic, exts in SIGNATURES for ext in exts)
ACCEPT_ATTRIBUTE = ",".join(ALLOWED_EXTENSIONS + tuple(t for t, _m, _e in SIGNATURES))
INLINE_CONTENT_TYPES = frozenset(t for t, _m, _e in SIGNATURES)
EXTENSIONS_BY_TYPE = {t: exts for t, _m, exts in SIGNATURES}
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
NAME_MAX_LENGTH = 150  # Document.original_name
_UNSAFE = re.compile(r'[<>:"|?*;]')
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class UploadInfo:
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def sanitize_filename(name: str | None) -> str:
    """A display name safe for headers and pages: no folders, no control characters; letters (Cyrillic too) kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]  # "../../etc/passwd.pdf" and "C:\\x\\y.pdf" keep only the last part
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control, format, unassigned
    name = _UNSAFE.sub("_", name)
    name = _SPACES.sub(" ", name).rstrip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot or not ext or len(ext) > 10 or " " in ext:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    stem = stem.strip(" .") or "document"  # no hidden files, no empty names
    return stem[: NAME_MAX_LENGTH - len(suffix)].rstrip(" .") + suffix


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show, or None when they are none of PDF, JPEG, PNG."""
    for content_type, magic, _exts in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def inspect_upload(file) -> UploadInfo:
    """Check an uploaded file and describe it; raises ValidationError with a message the user can act on."""
    size = getattr(file, "size", None)
    if size is None:
        size = len(file.read())
        file.seek(0)
    if size == 0:
        raise ValidationError(_("The file is empty. Choose the file again."), code="empty")
    limit = settings.DOCUMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    original_name = sanitize_filename(getattr(file, "name", ""))
    extension = PurePosixPath(original_name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Only PDF, JPEG and PNG files are accepted (.pdf, .jpg, .jpeg, .png)."),
                              code="extension")
    file.seek(0)
    content_type = sniff(file.read(16))
    if content_type is None:
        raise ValidationError(
            _("The file's content is not a PDF, JPEG or PNG document, whatever its name says. "
              "Save or scan the evidence as PDF, JPEG or PNG."),
            code="content",
        )
    if extension not in EXTENSIONS_BY_TYPE[content_type]:
        raise ValidationError(
            _("The file is named %(extension)s but its content is %(kind)s. Rename it or save it again."),
            code="mismatch",
            params={"extension": extension, "kind": TYPE_NAMES[content_type]},
        )
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return UploadInfo(content_type=content_type, extension=extension, size=size, sha256=digest.hexdigest(),
                      original_name=original_name)
