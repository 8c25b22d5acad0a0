"""HTTP caching for public pages: conditional GET (ETag, Last-Modified, 304) and shared-cache headers.

A public page is the same for every anonymous visitor of one language, so shared caches may keep it for a few
minutes (``Cache-Control: public, max-age=...``). A signed-in visitor sees their own header (account links, their
organization's menu), so their copy is ``private, no-store`` (core.middleware.SignedInNoStoreMiddleware sets
it on every response to a signed-in visitor); the ETag carries the user, so a copy fetched before signing in is
never confirmed as fresh after it.

Also the one response for a stored file served to a permitted reader (``private_file``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
import hashlib

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition

PUBLIC_MAX_AGE = 300
VARY = ("Accept-Language", "Cookie")


def _viewer(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return f"user-{user.pk}" if user is not None and user.is_authenticated else "anonymous"


def conditional_public(
    *,
    version_func: Callable[..., str | None],
    last_modified_func: Callable[..., datetime | None],
    max_age: int = PUBLIC_MAX_AGE,
):
    """Decorate a public view with conditional GET and cache headers.

    ``version_func(request, *args, **kwargs)`` returns a string that changes whenever the page's content does
    (e.g. the primary key and the timestamps it is built from), or None when the page does not exist (the view then
    runs and answers 404 itself). The ETag is a hash of that version, the active language and the viewer.
    ``last_modified_func`` has the same signature and returns an aware datetime or None.
    Both are called on every request before the view: keep them to one cheap query (memoize on the request when
    they share it).
    """

    def etag_func(request, *args, **kwargs) -> str | None:
        version = version_func(request, *args, **kwargs)
        if version is None:
            return None
        key = "|".join((version, get_language() or "", _viewer(request)))
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def decorator(view):
        conditional = condition(etag_func=etag_func, last_modified_func=last_modified_func)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                if not request.user.is_authenticated:
                    patch_cache_control(response, public=True, max_age=max_age)
                patch_vary_headers(response, VARY)
            return response

        return wrapper

    return decorator


def private_file(file, *, filename: str, content_type: str, inline: bool = False):
    """A stored file for one permitted reader: never cached by others, never sniffed into something else, saved
    unless ``inline``; a file missing from storage is a 404, not a 500."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def safe_next(request: HttpRequest) -> str | None:
    """The page to go back to after a form (``next`` in the query or the form): a path on this site only — never
    another host, a scheme, "//host" or a backslash trick — else None."""
    from django.utils.http import url_has_allowed_host_and_scheme

    url = request.POST.get("next") or request.GET.get("next") or ""
    if (url.startswith("/") and not url.startswith(("//", "/\\")) and "\\" not in url
            and url_has_allowed_host_and_scheme(url, allowed_hosts=None, require_https=False)):
        return url
    return None
