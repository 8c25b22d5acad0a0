"""Issue 14: a self-registered account confirms its e-mail address (a signed link, valid 3 days, used once) before
it can change anything; accounts made any other way count as confirmed."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse

from accounts import services
from applications.enums import ApplicationState
from core.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.providers.test_registration import _form

pytestmark = pytest.mark.django_db

DAY = 24 * 3600
REFUSED = "Најпре потврдите имејл адресу"


def registered(client, capture, path: str = "/sr/register/"):
    """A provider registers through the page; returns the new account and the link from its message."""
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(path, _form())
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(re.escape(django_settings.SITE_URL) + r"(/\S+/accounts/email/confirm/\S+/)",
                     mail.outbox[0].body).group(1)
    return get_user_model().objects.get(email="ljiljana@primer.rs"), link


def confirmations(user) -> int:
    return AuditEvent.objects.filter(action="user.email_confirmed", object_id=str(user.pk)).count()


@pytest.fixture
def unconfirmed(cast):
    """The cast's owner, as if self-registered and not yet confirmed."""
    get_user_model().objects.filter(pk=cast.owner.pk).update(email_confirmed=False)
    cast.owner.refresh_from_db()
    return cast.owner


# --- the link ----------------------------------------------------------------------------------------------------


def test_the_link_in_the_message_confirms_the_address(client, django_capture_on_commit_callbacks):
    user, link = registered(client, django_capture_on_commit_callbacks)
    assert user.email_confirmed is False
    message = mail.outbox[0]
    assert (message.to, message.subject) == (["ljiljana@primer.rs"], "Потврдите имејл адресу за портал НОКС")
    assert "Поштовани/а Љиљана Његошевић" in message.body and "3 дана" in message.body
    page = client.get(link)
    assert "Потврдите да је ljiljana@primer.rs ваша имејл адреса." in page.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed is False  # opening the link (a mail scanner may) confirms nothing
    done = client.post(link)
    assert "Ваша имејл адреса је потврђена." in done.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed is True
    event = AuditEvent.objects.get(action="user.email_confirmed")
    assert (event.actor, event.object_id, event.data) == (user, str(user.pk), {"via": "link"})


def test_the_message_speaks_the_language_of_the_registration(client, django_capture_on_commit_callbacks):
    user, link = registered(client, django_capture_on_commit_callbacks, path="/en/register/")
    assert mail.outbox[0].subject == "Confirm your e-mail address for the NOKS portal"
    assert link.startswith("/en/")
    assert user.preferred_language == "en"


def test_signed_in_the_link_leads_to_the_dashboard(client, django_capture_on_commit_callbacks):
    user, link = registered(client, django_capture_on_commit_callbacks)
    client.post(reverse("accounts:login"), {"username": "LJILJANA@primer.rs", "password": "planina-Rtanj-1565"})
    assert client.get(reverse("accounts:dashboard")).context["user"] == user
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "Ваша имејл адреса је потврђена. Добро дошли" in response.content.decode()


@pytest.mark.parametrize("age, valid", [(3 * DAY - 1, True), (3 * DAY, True), (3 * DAY + 1, False)])
def test_the_link_is_valid_three_days(client, unconfirmed, monkeypatch, age, valid):
    now = float(int(time.time()))  # the token's timestamp is in whole seconds
    monkeypatch.setattr(time, "time", lambda: now)
    link = reverse("accounts:email_confirm", kwargs={"token": services.email_confirmation_token(unconfirmed)})
    monkeypatch.setattr(time, "time", lambda: now + age)
    page = client.post(link).content.decode()
    unconfirmed.refresh_from_db()
    assert unconfirmed.email_confirmed is valid
    assert ("Овај линк је истекао: линкови важе 3 дана." in page) is not valid


def test_the_link_works_once(client, unconfirmed):
    link = reverse("accounts:email_confirm", kwargs={"token": services.email_confirmation_token(unconfirmed)})
    other_link = reverse("accounts:email_confirm", kwargs={"token": services.email_confirmation_token(unconfirmed)})
    client.post(link)
    for again in (link, other_link):
        page = client.post(again).content.decode()
        assert "Овај линк не важи: већ је искоришћен" in page
        assert "Овај линк не важи: већ је искоришћен" in client.get(again).content.decode()
    assert confirmations(unconfirmed) == 1


