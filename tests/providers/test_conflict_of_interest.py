"""Issue 14, conflict of interest: Office staff and administrators never belong to a provider or a school, and an
ended membership is kept (the Office's two-year check in applications reads it)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.models import AuditEvent
from providers import selectors, services
from providers.admin import MembershipAdminForm, MembershipInline
from providers.enums import InvitationState, MembershipRole
from providers.models import Membership, Organization, PastMembership
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFICE_REFUSAL = "Office staff and administrators may not be members of a provider or a school (conflict of interest)."


@pytest.mark.parametrize("who", ["reviewer", "decider", "admin"])
def test_office_user_cannot_accept_an_invitation(client, cast, who):
    user = getattr(cast, who)
    invitation = services.invitation_create(cast.organization, email=user.email, invited_by=cast.owner)
    client.force_login(user)
    url = reverse("providers:invitation_accept", kwargs={"token": invitation.token})
    page = client.get(url).content.decode()
    assert gettext(OFFICE_REFUSAL) in page
    assert gettext("Join the organization") not in page  # no button to press
    response = client.post(url)
    assert gettext(OFFICE_REFUSAL) in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING
    assert not AuditEvent.objects.filter(action="invitation.accepted").exists()


def test_office_user_cannot_accept_an_invitation_through_the_service(cast):
    invitation = services.invitation_create(cast.organization, email=cast.reviewer.email, invited_by=cast.owner)
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(invitation, user=cast.reviewer)
    assert error.value.messages == [gettext(OFFICE_REFUSAL)]
    assert not Membership.objects.filter(user=cast.reviewer).exists()


@pytest.mark.parametrize("who", ["reviewer", "decider", "admin"])
def test_office_user_cannot_register_an_organization(cast, who):
    organization = OrganizationFactory.build(name_sr="Центар Канцеларије", municipality=cast.organization.municipality)
    with pytest.raises(ValidationError) as error:
        services.organization_register(organization, owner=getattr(cast, who))
    assert error.value.messages == [gettext(OFFICE_REFUSAL)]
    assert not Organization.objects.filter(name_sr="Центар Канцеларије").exists()
    assert not Membership.objects.filter(user=getattr(cast, who)).exists()


def test_signed_in_office_user_is_not_offered_the_registration(client, cast):
    client.force_login(cast.reviewer)
    response = client.get(reverse("providers:register"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


def test_removing_a_member_keeps_when_they_belonged(cast):
    membership = cast.colleague.membership
    joined = membership.created_at
    services.membership_remove(membership, actor=cast.owner)
    assert not Membership.objects.filter(user=cast.colleague).exists()
    past = PastMembership.objects.get(user=cast.colleague)
    assert (past.organization, past.role, past.joined_at) == (cast.organization, MembershipRole.COLLEAGUE, joined)
    assert timezone.now() - past.left_at < timedelta(minutes=1)
    assert selectors.has_ties(cast.colleague, cast.organization.pk)  # left just now: still tied for two years
    assert AuditEvent.objects.filter(action="membership.removed", actor=cast.owner).count() == 1


@pytest.mark.parametrize(("left_days_ago", "tied"), [(1, True), (365, True), (2 * 365 - 2, True),
                                                     (2 * 365 + 2, False), (5 * 365, False)])
def test_ties_last_two_years_after_leaving(cast, left_days_ago, tied):
    now = timezone.now()
    PastMembership.objects.create(user=cast.reviewer, organization=cast.organization, role=MembershipRole.COLLEAGUE,
                                  joined_at=now - timedelta(days=3000), left_at=now - timedelta(days=left_days_ago))
    assert selectors.has_ties(cast.reviewer, cast.organization.pk, now=now) is tied
    assert selectors.has_ties(cast.reviewer, cast.other_organization.pk, now=now) is False


def test_the_two_year_cutoff_is_the_same_moment_two_years_earlier(cast):
    now = timezone.make_aware(dt.datetime(2026, 3, 10, 12, 0))
    cutoff = selectors.conflict_cutoff(now)
    assert cutoff == timezone.make_aware(dt.datetime(2024, 3, 10, 12, 0))
    for seconds, tied in ((1, True), (0, False), (-1, False)):
        PastMembership.objects.all().delete()
        PastMembership.objects.create(user=cast.reviewer, organization=cast.organization, role="colleague",
                                      joined_at=cutoff - timedelta(days=100),
                                      left_at=cutoff + timedelta(seconds=seconds))
        assert selectors.has_ties(cast.reviewer, cast.organization.pk, now=now) is tied, seconds


def test_current_member_is_tied(cast):
    assert selectors.has_ties(cast.colleague, cast.organization.pk)
    assert not selectors.has_ties(cast.colleague, cast.other_organization.pk)


def _user_admin_data(user, **overrides) -> dict:
    data = {"username": user.username, "email": user.email, "first_name": user.first_name,
            "last_name": user.last_name, "is_active": "on", "date_joined_0": "2026-01-05", "date_joined_1": "10:00:00",
            "preferred_language": "sr"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("flag", ["is_office_reviewer", "is_office_decider", "is_superuser"])
def test_admin_cannot_make_a_member_office_staff(client, cast, flag):
    client.force_login(cast.admin)
    url = reverse("admin:accounts_user_change", args=[cast.colleague.pk])
    response = client.post(url, _user_admin_data(cast.colleague, **{flag: "on"}))
    assert response.status_code == 200
    assert gettext("This user belongs to %(organization)s. Office staff and administrators may not be members of a "
                   "provider or a school (conflict of interest): remove the membership first.") % {
        "organization": cast.organization} in response.content.decode()
    cast.colleague.refresh_from_db()
    assert not (cast.colleague.is_office_reviewer or cast.colleague.is_office_decider or cast.colleague.is_superuser)


def test_admin_makes_a_former_member_office_staff_after_the_membership_is_removed(client, cast):
    services.membership_remove(cast.colleague.membership, actor=cast.owner)
    client.force_login(cast.admin)
    url = reverse("admin:accounts_user_change", args=[cast.colleague.pk])
    response = client.post(url, _user_admin_data(cast.colleague, is_office_reviewer="on"))
    assert response.status_code == 302
    cast.colleague.refresh_from_db()
    assert cast.colleague.is_office_reviewer
    assert selectors.has_ties(cast.colleague, cast.organization.pk)  # still barred from its applications


def test_admin_cannot_add_an_office_user_to_an_organization(cast):
    form = MembershipAdminForm(data={"user": cast.reviewer.pk, "role": MembershipRole.COLLEAGUE},
                               instance=Membership(organization=cast.organization))
    assert not form.is_valid()
    assert form.errors["user"] == [gettext(OFFICE_REFUSAL)]


def _membership_formset(cast, **changes):
    request = RequestFactory().post("/")
    request.user = cast.admin
    inline = MembershipInline(Organization, admin.site)
    formset_class = inline.get_formset(request, cast.organization)
    memberships = list(cast.organization.memberships.order_by("pk"))
    data = {"memberships-TOTAL_FORMS": str(len(memberships)), "memberships-INITIAL_FORMS": str(len(memberships)),
            "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"}
    for index, membership in enumerate(memberships):
        data.update({f"memberships-{index}-id": str(membership.pk),
                     f"memberships-{index}-organization": str(cast.organization.pk),
                     f"memberships-{index}-user": str(membership.user_id),
                     f"memberships-{index}-role": membership.role})
        for field, value in changes.get(membership.user.username, {}).items():
            data[f"memberships-{index}-{field}"] = value
    return request, formset_class(data, instance=cast.organization, prefix="memberships")


def test_admin_removing_a_member_keeps_the_past_membership(cast):
    request, formset = _membership_formset(cast, colleague={"DELETE": "on"})
    assert formset.is_valid(), formset.errors
    admin.site._registry[Organization].save_formset(request, None, formset, change=True)
    assert not Membership.objects.filter(user=cast.colleague).exists()
    assert PastMembership.objects.get(user=cast.colleague).organization == cast.organization
    assert AuditEvent.objects.filter(action="membership.removed", actor=cast.admin).count() == 1


def test_admin_cannot_swap_the_user_of_a_membership(cast):
    _request, formset = _membership_formset(cast, colleague={"user": str(UserFactory().pk)})
    assert not formset.is_valid()
    assert gettext("Remove this membership and add a new one instead of changing its user.") in str(formset.errors)
