"""Control characters refused once, at the edge of the application (issue 14).

No page or API endpoint of the portal takes a control character in its address: a NUL byte in a path or a query
parameter reached PostgreSQL, which refuses it ("cannot contain NUL characters"), as a server error. This
middleware, early in settings.MIDDLEWARE, answers such a request with 400 before any view or database sees it:

- the decoded path, and every query parameter's name and value: no C0 or C1 control character and no DEL (tab and
  line feed included: no address of the portal has them);
- HTTP header values: none of the controls RFC 9110 forbids there (what gunicorn already refuses, checked here too
  so the rule does not depend on the server in front);
- cookies: a cookie whose name or value holds a control character (a quoted value can spell a NUL as ``\\000``) is
  dropped, as if the browser had not sent it, so a broken session cookie starts a new session instead of a 400
  on every page.

The answer is a small page in the language of the address (``/api/``: ``{"errors": {name: [message]}}``, as the
API's own 400s). Form bodies are not checked here: every form field refuses control characters with a form error
that keeps what was typed (core.formfixes), and no view reads a POST value into a query without a form.
"""

from __future__ import annotations

import re

from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# C0 controls, DEL and C1 controls: none in a path or a query parameter.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# RFC 9110 5.5: a header value holds no NUL, CR, LF or other C0 control except horizontal tab, and no DEL.
HEADER_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def problems(request) -> dict[str, list]:
    """What in the request's address or headers holds a control character, by name (``path``, a parameter's
    name, ``headers``); the messages are lazy, translated when the answer is made in the request's language."""
    found: dict[str, list] = {}
    if CONTROL.search(request.path_info) or CONTROL.search(request.path):
        found["path"] = [_("The address contains a control character (such as NUL), which no page accepts.")]
    for name, values in request.GET.lists():
        if CONTROL.search(name) or any(CONTROL.search(value) for value in values):
            found[name] = [_("Control characters (such as NUL) are not allowed in this parameter.")]
    for key, value in request.META.items():
        if key.startswith("HTTP_") and key != "HTTP_COOKIE" and isinstance(value, str) and HEADER_CONTROL.search(value):
            found["headers"] = [_("A header of the request contains a control character.")]
            break
    return found


def drop_broken_cookies(request) -> None:
    for name in [name for name, value in request.COOKIES.items() if CONTROL.search(name) or CONTROL.search(value)]:
        del request.COOKIES[name]


def refusal(request, found: dict[str, list]) -> HttpResponse:
    # The language LocaleMiddleware would choose: the address's prefix, else the cookie or Accept-Language.
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            errors = {name: [str(message) for message in messages] for name, messages in found.items()}
            response = JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})
        else:
            reasons = [str(message) for messages in found.values() for message in messages]
            response = HttpResponse(render_to_string("input_guard_400.html", {"reasons": reasons}), status=400)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    # Answered before the inner middleware (CSP, clickjacking) runs: their headers are set here.
    response["Content-Security-Policy"] = build_policy()
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    return response


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = problems(request)
        if found:
            return refusal(request, found)
        drop_broken_cookies(request)
        return self.get_response(request)
