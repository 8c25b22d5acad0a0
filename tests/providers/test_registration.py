"""Self-registration of a provider user with an organization, and invitations of colleagues."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from providers import services
from providers.enums import InvitationState, MembershipRole, OrganizationKind
from providers.models import Invitation, Membership, Municipality, Organization

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    municipality = Municipality.objects.get(name_sr="Љубовија")
    data = {
        "account-first_name": "Љиљана", "account-last_name": "Његошевић", "account-email": "ljiljana@primer.rs",
        "account-password1": "planina-Rtanj-1565", "account-password2":
        "planina-Rtanj-1565", "org-kind": OrganizationKind.JPOA, "org-name_sr": "Центар ЉУБОВИЈА",
        "org-name_en": "", "org-pib": "101134702", "org-mb": "17123456", "org-address_sr": "Џорџа Вашингтона 5",
        "org-municipality": str(municipality.pk), "org-email": "", "org-phone": "", "org-website": "",
    }
    data.update(overrides)
    return data


def test_register_creates_owner_and_organization_with_latin_name(client):
    response = client.post(reverse("providers:register"), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("providers:register_sent")
    org = Organization.objects.get()
    assert (org.name_sr, org.name_sr_latn, org.address_sr_latn) == ("Центар ЉУБОВИЈА", "Centar LJUBOVIJA",
                                                                    "Džordža Vašingtona 5")
    membership = Membership.objects.get()
    assert (membership.user.email, membership.user.username, membership.role) == (
        "ljiljana@primer.rs", "ljiljana@primer.rs", MembershipRole.OWNER)
    assert membership.user.email_confirmed is False
    assert AuditEvent.objects.filter(action="organization.registered", object_id=str(org.pk)).count() == 1
    # not signed in by registering: the answer must not differ from that for an address with an account
    assert client.get(reverse("providers:organization"))["Location"].startswith(reverse("accounts:login"))
    client.post(reverse("accounts:login"), {"username": "ljiljana@primer.rs", "password": "planina-Rtanj-1565"})
    page = client.get(reverse("providers:organization")).content.decode()
    assert "Центар ЉУБОВИЈА" in page


def test_register_latin_page_shows_no_cyrillic_name(client):
    client.post(reverse("providers:register"), _form())
    client.force_login(Membership.objects.get().user)
    page = client.get("/sr-latn/organization/").content.decode()
    assert "Centar LJUBOVIJA" in page
    assert "Центар ЉУБОВИЈА" not in page


def test_register_bad_pib_is_refused_and_keeps_what_was_typed(client):
    response = client.post(reverse("providers:register"), _form(**{"org-pib": "101134703"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "контролна цифра" in page  # the translated PIB error, in Serbian Cyrillic
    assert 'value="101134703"' in page
    assert 'value="Центар ЉУБОВИЈА"' in page
    assert 'value="ljiljana@primer.rs"' in page
    assert Organization.objects.count() == 0
    assert Membership.objects.count() == 0


def test_register_bad_pib_error_in_english(client):
    response = client.post("/en/register/", _form(**{"org-pib": "101134703"}))
    assert "check digit is wrong" in response.content.decode()


def test_register_mismatched_passwords_creates_nothing(client):
    response = client.post(reverse("providers:register"), _form(**{"account-password2": "something-else-1"}))
    assert response.status_code == 200
    assert Organization.objects.count() == 0
    assert response.context["account_form"].errors["password2"]


def test_register_duplicate_pib_is_refused(client, cast):
    response = client.post(reverse("providers:register"), _form(**{"org-pib": cast.organization.pib}))
    assert response.status_code == 200
    assert response.context["organization_form"].errors["pib"]
    assert Organization.objects.count() == 3


def test_invitation_sends_mail_and_new_colleague_joins(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("providers:members"), {"email": "novi@primer.rs"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="novi@primer.rs")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["novi@primer.rs"]
    assert invitation.token in mail.outbox[0].body
    client.logout()
    url = reverse("providers:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(url, {
        "account-first_name": "Нина", "account-last_name": "Ничић", "account-email": "someone-else@primer.rs",
        "account-password1": "zlatibor-Tara-2026", "account-password2": "zlatibor-Tara-2026",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(user__first_name="Нина")
    assert (membership.organization, membership.role) == (cast.organization, MembershipRole.COLLEAGUE)
    # the account has the address the invitation went to (whatever was posted): the link proved it
    assert (membership.user.email, membership.user.email_confirmed) == ("novi@primer.rs", True)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED
    assert client.get(url).status_code == 410


def test_invitation_expired_is_refused(client, cast):
    invitation = services.invitation_create(cast.organization, email="kasno@primer.rs", invited_by=cast.owner)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("providers:invitation_accept", kwargs={"token": invitation.token}))
    assert response.status_code == 410


def test_invitation_to_member_of_another_organization_is_refused(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("providers:members"), {"email": cast.other.email})
    assert response.status_code == 200
    assert "already belongs to another organization" in str(response.context["form"].errors) or \
        response.context["form"].errors["email"]
    assert Invitation.objects.count() == 0


def test_owner_edits_particulars_and_latin_follows(client, cast):
    client.force_login(cast.owner)
    org = cast.organization
    data = {"kind": org.kind, "name_sr": "Нова Школа Џ", "name_en": "New School", "pib": org.pib, "mb": org.mb,
            "address_sr": "Његошева 7", "municipality": org.municipality_id, "email": "", "phone": "",
            "website": ""}
    response = client.post(reverse("providers:organization_edit"), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name_sr_latn, org.address_sr_latn) == ("Nova Škola Dž", "Njegoševa 7")
    event = AuditEvent.objects.get(action="organization.updated")
    assert event.actor == cast.owner
    assert event.data["fields"] == ["address_sr", "name_en", "name_sr"]


def test_owner_removes_colleague(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("providers:member_remove", kwargs={"pk": cast.colleague.membership.pk}))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=cast.colleague).exists()


# --- the answer never says whether an address (or a username) has an account ----------------------------------------


def _register(client, data, capture) -> dict:
    """One registration through the page: what the visitor sees (the answer, the page it leads to, its cookies) and
    the messages sent."""
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(reverse("providers:register"), data)
    followed = client.get(response["Location"]) if response.status_code == 302 else response
    return {
        "status": response.status_code, "location": response.get("Location"), "body": response.content,
        "cookies": sorted(response.cookies), "page": (followed.status_code, followed.content.decode()),
        "messages": [(message.to, message.subject) for message in mail.outbox],
    }


def _seen(answer: dict) -> tuple:
    return answer["status"], answer["location"], answer["body"], answer["cookies"], answer["page"]


def test_registering_a_taken_address_answers_exactly_as_a_new_one(client, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    taken = UserFactory(email="zauzeta@primer.rs", preferred_language="en")
    new = _register(client, _form(), django_capture_on_commit_callbacks)
    other = _form(**{"account-email": "Zauzeta@primer.rs", "org-pib": "104567899", "org-mb": "17123457"})
    again = _register(client, other, django_capture_on_commit_callbacks)
    assert _seen(new) == _seen(again)
    assert new["location"] == reverse("providers:register_sent")
    assert "Проверите имејл" in new["page"][1]
    # one message each: the new address gets its confirmation link, the taken one a notice in its owner's language
    assert new["messages"] == [(["ljiljana@primer.rs"], "Потврдите имејл адресу за портал НОКС")]
    assert again["messages"] == [(["zauzeta@primer.rs"],
                                  "Someone tried to register on the NOKS portal with your e-mail address")]
    notice = mail.outbox[0].body
    assert "/en/accounts/login/" in notice and "/en/accounts/password/reset/" in notice
    # nothing was registered for the taken address, and its account is untouched
    assert not Organization.objects.filter(pib="104567899").exists()
    assert list(Membership.objects.values_list("user__email", flat=True)) == ["ljiljana@primer.rs"]
    taken.refresh_from_db()
    assert taken.check_password("correct-horse-battery-staple") and taken.email_confirmed


def test_a_taken_username_changes_nothing_in_the_answer(client, django_capture_on_commit_callbacks):
    """Registration asks for no username; one that would collide with the address gets another."""
    from tests.factories import UserFactory

    UserFactory(username="ljiljana@primer.rs", email="druga@primer.rs")
    UserFactory(username="ljiljana")
    plain = _register(client, _form(**{"account-email": "nova@primer.rs", "org-pib": "104567899",
                                   "org-mb": "17123457"}), django_capture_on_commit_callbacks)
    clash = _register(client, _form(**{"account-username": "ljiljana"}), django_capture_on_commit_callbacks)
    assert _seen(plain) == _seen(clash)
    user = Membership.objects.get(organization__pib="101134702").user
    assert user.email == "ljiljana@primer.rs"
    assert user.username.startswith("ljiljana-") and len(user.username) == len("ljiljana-") + 8


def test_a_refused_form_is_the_same_for_a_taken_and_a_new_address(client, cast):
    import re

    def page(email):
        response = client.post(reverse("providers:register"), _form(**{"account-email": email,
                                                                        "org-pib": "101134703"}))
        text = response.content.decode().replace(email, "ADDRESS")
        return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert page(cast.owner.email) == page("nepoznata@primer.rs")


def test_both_answers_hash_the_password_once(client, django_capture_on_commit_callbacks, monkeypatch):
    """The work that takes time (hashing the password) is done whether or not the address has an account, so the
    answer takes as long."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    from tests.factories import UserFactory

    UserFactory(email="zauzeta@primer.rs")
    hashed = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode",
                        lambda self, password, salt: hashed.append(password) or original(self, password, salt))
    _register(client, _form(), django_capture_on_commit_callbacks)
    assert hashed == ["planina-Rtanj-1565"]
    _register(client, _form(**{"account-email": "zauzeta@primer.rs", "org-pib": "104567899", "org-mb": "17123457"}),
              django_capture_on_commit_callbacks)
    assert hashed == ["planina-Rtanj-1565"] * 2


def test_invitation_for_an_address_with_an_account_asks_to_sign_in(client, cast):
    invitation = services.invitation_create(cast.organization, email="postoji@primer.rs", invited_by=cast.owner)
    from tests.factories import UserFactory

    UserFactory(email="postoji@primer.rs")
    url = reverse("providers:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(url, {"account-first_name": "Нина", "account-last_name": "Ничић",
                                 "account-password1": "zlatibor-Tara-2026", "account-password2": "zlatibor-Tara-2026"})
    assert response.status_code == 200
    assert "Налог са овом имејл адресом већ постоји" in response.content.decode()
    assert not Membership.objects.filter(organization=cast.organization, user__email="postoji@primer.rs").exists()
