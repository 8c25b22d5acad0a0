"""Reads for the public JPOA register and the Office dashboard. Every function runs a fixed number of queries,
whatever the number of rows."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy

from applications.enums import AccreditationState, ApplicationState, Outcome
from applications.models import Accreditation, Application, Review
from core.models import AuditEvent
from core.ordering import translated_order
from core.textsearch import text_matches
from providers.models import Municipality, Organization

# --- the public register -----------------------------------------------------------------------------------------

STATE_ALL = "all"
REGISTER_STATES = (AccreditationState.ACTIVE, AccreditationState.EXPIRED, AccreditationState.REVOKED)

# What the public may read of an accreditation's history (reminders, actors and notes stay in the Office).
PUBLIC_ACTIONS = {
    "accreditation.granted": pgettext_lazy("register history", "Granted"),
    "accreditation.renewed": pgettext_lazy("register history", "Renewed"),
    "accreditation.expired": pgettext_lazy("register history", "Expired"),
    "accreditation.revoked": pgettext_lazy("register history", "Revoked"),
}


@dataclass(frozen=True)
class RegisterFilters:
    state: str = AccreditationState.ACTIVE
    activity: str = ""
    municipality: int | None = None
    q: str = ""


def _register_state(today: date) -> Case:
    """The state the public sees: an active row past its last day is expired even before the daily job runs."""
    return Case(
        When(state=AccreditationState.REVOKED, then=Value(AccreditationState.REVOKED.value)),
        When(state=AccreditationState.EXPIRED, then=Value(AccreditationState.EXPIRED.value)),
        When(valid_until__lt=today, then=Value(AccreditationState.EXPIRED.value)),
        default=Value(AccreditationState.ACTIVE.value),
        output_field=CharField(),
    )


def matching_organizations(q: str) -> list[int]:
    """Organizations with an accreditation whose name (in any script, any case, with or without diacritics) contains
    ``q`` (every word, in any script, case or word form, begins a word of a name: core.textsearch, the matching of
    every search box), or whose PIB or MB is ``q``. One query, the names matched in Python, so "његош", "NJEGOS" and
    "Његоша" find the same organization on SQLite and PostgreSQL alike."""
    exact = q.strip()
    rows = (Organization.objects.filter(Exists(Accreditation.objects.filter(organization=OuterRef("pk"))))
            .values_list("pk", "name_sr", "name_sr_latn", "name_en", "pib", "mb"))
    return [pk for pk, name_sr, name_latn, name_en, pib, mb in rows
            if exact in (pib, mb) or text_matches(q, name_sr, name_latn, name_en)]


def register_accreditations(filters: RegisterFilters, *, today: date | None = None) -> QuerySet[Accreditation]:
    """Accreditations of the register, filtered, each annotated with ``register_state``."""
    today = today or timezone.localdate()
    accreditations = Accreditation.objects.annotate(register_state=_register_state(today))
    if filters.state != STATE_ALL:
        accreditations = accreditations.filter(register_state=filters.state)
    if filters.activity:
        accreditations = accreditations.filter(activity=filters.activity)
    if filters.municipality:
        accreditations = accreditations.filter(organization__municipality_id=filters.municipality)
    if filters.q.strip():
        accreditations = accreditations.filter(organization_id__in=matching_organizations(filters.q))
    return accreditations


def _name_order(prefix: str = ""):
    """Organizations by the name the page shows, in the Serbian alphabet of its script (core.ordering): on an
    English page the English name where there is one, not the Latin name under it."""
    return translated_order(f"{prefix}name", tie="")[0]


def register_organizations(filters: RegisterFilters, *, today: date | None = None) -> QuerySet[Organization]:
    """Organizations with at least one matching accreditation; each carries them in ``register_rows``.

    Paginate this queryset: a page costs a count, the organizations (with municipality), their accreditations
    and those accreditations' programs — four queries whatever the page holds.
    """
    accreditations = register_accreditations(filters, today=today)
    return (
        Organization.objects.filter(pk__in=accreditations.values("organization_id"))
        .select_related("municipality")
        .order_by(_name_order(), "pk")
        .prefetch_related(Prefetch(
            "accreditations",
            queryset=accreditations.prefetch_related("programs").order_by("activity", "-valid_from", "pk"),
            to_attr="register_rows",
        ))
    )


def register_rows(filters: RegisterFilters, *, today: date | None = None) -> list[Accreditation]:
    """Every matching accreditation (for the CSV and JSON exports): two queries."""
    return list(
        register_accreditations(filters, today=today)
        .select_related("organization", "organization__municipality")
        .prefetch_related("programs")
        .order_by(_name_order("organization__"), "organization_id", "activity", "-valid_from", "pk")
    )


def register_municipalities() -> QuerySet[Municipality]:
    """Municipalities that have an accredited (or formerly accredited) organization: the choices of the filter."""
    return Municipality.objects.filter(
        Exists(Accreditation.objects.filter(organization__municipality=OuterRef("pk")))).order_by(
        *translated_order("name"))


@dataclass
class HistoryEntry:
    at: datetime
    action: str
    label: str


def public_history(accreditations: list[Accreditation]) -> dict[int, list[HistoryEntry]]:
    """Per accreditation, its public events (granted, renewed, expired, revoked) oldest first: one query.

    The rows are those of core.audit.audit_trail(accreditation), read for all accreditations at once and
    without actor or note.
    """
    if not accreditations:
        return {}
    events = (AuditEvent.objects.filter(object_type=Accreditation._meta.label_lower,
                                        object_id__in=[str(a.pk) for a in accreditations],
                                        action__in=list(PUBLIC_ACTIONS))
              .only("object_id", "action", "at").order_by("at", "id"))
    history: dict[int, list[HistoryEntry]] = defaultdict(list)
    for event in events:
        history[int(event.object_id)].append(HistoryEntry(event.at, event.action, str(PUBLIC_ACTIONS[event.action])))
    return history


def register_organization(pk: int) -> Organization | None:
    """An organization that has (or had) an accreditation; None for any other."""
    return (Organization.objects.select_related("municipality")
            .filter(pk=pk).filter(Exists(Accreditation.objects.filter(organization=OuterRef("pk")))).first())


def organization_accreditations(organization: Organization, *, today: date | None = None) -> list[Accreditation]:
    """All of the organization's accreditations, newest first per activity, with programs and public history."""
    rows = list(register_accreditations(RegisterFilters(state=STATE_ALL), today=today)
                .filter(organization=organization).prefetch_related("programs")
                .order_by("activity", "-valid_from", "-pk"))
    history = public_history(rows)
    for row in rows:
        row.public_history = history.get(row.pk, [])
    return rows


