"""The one public verification address (/v/<code>/ → /<lang>/verify/<code>/) serves every kind of document the
portal issues. The Office's documents are looked up by applications.views_documents; other apps register a lookup
here (in AppConfig.ready) that returns a response for a code they know, or None."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

Lookup = Callable[[HttpRequest, str], HttpResponse | None]
LOOKUPS: list[Lookup] = []


def register(lookup: Lookup) -> Lookup:
    if lookup not in LOOKUPS:
        LOOKUPS.append(lookup)
    return lookup


def other_document(request: HttpRequest, code: str) -> HttpResponse | None:
    for lookup in LOOKUPS:
        response = lookup(request, code)
        if response is not None:
            return response
    return None


# Serial numbers printed on documents ("R-2026-00001", "17123456-2026-00001") lead to the same page as the code.
SerialResolver = Callable[[str], str | None]
SERIAL_RESOLVERS: list[SerialResolver] = []


def register_serial(resolver: SerialResolver) -> SerialResolver:
    if resolver not in SERIAL_RESOLVERS:
        SERIAL_RESOLVERS.append(resolver)
    return resolver


def code_for_serial(serial: str) -> str | None:
    for resolver in SERIAL_RESOLVERS:
        code = resolver(serial)
        if code:
            return code
    return None


# Verification codes: 10 letters and digits without 0/O and 1/I (read aloud and typed without mistakes), unique
# across every kind of document, since /v/<code>/ serves them all. Each issuing app registers its "is taken" check.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_TAKEN: list[Callable[[str], bool]] = []


def register_code_check(check: Callable[[str], bool]) -> Callable[[str], bool]:
    if check not in CODE_TAKEN:
        CODE_TAKEN.append(check)
    return check


def new_code() -> str:
    import secrets

    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not any(taken(code) for taken in CODE_TAKEN):
            return code


# The current status of a document found by its code, for the check of an uploaded PDF (core.seal): each issuing
# app registers a lookup that returns a DocumentStatus for a code it knows, or None.
VALID, REVOKED, REPLACED, EXPIRED = "valid", "revoked", "replaced", "expired"


@dataclass(frozen=True)
class DocumentStatus:
    kind: str  # what the document is, as people call it ("Certificate", "Decision"), translated
    serial: str
    status: str  # VALID, REVOKED, REPLACED or EXPIRED
    label: str  # the status as a sentence or word for the page, translated
    issued_on: dt.date | None = None
    issuer: str = ""
    url: str = ""  # the document's own verification page


StatusLookup = Callable[[str], DocumentStatus | None]
STATUS_LOOKUPS: list[StatusLookup] = []


def register_status(lookup: StatusLookup) -> StatusLookup:
    if lookup not in STATUS_LOOKUPS:
        STATUS_LOOKUPS.append(lookup)
    return lookup


def status_for_code(code: str) -> DocumentStatus | None:
    for lookup in STATUS_LOOKUPS:
        status = lookup(code)
        if status is not None:
            return status
    return None


# Public verification is rate-limited per client address; the counter lives with the certificates (exams registers
# exams.verification.attempt_allowed here), and the Office's pages that take uploads count against the same limit.
Limiter = Callable[[HttpRequest], bool]
LIMITERS: list[Limiter] = []


def register_limiter(limiter: Limiter) -> Limiter:
    if limiter not in LIMITERS:
        LIMITERS.append(limiter)
    return limiter


def attempt_allowed(request: HttpRequest) -> bool:
    """Count one attempt of the client against every registered limit; False once any of them is exceeded."""
    return all([limiter(request) for limiter in LIMITERS])
