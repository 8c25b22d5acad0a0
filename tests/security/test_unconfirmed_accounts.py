"""Issue 14: an account whose e-mail address is not confirmed changes nothing, through any URL of the project.

One mechanism (accounts.middleware.EmailConfirmationMiddleware) holds it back; this test POSTs to every URL name of
the authorization matrix, on the matrix's objects, as the cast's owner with an unconfirmed address."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from accounts.middleware import OPEN_BEFORE_CONFIRMATION
from core.models import AuditEvent
from tests.security.test_authorization_matrix import EXPECT, objects  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

REFUSED = "Најпре потврдите имејл адресу"


def test_every_post_is_refused_until_the_address_is_confirmed(client, cast, objects):  # noqa: F811
    get_user_model().objects.filter(pk=cast.owner.pk).update(email_confirmed=False)
    cast.owner.refresh_from_db()
    client.force_login(cast.owner)
    translation.activate("sr")
    # the addresses first: building some of them makes their object (a new program version), which is audited
    urls = {name: reverse(name, kwargs=kwargs(objects) or None) for name, (kwargs, _row) in sorted(EXPECT.items())
            if name not in OPEN_BEFORE_CONFIRMATION}
    events = AuditEvent.objects.count()
    wrong = []
    for name, url in urls.items():
        translation.activate("sr")
        response = client.post(url, {"confirm": "on", "name_sr": "Промењено", "note": "x"})
        if response.status_code != 403 or REFUSED not in response.content.decode():
            wrong.append(f"{name} [{url}]: {response.status_code}")
    assert not wrong, "not refused:\n" + "\n".join(wrong)
    assert AuditEvent.objects.count() == events  # nothing was changed
    assert client.get(reverse("accounts:dashboard")).status_code == 200  # still signed in, still reading


def test_what_stays_open_before_confirmation():
    assert OPEN_BEFORE_CONFIRMATION == {
        "accounts:login", "accounts:logout", "accounts:password_change", "accounts:password_reset",
        "accounts:password_reset_confirm", "accounts:email_confirm", "accounts:email_confirmation_resend",
        "accounts:second_factor", "accounts:second_factor_setup",
    }
