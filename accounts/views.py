from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import LoginForm, SecondFactorForm
from core.qr import qr_svg


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        """The Office and administrators go on to the second factor, the page they asked for kept as ``next``."""
        url = super().get_success_url()
        user = self.request.user
        if not services.needs_second_factor(user) or services.is_verified(user):
            return url
        step = "accounts:second_factor" if services.is_enrolled(user) else "accounts:second_factor_setup"
        return f"{reverse(step)}?{urlencode({REDIRECT_FIELD_NAME: url})}"


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.email_confirm_by_password_reset(form.user)  # the link came to the address: it is confirmed
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def dashboard(request):
    """The page one lands on after signing in: what needs the person's action (their role's lists, gathered by
    settings.PORTAL_WORK from the apps above this one), then who they are and where their work is."""
    second_factor = None
    if services.needs_second_factor(request.user):
        device = services.authenticator_of(request.user)
        second_factor = {"since": device.created_at if device else None,
                         "recovery_left": services.recovery_codes_left(request.user)}
    work = import_string(settings.PORTAL_WORK)(request) if getattr(settings, "PORTAL_WORK", "") else {}
    return render(request, "accounts/dashboard.html", {"second_factor": second_factor, **work})


def _step(name: str, request):
    """A redirect to one of the sign-in steps, carrying where to go afterwards."""
    return redirect(f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: _next_url(request)})}")


def _next_url(request) -> str:
    """Where to go once the second factor is given: a safe ``next`` on this site, else the dashboard."""
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("accounts:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """The second step of signing in for the Office and administrators: a code from the app or a recovery code."""
    user = request.user
    if not services.needs_second_factor(user) or services.is_verified(user):
        return redirect(_next_url(request))
    if not services.is_enrolled(user):
        return _step("accounts:second_factor_setup", request)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_verify(request, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return redirect(_next_url(request))
    device = services.authenticator_of(user)
    demo_code = None
    if settings.DEBUG and device is not None and device.key == services.DEMO_TOTP_KEY:
        demo_code = services.next_code(device)
    return render(request, "accounts/second_factor.html", {
        "form": form, "next": _next_url(request), "demo_code": demo_code,
    })


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), then confirm with the first code."""
    user = request.user
    if not services.needs_second_factor(user):
        return redirect("accounts:dashboard")
    if services.is_enrolled(user) and not services.is_verified(user):
        # Replacing the authenticator needs it first; a lost phone is reset by an administrator.
        return _step("accounts:second_factor", request)
    device = services.enrolment_start(user)
    form = SecondFactorForm(request.POST or None, recovery_allowed=False)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enrolment_confirm(request, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session[services.NEW_CODES_SESSION_KEY] = codes
            return _step("accounts:recovery_codes", request)
    key = services.key_base32(device)
    return render(request, "accounts/second_factor_setup.html", {
        "form": form, "next": _next_url(request), "qr": qr_svg(device.config_url),
        "key_groups": [key[i:i + 4] for i in range(0, len(key), 4)], "replacing": services.is_enrolled(user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """New recovery codes are shown once, right after they are made; otherwise how many are left, and a button to
    make new ones."""
    user = request.user
    if not services.needs_second_factor(user):
        return redirect("accounts:dashboard")
    if request.method == "POST":
        try:
            request.session[services.NEW_CODES_SESSION_KEY] = services.recovery_codes_renew(request)
        except ValidationError:
            return redirect("accounts:second_factor")
        return redirect("accounts:recovery_codes")
    return render(request, "accounts/recovery_codes.html", {
        "codes": request.session.pop(services.NEW_CODES_SESSION_KEY, None),
        "left": services.recovery_codes_left(user), "next": _next_url(request),
    })


@require_http_methods(["GET", "POST"])
def email_confirm(request, token: str):
    """The link from the confirmation message: the page asks for one click (a POST), so that a mail scanner opening
    the link confirms nothing; the link works once."""
    try:
        user = services.email_confirmation_user(token)
        if request.method == "POST":
            user = services.email_confirm(token)
    except ValidationError as error:
        return render(request, "accounts/email_confirm.html",
                      {"error": error.messages[0], "hide_unconfirmed_banner": True})
    if request.method == "GET":
        return render(request, "accounts/email_confirm.html", {"address": user.email})
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("Your e-mail address is confirmed. Welcome to the NOKS portal."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/email_confirm.html", {"confirmed": True})


@require_POST
@login_required
def email_confirmation_resend(request):
    """Send the signed-in account a new confirmation link."""
    try:
        services.email_confirmation_resend(request.user, lang=get_language())
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("A new link is on its way to %(email)s. It is valid for %(days)s days.")
                         % {"email": request.user.email, "days": services.EMAIL_CONFIRMATION_DAYS})
    return redirect(_next_url(request))


@login_required
def inbox(request):
    """The person's notices, newest first, unread ones marked; the same texts they were e-mailed."""
    from django.core.paginator import Paginator

    from accounts import notices
    from rules.translit import cyr_to_lat

    page = Paginator(notices.notices_of(request.user), 25).get_page(request.GET.get("page"))
    in_latin = get_language() != "sr"  # notices are written in Cyrillic; Latin and English pages read them in Latin
    rows = [(notice, cyr_to_lat(notice.subject) if in_latin else notice.subject,
             cyr_to_lat(notice.body) if in_latin else notice.body) for notice in page.object_list]
    return render(request, "accounts/inbox.html", {
        "page": page, "rows": rows, "unread": notices.unread_count(request.user)})


@login_required
@require_POST
def notice_read(request, pk: int):
    """Mark one notice read and go where it points (only one's own notice is found; a link is a path on this site)."""
    from django.http import Http404

    from accounts import notices
    from accounts.models import Notice

    notice = Notice.objects.filter(pk=pk, user=request.user).first()
    if notice is None:
        raise Http404
    notices.notice_mark_read(notice, user=request.user)
    target = notice.link if request.POST.get("open") and notice.link.startswith("/") \
        and not notice.link.startswith("//") else reverse("accounts:inbox")
    return redirect(target)


@login_required
@require_POST
def notices_read_all(request):
    from accounts import notices

    count = notices.notices_mark_all_read(request.user)
    if count:
        messages.success(request, _("All notices are marked as read."))
    return redirect("accounts:inbox")
