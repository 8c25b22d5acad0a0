"""Reads about organizations and who belongs to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from core.ordering import translated_order, typed_order
from core.permissions import is_office
from providers.enums import (
    HYGIENE_ITEMS,
    AdultEdCompetence,
    DocumentKind,
    InvitationState,
    MembershipRole,
    RoomKind,
    StaffRole,
    Tenure,
)
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
from rules.dates import add_months


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
    return organization.memberships.select_related("user").order_by(
        "-role", *typed_order("user__last_name", "user__first_name"))


def pending_invitations(organization: Organization) -> QuerySet[Invitation]:
    return organization.invitations.filter(state=InvitationState.PENDING).select_related("invited_by")


# Conflict of interest: the Office may not review or decide anything of an organization one of its officials
# belongs to, or left less than this many years ago (the refusals say "two years").
CONFLICT_OF_INTEREST_YEARS = 2


def holds_office(user) -> bool:
    """An Office reviewer or decider, or an administrator (who may step in for both): never a member."""
    return bool(user.is_superuser or user.is_office_reviewer or user.is_office_decider)


def conflict_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """The moment CONFLICT_OF_INTEREST_YEARS before ``now``: a membership that ended after it still counts."""
    now = timezone.localtime(now or timezone.now())
    day = add_months(now.date(), -12 * CONFLICT_OF_INTEREST_YEARS)
    return now.replace(year=day.year, month=day.month, day=day.day)


def has_ties(user, organization_id: int, *, now: dt.datetime | None = None) -> bool:
    """The user belongs to the organization now, or left it less than CONFLICT_OF_INTEREST_YEARS ago."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (Membership.objects.filter(user=user, organization_id=organization_id).exists()
            or PastMembership.objects.filter(user=user, organization_id=organization_id,
                                             left_at__gt=conflict_cutoff(now)).exists())


def organization_list_for_office(q: str = "") -> QuerySet[Organization]:
    """Every organization, or those whose name matches ``q`` (core.textsearch: every word in any script, case or word
    form begins a word of a name) or whose PIB or MB is ``q``."""
    organizations = Organization.objects.select_related("municipality").annotate(
        member_count=Count("memberships")).order_by(*translated_order("name"))
    if q.strip():
        from core.textsearch import text_matches

        rows = Organization.objects.values_list("pk", "name_sr", "name_sr_latn", "name_en", "pib", "mb")
        organizations = organizations.filter(pk__in=[
            pk for pk, name_sr, name_latn, name_en, pib, mb in rows
            if q.strip() in (pib, mb) or text_matches(q, name_sr, name_latn, name_en)])
    return organizations


# --- the organization's records (staff, rooms, hygiene, partners) and their evidence ---------------------------------

COMPETENCE_ACQUIRED = (AdultEdCompetence.ANDRAGOGY_DEGREE, AdultEdCompetence.PD_PROGRAM,
                       AdultEdCompetence.ASSOCIATION_CERTIFICATE)
TEACHING_ROOMS = (RoomKind.CLASSROOM, RoomKind.SPECIALIZED, RoomKind.COMPUTER)


def _documents() -> Prefetch:
    return Prefetch("documents", queryset=Document.objects.order_by("created_at", "pk"))


def staff_list(organization: Organization) -> QuerySet[StaffMember]:
    return organization.staff.prefetch_related(_documents()).order_by(*translated_order("last_name", "first_name"))


def room_list(organization: Organization) -> QuerySet[Room]:
    return organization.rooms.prefetch_related(_documents()).order_by("kind", *translated_order("name"))


def partner_list(organization: Organization) -> QuerySet[Partner]:
    return organization.partners.prefetch_related(_documents()).order_by(*translated_order("name"))


def staff_of(organization: Organization, pk: int) -> StaffMember:
    """Raises StaffMember.DoesNotExist for another organization's id, exactly as for an id that does not exist."""
    return staff_list(organization).get(pk=pk)


def room_of(organization: Organization, pk: int) -> Room:
    return room_list(organization).get(pk=pk)


def partner_of(organization: Organization, pk: int) -> Partner:
    return partner_list(organization).get(pk=pk)


def document_of(organization: Organization, pk: int) -> Document:
    return Document.objects.get(organization=organization, pk=pk)


def document_for_user(user, pk: int) -> Document | None:
    """The document if this user may read it: a member of the owning organization, or the Office; else None."""
    if is_office(user):
        return Document.objects.filter(pk=pk).first()
    membership = membership_of(user)
    if membership is None:
        return None
    return Document.objects.filter(pk=pk, organization_id=membership.organization_id).first()


def hygiene_declaration(organization: Organization) -> HygieneDeclaration:
    """The organization's declaration, or a new unsaved one (all items undeclared)."""
    declaration = HygieneDeclaration.objects.filter(organization=organization).first()
    return declaration or HygieneDeclaration(organization=organization)


def hygiene_documents(organization: Organization) -> dict[str, list[Document]]:
    by_item: dict[str, list[Document]] = {key: [] for key, _label in HYGIENE_ITEMS}
    for document in organization.documents.exclude(hygiene_item="").order_by("created_at", "pk"):
        by_item.setdefault(document.hygiene_item, []).append(document)
    return by_item


