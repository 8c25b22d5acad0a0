from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from providers.selectors import membership_of


def membership_required(view=None, *, owner: bool = False):
    """The user must belong to an organization (and own it, with owner=True); sets request.membership."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_of(request.user)
            if membership is None or (owner and not membership.is_owner):
                raise PermissionDenied
            request.membership = membership
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
