from __future__ import annotations

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils.translation import get_language, override


# Pages also served outside the language prefix, and their address in a given language.
LANGUAGE_PAGES = {"api:docs": "api_docs"}


def switch_url(request, code: str) -> str:
    """The address of this page in another language, built only from the page's resolved view: a request path that
    resolves to no view (a 404, or `//evil.example/`) links to that language's home page, and nothing the visitor
    typed can become the link's host."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    url = None
    if match is not None and match.url_name:
        with override(code):
            try:
                url = reverse(LANGUAGE_PAGES.get(match.view_name, match.view_name), args=match.args,
                              kwargs=match.kwargs)
            except NoReverseMatch:
                url = None
    if url is None:
        with override(code):
            return reverse("home")
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def portal(request):
    """What the base layout needs on every page: the language switcher and the visitor's role."""
    from providers.selectors import membership_of, role_of

    current = get_language()
    languages = [
        {"code": code, "name": name, "url": switch_url(request, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    membership = membership_of(request.user) if request.user.is_authenticated else None
    return {
        "portal_languages": languages,
        "portal_membership": membership,
        "portal_role": role_of(request.user, membership),
    }
