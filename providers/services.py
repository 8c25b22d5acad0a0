"""Writes about organizations, memberships and invitations. Each runs in one transaction and leaves an audit row."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import services as account_services
from core.audit import audit_log
from core.scripts import sync_scripts
from providers import selectors, uploads
from providers.enums import HYGIENE_ITEMS, DocumentKind, InvitationState, MembershipRole, Tenure
from providers.models import (
    Document,
    HygieneDeclaration,
    Invitation,
    Membership,
    Organization,
    Partner,
    PastMembership,
    Room,
    StaffMember,
)

User = get_user_model()


def _save_organization(organization: Organization) -> Organization:
    sync_scripts(organization)
    organization.full_clean()
    organization.save()
    return organization


def office_membership_refusal(user) -> str | None:
    """Why ``user`` may not join an organization (None: they may). Office staff and administrators review and
    decide the organizations' applications: they never belong to one."""
    if selectors.holds_office(user):
        return _("Office staff and administrators may not be members of a provider or a school (conflict of "
                 "interest).")
    return None


def _refuse_office(user) -> None:
    refusal = office_membership_refusal(user)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def organization_register(organization: Organization, *, owner) -> Membership:
    """A self-registered user creates an organization and becomes its owner."""
    _refuse_office(owner)
    if Membership.objects.filter(user=owner).exists():
        raise ValidationError(_("You already belong to an organization."))
    _save_organization(organization)
    membership = Membership.objects.create(user=owner, organization=organization, role=MembershipRole.OWNER)
    audit_log(organization, action="organization.registered", actor=owner, to_state=organization.kind)
    return membership


# Apps to the right of providers that keep copies of an organization's particulars (the programs' search text)
# register a function here in AppConfig.ready(); it is called with the organization after every update.
ORGANIZATION_UPDATED_HOOKS: list = []


@transaction.atomic
def organization_update(organization: Organization, *, actor, changed: list[str]) -> Organization:
    _save_organization(organization)
    audit_log(organization, action="organization.updated", actor=actor, data={"fields": sorted(changed)})
    for hook in ORGANIZATION_UPDATED_HOOKS:
        hook(organization)
    return organization


def _new_username(email: str) -> str:
    """Accounts made here sign in with their e-mail address; their username is the address when it can be one, or
    its local part with a random suffix."""
    if len(email) <= 150 and re.fullmatch(r"[\w.@+-]+", email) and \
            not User.objects.filter(username__iexact=email).exists():
        return email
    local = re.sub(r"[^\w.+-]", "", email.partition("@")[0])[:40] or "user"
    return f"{local}-{secrets.token_hex(4)}"


def _user_create(*, email: str, password: str, first_name: str, last_name: str, email_confirmed: bool,
                 lang: str):
    user = User(username=_new_username(email), email=email, first_name=first_name, last_name=last_name,
                email_confirmed=email_confirmed, preferred_language=lang)
    user.set_password(password)
    user.full_clean(validate_unique=False)  # the database's unique constraints decide a race
    user.save()
    audit_log(user, action="user.registered", actor=user)
    return user


@transaction.atomic
def user_register(*, email: str, password: str, first_name: str, last_name: str, email_confirmed: bool,
                  lang: str = "sr"):
    """A new account (accepting an invitation); ``email_confirmed`` False would hold it back until a confirmation
    link is opened."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address exists already. Sign in first.")})
    return _user_create(email=email, password=password, first_name=first_name, last_name=last_name,
                        email_confirmed=email_confirmed, lang=lang)


def provider_register(organization: Organization, *, email: str, password: str, first_name: str, last_name: str,
                      lang: str) -> None:
    """Self-registration: a new account and its organization in one step, with the same answer, the same work and
    one message whether or not the address has an account already (no one learns which addresses do).

    A new address gets an unconfirmed account that owns the organization, and a link that confirms the address. An
    address that has an account gets nothing but a message to that account, saying someone tried to register with
    it and how to sign in or set a new password; the password typed is hashed all the same."""
    email = User.objects.normalize_email(email).strip()
    sync_scripts(organization)
    organization.full_clean()  # the same checks in both cases: an error here says nothing about the address
    known = User.objects.filter(email__iexact=email).order_by("pk").first()
    if known is None:
        try:
            with transaction.atomic():
                user = _user_create(email=email, password=password, first_name=first_name, last_name=last_name,
                                    email_confirmed=False, lang=lang)
                organization_register(organization, owner=user)
                account_services.email_confirmation_send(user, lang=lang)
            return
        except IntegrityError:  # the same address registered at the same moment
            known = User.objects.filter(email__iexact=email).order_by("pk").first()
            if known is None:
                raise
    make_password(password)
    with transaction.atomic():
        account_services.registration_attempt_notify(known, lang=lang)


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
    _refuse_office(user)
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
    membership_end(membership, actor=actor)


@transaction.atomic
def membership_end(membership: Membership, *, actor) -> PastMembership:
    """Delete a membership, keeping when it began and ended (the Office's conflict-of-interest check reads it)."""
    past = PastMembership.objects.create(user_id=membership.user_id, organization_id=membership.organization_id,
                                         role=membership.role, joined_at=membership.created_at,
                                         left_at=timezone.now())
    audit_log(membership.organization, action="membership.removed", actor=actor,
              data={"user": membership.user_id})
    membership.delete()
    return past


# --- the organization's records and their evidence ---------------------------------------------------------------

HYGIENE_KEYS = tuple(key for key, _label in HYGIENE_ITEMS)


def _save_record(obj, *, action: str, actor) -> None:
    created = obj.pk is None
    sync_scripts(obj)
    obj.full_clean()
    obj.save()
    audit_log(obj, action=action, actor=actor, data={"created": created})


def _delete_files_on_commit(names: list[str]) -> None:
    """Remove stored files once the rows are gone for good (nothing is removed if the transaction rolls back)."""
    names = [name for name in names if name]
    if not names:
        return
    from django.core.files.storage import default_storage

    def remove():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove)


