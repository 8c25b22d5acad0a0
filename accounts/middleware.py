"""Sign-in is not finished for the Office and administrators until the second factor is given (ASVS 2.7); a
self-registered account changes nothing until its e-mail address is confirmed."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse

from accounts import services

# What a signed-in user may reach before the second factor: the steps themselves and signing out.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:login", "accounts:logout", "accounts:second_factor", "accounts:second_factor_setup",
    "health",
}


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: a user who needs a second factor and has not given it in this session is
    sent to give it (or to set it up, the first time), with the page they asked for kept as ``next``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not services.needs_second_factor(user) or services.is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        step = "accounts:second_factor" if services.is_enrolled(user) else "accounts:second_factor_setup"
        return redirect_to_login(request.get_full_path(), login_url=reverse(step))


# What an account with an unconfirmed address may still POST: signing in and out, its password, and the
# confirmation itself.
OPEN_BEFORE_CONFIRMATION = {
    "accounts:login", "accounts:logout", "accounts:password_change", "accounts:password_reset",
    "accounts:password_reset_confirm", "accounts:email_confirm", "accounts:email_confirmation_resend",
    "accounts:second_factor", "accounts:second_factor_setup",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class EmailConfirmationMiddleware:
    """The one place that holds back an account whose e-mail address is not confirmed yet: it may sign in and read,
    but every other POST (PUT, PATCH, DELETE) is refused with a page that offers to send the link again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if request.method in SAFE_METHODS or not user.is_authenticated or getattr(user, "email_confirmed", True):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_CONFIRMATION:
            return None
        return render(request, "accounts/email_unconfirmed.html", {"hide_unconfirmed_banner": True}, status=403)
