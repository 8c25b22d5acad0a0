"""Public verification of certificates without enumeration.

- The verification code (10 random characters, core.verification.new_code) is the key: the QR code and /v/<code>/
  lead straight to the certificate.
- A serial number alone proves nothing (serials run in sequence): verification by serial also asks for the holder's
  surname or date of birth, compared without regard to case or script (Cyrillic or Latin) and diacritics.
- Every attempt (a code looked up, a serial with its answer) counts against the client's address
  (core.clientip.client_ip) in a fixed window; past the limit the answer is "try again later" (429), whatever
  was asked, so the limit is not an oracle. The counter lives in the database (exams.VerificationCount), so it holds
  across processes and machines.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core import verification
from core.clientip import client_ip
from exams.models import Certificate, Learner, VerificationCount
from exams.validators import jmbg_birth_date
from rules.translit import fold

DEFAULT_LIMIT = 30  # attempts per client and window
DEFAULT_WINDOW_SECONDS = 600

# Certificate serials are "<MB, 8 digits>-<year>-<5 digits>" (exams.services._certificate_new).
SERIAL = re.compile(r"\d{8}-\d{4}-\d{5}")
SERIAL_COMPACT = re.compile(r"(\d{8})(\d{4})(\d{5})")


def limit() -> int:
    return getattr(settings, "CERTIFICATE_VERIFY_LIMIT", DEFAULT_LIMIT)


def window_seconds() -> int:
    return getattr(settings, "CERTIFICATE_VERIFY_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS)


def attempt_allowed(request) -> bool:
    """Count one attempt of the client; False once it is past the limit of its window."""
    client = (client_ip(request) or "unknown")[:64]
    window = int(timezone.now().timestamp()) // window_seconds()
    rows = VerificationCount.objects.filter(client=client, window=window)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    VerificationCount.objects.create(client=client, window=window, count=1)
            except IntegrityError:  # another request of the same client created it first
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).first() or 0
    VerificationCount.objects.filter(window__lt=window - 1).delete()
    return count <= limit()


def _folded_name(text: str) -> str:
    return fold((text or "").replace("-", " "))


def surname_matches(learner: Learner, typed: str) -> bool:
    """"Петровић", "Petrović", "PETROVIC" and "petrović" are the same surname; an empty one matches nothing."""
    typed = _folded_name(typed)
    return bool(typed) and typed == _folded_name(learner.last_name)


def birth_date_matches(learner: Learner, typed: dt.date | None) -> bool:
    """The date of birth is known from the JMBG; a holder without one is verified by surname."""
    if typed is None or not learner.jmbg:
        return False
    try:
        return jmbg_birth_date(learner.jmbg) == typed
    except (ValueError, TypeError):
        return False


def serial_from_compact(code: str) -> str | None:
    """The serial a normalized "code" stands for ("17123456202600001" -> "17123456-2026-00001"), if it is one."""
    match = SERIAL_COMPACT.fullmatch(code or "")
    return "-".join(match.groups()) if match else None


def certificate_by_serial(serial: str, *, surname: str = "", birth_date: dt.date | None = None) -> Certificate | None:
    """The certificate with this serial, only if the surname or the date of birth is the holder's."""
    certificate = (Certificate.objects.select_related("result__learner", "program", "issuer")
                   .filter(serial__iexact=(serial or "").strip()).first())
    if certificate is None:
        return None
    learner = certificate.result.learner
    if surname_matches(learner, surname) or birth_date_matches(learner, birth_date):
        return certificate
    return None


@verification.register_limiter
def _limit(request) -> bool:
    return attempt_allowed(request)


@verification.register_status
def certificate_status(code: str) -> verification.DocumentStatus | None:
    """A certificate's status for the check of an uploaded PDF: valid, revoked, or replaced (revoked, and a corrected
    certificate or a duplicate issued in its place)."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    certificate = (Certificate.objects.select_related("issuer", "replaced_by").filter(code=code).first())
    if certificate is None:
        return None
    replacement = getattr(certificate, "replaced_by", None)
    if certificate.revoked_at is None:
        status, label = verification.VALID, pgettext("status today", "Valid")
    elif replacement is not None:
        status = verification.REPLACED
        label = _("Replaced by %(serial)s on %(date)s") % {
            "serial": replacement.serial, "date": date_format(timezone.localdate(certificate.revoked_at))}
    else:
        status = verification.REVOKED
        label = _("Revoked on %(date)s (%(reason)s)") % {
            "date": date_format(timezone.localdate(certificate.revoked_at)),
            "reason": certificate.get_revocation_reason_display() or pgettext("status today", "Revoked")}
    return verification.DocumentStatus(
        kind=str(certificate._meta.verbose_name).capitalize(), serial=certificate.serial, status=status, label=label,
        issued_on=certificate.issued_on, issuer=certificate.issuer.name,
        url=reverse("documents:verify", kwargs={"code": certificate.code}))
