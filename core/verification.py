"""The one public verification address (/v/<code>/ → /<lang>/verify/<code>/) serves every kind of document the
portal issues. The Office's documents are looked up by applications.views_documents; other apps register a lookup
here (in AppConfig.ready) that returns a response for a code they know, or None."""

from __future__ import annotations

from collections.abc import Callable

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
