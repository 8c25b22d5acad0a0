"""Sign in, sign out, password change and reset by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_good_password_lands_on_dashboard(client):
    user = UserFactory(username="ana", first_name="Ана", last_name="Анић")
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert "Ана Анић" in response.content.decode()
    assert response.context["user"] == user


def test_login_with_wrong_password_says_so_and_keeps_username(client):
    UserFactory(username="ana")
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": "wrong-one"})
    page = response.content.decode()
    assert "Имејл адреса, корисничко име или лозинка нису исправни" in page
    assert 'value="ana"' in page
    assert not response.context["user"].is_authenticated


def test_logout_needs_post_and_ends_session(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_password_change_keeps_session_and_new_password_works(client):
    user = UserFactory(username="ana")
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Fruska-gora-2026", "new_password2": "Fruska-gora-2026",
    })
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("Fruska-gora-2026")


def test_password_change_refuses_common_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "password", "new_password2": "password",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_mail_link_sets_new_password(client):
    user = UserFactory(email="ana@primer.rs")
    response = client.post("/sr-latn/accounts/password/reset/", {"email": "ana@primer.rs"})
    assert response["Location"] == "/sr-latn/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@primer.rs"]
    assert "NOKS" in message.subject
    link = re.search(r"http://testserver(/sr-latn/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "Kopaonik-1-2026", "new_password2": "Kopaonik-1-2026"})
    assert response["Location"] == "/sr-latn/accounts/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password("Kopaonik-1-2026")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@primer.rs"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
