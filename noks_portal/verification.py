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
