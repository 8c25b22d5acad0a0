from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from noks_portal.models import TimeStampedModel
from providers.enums import InvitationState, MembershipRole, OrganizationKind
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
