from __future__ import annotations

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.numbers import AtLeast, AtMost
from providers.enums import (
    HYGIENE_ITEMS,
    AdultEdCompetence,
    DocumentKind,
    Engagement,
    InvitationState,
    MembershipRole,
    OrganizationKind,
    PartnerKind,
    RoomKind,
    StaffRole,
    Tenure,
)
from providers.validators import validate_mb, validate_pib


class Municipality(models.Model):
    """A municipality or city of Serbia (reference data)."""

    class Kind(models.TextChoices):
        CITY = "city", _("city")
        MUNICIPALITY = "municipality", _("municipality")
        CITY_MUNICIPALITY = "city_municipality", _("city municipality")

    name = models.CharField(_("name"), max_length=120, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    district = models.CharField(_("district"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Organization(TimeStampedModel):
    kind = models.CharField(_("kind of organization"), max_length=20, choices=OrganizationKind.choices)
    name = models.CharField(_("name"), max_length=255)
    pib = models.CharField(_("PIB (tax number)"), max_length=9, unique=True, validators=[validate_pib])
    mb = models.CharField(_("MB (registration number)"), max_length=8, unique=True, validators=[validate_mb])
    address = models.CharField(_("address"), max_length=255)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT,
                                     related_name="organizations")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Who signs the organization's certificates (exams documents): typed once by the owner, printed under the
    # signature line of every certificate; empty, the line reads "Authorized person".
    signatory_name = models.CharField(_("certificate signatory"), max_length=120, blank=True)
    signatory_function = models.CharField(_("function of the certificate signatory"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_school(self) -> bool:
        return self.kind in OrganizationKind.schools()

    def get_absolute_url(self) -> str:
        return reverse("providers:organization")


class Membership(TimeStampedModel):
    """A user belongs to at most one organization."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="membership")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.COLLEAGUE)

    class Meta:
        ordering = ["organization", "-role", "user__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.organization}"

    @property
    def is_owner(self) -> bool:
        return self.role == MembershipRole.OWNER


class PastMembership(models.Model):
    """A membership that ended (the member was removed): kept because the Office must not review or decide anything
    of an organization its staff belonged to in the last two years (conflict of interest)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="past_memberships")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="past_memberships")
    role = models.CharField(_("role"), max_length=12, choices=MembershipRole.choices)
    joined_at = models.DateTimeField(_("joined"))
    left_at = models.DateTimeField(_("left"), db_index=True)

    class Meta:
        ordering = ["-left_at"]
        verbose_name = _("past membership")
        verbose_name_plural = _("past memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.left_at:%Y-%m-%d})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(TimeStampedModel):
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT,
                                   related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=InvitationState.choices,
                             default=InvitationState.PENDING)
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["organization", "email"], condition=models.Q(state="pending"),
                                    name="one_pending_invitation_per_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_usable(self) -> bool:
        return self.state == InvitationState.PENDING and self.expires_at > timezone.now()


class StaffMember(TimeStampedModel):
    """A person who works for the organization: instructors and professional associates (Art. 7, 8)."""

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="staff")
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    roles = models.JSONField(_("roles"), default=list, help_text=_("One or more roles in adult education."))
    engagement = models.CharField(_("engagement"), max_length=20, choices=Engagement.choices)
    education = models.TextField(_("education"), help_text=_("Degree, field and institution."))
    education_matches = models.BooleanField(
        _("education matches the programs"), default=False,
        help_text=_("Declared by the provider; the Office confirms it on the diploma (Art. 7.1.1)."),
    )
    adult_ed_competence = models.CharField(_("adult-education competence"), max_length=30,
                                           choices=AdultEdCompetence.choices, default=AdultEdCompetence.NONE)
    cefr_calibration = models.BooleanField(_("calibrated to the CEFR (foreign-language staff)"), default=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def role_labels(self) -> list[str]:
        labels = dict(StaffRole.choices)
        return [str(labels.get(role, role)) for role in self.roles]


ROOM_AREA_MIN = Decimal(1)  # m²
ROOM_AREA_MAX = Decimal(5000)  # m²
ROOM_SEATS_MAX = 1000
ROOM_COMPUTERS_MAX = 1000


class Room(TimeStampedModel):
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="rooms")
    name = models.CharField(_("name or number"), max_length=120)
    kind = models.CharField(_("kind of room"), max_length=20, choices=RoomKind.choices)
    address = models.CharField(_("address"), max_length=255, blank=True,
                               help_text=_("Only if different from the organization's address."))
    # Plausibility bounds (docs/numbers.md): a larger number is a typing error, not a room.
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=7, decimal_places=2, validators=[
        AtLeast(ROOM_AREA_MIN, message=_("A room's area must be at least %(limit_value)s m².")),
        AtMost(ROOM_AREA_MAX, message=_("A room's area cannot exceed %(limit_value)s m²; check the number (is a "
                                        "decimal comma missing?).")),
    ])
    seats = models.PositiveIntegerField(_("seats (desk and chair)"), default=0, validators=[
        AtMost(ROOM_SEATS_MAX, message=_("A room cannot have more than %(limit_value)s seats; check the number.")),
    ])
    computers = models.PositiveIntegerField(_("computers"), default=0, validators=[
        AtMost(ROOM_COMPUTERS_MAX,
               message=_("A room cannot have more than %(limit_value)s computers; check the number.")),
    ])
    networked = models.BooleanField(_("computers are networked"), default=False)
    licensed_software = models.BooleanField(_("software is owned or licensed"), default=False)
    natural_light = models.BooleanField(_("natural light"), default=False)
    natural_ventilation = models.BooleanField(_("natural ventilation"), default=False)
    washbasin = models.BooleanField(_("washbasin (in the room or its anteroom)"), default=False)
    accessible = models.BooleanField(_("accessible to persons with disabilities"), default=False)
    tenure = models.CharField(_("owned or leased"), max_length=10, choices=Tenure.choices)
    lease_until = models.DateField(_("lease valid until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.tenure == Tenure.LEASED and not self.lease_until:
            raise ValidationError({"lease_until": _("Give the date until which the lease is valid.")})


class HygieneDeclaration(TimeStampedModel):
    """Art. 10: the organization declares each hygiene-technical standard met and attaches evidence."""

    organization = models.OneToOneField(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                        related_name="hygiene")
    lighting = models.BooleanField(_("Lighting"), default=False)
    visibility = models.BooleanField(_("Visibility"), default=False)
    noise = models.BooleanField(_("Protection from noise"), default=False)
    acoustics = models.BooleanField(_("Acoustics"), default=False)
    heating_cooling = models.BooleanField(_("Heating and cooling"), default=False)
    water = models.BooleanField(_("Water supply"), default=False)
    electrical = models.BooleanField(_("Electrical installations"), default=False)
    it = models.BooleanField(_("IT installations"), default=False)
    fire = models.BooleanField(_("Fire protection"), default=False)

    class Meta:
        verbose_name = _("hygiene-technical declaration")
        verbose_name_plural = _("hygiene-technical declarations")

    def __str__(self) -> str:
        return str(self.organization)

    def as_dict(self) -> dict[str, bool]:
        return {key: getattr(self, key) for key, _label in HYGIENE_ITEMS}


class Partner(TimeStampedModel):
    """Art. 15: another JPOA or an employer where learners do practical work."""

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="partners")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind of partner"), max_length=10, choices=PartnerKind.choices)
    contract_signed = models.BooleanField(_("contract signed"), default=False)
    contract_until = models.DateField(_("contract valid until"), null=True, blank=True)
    in_zuov_register = models.BooleanField(_("listed in the ZUOV register of employers"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("practical-work partner")
        verbose_name_plural = _("practical-work partners")

    def __str__(self) -> str:
        return self.name


def _document_path(instance: "Document", filename: str) -> str:
    # Server-made names only: the uploaded name is kept in original_name, never used on disk.
    return f"documents/{instance.organization_id}/{uuid.uuid4().hex}{instance.extension}"


class Document(TimeStampedModel):
    """An evidence file, attached to the thing it proves. Served only through a permission-checked view."""

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="documents")
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    staff_member = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="documents")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    hygiene_item = models.CharField(_("hygiene-technical standard"), max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(self.content_type, "")
