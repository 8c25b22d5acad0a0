from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """What a user is to the portal. Provider and school roles come from the membership of an organization."""

    ANONYMOUS = "anonymous", pgettext_lazy("role", "Visitor")
    PROVIDER_OWNER = "provider_owner", pgettext_lazy("role", "Organization owner")
    PROVIDER_COLLEAGUE = "provider_colleague", pgettext_lazy("role", "Organization colleague")
    SCHOOL_OWNER = "school_owner", pgettext_lazy("role", "School owner")
    SCHOOL_COLLEAGUE = "school_colleague", pgettext_lazy("role", "School colleague")
    REVIEWER = "reviewer", pgettext_lazy("role", "Office reviewer")
    DECIDER = "decider", pgettext_lazy("role", "Office decider")
    ADMINISTRATOR = "administrator", pgettext_lazy("role", "Administrator")
    UNAFFILIATED = "unaffiliated", pgettext_lazy("role", "User without an organization")
