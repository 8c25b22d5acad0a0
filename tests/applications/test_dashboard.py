"""The Office dashboard: who may see it, what it counts, and that it counts in the database."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.enums import AccreditationState, ApplicationState
from applications.models import Application, Review, Submission
from applications.selectors_jpoa import office_dashboard
from tests.applications.test_jpoa_register import make_accreditation
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(12)))  # noon: no DST edge
TODAY = timezone.localdate()


def _application(organization, state, *, submitted_days_ago=None) -> Application:
    application = Application.objects.create(organization=organization, state=state)
    if submitted_days_ago is not None:
        application.submitted_at = NOW - dt.timedelta(days=submitted_days_ago)
        application.save(update_fields=["submitted_at"])
    return application


def _decided(organization, *, outcome, first_submitted, decided_at, resubmitted=None) -> Application:
    state = ApplicationState.APPROVED if outcome == "approve" else ApplicationState.REJECTED
    application = _application(organization, state)
    for number, at in enumerate([first_submitted, *([resubmitted] if resubmitted else [])], start=1):
        submission = Submission.objects.create(application=application, number=number, regulation="P89-2015",
                                               facts={}, report={}, records={})
        Submission.objects.filter(pk=submission.pk).update(submitted_at=at)
    Review.objects.create(application=application, outcome=outcome, decided_at=decided_at)
    return application


@pytest.mark.parametrize("role,expected", [
    ("anonymous", "login"), ("owner", 403), ("colleague", 403), ("other", 403), ("school", 403),
    ("reviewer", 200), ("decider", 200), ("admin", 200),
])
def test_dashboard_per_role(client, cast, role, expected):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("jpoa:dashboard"))
    if expected == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_dashboard_counts_applications_per_state(client, cast):
    for state, count in ((ApplicationState.DRAFT, 3), (ApplicationState.IN_REVIEW, 2),
                         (ApplicationState.APPROVED, 1)):
        for _i in range(count):
            _application(cast.organization, state)
    client.force_login(cast.reviewer)
    response = client.get(reverse("jpoa:dashboard"))
    counts = {bar.key: bar.value for bar in response.context["dashboard"].states}
    assert counts == {state.value: {"draft": 3, "in_review": 2, "approved": 1}.get(state.value, 0)
                      for state in ApplicationState}
    html = response.content.decode()
    assert re.search(r'<tr data-state="draft"><th scope="row"[^>]*>[^<]+</th><td class="text-end">3</td>', html)
    assert response.context["dashboard"].total_applications == 6


def test_dashboard_decisions_per_month_and_median(client, cast):
    this_month = timezone.make_aware(dt.datetime(TODAY.year, TODAY.month, 1, 12, 0))
    last_month = this_month - dt.timedelta(days=20)
    long_ago = this_month - dt.timedelta(days=500)
    _decided(cast.organization, outcome="approve", first_submitted=this_month - dt.timedelta(days=10),
             decided_at=this_month)
    _decided(cast.organization, outcome="approve", first_submitted=last_month - dt.timedelta(days=40),
             decided_at=last_month, resubmitted=last_month - dt.timedelta(days=2))
    _decided(cast.organization, outcome="reject", first_submitted=last_month - dt.timedelta(days=20),
             decided_at=last_month)
    _decided(cast.organization, outcome="reject", first_submitted=long_ago - dt.timedelta(days=30),
             decided_at=long_ago)  # counts for the median, not on the 12-month chart
    data = office_dashboard(today=TODAY)
    assert len(data.months) == 12
    assert data.months[-1].month == dt.date(TODAY.year, TODAY.month, 1)
    by_month = {m.month: (m.approved, m.rejected) for m in data.months if m.total}
    assert by_month == {timezone.localdate(this_month).replace(day=1): (1, 0),
                        timezone.localdate(last_month).replace(day=1): (1, 1)}
    # 10, 40 (from the first submission, not the resubmission), 20 and 30 days: the median is 25.
    assert data.median_days == 25.0
    assert data.decided_count == 4


def test_dashboard_lists_overdue_applications_with_the_office(client, cast, settings):
    settings.DECISION_DEADLINE_DAYS = 60
    overdue = _application(cast.organization, ApplicationState.IN_REVIEW, submitted_days_ago=65)
    _application(cast.organization, ApplicationState.SUBMITTED, submitted_days_ago=30)  # within the deadline
    _application(cast.organization, ApplicationState.CHANGES_REQUESTED, submitted_days_ago=200)  # with the provider
    _application(cast.organization, ApplicationState.APPROVED, submitted_days_ago=200)  # decided
    recommended = _application(cast.other_organization, ApplicationState.RECOMMENDED_REJECT, submitted_days_ago=90)
    client.force_login(cast.decider)
    response = client.get(reverse("jpoa:dashboard"))
    items = response.context["dashboard"].overdue
    assert [item.application.pk for item in items] == [recommended.pk, overdue.pk]
    assert [item.days_overdue for item in items] == [30, 5]
    html = response.content.decode()
    assert overdue.reference in html and recommended.reference in html
    assert reverse("jpoa:dossier", kwargs={"pk": overdue.pk}) in html


def test_dashboard_lists_accreditations_expiring_within_90_days(client, cast):
    soon = make_accreditation(OrganizationFactory(), valid_until=TODAY + dt.timedelta(days=30))
    edge = make_accreditation(OrganizationFactory(), valid_until=TODAY + dt.timedelta(days=90))
    make_accreditation(OrganizationFactory(), valid_until=TODAY + dt.timedelta(days=91))
    make_accreditation(OrganizationFactory(), valid_until=TODAY + dt.timedelta(days=10),
                       state=AccreditationState.REVOKED)
    client.force_login(cast.reviewer)
    response = client.get(reverse("jpoa:dashboard"))
    assert [a.pk for a in response.context["dashboard"].expiring] == [soon.pk, edge.pk]
    assert soon.organization.name in response.content.decode()


def test_dashboard_charts_are_accessible_svg_with_tables(client, cast):
    _application(cast.organization, ApplicationState.DRAFT)
    _decided(cast.organization, outcome="approve", first_submitted=NOW - dt.timedelta(days=3), decided_at=NOW)
    client.force_login(cast.reviewer)
    with translation.override("en"):
        url = reverse("jpoa:dashboard")
    html = client.get(url).content.decode()
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 2
    assert all('role="img"' in svg and 'aria-label="' in svg for svg in svgs)
    assert "Draft: 1" in svgs[0]
    assert "1 approved and 0 rejected" in svgs[1]
    assert html.count("<caption>") >= 2
    assert '<th scope="col">Month</th>' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    # The SVG geometry is never localized (a decimal comma would break it).
    assert not re.search(r'(?:width|height|x|y)="\d+,\d', html)


def test_dashboard_svg_numbers_stay_dotted_in_serbian(client, cast):
    for _i in range(3):
        _application(cast.organization, ApplicationState.DRAFT)
    _application(cast.organization, ApplicationState.SUBMITTED)
    client.force_login(cast.reviewer)
    html = client.get(reverse("jpoa:dashboard")).content.decode()  # /sr/: decimal comma elsewhere
    assert re.search(r'width="113\.\d"', html)


def test_dashboard_query_count_is_constant(client, cast, django_assert_num_queries):
    client.force_login(cast.reviewer)
    _decided(cast.organization, outcome="approve", first_submitted=NOW - dt.timedelta(days=9), decided_at=NOW)
    _application(cast.organization, ApplicationState.IN_REVIEW, submitted_days_ago=100)
    make_accreditation(OrganizationFactory(), valid_until=TODAY + dt.timedelta(days=20))
    client.get(reverse("jpoa:dashboard"))  # warm the session
    # session, user, the second factor's device, membership (base layout), then 5: states, months, durations,
    # overdue, expiring
    with django_assert_num_queries(9) as small:
        client.get(reverse("jpoa:dashboard"))
    for i in range(12):
        _decided(cast.other_organization, outcome="reject" if i % 2 else "approve",
                 first_submitted=NOW - dt.timedelta(days=40 + i), decided_at=NOW - dt.timedelta(days=i * 20))
        _application(cast.other_organization, ApplicationState.SUBMITTED, submitted_days_ago=70 + i)
        make_accreditation(OrganizationFactory(), valid_until=TODAY + dt.timedelta(days=i * 5))
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("jpoa:dashboard"))
    assert len(response.context["dashboard"].overdue) == 13
    assert len(response.context["dashboard"].expiring) == 13
