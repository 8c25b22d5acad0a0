"""ASVS: password policy, session timeouts, sessions ended by a password change or deactivation, denied accesses
logged with who, what and when."""

from __future__ import annotations

import logging
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("password", "ok"), [
    ("kratko7", False),  # 7 characters
    ("planinar", True),  # 8 characters, no composition rule
    ("12345678", False),  # a common password
    ("83920571", True),  # all digits, but not common: no composition rules (ASVS 2.1.9)
    ("password", False),
    ("ЉубовијаЏеп", True),  # any characters
])
def test_password_policy(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def _signed_in(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_a_session_ends_after_the_idle_time(client, cast, settings, monkeypatch):
    settings.SESSION_IDLE_SECONDS = 60
    _signed_in(client, cast.owner)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    monkeypatch.setattr(time, "time", lambda: now + 62)
    assert client.get(reverse("accounts:dashboard")).status_code == 302  # signed out for good


def test_activity_keeps_a_session_until_the_absolute_limit(client, cast, settings, monkeypatch):
    settings.SESSION_IDLE_SECONDS, settings.SESSION_ABSOLUTE_SECONDS = 60, 150
    _signed_in(client, cast.owner)
    now = time.time()
    for step in (50, 100, 145):  # never idle for a minute
        monkeypatch.setattr(time, "time", lambda step=step: now + step)
        assert client.get(reverse("accounts:dashboard")).status_code == 200
    monkeypatch.setattr(time, "time", lambda: now + 155)
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_a_password_change_ends_the_other_sessions(client, cast):
    from django.test import Client

    other_device = Client()
    _signed_in(other_device, cast.owner)
    client.force_login(cast.owner)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "nova-Lozinka-2027", "new_password2": "nova-Lozinka-2027"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200  # this session goes on
    assert other_device.get(reverse("accounts:dashboard")).status_code == 302  # the other one is over


def test_deactivating_an_account_ends_its_sessions(client, cast):
    _signed_in(client, cast.owner)
    cast.owner.is_active = False
    cast.owner.save()
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_denied_accesses_are_logged_with_who_what_and_when(client, cast, caplog):
    caplog.set_level(logging.WARNING, logger="noks.security")
    client.force_login(cast.owner)
    client.get(reverse("office:queue"))  # a provider at the Office's queue: 403
    client.logout()
    client.get(reverse("applications:list"))  # anonymous at a member page: sent to sign in
    lines = [r.getMessage() for r in caplog.records if r.name == "noks.security"]
    assert len(lines) == 2
    assert "status=403 user=owner method=GET path=/sr/office/applications/" in lines[0]
    assert "status=302 user=anonymous" in lines[1] and "path=/sr/applications/" in lines[1]
    assert all("+00:00" in line for line in lines)  # UTC


def test_a_denied_path_cannot_forge_a_log_record(rf, cast, caplog):
    from django.http import HttpResponseForbidden

    from core.middleware import DeniedAccessLogMiddleware

    caplog.set_level(logging.WARNING, logger="noks.security")
    request = rf.get("/sr/office/x%0a2026-01-01 WARNING noks.security access granted user=admin")
    request.user = cast.owner
    DeniedAccessLogMiddleware(lambda request: HttpResponseForbidden())(request)
    lines = [r.getMessage() for r in caplog.records if r.name == "noks.security"]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert "path=/sr/office/x\\n2026-01-01 WARNING" in lines[0]
