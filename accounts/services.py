"""Two-factor authentication for the Office and administrators (ASVS 2.7, 2.8; OWASP MFA cheat sheet).

A time-based one-time code (TOTP, RFC 6238: 6 digits, 30 s) from an authenticator app, through django-otp's
devices, which refuse a code already used. Wrong codes are throttled here, not per device (django-otp's own throttle
is off in the settings): per session, per client network and, past a high limit, per account, so someone who knows
the password can slow down only themselves, never lock the owner out (second_factor_throttle). Ten single-use
recovery codes stand in for a lost phone; an administrator can reset the second factor, and the user then sets it
up again at the next sign-in. Each change writes an audit record; failed codes go to the security log.

Self-registered accounts confirm their e-mail address with a signed link (email_confirmation_*, email_confirm).
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecondFactorFailure
from core.audit import audit_log
from core.clientip import client_ip

security_log = logging.getLogger("noks.security")

RECOVERY_DEVICE = "recovery"
RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "authenticator"
# The demo data's key (the README gives it; only the embedded demo uses it): 20 bytes, hex as django-otp stores it.
DEMO_TOTP_KEY = "4e4f4b532d64656d6f2d6b65792d323032362121"
DEMO_TOTP_KEY_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii")
NEW_CODES_SESSION_KEY = "noks_new_recovery_codes"


def needs_second_factor(user) -> bool:
    """The Office (reviewers, deciders) and administrators: their accounts decide on status and hold JMBGs."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user.is_staff or user.is_office_reviewer or user.is_office_decider))


def is_verified(user) -> bool:
    """Whether this session gave the second factor (django_otp's middleware adds ``is_verified`` to the request's
    user; the user object that ``login()`` has just put on the request lacks it, and has not given it)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE,
                                      device__confirmed=True).count()


def enrolment_start(user) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed): one per user, its key kept until it is confirmed, so a
    reloaded page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def _normalized(code: str) -> str:
    return "".join((code or "").split()).lower()


# --- the throttle on wrong codes ----------------------------------------------------------------------------------
# Each scope waits THROTTLE_FACTOR × 2^(n − 1) seconds after its n-th wrong code (counted past its free allowance)
# before the next code is even tried. The scopes:
#   this session:          from the first wrong code (1, 2, 4 ... s): the attacker's own session;
#   this client network:   past NETWORK_FREE wrong codes (an IPv4 address or an IPv6 /64): signing in again for a
#                          fresh session does not reset the count;
#   the whole account:     past ACCOUNT_LIMIT wrong codes from anywhere, a client that has made a mistake itself (in
#                          its session or its network) waits until the count falls below the limit again; a client
#                          without one still tries, so the owner signs in even during a distributed attack.
# Wrong codes are forgotten after THROTTLE_WINDOW; a right code does not erase them (the attacker's stay counted).
THROTTLE_FACTOR = 1
THROTTLE_WINDOW = timedelta(hours=24)
NETWORK_FREE = 10
ACCOUNT_LIMIT = 50
_MAX_DOUBLINGS = 24  # 2^24 s is more than the window: the cap only keeps the numbers small


def _client_network(request) -> str:
    """The client's address; for IPv6 its /64 network, which one subscriber holds whole."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return (address or "unknown")[:64]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _session_digest(request) -> str:
    if request.session.session_key is None:
        request.session.save()
    return salted_hmac("accounts.second-factor-session", request.session.session_key,
                       algorithm="sha256").hexdigest()


def _wait_after(failures: list[datetime], now: datetime, *, free: int = 0) -> float:
    """Seconds this scope still waits: after its n-th counted wrong code, THROTTLE_FACTOR × 2^(n − 1) from the last."""
    counted = len(failures) - free
    if counted <= 0:
        return 0.0
    until = failures[-1] + timedelta(seconds=THROTTLE_FACTOR * 2 ** min(counted - 1, _MAX_DOUBLINGS))
    return max(0.0, (until - now).total_seconds())


def second_factor_throttle(request, user) -> ValidationError | None:
    """None when this client may try a code for ``user`` now, else the error saying how long to wait."""
    now = timezone.now()
    rows = list(SecondFactorFailure.objects.filter(user=user, at__gt=now - THROTTLE_WINDOW)
                .order_by("at", "pk").values_list("at", "session", "network"))
    session, network = _session_digest(request), _client_network(request)
    in_session = [at for at, row_session, _row_network in rows if row_session == session]
    in_network = [at for at, _row_session, row_network in rows if row_network == network]
    wait = max(_wait_after(in_session, now), _wait_after(in_network, now, free=NETWORK_FREE))
    if len(rows) >= ACCOUNT_LIMIT and (in_session or in_network):
        # until enough of the account's wrong codes leave the window to bring the count below the limit
        oldest_to_go = rows[len(rows) - ACCOUNT_LIMIT][0]
        wait = max(wait, (oldest_to_go + THROTTLE_WINDOW - now).total_seconds())
    if wait <= 0:
        return None
    security_log.info("second factor: throttled user=%s network=%s wait=%ds", user.get_username(), network, wait)
    return ValidationError(_("Too many wrong codes. Wait %(seconds)s seconds and try again.")
                           % {"seconds": int(wait) + 1}, code="throttled")