def status_granted_on(organization: Organization) -> dt.date | None:
    """When the organization gained the JPOA status it holds: the start of its earliest accreditation in force
    (accreditations are the Office's decisions, kept by the applications app; the relation is read by name)."""
    return (organization.accreditations.filter(state="active").order_by("valid_from")
            .values_list("valid_from", flat=True).first())


def competence_deadline(organization: Organization) -> dt.date | None:
    """Art. 7.4: adult-education competences must be acquired within six months of the status being granted."""
    granted = status_granted_on(organization)
    return add_months(granted, 6) if granted else None


@dataclass(frozen=True)
class MissingItem:
    message: Promise | str
    url: str


@dataclass(frozen=True)
class RecordsOverview:
    staff: int
    rooms: int
    partners: int
    hygiene_declared: int
    hygiene_total: int
    documents: int
    missing: list[MissingItem]


def records_overview(organization: Organization) -> RecordsOverview:
    """Counts of the records and a short list of what is still missing. A constant number of queries."""
    staff = list(organization.staff.annotate(document_count=Count("documents")))
    rooms = list(organization.rooms.annotate(document_count=Count("documents")))
    partners = list(organization.partners.annotate(document_count=Count("documents")))
    declaration = HygieneDeclaration.objects.filter(organization=organization).first()
    declared = declaration.as_dict() if declaration else {key: False for key, _label in HYGIENE_ITEMS}
    evidenced = set(organization.documents.exclude(hygiene_item="").values_list("hygiene_item", flat=True))
    document_count = organization.documents.count()

    staff_url, room_url = reverse("providers:staff_list"), reverse("providers:room_list")
    hygiene_url, partner_url = reverse("providers:hygiene"), reverse("providers:partner_list")
    roles = {role for member in staff for role in member.roles}
    missing: list[MissingItem] = []
    if not staff:
        missing.append(MissingItem(_("No staff member is recorded yet."), staff_url))
    for role, message in (
        (StaffRole.INSTRUCTOR, _("No instructor yet.")),
        (StaffRole.ANDRAGOGUE, _("No andragogue yet.")),
        (StaffRole.RESPONSIBLE_PERSON, _("No responsible person for adult education yet.")),
    ):
        if staff and role not in roles:
            missing.append(MissingItem(message, staff_url))
    without_competence = sum(1 for m in staff if m.adult_ed_competence not in COMPETENCE_ACQUIRED)
    if without_competence:
        missing.append(MissingItem(
            _("Staff members without acquired adult-education competences (Art. 7.4): %(count)s")
            % {"count": without_competence}, staff_url))
    undocumented_staff = sum(1 for m in staff if not m.document_count)
    if undocumented_staff:
        missing.append(MissingItem(_("Staff members without any evidence attached: %(count)s")
                                   % {"count": undocumented_staff}, staff_url))
    kinds = {room.kind for room in rooms}
    if not kinds & set(TEACHING_ROOMS):
        missing.append(MissingItem(_("No classroom is recorded yet."), room_url))
    if RoomKind.SANITARY_WOMEN not in kinds or RoomKind.SANITARY_MEN not in kinds:
        missing.append(MissingItem(_("Sanitary rooms for women and for men are not both recorded."), room_url))
    unevidenced_leases = sum(1 for room in rooms if room.tenure == Tenure.LEASED and not room.document_count)
    if unevidenced_leases:
        missing.append(MissingItem(_("Leased rooms without the lease attached: %(count)s")
                                   % {"count": unevidenced_leases}, room_url))
    undeclared = sum(1 for key, _label in HYGIENE_ITEMS if not declared.get(key))
    if undeclared:
        missing.append(MissingItem(_("Hygiene-technical standards not declared yet: %(count)s")
                                   % {"count": undeclared}, hygiene_url))
    unevidenced = sum(1 for key, _label in HYGIENE_ITEMS if declared.get(key) and key not in evidenced)
    if unevidenced:
        missing.append(MissingItem(_("Declared hygiene-technical standards without evidence: %(count)s")
                                   % {"count": unevidenced}, hygiene_url))
    unsigned = sum(1 for partner in partners if not partner.contract_signed or not partner.document_count)
    if unsigned:
        missing.append(MissingItem(_("Practical-work partners without a signed contract attached: %(count)s")
                                   % {"count": unsigned}, partner_url))
    return RecordsOverview(
        staff=len(staff), rooms=len(rooms), partners=len(partners),
        hygiene_declared=len(HYGIENE_ITEMS) - undeclared, hygiene_total=len(HYGIENE_ITEMS),
        documents=document_count, missing=missing,
    )


DOCUMENT_KINDS_FOR = {
    "staff": (DocumentKind.DIPLOMA, DocumentKind.COMPETENCE, DocumentKind.EMPLOYMENT, DocumentKind.OTHER),
    "room": (DocumentKind.LEASE, DocumentKind.HYGIENE, DocumentKind.OTHER),
    "partner": (DocumentKind.PARTNER_CONTRACT, DocumentKind.OTHER),
    "hygiene": (DocumentKind.HYGIENE,),
}
