"""Issue 14: wrong second-factor codes slow down the client that sends them, never the owner.

django-otp's throttle is per device: anyone with the password could keep the owner out by sending wrong codes. The
throttle (accounts.services.second_factor_throttle) counts wrong codes per session, per client network and, past a
high limit, per account. The attacker and the owner are two clients from two addresses; each test signs in through
the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts import services
from accounts.models import SecondFactorFailure
from tests.accounts.test_second_factor import DASHBOARD, STEP, enrolled, password_step
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.5"
OWNER = "198.51.100.7"
THROTTLED = "Превише погрешних кодова"


@pytest.fixture
def reviewer():
    return UserFactory(username="milica", is_office_reviewer=True)


@pytest.fixture
def slow(monkeypatch):
    """Waits of 60, 120 ... s: long enough that no test run outlasts one by accident."""
    monkeypatch.setattr(services, "THROTTLE_FACTOR", 60)


def signed_in_with_password(user, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    password_step(client, user)
    return client


def age(user, seconds: float, **which) -> None:
    """Move the user's wrong codes (or some of them) ``seconds`` into the past."""
    SecondFactorFailure.objects.filter(user=user, **which).update(at=timezone.now() - dt.timedelta(seconds=seconds))


def failures(user, count: int, *, network: str, seconds_ago: float, session: str = "") -> None:
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    SecondFactorFailure.objects.bulk_create([
        SecondFactorFailure(user=user, at=at, network=network, session=session or f"earlier-session-{index}")
        for index in range(count)])


def test_the_attacker_is_throttled_and_the_owner_signs_in_at_once(reviewer, slow):
    device = enrolled(reviewer)
    attacker = signed_in_with_password(reviewer, ATTACKER)
    assert "Код није исправан" in attacker.post(STEP, {"code": "000000"}).content.decode()
    for guess in ("000001", "abcd-efgh"):  # app codes and recovery codes share the throttle
        assert THROTTLED in attacker.post(STEP, {"code": guess}).content.decode()
    assert SecondFactorFailure.objects.filter(user=reviewer).count() == 1  # the throttled ones were not even tried

    owner = signed_in_with_password(reviewer, OWNER)
    assert owner.post(STEP, {"code": services.next_code(device)})["Location"] == DASHBOARD
    assert owner.get(DASHBOARD).status_code == 200

    # the attacker stays throttled, even with a right code
    refused = attacker.post(STEP, {"code": services.next_code(device)})
    assert THROTTLED in refused.content.decode()
    assert attacker.get(DASHBOARD)["Location"].startswith(STEP)


@pytest.mark.parametrize("wrong, wait", [(1, 60), (2, 120)])
def test_a_session_waits_after_each_wrong_code_twice_as_long(reviewer, slow, wrong, wait):
    device = enrolled(reviewer)
    client = signed_in_with_password(reviewer, ATTACKER)
    for _ in range(wrong):
        age(reviewer, 3600)  # the wait after the previous one is over
        assert "Код није исправан" in client.post(STEP, {"code": "000000"}).content.decode()
    age(reviewer, wait - 1)
    assert THROTTLED in client.post(STEP, {"code": services.next_code(device)}).content.decode()
    age(reviewer, wait)
    assert client.post(STEP, {"code": services.next_code(device)})["Location"] == DASHBOARD


def test_signing_in_again_does_not_reset_the_count_of_the_network(reviewer, slow):
    device = enrolled(reviewer)
    for _ in range(services.NETWORK_FREE + 1):  # each from a fresh session: free for the first NETWORK_FREE
        response = signed_in_with_password(reviewer, ATTACKER).post(STEP, {"code": "000000"})
        assert "Код није исправан" in response.content.decode()
    # past the network's allowance: a fresh session from that network waits, even with the right code
    fresh = signed_in_with_password(reviewer, ATTACKER)
    assert THROTTLED in fresh.post(STEP, {"code": services.next_code(device)}).content.decode()
    # another network does not
    owner = signed_in_with_password(reviewer, OWNER)
    assert owner.post(STEP, {"code": services.next_code(device)})["Location"] == DASHBOARD


@pytest.mark.parametrize("earlier, allowed", [(services.NETWORK_FREE, True), (services.NETWORK_FREE + 1, False)])
def test_the_network_allowance_both_sides(reviewer, slow, earlier, allowed):
    device = enrolled(reviewer)
    failures(reviewer, earlier, network=ATTACKER, seconds_ago=30)
    response = signed_in_with_password(reviewer, ATTACKER).post(STEP, {"code": services.next_code(device)})
    if allowed:
        assert response["Location"] == DASHBOARD
    else:
        assert THROTTLED in response.content.decode()


@pytest.mark.parametrize("earlier, allowed", [(services.ACCOUNT_LIMIT - 1, True), (services.ACCOUNT_LIMIT, False)])
def test_past_the_account_limit_only_a_client_without_mistakes_tries(reviewer, earlier, allowed):
    """Wrong codes from many networks (hours ago: each network's own wait is over). Up to the limit anyone tries;
    at the limit a client with one mistake of its own waits for the window, and a clean one still signs in."""
    device = enrolled(reviewer)
    for index in range(earlier - 1):
        failures(reviewer, 1, network=f"192.0.2.{index + 1}", seconds_ago=7200, session=f"s{index}")
    failures(reviewer, 1, network=ATTACKER, seconds_ago=7200, session="attacker-earlier")
    attacker = signed_in_with_password(reviewer, ATTACKER)
    response = attacker.post(STEP, {"code": services.next_code(device)})
    if allowed:
        assert response["Location"] == DASHBOARD
        return
    page = response.content.decode()
    assert THROTTLED in page
    assert 22 * 3600 - 60 < int(page.split("Сачекајте ")[1].split(" ")[0]) <= 22 * 3600 + 1
    owner = signed_in_with_password(reviewer, OWNER)
    assert owner.post(STEP, {"code": services.next_code(device)})["Location"] == DASHBOARD


def test_wrong_codes_older_than_the_window_are_forgotten(reviewer, slow):
    device = enrolled(reviewer)
    failures(reviewer, services.NETWORK_FREE + 5, network=ATTACKER, seconds_ago=30)
    age(reviewer, services.THROTTLE_WINDOW.total_seconds() + 1)
    response = signed_in_with_password(reviewer, ATTACKER).post(STEP, {"code": services.next_code(device)})
    assert response["Location"] == DASHBOARD


@pytest.mark.parametrize("address, network", [
    ("203.0.113.5", "203.0.113.5"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:9", "2001:db8:1:2::/64"),  # one subscriber's /64: one network
    ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
    ("::ffff:203.0.113.5", "203.0.113.5"),
])
def test_the_client_network(address, network):
    assert services._client_network(RequestFactory().get("/", REMOTE_ADDR=address)) == network
