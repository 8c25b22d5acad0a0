"""What the page each person lands on after signing in (accounts:dashboard) lists as needing their action.

Gathered on the roof because it reads apps above accounts (settings.PORTAL_WORK names it for accounts, which may not
import them): a provider's change requests, expiring status and drafts (applications), a school's exams to record
and certificates to issue (exams), the Office's queue and deadlines (applications). Each list is a selector of its
app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from applications import selectors as application_selectors
from exams.selectors import certificates_to_issue, exams_to_record
from providers.selectors import membership_of


@dataclass
class ExamWork:
    to_record: list = field(default_factory=list)  # (session, results still without a grade)
    to_issue: list = field(default_factory=list)  # (session, passed results without a certificate in force)

    @property
    def empty(self) -> bool:
        return not (self.to_record or self.to_issue)




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
