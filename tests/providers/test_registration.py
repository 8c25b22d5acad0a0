"""Self-registration of a provider user with an organization, and invitations of colleagues."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from noks_portal.models import AuditEvent
from providers import services
from providers.enums import InvitationState, MembershipRole, OrganizationKind
from providers.models import Invitation, Membership, Municipality, Organization

pytestmark = pytest.mark.django_db


def _form(**overrides) -> dict:
    municipality = Municipality.objects.get(name_sr="Љубовија")
    data = {
        "account-first_name": "Љиљана", "account-last_name": "Његошевић", "account-email": "ljiljana@primer.rs",
        "account-username": "ljiljana", "account-password1": "planina-Rtanj-1565", "account-password2":
        "planina-Rtanj-1565", "org-kind": OrganizationKind.JPOA, "org-name_sr": "Центар ЉУБОВИЈА",
        "org-name_en": "", "org-pib": "101134702", "org-mb": "17123456", "org-address_sr": "Џорџа Вашингтона 5",
        "org-municipality": str(municipality.pk), "org-email": "", "org-phone": "", "org-website": "",
    }
    data.update(overrides)
    return data


def test_register_creates_owner_and_organization_with_latin_name(client):
    response = client.post(reverse("providers:register"), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("providers:organization")
    org = Organization.objects.get()
    assert (org.name_sr, org.name_sr_latn, org.address_sr_latn) == ("Центар ЉУБОВИЈА", "Centar LJUBOVIJA",
                                                                    "Džordža Vašingtona 5")
    membership = Membership.objects.get()
    assert (membership.user.username, membership.role) == ("ljiljana", MembershipRole.OWNER)
    assert AuditEvent.objects.filter(action="organization.registered", object_id=str(org.pk)).count() == 1
    page = client.get(reverse("providers:organization")).content.decode()
    assert "Центар ЉУБОВИЈА" in page


def test_register_latin_page_shows_no_cyrillic_name(client):
    client.post(reverse("providers:register"), _form())
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
        "account-first_name": "Нина", "account-last_name": "Ничић", "account-email": "novi@primer.rs",
        "account-username": "nina", "account-password1": "zlatibor-Tara-2026", "account-password2":
        "zlatibor-Tara-2026",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="nina")
    assert (membership.organization, membership.role) == (cast.organization, MembershipRole.COLLEAGUE)
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