def test_a_forged_or_stale_link_confirms_nothing(client, unconfirmed, cast):
    token = services.email_confirmation_token(unconfirmed)
    other = UserFactory(email_confirmed=False)
    payload, rest = token.split(":", 1)
    forged = [
        # another account's id in the signed part: the signature no longer matches
        signing.b64_encode(signing.b64_decode(payload.encode()).replace(
            str(unconfirmed.pk).encode(), str(other.pk).encode())).decode() + ":" + rest,
        # signed, but not by the portal's key
        signing.dumps({"u": unconfirmed.pk, "a": services._address_digest(unconfirmed.email)},
                      salt=services.EMAIL_CONFIRMATION_SALT, key="not-the-portal-key"),
        # signed by the portal for something else (another salt)
        signing.dumps({"u": unconfirmed.pk, "a": services._address_digest(unconfirmed.email)}, salt="other.purpose"),
        token[:-2], "made-up", "%00",
    ]
    for bad in forged:
        response = client.post(reverse("accounts:email_confirm", kwargs={"token": bad}))
        assert response.status_code == 200
        assert "Овај линк не важи" in response.content.decode(), bad
    # a link sent before the address changed does not confirm the new one
    get_user_model().objects.filter(pk=unconfirmed.pk).update(email="nova@primer.rs")
    client.post(reverse("accounts:email_confirm", kwargs={"token": token}))
    for user in (unconfirmed, other):
        user.refresh_from_db()
        assert user.email_confirmed is False
    assert AuditEvent.objects.filter(action="user.email_confirmed").count() == 0


# --- until confirmed ---------------------------------------------------------------------------------------------


def test_unconfirmed_cannot_submit_an_application_until_it_confirms(client, unconfirmed, cast):
    from applications import services as application_services
    from tests.applications.conftest import complete_records

    _staff, _rooms, program = complete_records(cast.organization)
    application = application_services.application_create(cast.organization, actor=cast.colleague)
    application_services.application_set_scope(application, activities=[program.activity], programs=[program],
                                               actor=cast.colleague)
    client.force_login(unconfirmed)
    check = reverse("applications:check", kwargs={"pk": application.pk})
    assert client.get(check).status_code == 200  # reading is allowed
    refused = client.post(check, {"confirm": "on"})
    page = refused.content.decode()
    assert refused.status_code == 403
    assert REFUSED in page and "Ништа није сачувано" in page and unconfirmed.email in page
    assert reverse("accounts:email_confirmation_resend") in page
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT

    services.email_confirm(services.email_confirmation_token(unconfirmed))
    submitted = client.post(check, {"confirm": "on"})
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_unconfirmed_cannot_change_the_records(client, unconfirmed, cast):
    client.force_login(unconfirmed)
    org = cast.organization
    response = client.post(reverse("providers:organization_edit"), {
        "kind": org.kind, "name_sr": "Промењено", "pib": org.pib, "mb": org.mb, "address_sr": "Његошева 7",
        "municipality": org.municipality_id})
    assert response.status_code == 403 and REFUSED in response.content.decode()
    response = client.post(reverse("providers:room_create"), {"name_sr": "Учионица"})
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name_sr != "Промењено" and not org.rooms.exists()


def test_unconfirmed_sees_the_reminder_and_may_sign_out_and_change_its_password(client, unconfirmed):
    client.force_login(unconfirmed)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f"Потврдите имејл адресу: отворите линк који смо послали на {unconfirmed.email}" in page
    new = "Fruska-gora-2026"
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("accounts:password_change_done")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_a_confirmed_account_sees_no_reminder(client, cast):
    client.force_login(cast.owner)
    assert "Потврдите имејл адресу" not in client.get(reverse("accounts:dashboard")).content.decode()


