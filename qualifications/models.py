"""The NOKS register: levels with their descriptors, sectors, and qualification standards."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class NoksLevel(models.Model):
    """A level of the framework (1, 2, 3, 4, 5, 6.1, 6.2, 7.1, 7.2, 8) with its EQF level and descriptors.

    The training_* fields are the level-to-hours rules known for non-formal adult education; the rules engine
    reads them through qualifications.selectors.level_hours_rules().
    """

    code = models.CharField(_("code"), max_length=4, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"))
    name = models.CharField(_("name"), max_length=80)
    typical = models.TextField(_("typical qualifications"), blank=True)
    knowledge = models.TextField(_("knowledge"))
    skills = models.TextField(_("skills"))
    abilities_attitudes = models.TextField(_("abilities and attitudes"))
    training_min_hours = models.PositiveIntegerField(_("training: at least (hours)"), null=True, blank=True)
    training_max_hours = models.PositiveIntegerField(_("training: at most (hours)"), null=True, blank=True)
    training_min_months = models.PositiveSmallIntegerField(_("training: at least (months)"), null=True, blank=True)
    requires_level = models.ForeignKey(
        "self", verbose_name=_("requires level already held"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("NOKS level")
        verbose_name_plural = _("NOKS levels")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qualifications:level", kwargs={"code": self.code})


class Sector(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class QualificationStandard(TimeStampedModel):
    code = models.CharField(
        _("code"), max_length=32, unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9.\-/]+$", _("Use letters, digits, dots, dashes and slashes."))],
    )
    name = models.CharField(_("name"), max_length=255)
    level = models.ForeignKey(NoksLevel, verbose_name=_("NOKS level"), on_delete=models.PROTECT,
                              related_name="standards")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="standards")
    purpose = models.TextField(_("purpose"), blank=True)
    outcomes = models.TextField(_("learning outcomes"), help_text=_("One outcome per line."))
    min_hours = models.PositiveIntegerField(_("at least (hours)"), null=True, blank=True,
                                            validators=[MinValueValidator(1)])
    max_hours = models.PositiveIntegerField(_("at most (hours)"), null=True, blank=True,
                                            validators=[MinValueValidator(1)])
    min_months = models.PositiveSmallIntegerField(_("at least (months)"), null=True, blank=True)
    requires_level = models.ForeignKey(NoksLevel, verbose_name=_("requires level already held"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    is_published = models.BooleanField(_("published"), default=True)
    search_text = models.TextField(editable=False, default="", help_text="fold() of code, names and outcomes")

    class Meta:
        ordering = ["level__order", "code"]
        verbose_name = _("qualification standard")
        verbose_name_plural = _("qualification standards")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("qualifications:standard", kwargs={"code": self.code})

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in (self.outcomes or "").splitlines() if line.strip()]
