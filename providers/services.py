"""Writes about organizations, memberships and invitations. Each runs in one transaction and leaves an audit row."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from noks_portal.audit import audit_log
from noks_portal.scripts import sync_scripts
from providers.enums import InvitationState, MembershipRole
from providers.models import Invitation, Membership, Organization

User = get_user_model()


def _save_organization(organization: Organization) -> Organization:
    sync_scripts(organization)
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def organization_register(organization: Organization, *, owner) -> Membership:
    """A self-registered user creates an organization and becomes its owner."""
    if Membership.objects.filter(user=owner).exists():
        raise ValidationError(_("You already belong to an organization."))
    _save_organization(organization)
    membership = Membership.objects.create(user=owner, organization=organization, role=MembershipRole.OWNER)
    audit_log(organization, action="organization.registered", actor=owner, to_state=organization.kind)
    return membership


@transaction.atomic
def organization_update(organization: Organization, *, actor, changed: list[str]) -> Organization:
    _save_organization(organization)
    audit_log(organization, action="organization.updated", actor=actor, data={"fields": sorted(changed)})
    return organization


@transaction.atomic
def user_register(*, username: str, email: str, password: str, first_name: str, last_name: str):
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_log(user, action="user.registered", actor=user)
    return user


def _send_invitation_mail(invitation: Invitation, *, lang: str) -> None:
    path = reverse("providers:invitation_accept", kwargs={"token": invitation.token})
    with translation.override(lang):
        context = {"invitation": invitation, "url": f"{settings.SITE_URL}{path}"}
        subject = _("Invitation to join %(organization)s on the NOKS portal") % {
            "organization": invitation.organization.name
        }
        body = render_to_string("providers/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_create(organization: Organization, *, email: str, invited_by, lang: str = "sr") -> Invitation:
    membership = Membership.objects.filter(user=invited_by, organization=organization).first()
    if membership is None or membership.role != MembershipRole.OWNER:
        raise PermissionDenied
    email = User.objects.normalize_email(email).strip()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of your organization.")})
    if Membership.objects.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person already belongs to another organization.")})
    if organization.invitations.filter(email__iexact=email, state=InvitationState.PENDING).exists():
        raise ValidationError({"email": _("An invitation to this address is already pending.")})
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_log(invitation, action="invitation.created", actor=invited_by, to_state=InvitationState.PENDING)
    transaction.on_commit(lambda: _send_invitation_mail(invitation, lang=lang))
    return invitation


@transaction.atomic
def invitation_accept(invitation: Invitation, *, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation is no longer valid."))
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("You already belong to an organization."))
    membership = Membership.objects.create(user=user, organization=invitation.organization,
                                           role=MembershipRole.COLLEAGUE)
    invitation.state = InvitationState.ACCEPTED
    invitation.accepted_by = user
    invitation.save(update_fields=["state", "accepted_by", "updated_at"])
    audit_log(invitation, action="invitation.accepted", actor=user, from_state=InvitationState.PENDING,
              to_state=InvitationState.ACCEPTED)
    return membership


@transaction.atomic
def invitation_revoke(invitation: Invitation, *, actor) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != InvitationState.PENDING:
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.state = InvitationState.REVOKED
    invitation.save(update_fields=["state", "updated_at"])
    audit_log(invitation, action="invitation.revoked", actor=actor, from_state=InvitationState.PENDING,
              to_state=InvitationState.REVOKED)
    return invitation


@transaction.atomic
def membership_remove(membership: Membership, *, actor) -> None:
    if membership.role == MembershipRole.OWNER:
        raise ValidationError(_("The owner cannot be removed from the organization."))
    audit_log(membership.organization, action="membership.removed", actor=actor,
              data={"user": membership.user_id})
    membership.delete()
