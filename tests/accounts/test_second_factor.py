"""Issue 9: TOTP two-factor authentication is required for the Office and administrators.

These tests sign in through the pages (password, then code), never with force_login, which stands for a finished
sign-in."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import SecondFactorFailure
from core.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/sr/accounts/me/"
STEP = "/sr/accounts/two-factor/"
SETUP = "/sr/accounts/two-factor/set-up/"


def password_step(client, user, next_url: str = ""):
    data = {"username": user.username, "password": PASSWORD}
    url = reverse("accounts:login") + (f"?next={quote(next_url)}" if next_url else "")
    return client.post(url, data)


def enrolled(user, key: str = services.DEMO_TOTP_KEY) -> TOTPDevice:
    device = services.demo_enrol(user)
    device.key = key
    device.save()
    return device


def actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
                .order_by("pk").values_list("action", flat=True))


@pytest.fixture
def reviewer():
    return UserFactory(username="milica", is_office_reviewer=True)


# --- who needs it ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flags, needed", [
    ({"is_office_reviewer": True}, True),
    ({"is_office_decider": True}, True),
    ({"is_superuser": True, "is_staff": True}, True),
    ({"is_staff": True}, True),
    ({}, False),
    ({"is_office_reviewer": True, "is_active": False}, False),
])
def test_who_needs_a_second_factor(flags, needed):
    assert services.needs_second_factor(UserFactory(**flags)) is needed


def test_a_provider_signs_in_with_the_password_alone(client):
    owner = MembershipFactory().user
    response = password_step(client, owner)
    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    assert not TOTPDevice.objects.filter(user=owner).exists()


# --- signing in with the code ----------------------------------------------------------------------------------


def test_the_password_alone_does_not_open_any_office_page(client, reviewer):
    enrolled(reviewer)
    response = password_step(client, reviewer, next_url="/sr/office/applications/")
    assert response["Location"] == f"{STEP}?next=%2Fsr%2Foffice%2Fapplications%2F"
    for url in ("/sr/office/applications/", DASHBOARD, "/sr/admin/", "/sr/accounts/two-factor/recovery-codes/"):
        refused = client.get(url)
        assert refused.status_code == 302 and refused["Location"].startswith(STEP), url
    # not even by setting up a new authenticator with the password alone
    assert client.get(SETUP)["Location"].startswith(STEP)
    page = client.get(STEP).content.decode()
    assert "Двофакторска аутентификација" in page
    assert 'autocomplete="one-time-code"' in page


def test_the_right_code_finishes_signing_in_and_goes_where_asked(client, reviewer):
    device = enrolled(reviewer)
    password_step(client, reviewer, next_url="/sr/office/applications/")
    response = client.post(STEP, {"code": services.next_code(device), "next": "/sr/office/applications/"})
    assert response["Location"] == "/sr/office/applications/"
    assert client.get("/sr/office/applications/").status_code == 200
    assert client.get(DASHBOARD).status_code == 200


def test_a_wrong_code_is_refused_in_serbian_and_the_typed_code_stays(client, reviewer):
    enrolled(reviewer)
    password_step(client, reviewer)
    response = client.post(STEP, {"code": "000000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Код није исправан или је истекао" in page
    assert 'value="000000"' in page
    assert client.get(DASHBOARD)["Location"].startswith(STEP)


def test_a_code_works_once(reviewer):
    device = enrolled(reviewer)
    code = services.next_code(device)
    first, second = Client(), Client()
    password_step(first, reviewer)
    password_step(second, reviewer)
    assert first.post(STEP, {"code": code})["Location"] == DASHBOARD
    refused = second.post(STEP, {"code": code})
    assert refused.status_code == 200 and "Код није исправан" in refused.content.decode()


def test_wrong_codes_double_the_wait(client, reviewer, monkeypatch):
    monkeypatch.setattr(services, "THROTTLE_FACTOR", 60)  # waits of 60, 120 ... s: no test outlasts one
    device = enrolled(reviewer)
    password_step(client, reviewer)
    client.post(STEP, {"code": "000000"})
    client.post(STEP, {"code": "000001"})  # too soon: not even tried
    assert SecondFactorFailure.objects.filter(user=reviewer).count() == 1
    right = services.next_code(device)
    throttled = client.post(STEP, {"code": right})
    assert "Превише погрешних кодова" in throttled.content.decode()
    # the wait after one failure later, the right code works
    SecondFactorFailure.objects.filter(user=reviewer).update(at=timezone.now() - dt.timedelta(seconds=60))
    assert client.post(STEP, {"code": right})["Location"] == DASHBOARD


def test_the_next_address_must_be_on_this_site(client, reviewer):
    device = enrolled(reviewer)
    password_step(client, reviewer)
    response = client.post(STEP, {"code": services.next_code(device), "next": "https://evil.example/"})
    assert response["Location"] == DASHBOARD


def test_a_recovery_code_works_once_and_is_audited(client, reviewer):
    enrolled(reviewer)
    code = StaticToken.objects.filter(device__user=reviewer).first().token
    password_step(client, reviewer)
    assert client.post(STEP, {"code": code.upper()})["Location"] == DASHBOARD
    assert actions(reviewer)[-1] == "account.recovery_code_used"
    assert services.recovery_codes_left(reviewer) == services.RECOVERY_CODE_COUNT - 1
    again = Client()
    password_step(again, reviewer)
    assert again.post(STEP, {"code": code}).status_code == 200
    assert again.get(DASHBOARD)["Location"].startswith(STEP)


def test_the_demo_shows_its_code_only_with_debug_on(client, reviewer, settings, monkeypatch):
    import types

    # one 30-second step for the whole test: the page and the test must compute the code in the same step
    monkeypatch.setattr(services, "time", types.SimpleNamespace(time=lambda: 1_800_000_000.0))
    device = enrolled(reviewer)
    password_step(client, reviewer)
    settings.DEBUG = False
    assert services.next_code(device) not in client.get(STEP).content.decode()
    settings.DEBUG = True
    assert f"<strong>{services.next_code(device)}</strong>" in client.get(STEP).content.decode()
    enrolled(reviewer, key="00" * 20)  # any other key: a real account
    assert "<strong>" not in client.get(STEP).content.decode()


# --- setting it up ---------------------------------------------------------------------------------------------


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes_once(client, reviewer):
    response = password_step(client, reviewer)
    assert response["Location"] == f"{SETUP}?next=%2Fsr%2Faccounts%2Fme%2F"
    page = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    assert "<svg" in page
    key = re.search(r'id="totp-key" translate="no">([^<]+)<', page).group(1)
    assert re.sub(r"\s", "", key) == services.key_base32(device)
    assert client.get(SETUP).content.decode().count(services.key_base32(device)[:4]) >= 1
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1  # a reload keeps the same key

    wrong = client.post(SETUP, {"code": "12345"})
    assert "Унесите 6 цифара" in wrong.content.decode()
    wrong = client.post(SETUP, {"code": "000000"})
    assert "Код није исправан" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    SecondFactorFailure.objects.filter(user=reviewer).update(at=timezone.now() - dt.timedelta(minutes=1))
    done = client.post(SETUP, {"code": services.next_code(device), "next": DASHBOARD})
    assert done["Location"] == "/sr/accounts/two-factor/recovery-codes/?next=%2Fsr%2Faccounts%2Fme%2F"
    codes_page = client.get(done["Location"]).content.decode()
    codes = StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True)
    assert len(codes) == 10 and all(f"<code translate=\"no\">{code}</code>" in codes_page for code in codes)
    shown_again = client.get(done["Location"]).content.decode()
    assert not any(code in shown_again for code in codes)
    assert "10 кодова за опоравак" in shown_again
    assert client.get(DASHBOARD).status_code == 200
    assert actions(reviewer) == ["account.second_factor_enrolled"]


def test_new_recovery_codes_replace_the_old(client, reviewer):
    device = enrolled(reviewer)
    old = set(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    password_step(client, reviewer)
    client.post(STEP, {"code": services.next_code(device)})
    client.post("/sr/accounts/two-factor/recovery-codes/")
    new = set(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    assert len(new) == 10 and not old & new
    assert actions(reviewer)[-1] == "account.recovery_codes_renewed"


def test_a_verified_user_moves_to_a_new_phone(client, reviewer):
    old = enrolled(reviewer)
    password_step(client, reviewer)
    client.post(STEP, {"code": services.next_code(old)})
    assert "замењује" in client.get(SETUP).content.decode()
    new = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    client.post(SETUP, {"code": services.next_code(new)})
    assert list(TOTPDevice.objects.filter(user=reviewer).values_list("pk", "confirmed")) == [(new.pk, True)]


# --- an administrator resets it --------------------------------------------------------------------------------


def test_an_administrator_resets_a_lost_phone(client, reviewer):
    enrolled(reviewer)
    admin = UserFactory(username="ana", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post("/sr/admin/accounts/user/", {
        "action": "reset_second_factor", "_selected_action": [reviewer.pk]}, follow=True)
    assert "Двофакторска аутентификација је поништена за 1 корисника" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert services.recovery_codes_left(reviewer) == 0
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert event.actor == admin and event.object_id == str(reviewer.pk)
    fresh = Client()
    assert password_step(fresh, reviewer)["Location"].startswith(SETUP)


def test_the_cast_office_users_exist_with_the_second_factor_for_force_login(client, cast):
    client.force_login(cast.decider)
    assert client.get(DASHBOARD).status_code == 200
    assert get_user_model().objects.get(pk=cast.decider.pk).totpdevice_set.filter(confirmed=True).exists()


def test_hostile_codes_never_cause_a_server_error_nor_a_sign_in(client, reviewer):
    from hypothesis import HealthCheck, given, settings, strategies as st

    from tests.security.test_hostile_forms import values

    enrolled(reviewer)
    password_step(client, reviewer)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(values, st.sampled_from([STEP, SETUP]))
    def post(code, url):
        response = client.post(url, {"code": code})
        assert response.status_code < 500, code
        assert client.get(DASHBOARD)["Location"].startswith(STEP)

    post()
