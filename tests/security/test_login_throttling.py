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
    """One nginx in front (`proxy_add_x_forwarded_for`): it appends the address it saw, so the header is `client`
    or, when the client sent its own header, `whatever-the-client-wrote, client`."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for _ in range(6):
        _login(client, "owner", "wrong-password", proxy, HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert _login(client, "owner", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.20").status_code == 429
    # a made-up address in front of the proxy's entry changes nothing: still locked
    spoofed = _login(client, "owner", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.20")
    assert spoofed.status_code == 429
    home = _login(client, "owner", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert home.status_code == 302  # same proxy, another client: not locked


@pytest.mark.parametrize("count, header, remote, expected", [
    (0, "6.6.6.6", "203.0.113.5", "203.0.113.5"),            # no proxy trusted: the header is the client's own
    (1, "203.0.113.20", "10.0.0.1", "203.0.113.20"),         # one proxy: its entry
    (1, "6.6.6.6, 203.0.113.20", "10.0.0.1", "203.0.113.20"),  # the client's own entry is ignored
    (2, "6.6.6.6, 203.0.113.20, 10.0.0.2", "10.0.0.1", "203.0.113.20"),  # two proxies: the outer one's entry
    (2, "203.0.113.20", "10.0.0.1", "10.0.0.1"),             # fewer entries than proxies: not through them
    (1, "", "10.0.0.1", "10.0.0.1"),
    (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
    (1, "2001:db8::1", "10.0.0.1", "2001:db8::1"),
])
def test_the_client_address_rule(rf, settings, count, header, remote, expected):
    from core.clientip import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
