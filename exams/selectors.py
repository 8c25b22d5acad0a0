"""Reads of the exams app: the school's list of issued certificates, with its filters and CSV export, and what a
school still has to do (exams to record, certificates to issue; its landing page)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from exams.enums import CertificateKind, CertificateStatus, Grade, SessionState
from exams.models import Certificate, ExamResult, ExamSession

RECORD_HORIZON_DAYS = 14


def certificates_of(organization, *, program=None, cohort=None, status: str = "", issued_from: dt.date | None = None,
                    issued_until: dt.date | None = None) -> QuerySet[Certificate]:
    """The certificates ``organization`` issued, newest first, narrowed by the list's filters."""
    certificates = (Certificate.objects.filter(issuer=organization)
                    .select_related("result__learner", "result__session__cohort", "program", "replaces")
                    .order_by("-issued_on", "-pk"))
    if program is not None:
        certificates = certificates.filter(program=program)
    if cohort is not None:
        certificates = certificates.filter(result__session__cohort=cohort)
    if status == CertificateStatus.VALID:
        certificates = certificates.filter(revoked_at__isnull=True)
    elif status == CertificateStatus.REVOKED:
        certificates = certificates.filter(revoked_at__isnull=False)
    elif status == CertificateStatus.DUPLICATE:
        certificates = certificates.filter(kind=CertificateKind.DUPLICATE)
    elif status == CertificateStatus.REISSUE:
        certificates = certificates.filter(kind=CertificateKind.REISSUE)
    if issued_from is not None:
        certificates = certificates.filter(issued_on__gte=issued_from)
    if issued_until is not None:
        certificates = certificates.filter(issued_on__lte=issued_until)
    return certificates


def certificates_table(certificates):
    """The list as a person exports it (core.exports): headers in the page's language, labels not codes, names in
    the page's script, dates as dates."""
    from core.exports import Table
    from core.scripts import for_page

    def rows():
        for c in certificates.iterator(chunk_size=500):
            learner, session = c.result.learner, c.result.session
            state = pgettext("certificate", "Revoked") if c.revoked_at else pgettext("certificate", "In force")
            yield [c.serial, c.get_kind_display(), state, c.issued_on, for_page(learner.first_name),
                   for_page(learner.last_name), for_page(c.program.name), for_page(session.cohort.name),
                   session.held_on, timezone.localdate(c.revoked_at) if c.revoked_at else None,
                   c.get_revocation_reason_display() if c.revoked_at else None,
                   c.replaces.serial if c.replaces else None]

    header = [_("Serial number"), _("Kind"), _("State"), _("Issued on"), _("First name"), _("Last name"),
              _("Program"), _("Cohort"), _("Date of the exam"), _("Revoked on"), _("Reason for revocation"),
              _("Replaces")]
    return Table(title=_("Certificates"), header=header, rows=rows())


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
