from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person. Office roles are flags set by an administrator; organization roles live in providers.Membership."""

    email = models.EmailField(_("e-mail address"), unique=True)
    is_office_reviewer = models.BooleanField(
        _("office reviewer"), default=False, help_text=_("Reviews applications in the Office's queue.")
    )
    is_office_decider = models.BooleanField(
        _("office decider"), default=False, help_text=_("Approves or rejects applications and revokes status.")
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="sr")

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_office_staff(self) -> bool:
        return self.is_active and (self.is_office_reviewer or self.is_office_decider)
