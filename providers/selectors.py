"""Reads about organizations and who belongs to them."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from accounts.enums import Role
from providers.enums import InvitationState, MembershipRole
from providers.models import Invitation, Membership, Organization


def membership_of(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return Membership.objects.select_related("organization", "organization__municipality").get(user=user)
    except Membership.DoesNotExist:
        return None


def role_of(user, membership: Membership | None = None) -> Role:
    """The one role that decides what the portal shows a user (an administrator sees the most)."""
    if not getattr(user, "is_authenticated", False):
        return Role.ANONYMOUS
    if user.is_superuser:
        return Role.ADMINISTRATOR
    if user.is_office_decider:
        return Role.DECIDER
    if user.is_office_reviewer:
        return Role.REVIEWER
    membership = membership if membership is not None else membership_of(user)
    if membership is None:
        return Role.UNAFFILIATED
    owner = membership.role == MembershipRole.OWNER
    if membership.organization.is_school:
        return Role.SCHOOL_OWNER if owner else Role.SCHOOL_COLLEAGUE
    return Role.PROVIDER_OWNER if owner else Role.PROVIDER_COLLEAGUE


def organization_members(organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("-role", "user__last_name", "user__first_name")


def pending_invitations(organization: Organization) -> QuerySet[Invitation]:
    return organization.invitations.filter(state=InvitationState.PENDING).select_related("invited_by")


def organization_list_for_office() -> QuerySet[Organization]:
    return Organization.objects.select_related("municipality").annotate(member_count=Count("memberships")).order_by(
        "name"
    )