def test_unconfirmed_asks_for_a_new_link_once_a_minute(client, unconfirmed, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(unconfirmed)
    resend = reverse("accounts:email_confirmation_resend")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend, {"next": reverse("providers:organization")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("providers:organization")
    assert f"Нови линк је послат на адресу {unconfirmed.email}" in response.content.decode()
    assert [message.to for message in mail.outbox] == [[unconfirmed.email]]
    link = re.search(r"(/sr/accounts/email/confirm/\S+/)", mail.outbox[0].body).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(resend, follow=True)
    assert "пре мање од једног минута" in again.content.decode()
    assert len(mail.outbox) == 1
    get_user_model().objects.filter(pk=unconfirmed.pk).update(
        email_confirmation_sent_at=timezone.now() - timedelta(seconds=61))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend)
    assert len(mail.outbox) == 2

    client.post(link)
    unconfirmed.refresh_from_db()
    assert unconfirmed.email_confirmed
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(resend, follow=True)
    assert "Ваша имејл адреса је већ потврђена." in done.content.decode()
    assert len(mail.outbox) == 2


def test_a_password_set_through_the_reset_link_confirms_the_address(client, unconfirmed):
    client.post(reverse("accounts:password_reset"), {"email": unconfirmed.email})
    link = re.search(r"http://testserver(/sr/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Kopaonik-1-2026", "new_password2": "Kopaonik-1-2026"})
    unconfirmed.refresh_from_db()
    assert unconfirmed.email_confirmed
    assert AuditEvent.objects.get(action="user.email_confirmed").data == {"via": "password_reset"}


# --- accounts made any other way count as confirmed ----------------------------------------------------------------


def test_accounts_made_otherwise_are_confirmed(client, monkeypatch, settings):
    from noks_portal.management.commands.seed_demo import Command

    User = get_user_model()
    assert UserFactory().email_confirmed
    assert User.objects.create_user("rucno", "rucno@primer.rs", PASSWORD).email_confirmed
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", username="glavni", email="glavni@primer.rs", verbosity=0)
    assert User.objects.get(username="glavni").email_confirmed
    client.force_login(User.objects.get(username="glavni"))
    client.post("/sr/admin/accounts/user/add/", {"username": "kancelarija", "password1": "Kopaonik-1-2026",
                                                  "password2": "Kopaonik-1-2026", "usable_password": "true",
                                                  "email": "kancelarija@primer.rs", "is_office_reviewer": "on"})
    assert User.objects.get(username="kancelarija").email_confirmed
    users = Command()._users()  # the demo data's accounts
    assert users and all(user.email_confirmed for user in users.values())


def test_the_migration_counts_existing_accounts_as_confirmed(tmp_path):
    """An account made before the migration (on a fresh SQLite database) is confirmed after it."""
    import sqlite3

    from tests.noks_portal.test_migrations import _manage

    database = tmp_path / "before.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "VAR_DIR": str(tmp_path)}
    for args in (("migrate", "--noinput"), ("migrate", "accounts", "0001", "--noinput")):
        result = _manage(*args, **env)
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, "
            "is_active, date_joined, is_office_reviewer, is_office_decider, preferred_language) "
            "VALUES ('!', 0, 'stari', '', '', 'stari@primer.rs', 0, 1, '2026-01-01 00:00:00', 0, 0, 'sr')")
    result = _manage("migrate", "accounts", "--noinput", **env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        row = connection.execute("SELECT email_confirmed FROM accounts_user WHERE username = 'stari'").fetchone()
    assert row == (1,)


def test_factories_and_the_cast_are_confirmed(cast):
    assert all(user.email_confirmed for user in (cast.owner, cast.colleague, cast.reviewer, cast.admin))
    assert MembershipFactory().user.email_confirmed


# --- signing in with the address --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ana", "ana@primer.rs", "ANA@Primer.rs", " ana@primer.rs "])
def test_sign_in_with_the_address_in_any_case_or_the_username(client, name):
    user = UserFactory(username="ana", email="ana@primer.rs")
    client.post(reverse("accounts:login"), {"username": name, "password": PASSWORD})
    assert client.get(reverse("accounts:dashboard")).context["user"] == user


def test_the_login_throttle_counts_one_account_however_its_address_is_written(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="ana", email="ana@primer.rs")
    for name in ("ana@primer.rs", "ANA@primer.rs", "Ana@Primer.RS"):
        client.post(reverse("accounts:login"), {"username": name, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    locked = client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD},
                         REMOTE_ADDR="203.0.113.9")
    assert locked.status_code == 429


def test_an_unknown_address_costs_a_password_hash_too(monkeypatch):
    from django.contrib.auth import authenticate
    from django.contrib.auth.hashers import MD5PasswordHasher

    hashed = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode",
                        lambda self, password, salt: hashed.append(password) or original(self, password, salt))
    from django.test import RequestFactory

    request = RequestFactory().post("/sr/accounts/login/")
    assert authenticate(request, username="nobody@primer.rs", password="guess-1") is None
    assert hashed == ["guess-1"]
