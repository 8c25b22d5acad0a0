"""The client's address, for login throttling (django-axes) and the security log.

Directly connected (the default), it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT reverse proxies, each of which
appends the address it received the request from to X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`), it is
the TRUSTED_PROXY_COUNT-th address from the right: the one the outermost trusted proxy saw. Whatever the client
wrote into the header itself stands further left and is never used, so a client cannot choose its address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if not count:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < count:
        return remote  # the proxies did not add their entries: not a request through them
    candidate = chain[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
