from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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
    # True by default: accounts made by an administrator (the admin, createsuperuser), the demo data and the accounts
    # that existed before confirmation was introduced count as confirmed. Only self-registration
    # (providers.services.provider_register) makes an account with False; the link it mails sets it to True.
    email_confirmed = models.BooleanField(
        _("e-mail address confirmed"), default=True,
        help_text=_("Until the address is confirmed, the account may sign in but not change anything."),
    )
    email_confirmation_sent_at = models.DateTimeField(_("confirmation link sent"), null=True, blank=True)
    # How many notices of the inbox (Notice) are unread: kept with the user so the header shows it without a query;
    # written only by accounts.notices (sending adds, reading subtracts, "all read" resets).
    unread_notices = models.PositiveIntegerField(_("unread notices"), default=0, editable=False)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The name as typed, shown in the page's script: Latin on the Latin and English pages (core.scripts)."""
        from core.scripts import for_page

        return for_page(super().get_full_name())

    @property
    def is_office_staff(self) -> bool:
        return self.is_active and (self.is_office_reviewer or self.is_office_decider)


class SecondFactorFailure(models.Model):
    """One wrong second-factor code, with where it came from: the throttle counts them per session, per client
    network and per account (accounts.services.second_factor_throttle), so wrong codes from one place never lock the
    owner out of another."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="second_factor_failures")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    session = models.CharField(max_length=64)  # a digest of the session key, never the key itself
    network = models.CharField(max_length=64)  # the client's IPv4 address, or its IPv6 /64 network

    class Meta:
        verbose_name = _("wrong second-factor code")
        verbose_name_plural = _("wrong second-factor codes")
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d %H:%M:%S} {self.network}"


class Notice(models.Model):
    """One notice in a person's in-portal inbox: every message the portal e-mails them is also kept here, and the
    Office's notices (new submissions, answered change requests, deadlines) arrive here too. Written only through
    accounts.notices.notice_send; ``key`` (when given) makes a notice once-only per person (a daily job's reminder)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notices")
    created = models.DateTimeField(_("created"), default=timezone.now)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread"),
                   models.Index(fields=["user", "-created"], name="notice_user_created")]
        constraints = [models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                               name="one_notice_per_user_key")]

    def __str__(self) -> str:
        return self.subject
