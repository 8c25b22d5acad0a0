from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class OrganizationKind(models.TextChoices):
    JPOA = "jpoa", _("Adult-education organization (JPOA applicant)")
    SECONDARY_SCHOOL = "secondary_school", _("Secondary school")
    PRIMARY_SCHOOL = "primary_school", _("Primary school")

    @classmethod
    def schools(cls) -> tuple[str, ...]:
        return (cls.SECONDARY_SCHOOL, cls.PRIMARY_SCHOOL)


class MembershipRole(models.TextChoices):
    OWNER = "owner", pgettext_lazy("membership", "Owner")
    COLLEAGUE = "colleague", pgettext_lazy("membership", "Colleague")


class InvitationState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")
