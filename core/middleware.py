"""Session timeouts (ASVS 3.3), the log of denied accesses (ASVS 7.1) and no stored copies of signed-in pages."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from core.clientip import client_ip

security_log = logging.getLogger("noks.security")

_STARTED, _SEEN = "noks_session_started", "noks_session_seen"


class SessionTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_SECONDS without a request, and in any case
    SESSION_ABSOLUTE_SECONDS after sign-in; the user is sent to sign in again, with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(_STARTED, now)
            seen = request.session.get(_SEEN, now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                reason = "idle" if now - seen > settings.SESSION_IDLE_SECONDS else "absolute"
                security_log.info("session ended (%s timeout) user=%s at=%s", reason, user.get_username(),
                                  timezone.now().isoformat())
                logout(request)
                messages.info(request, _("You were signed out after a period without activity. Please sign in "
                                         "again."))
                return redirect_to_login(request.get_full_path())
            if _STARTED not in request.session:
                request.session[_STARTED] = started
            resolution = min(SEEN_RESOLUTION, settings.SESSION_IDLE_SECONDS // 4)
            if now - seen >= resolution or _SEEN not in request.session:
                request.session[_SEEN] = now  # written at most once a minute: no session write per request
        return self.get_response(request)


SEEN_RESOLUTION = 60


def log_safe(value: str, limit: int = 300) -> str:
    """A request value for a one-line log record: control characters (line breaks included) escaped, so no one can
    forge a record; long values cut."""
    text = str(value)[:limit]
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def session_started(sender, request, user, **kwargs):
    """At sign-in (django.contrib.auth's user_logged_in): the clocks of both timeouts start."""
    now = int(time.time())
    request.session[_STARTED] = now
    request.session[_SEEN] = now


class DeniedAccessLogMiddleware:
    """Every refused request is logged with who, what and when (UTC): 403s, and protected pages that sent an
    anonymous visitor to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login_redirect = (response.status_code == 302 and not request.user.is_authenticated
                          and response.get("Location", "").split("?")[0].endswith("/accounts/login/"))
        if response.status_code == 403 or login_redirect:
            user = request.user.get_username() if request.user.is_authenticated else "anonymous"
            security_log.warning("access denied status=%s user=%s method=%s path=%s ip=%s at=%s",
                                 response.status_code, log_safe(user), log_safe(request.method),
                                 log_safe(request.path),
                                 client_ip(request), timezone.now().isoformat())
        return response


class SignedInNoStoreMiddleware:
    """Every response to a signed-in visitor is ``Cache-Control: private, no-store`` (ASVS 14.3.2): its pages carry
    their name, their organization's records, learners' data; neither a shared cache nor the browser's disk keeps a
    copy that the next person at the same computer could open with the back button. Public pages keep their
    shared-cache headers for anonymous visitors (core.http); file downloads set the same header themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before the view: the API's views put an anonymous user of their own onto the request.
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:  # signed in by this very request, too
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ("Cookie",))
        return response