# --- the Office dashboard ----------------------------------------------------------------------------------------

# Applications waiting for the Office (with the provider, in changes_requested, the clock is not the Office's).
WITH_THE_OFFICE = (ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW, ApplicationState.RECOMMENDED_APPROVE,
                   ApplicationState.RECOMMENDED_REJECT)
EXPIRY_HORIZON_DAYS = 90


@dataclass
class Bar:
    key: str
    label: str
    value: int
    percent: float = 0.0  # of the largest value in the chart, 0..100


@dataclass
class MonthDecisions:
    month: date
    approved: int = 0
    rejected: int = 0
    approved_percent: float = 0.0
    rejected_percent: float = 0.0

    @property
    def total(self) -> int:
        return self.approved + self.rejected


@dataclass
class OverdueApplication:
    application: Application
    deadline: date
    days_overdue: int


@dataclass
class Dashboard:
    today: date
    states: list[Bar]
    months: list[MonthDecisions]
    median_days: float | None
    decided_count: int
    overdue: list[OverdueApplication]
    expiring: list[Accreditation]
    deadline_days: int
    horizon_days: int = EXPIRY_HORIZON_DAYS
    total_applications: int = field(default=0)


def _percent(value: int, largest: int) -> float:
    return round(100.0 * value / largest, 1) if largest else 0.0