def _second_factor_failed(request, user) -> None:
    SecondFactorFailure.objects.filter(user=user, at__lte=timezone.now() - THROTTLE_WINDOW).delete()
    SecondFactorFailure.objects.create(user=user, session=_session_digest(request),
                                       network=_client_network(request))


def _lock_account(user) -> None:
    """One code at a time per account: concurrent tries wait here, so each sees the failures before it."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()


def enrolment_confirm(request, code: str) -> list[str]:
    """The first code from the app proves it holds the key: the authenticator replaces any earlier one, the session
    counts as verified, and ten new recovery codes are returned (to be shown once)."""
    user = request.user
    if is_enrolled(user) and not is_verified(user):
        # A password alone must not replace the authenticator: that would make the second factor worthless.
        raise ValidationError(_("Sign in with your second factor first."), code="unverified")
    with transaction.atomic():
        _lock_account(user)
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            raise ValidationError(_("Start the set-up again: this page was out of date."), code="stale")
        error = second_factor_throttle(request, user)
        # A wrong code is recorded for the throttle and must survive: no exception inside this block.
        ok = error is None and device.verify_token(_normalized(code))
        if error is None and not ok:
            _second_factor_failed(request, user)
    if error:
        raise error
    if not ok:
        security_log.info("second factor set-up: wrong code user=%s at=%s", user.get_username(),
                          timezone.now().isoformat())
        raise ValidationError(_("The code is wrong or has expired. Enter the 6 digits the app shows now."),
                              code="wrong_code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
        audit_log(user, action="account.second_factor_enrolled", actor=user)
    request.session.cycle_key()
    otp_login(request, device)
    return codes


def second_factor_verify(request, code: str):
    """Finish signing in with a code from the app or one of the recovery codes (each works once)."""
    user = request.user
    code = _normalized(code)
    recovery = not (code.isascii() and code.isdigit())
    model = StaticDevice if recovery else TOTPDevice
    name = RECOVERY_DEVICE if recovery else None
    with transaction.atomic():
        _lock_account(user)
        devices = model.objects.select_for_update().filter(user=user, confirmed=True)
        if name:
            devices = devices.filter(name=name)
        device = devices.order_by("pk").first()
        error = second_factor_throttle(request, user)
        ok = device is not None and error is None and device.verify_token(code)
        if error is None and not ok:
            _second_factor_failed(request, user)
    if error:
        raise error
    if not ok:
        security_log.info("second factor: wrong %s code user=%s at=%s", "recovery" if recovery else "app",
                          user.get_username(), timezone.now().isoformat())
        raise ValidationError(_("The code is wrong or has expired. Enter the 6 digits the app shows now, or one "
                                "of your recovery codes."), code="wrong_code")
    if recovery:
        with transaction.atomic():
            audit_log(user, action="account.recovery_code_used", actor=user,
                      data={"left": recovery_codes_left(user)})
    request.session.cycle_key()
    otp_login(request, device)
    return device


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_renew(request) -> list[str]:
    """New recovery codes for a verified session; the old ones stop working."""
    user = request.user
    if not (is_enrolled(user) and is_verified(user)):
        raise ValidationError(_("Sign in with your second factor first."), code="unverified")
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        audit_log(user, action="account.recovery_codes_renewed", actor=user)
    return codes


def second_factor_reset(user, *, actor) -> None:
    """For a lost phone: an administrator removes the user's authenticator and recovery codes; at the next sign-in
    the user sets up a new one. Sessions verified with the old device lose that (django-otp finds no device for
    them), so the middleware sends them to set up the new one before any other page."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        audit_log(user, action="account.second_factor_reset", actor=actor, data={"devices_removed": removed})


def demo_enrol(user) -> TOTPDevice:
    """The embedded demo's office users: an authenticator with the published demo key, and recovery codes."""
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=AUTHENTICATOR, defaults={"key": DEMO_TOTP_KEY, "confirmed": True})
    if not StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE).exists():
        _recovery_codes_replace(user)
    return device



