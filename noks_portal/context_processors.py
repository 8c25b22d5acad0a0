from __future__ import annotations

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def portal(request):
    """What the base layout needs on every page: the language switcher and the visitor's role."""
    from providers.selectors import membership_of, role_of

    current = get_language()
    path = request.get_full_path()
    languages = [
        {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    membership = membership_of(request.user) if request.user.is_authenticated else None
    return {
        "portal_languages": languages,
        "portal_membership": membership,
        "portal_role": role_of(request.user, membership),
    }