def _month_starts(today: date, count: int = 12) -> list[date]:
    """The first days of the last ``count`` months, oldest first, ending with the current month."""
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def application_counts() -> list[Bar]:
    counts = dict(Application.objects.order_by().values_list("state").annotate(n=Count("pk")))
    largest = max(counts.values(), default=0)
    return [Bar(state.value, str(state.label), counts.get(state.value, 0), _percent(counts.get(state.value, 0),
                                                                                   largest))
            for state in ApplicationState]


def decisions_per_month(today: date) -> list[MonthDecisions]:
    months = _month_starts(today)
    rows = (Review.objects.filter(decided_at__gte=_local_midnight(months[0]),
                                  outcome__in=[Outcome.APPROVE, Outcome.REJECT])
            .annotate(month=TruncMonth("decided_at", output_field=DateField()))
            .order_by().values_list("month", "outcome").annotate(n=Count("pk")))
    by_month = {m: MonthDecisions(m) for m in months}
    for month, outcome, n in rows:
        entry = by_month.get(month)
        if entry is None:  # decided "in the future" (clock skew): not on this chart
            continue
        if outcome == Outcome.APPROVE:
            entry.approved += n
        else:
            entry.rejected += n
    largest = max((max(e.approved, e.rejected) for e in by_month.values()), default=0)
    for entry in by_month.values():
        entry.approved_percent = _percent(entry.approved, largest)
        entry.rejected_percent = _percent(entry.rejected, largest)
    return [by_month[m] for m in months]


def processing_days() -> list[float]:
    """Days from the first submission to the decision, per decided application: one query."""
    rows = (Review.objects.filter(decided_at__isnull=False)
            .annotate(first_submitted=Min("application__submissions__submitted_at"))
            .filter(first_submitted__isnull=False).values_list("decided_at", "first_submitted"))
    return [(decided - first).total_seconds() / 86400 for decided, first in rows]


def overdue_applications(today: date, *, deadline_days: int) -> list[OverdueApplication]:
    """With the Office and submitted more than ``deadline_days`` days ago (submitted_at + deadline < today)."""
    cutoff = _local_midnight(today - timedelta(days=deadline_days))
    rows = (Application.objects.filter(state__in=WITH_THE_OFFICE, submitted_at__lt=cutoff)
            .select_related("organization", "review__reviewer").order_by("submitted_at", "pk"))
    overdue = []
    for application in rows:
        deadline = timezone.localdate(application.submitted_at) + timedelta(days=deadline_days)
        overdue.append(OverdueApplication(application, deadline, (today - deadline).days))
    return overdue


def expiring_accreditations(today: date, *, days: int = EXPIRY_HORIZON_DAYS) -> list[Accreditation]:
    return list(Accreditation.objects.filter(state=AccreditationState.ACTIVE, valid_until__gte=today,
                                             valid_until__lte=today + timedelta(days=days))
                .select_related("organization").order_by("valid_until", "pk"))


def office_dashboard(*, today: date | None = None) -> Dashboard:
    """Everything the dashboard shows, in five queries."""
    today = today or timezone.localdate()
    deadline_days = settings.DECISION_DEADLINE_DAYS
    states = application_counts()
    durations = processing_days()
    return Dashboard(
        today=today,
        states=states,
        months=decisions_per_month(today),
        median_days=round(statistics.median(durations), 1) if durations else None,
        decided_count=len(durations),
        overdue=overdue_applications(today, deadline_days=deadline_days),
        expiring=expiring_accreditations(today),
        deadline_days=deadline_days,
        total_applications=sum(bar.value for bar in states),
    )
