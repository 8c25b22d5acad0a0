"""Signing in with the e-mail address or the username.

Self-registered accounts know themselves by their e-mail address (registration asks for no username, so it never
has to say that one is taken); accounts made earlier, by an administrator or by the demo data also sign in with their
username. One lookup serves the sign-in and the login throttle, so the throttle counts one account once, however
its address is written.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def login_account(identifier: str | None):
    """The account an identifier typed at sign-in names: the username exactly, else the e-mail address in any case
    (when several old accounts differ only in its case, the exact one), else None."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    User = get_user_model()
    user = User._default_manager.filter(username=identifier).first()
    if user is not None or "@" not in identifier:
        return user
    matches = list(User._default_manager.filter(email__iexact=identifier).order_by("pk")[:5])
    if len(matches) == 1:
        return matches[0]
    return next((match for match in matches if match.email == identifier), None)


def lockout_username(request, credentials) -> str:
    """django-axes' key for the sign-in name (AXES_USERNAME_CALLABLE): the account's username when the name finds
    one, so "owner", "Owner@Demo.noks.localhost" and "owner@demo.noks.localhost" share one count; else the name as
    typed, in lower case."""
    value = (credentials or {}).get("username") if credentials else None
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    account = login_account(value)
    if account is not None:
        return account.get_username()
    return (value or "").strip().lower()


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = login_account(username)
        if user is None:
            get_user_model()().set_password(password)  # as much work as for an account that exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
