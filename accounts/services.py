"""Two-factor authentication for the Office and administrators (ASVS 2.7, 2.8; OWASP MFA cheat sheet).

A time-based one-time code (TOTP, RFC 6238: 6 digits, 30 s) from an authenticator app, through django-otp's
devices, which bring the per-device throttle (each wrong code doubles the wait) and refuse a code already used.
Ten single-use recovery codes stand in for a lost phone; an administrator can reset the second factor, and the
user then sets it up again at the next sign-in. Each change writes an audit record; failed codes go to the
security log.
"""

from __future__ import annotations

import base64
import logging
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from noks_portal.audit import audit_log

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


def _throttled_error(device) -> ValidationError | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    seconds = max(1, int(((info or {}).get("locked_until", timezone.now()) - timezone.now()).total_seconds()) + 1)
    return ValidationError(_("Too many wrong codes. Wait %(seconds)s seconds and try again.") % {"seconds": seconds},
                           code="throttled")


def enrolment_confirm(request, code: str) -> list[str]:
    """The first code from the app proves it holds the key: the authenticator replaces any earlier one, the session
    counts as verified, and ten new recovery codes are returned (to be shown once)."""
    user = request.user
    if is_enrolled(user) and not is_verified(user):
        # A password alone must not replace the authenticator: that would make the second factor worthless.
        raise ValidationError(_("Sign in with your second factor first."), code="unverified")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            raise ValidationError(_("Start the set-up again: this page was out of date."), code="stale")
        error = _throttled_error(device)
        # A wrong code is recorded by the device (its throttle) and must survive: no exception inside this block.
        ok = error is None and device.verify_token(_normalized(code))
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
        devices = model.objects.select_for_update().filter(user=user, confirmed=True)
        if name:
            devices = devices.filter(name=name)
        device = devices.order_by("pk").first()
        error = _throttled_error(device) if device else None
        ok = device is not None and error is None and device.verify_token(code)
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