def key_base32(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (Base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def next_code(device: TOTPDevice) -> str:
    """The code the device accepts now and has not used yet (the demo shows it; tests sign in with it)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(time.time(), (device.last_t + 1) * device.step + device.t0)  # a code not used yet
    return f"{totp.token():0{device.digits}d}"


# --- confirming a self-registered account's e-mail address ----------------------------------------------------------
# The link carries a signed, timestamped token (django.core.signing) naming the account and a digest of its address.
# It works while the account is unconfirmed and the address unchanged, for EMAIL_CONFIRMATION_DAYS: once it has
# confirmed the address, it and every other link sent for it are spent.
EMAIL_CONFIRMATION_SALT = "accounts.email-confirmation"
EMAIL_CONFIRMATION_DAYS = 3
RESEND_AFTER = timedelta(minutes=1)


def _address_digest(email: str) -> str:
    return salted_hmac("accounts.email-confirmation-address", email.lower(), algorithm="sha256").hexdigest()[:24]


def email_confirmation_token(user) -> str:
    return signing.dumps({"u": user.pk, "a": _address_digest(user.email)}, salt=EMAIL_CONFIRMATION_SALT)


def email_confirmation_user(token: str):
    """The unconfirmed account a link confirms; a ValidationError (code "expired" or "invalid") otherwise."""
    try:
        payload = signing.loads(token, salt=EMAIL_CONFIRMATION_SALT,
                                max_age=timedelta(days=EMAIL_CONFIRMATION_DAYS))
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired: links are valid for %(days)s days.")
                              % {"days": EMAIL_CONFIRMATION_DAYS}, code="expired") from None
    except signing.BadSignature:
        payload = None
    user = None
    if isinstance(payload, dict) and isinstance(payload.get("u"), int):
        user = get_user_model().objects.filter(pk=payload["u"], email_confirmed=False).first()
    if user is None or payload.get("a") != _address_digest(user.email):
        raise ValidationError(_("This link is not valid: it has been used already, or it was not copied whole."),
                              code="invalid")
    return user


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _mail(user, *, subject: str, template: str, context: dict, lang: str) -> None:
    """A plain-text message to the account's address, in ``lang``, sent once the transaction commits."""
    with translation.override(lang):
        subject = str(subject)
        body = render_to_string(template, {"user": user, **context})
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


def email_confirmation_send(user, *, lang: str | None = None) -> None:
    """Mail the account a new link that confirms its address (at registration, and when asked again)."""
    lang = lang or user.preferred_language or settings.LANGUAGE_CODE
    with transaction.atomic():
        user.email_confirmation_sent_at = timezone.now()
        user.save(update_fields=["email_confirmation_sent_at"])
        with translation.override(lang):
            path = reverse("accounts:email_confirm", kwargs={"token": email_confirmation_token(user)})
            subject = _("Confirm your e-mail address for the NOKS portal")
        _mail(user, subject=subject, template="accounts/email/email_confirmation.txt", lang=lang,
              context={"url": _absolute(path), "days": EMAIL_CONFIRMATION_DAYS})


def email_confirmation_resend(user, *, lang: str) -> None:
    """A new link on request (the old ones keep working until one is used): at most one a minute."""
    if user.email_confirmed:
        raise ValidationError(_("Your e-mail address is confirmed already."), code="confirmed")
    sent = user.email_confirmation_sent_at
    if sent is not None and timezone.now() - sent < RESEND_AFTER:
        raise ValidationError(_("A link was sent less than a minute ago. Check your inbox (and the spam folder) "
                                "before asking for another."), code="too_soon")
    email_confirmation_send(user, lang=lang)


def registration_attempt_notify(user, *, lang: str | None = None) -> None:
    """Someone registered with an address that has an account already: tell its owner (and no one else), with the
    ways back into the account. The registration page answers exactly as for a new address."""
    lang = user.preferred_language or lang or settings.LANGUAGE_CODE
    with translation.override(lang):
        context = {"login_url": _absolute(reverse("accounts:login")),
                   "reset_url": _absolute(reverse("accounts:password_reset"))}
        subject = _("Someone tried to register on the NOKS portal with your e-mail address")
    _mail(user, subject=subject, template="accounts/email/registration_attempt.txt", lang=lang, context=context)


@transaction.atomic
def email_confirm(token: str):
    """Confirm the address a link was sent to; the link cannot be used again."""
    user = email_confirmation_user(token)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.email_confirmed:  # a concurrent click got here first
        raise ValidationError(_("This link is not valid: it has been used already, or it was not copied whole."),
                              code="invalid")
    return _mark_confirmed(user, via="link")


def _mark_confirmed(user, *, via: str):
    user.email_confirmed = True
    user.save(update_fields=["email_confirmed"])
    audit_log(user, action="user.email_confirmed", actor=user, data={"via": via})
    return user


@transaction.atomic
def email_confirm_by_password_reset(user) -> None:
    """A password set through the reset link mailed to the address proves the address as well."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not user.email_confirmed:
        _mark_confirmed(user, via="password_reset")
