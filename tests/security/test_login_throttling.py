"""Login throttling (django-axes): five failures lock one username from one address; the same user signs in from
another address, so an attacker cannot lock anyone out; behind the proxy the real client address counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip, **headers):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip, **headers)


def test_five_failures_lock_the_username_from_that_address_only(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        response = _login(client, "owner", "wrong-password", "203.0.113.9")
        assert response.status_code in (200, 429)
    locked = _login(client, "owner", PASSWORD, "203.0.113.9")  # even the right password now
    assert locked.status_code == 429
    assert "Пријава је привремено заустављена" in locked.content.decode()  # the translated lock-out page
    elsewhere = _login(client, "owner", PASSWORD, "198.51.100.7")  # the real user, from home
    assert elsewhere.status_code == 302 and elsewhere["Location"].endswith(reverse("accounts:dashboard"))


def test_four_failures_then_success_resets_the_count(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        _login(client, "owner", "wrong-password", "203.0.113.10")
    assert _login(client, "owner", PASSWORD, "203.0.113.10").status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "owner", "wrong-password", "203.0.113.10")
    assert _login(client, "owner", PASSWORD, "203.0.113.10").status_code == 302  # counted from zero again


def test_other_users_are_not_locked_by_an_attack_on_one(client, cast):
    for _ in range(6):
        _login(client, "owner", "wrong-password", "203.0.113.11")
    assert _login(client, "colleague", PASSWORD, "203.0.113.11").status_code == 302


def test_behind_the_proxy_the_client_address_counts_not_the_proxys(client, cast, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    proxy = "10.0.0.1"
    for _ in range(6):
        _login(client, "owner", "wrong-password", proxy, HTTP_X_FORWARDED_FOR="203.0.113.20, 10.0.0.1")
    assert _login(client, "owner", PASSWORD, proxy,
                  HTTP_X_FORWARDED_FOR="203.0.113.20, 10.0.0.1").status_code == 429
    home = _login(client, "owner", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.8, 10.0.0.1")
    assert home.status_code == 302  # same proxy, another client: not locked
