"""What the page each person lands on after signing in (accounts:dashboard) lists as needing their action.

Gathered on the roof because it reads apps above accounts (settings.PORTAL_WORK names it for accounts, which may not
import them): a provider's change requests, expiring status and drafts (applications), a school's exams to record
and certificates to issue (exams), the Office's queue and deadlines (applications). Each list is a selector of its
app; the exams app has no selector for its two lists yet, so they are read here (exams_to_record and
certificates_to_issue are meant to move to exams/selectors.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.utils import timezone

from applications import selectors as application_selectors
from exams.enums import Grade, SessionState
from exams.models import Certificate, ExamResult, ExamSession
from providers.selectors import membership_of

RECORD_HORIZON_DAYS = 14


@dataclass
class ExamWork:
    to_record: list = field(default_factory=list)  # (session, results still without a grade)
    to_issue: list = field(default_factory=list)  # (session, passed results without a certificate in force)

    @property
    def empty(self) -> bool:
        return not (self.to_record or self.to_issue)


def exams_to_record(organization, *, today: dt.date) -> list:
    """Exam sessions of the organization's cohorts held (or to be held within RECORD_HORIZON_DAYS) with a learner's
    result still to record. One query."""
    sessions = (ExamSession.objects.filter(cohort__organization=organization,
                                           held_on__lte=today + dt.timedelta(days=RECORD_HORIZON_DAYS))
                .annotate(open_results=Count("results", filter=Q(results__grade="")))
                .filter(Q(open_results__gt=0) | Q(state=SessionState.PLANNED))
                .select_related("cohort__program").order_by("held_on", "pk"))
    return [(session, session.open_results) for session in sessions[:50]]


def certificates_to_issue(organization) -> list:
    """Exam sessions with passed learners who have no certificate in force yet. Two queries."""
    valid = Certificate.objects.filter(result=OuterRef("pk"), revoked_at__isnull=True)
    counts = dict(ExamResult.objects.filter(session__cohort__organization=organization, grade=Grade.PASSED)
                  .exclude(Exists(valid)).order_by().values("session").annotate(n=Count("pk"))
                  .values_list("session", "n"))
    sessions = (ExamSession.objects.filter(pk__in=list(counts)[:50]).select_related("cohort__program")
                .order_by("held_on", "pk"))
    return [(session, counts[session.pk]) for session in sessions]


def work_context(request) -> dict:
    """The lists of accounts:dashboard (settings.PORTAL_WORK): ``office``, ``provider`` and ``exams`` — each None
    when the person has no such work."""
    today = timezone.localdate()
    user = request.user
    membership = membership_of(user)
    context = {"work_office": None, "work_provider": None, "work_exams": None, "work_today": today}
    if user.is_office_reviewer or user.is_office_decider or user.is_superuser:
        context["work_office"] = application_selectors.office_work(user, today=today)
    if membership is not None:
        organization = membership.organization
        context["work_provider"] = application_selectors.provider_work(organization, today=today)
        context["work_exams"] = ExamWork(exams_to_record(organization, today=today),
                                         certificates_to_issue(organization))
    return context
