"""Permission helpers for views: load what a user may see, refuse the rest the same way everywhere."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


def is_office(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user.is_office_reviewer or user.is_office_decider))


def office_required(view):
    """Office reviewers, deciders and administrators; anonymous users go to the login page, others get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def anonymous_only(view):
    """Pages such as registration that make no sense to a signed-in user: send them to their dashboard."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("accounts:dashboard")
        return view(request, *args, **kwargs)

    return wrapper