def _delete_record(obj, *, action: str, actor) -> None:
    files = list(obj.documents.values_list("file", flat=True))
    audit_log(obj, action=action, actor=actor, data={"name": str(obj), "documents": len(files)})
    obj.delete()
    _delete_files_on_commit(files)


@transaction.atomic
def staff_save(staff: StaffMember, *, actor) -> StaffMember:
    _save_record(staff, action="staff.saved", actor=actor)
    return staff


@transaction.atomic
def staff_delete(staff: StaffMember, *, actor) -> None:
    _delete_record(staff, action="staff.deleted", actor=actor)


@transaction.atomic
def room_save(room: Room, *, actor) -> Room:
    if room.tenure == Tenure.OWNED:
        room.lease_until = None
    _save_record(room, action="room.saved", actor=actor)
    return room


@transaction.atomic
def room_delete(room: Room, *, actor) -> None:
    _delete_record(room, action="room.deleted", actor=actor)


@transaction.atomic
def partner_save(partner: Partner, *, actor) -> Partner:
    _save_record(partner, action="partner.saved", actor=actor)
    return partner


@transaction.atomic
def partner_delete(partner: Partner, *, actor) -> None:
    _delete_record(partner, action="partner.deleted", actor=actor)


def _check_files(files: dict[str, object]) -> dict[str, uploads.UploadInfo]:
    """Inspect every file before any is stored, so one refused file leaves nothing behind."""
    infos, errors = {}, {}
    for key, file in files.items():
        try:
            infos[key] = uploads.inspect_upload(file)
        except ValidationError as error:
            errors[key] = error
    if errors:
        raise ValidationError(errors)
    return infos


@transaction.atomic
def hygiene_save(declaration: HygieneDeclaration, *, actor, files: dict[str, object] | None = None
                 ) -> HygieneDeclaration:
    """Save the nine Art. 10 declarations and attach any evidence given per item (``files``: item key -> file)."""
    files = {key: file for key, file in (files or {}).items() if file}
    unknown = sorted(set(files) - set(HYGIENE_KEYS))
    if unknown:
        raise ValidationError(_("Unknown hygiene-technical standard: %(items)s") % {"items": ", ".join(unknown)})
    _check_files(files)
    declaration.full_clean()
    declaration.save()
    audit_log(declaration, action="hygiene.saved", actor=actor,
              data={"declared": sorted(key for key, value in declaration.as_dict().items() if value),
                    "documents": sorted(files)})
    stored: list[Document] = []
    try:
        for key in HYGIENE_KEYS:
            if key in files:
                stored.append(document_upload(declaration.organization, file=files[key], kind=DocumentKind.HYGIENE,
                                              actor=actor, hygiene_item=key))
    except BaseException:
        for document in stored:
            document.file.storage.delete(document.file.name)
        raise
    return declaration


@transaction.atomic
def document_upload(organization: Organization, *, file, kind: str, actor, staff_member: StaffMember | None = None,
                    room: Room | None = None, partner: Partner | None = None, hygiene_item: str = "") -> Document:
    """Check an evidence file by its content and store it under a server-made name, attached to what it proves."""
    targets = [t for t in (staff_member, room, partner, hygiene_item) if t]
    if len(targets) > 1:
        raise ValidationError(_("A document proves one thing: attach it to one staff member, room, partner or "
                                "hygiene-technical standard."))
    for target in (staff_member, room, partner):
        if target is not None and target.organization_id != organization.pk:
            raise PermissionDenied
    if hygiene_item and hygiene_item not in HYGIENE_KEYS:
        raise ValidationError({"hygiene_item": _("Unknown hygiene-technical standard.")})
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose what the document proves.")})
    info = _check_files({"file": file})["file"]
    document = Document(
        organization=organization, kind=kind, original_name=info.original_name, content_type=info.content_type,
        size=info.size, sha256=info.sha256, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        staff_member=staff_member, room=room, partner=partner, hygiene_item=hygiene_item,
    )
    document.full_clean(exclude=["file"])
    file.seek(0)
    document.file.save("upload", file, save=False)  # the name is made by the model's upload_to, not taken from here
    try:
        document.save()
        audit_log(document, action="document.uploaded", actor=actor,
                  data={"kind": kind, "sha256": info.sha256, "size": info.size, "name": info.original_name})
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(document: Document, *, actor) -> None:
    audit_log(document, action="document.deleted", actor=actor,
              data={"name": document.original_name, "sha256": document.sha256})
    name = document.file.name
    document.delete()
    _delete_files_on_commit([name])
