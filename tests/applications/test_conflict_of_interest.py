"""Issue 14, conflict of interest in the Office: nobody takes, is given, reviews or decides an application of an
organization they belong to or left less than two years ago, and every official declares, in their own name, that
they have no conflict of interest (the reviewer taking it, or before the first review action when a colleague gave
it to them; the decider with the decision). Each declaration is in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from applications import services
from applications.enums import ApplicationState, DeclarationStage, Outcome, Verdict
from applications.models import ConflictDeclaration, OfficialDocument, Review, ReviewFinding
from core.models import AuditEvent
from providers.enums import MembershipRole
from providers.models import PastMembership
from tests.applications.conftest import review_to_recommendation
from tests.applications.test_jpoa_register import make_accreditation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationState
CONFLICT = ("You belong to %(organization)s or left it less than two years ago: because of the conflict of interest "
            "you may not review or decide its application.")
TIES = ["member", "left_a_year_ago", "left_almost_two_years_ago"]


def tie(user, organization, how: str) -> None:
    """Give ``user`` ties to the organization as data that predates the rule could hold (the services refuse it)."""
    now = timezone.now()
    if how == "member":
        MembershipFactory(user=user, organization=organization, role=MembershipRole.COLLEAGUE)
        return
    left = {"left_a_year_ago": now - timedelta(days=365), "left_almost_two_years_ago": now - timedelta(days=728),
            "left_over_two_years_ago": now - timedelta(days=732)}[how]
    PastMembership.objects.create(user=user, organization=organization, role=MembershipRole.COLLEAGUE,
                                  joined_at=left - timedelta(days=900), left_at=left)


def conflict_message(application) -> str:
    return gettext(CONFLICT) % {"organization": application.organization}


def manual(submission) -> dict:
    return next(f for f in submission.report["findings"] if f["status"] == "manual")


# --- taking and assigning -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", TIES)
def test_tied_reviewer_cannot_take_the_application(cast, submitted, how):
    reviewer = UserFactory(is_office_reviewer=True)
    tie(reviewer, cast.organization, how)
    with pytest.raises(ValidationError) as error:
        services.application_assign(submitted, reviewer=reviewer, actor=reviewer, declares_no_conflict=True)
    assert error.value.messages == [conflict_message(submitted)]
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    assert not Review.objects.filter(application=submitted, reviewer=reviewer).exists()
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize("how", TIES)
def test_tied_reviewer_cannot_be_assigned_nor_assign(cast, submitted, how):
    tied = UserFactory(is_office_reviewer=True, first_name="Тијана", last_name="Везана")
    tie(tied, cast.organization, how)
    with pytest.raises(ValidationError) as error:
        services.application_assign(submitted, reviewer=tied, actor=cast.reviewer)
    assert "Тијана Везана" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.application_assign(submitted, reviewer=cast.reviewer, actor=tied)
    assert error.value.messages == [conflict_message(submitted)]
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    assert not AuditEvent.objects.filter(action="application.assigned").exists()


def test_reviewer_who_left_over_two_years_ago_takes_reviews_and_recommends(cast, submitted):
    reviewer = UserFactory(is_office_reviewer=True)
    tie(reviewer, cast.organization, "left_over_two_years_ago")
    services.application_assign(submitted, reviewer=reviewer, actor=reviewer, declares_no_conflict=True)
    submission = submitted.submissions.get()
    for finding in submission.report["findings"]:
        if finding["status"] == "manual":
            services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                           verdict=Verdict.CONFIRMED, comment="", actor=reviewer)
    services.application_recommend(submitted, outcome=Outcome.APPROVE, reasons="", actor=reviewer)
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_APPROVE
    assert submitted.review.recommended_by == reviewer


def test_taking_without_the_declaration_is_refused(cast, submitted):
    with pytest.raises(ValidationError) as error:
        services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer)
    assert list(error.value.error_dict) == ["declaration"]
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    assert not Review.objects.filter(reviewer=cast.reviewer).exists()


def test_take_page_without_the_declaration_shows_the_form_error(client, cast, submitted):
    client.force_login(cast.reviewer)
    url = reverse("office:review", kwargs={"pk": submitted.pk})
    page = client.get(url).content.decode()
    assert 'name="take-declaration"' in page
    response = client.post(reverse("office:take", kwargs={"pk": submitted.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert gettext("Declare that you have no conflict of interest to work on the application.") in page
    assert 'id="take-form"' in page
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    assert not ConflictDeclaration.objects.exists()


def test_taking_with_the_declaration_records_it_in_the_audit_trail(client, cast, submitted):
    client.force_login(cast.reviewer)
    response = client.post(reverse("office:take", kwargs={"pk": submitted.pk}), {"take-declaration": "on"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == S.IN_REVIEW
    assert submitted.review.reviewer == cast.reviewer
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.application, declaration.user, declaration.stage) == (
        submitted, cast.reviewer, DeclarationStage.REVIEW)
    event = AuditEvent.objects.get(action="review.no_conflict_declared")
    assert (event.actor, event.object_type, event.object_id) == (cast.reviewer, "applications.application",
                                                                 str(submitted.pk))
    assert event.data == {"stage": "review", "organization": cast.organization.pk,
                          "organization_name": cast.organization.name, "reference": submitted.reference}
    assert timezone.now() - event.at < timedelta(minutes=1)
    page = client.get(reverse("office:review", kwargs={"pk": submitted.pk})).content.decode()
    assert gettext("Reviewer declared no conflict of interest") in page  # in the application's history


# --- a colleague gives the application: the assignee declares before the first review action -----------------------


def test_assigned_reviewer_declares_before_the_first_review_action(client, cast, submitted):
    colleague = UserFactory(is_office_reviewer=True)
    services.application_assign(submitted, reviewer=colleague, actor=cast.reviewer)
    assert not ConflictDeclaration.objects.exists()  # nobody declares for someone else
    submission = submitted.submissions.get()
    finding = manual(submission)
    with pytest.raises(ValidationError) as error:
        services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                       verdict=Verdict.CONFIRMED, comment="", actor=colleague)
    assert error.value.messages == [gettext("Declare first that you have no conflict of interest with "
                                            "%(organization)s.") % {"organization": cast.organization}]
    client.force_login(colleague)
    review_url = reverse("office:review", kwargs={"pk": submitted.pk})
    page = client.get(review_url).content.decode()
    assert 'id="declare-form"' in page
    assert reverse("office:verdict", kwargs={"pk": submitted.pk}) not in page  # no review forms yet
    declare_url = reverse("office:declare", kwargs={"pk": submitted.pk})
    response = client.post(declare_url)
    assert gettext("Declare that you have no conflict of interest to work on the application.") in (
        response.content.decode())
    assert not ConflictDeclaration.objects.exists()
    assert client.post(declare_url, {"declare-declaration": "on"}).status_code == 302
    assert ConflictDeclaration.objects.get().user == colleague
    assert AuditEvent.objects.get(action="review.no_conflict_declared").actor == colleague
    page = client.get(review_url).content.decode()
    assert 'id="declare-form"' not in page
    assert reverse("office:verdict", kwargs={"pk": submitted.pk}) in page
    services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                   verdict=Verdict.CONFIRMED, comment="", actor=colleague)
    assert ReviewFinding.objects.get().reviewer == colleague


def test_only_the_assigned_reviewer_can_declare(cast, submitted):
    colleague = UserFactory(is_office_reviewer=True)
    services.application_assign(submitted, reviewer=colleague, actor=cast.reviewer)
    with pytest.raises(ValidationError):
        services.review_declare(submitted, actor=cast.reviewer)
    with pytest.raises(PermissionDenied):
        services.review_declare(submitted, actor=cast.decider)
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize("how", TIES)
def test_tied_reviewer_cannot_declare(cast, submitted, how):
    colleague = UserFactory(is_office_reviewer=True)
    services.application_assign(submitted, reviewer=colleague, actor=cast.reviewer)
    tie(colleague, cast.organization, how)
    with pytest.raises(ValidationError) as error:
        services.review_declare(submitted, actor=colleague)
    assert error.value.messages == [conflict_message(submitted)]
    assert not ConflictDeclaration.objects.exists()


# --- review actions by a reviewer whose ties appear after taking it --------------------------------------------------


@pytest.fixture
def taken_then_tied(cast, submitted, request):
    """The reviewer took the application (declaring), and then turned out to have ties to the organization."""
    reviewer = UserFactory(is_office_reviewer=True)
    services.application_assign(submitted, reviewer=reviewer, actor=reviewer, declares_no_conflict=True)
    tie(reviewer, cast.organization, request.param)
    return reviewer


@pytest.mark.parametrize("taken_then_tied", TIES, indirect=True)
def test_tied_reviewer_cannot_record_verdicts_or_findings(cast, submitted, taken_then_tied):
    submission = submitted.submissions.get()
    finding = manual(submission)
    with pytest.raises(ValidationError) as error:
        services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                       verdict=Verdict.CONFIRMED, comment="", actor=taken_then_tied)
    assert error.value.messages == [conflict_message(submitted)]
    with pytest.raises(ValidationError):
        services.review_finding_add(submission, provision=finding["provision"], subject="organization",
                                    comment="Налаз.", actor=taken_then_tied)
    assert not ReviewFinding.objects.exists()


@pytest.mark.parametrize("taken_then_tied", TIES, indirect=True)
def test_tied_reviewer_cannot_request_changes_or_recommend(client, cast, submitted, taken_then_tied):
    with pytest.raises(ValidationError):
        services.application_request_changes(submitted, actor=taken_then_tied, note="Допунити.", items=[])
    with pytest.raises(ValidationError) as error:
        services.application_recommend(submitted, outcome=Outcome.REJECT, reasons="Не.", actor=taken_then_tied)
    assert error.value.messages == [conflict_message(submitted)]
    client.force_login(taken_then_tied)
    response = client.post(reverse("office:recommend", kwargs={"pk": submitted.pk}),
                           {"outcome": Outcome.REJECT, "reasons": "Не."})
    assert conflict_message(submitted) in response.content.decode()
    page = client.get(reverse("office:review", kwargs={"pk": submitted.pk})).content.decode()
    assert 'id="conflict"' in page and conflict_message(submitted) in page
    assert reverse("office:recommend", kwargs={"pk": submitted.pk}) not in page
    submitted.refresh_from_db()
    assert submitted.state == S.IN_REVIEW


# --- deciding -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", TIES)
def test_tied_decider_cannot_decide(client, cast, submitted, how):
    review_to_recommendation(cast, submitted)
    decider = UserFactory(is_office_decider=True)
    tie(decider, cast.organization, how)
    assert services.four_eyes_refusal(submitted, decider) == conflict_message(submitted)
    with pytest.raises(PermissionDenied):
        services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=decider,
                                    expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    client.force_login(decider)
    page = client.get(reverse("office:review", kwargs={"pk": submitted.pk})).content.decode()
    assert conflict_message(submitted) in page
    assert reverse("office:decide", kwargs={"pk": submitted.pk}) not in page
    response = client.post(reverse("office:decide", kwargs={"pk": submitted.pk}), {
        "outcome": Outcome.APPROVE, "reasons": "", "expected_state": S.RECOMMENDED_APPROVE, "declaration": "on"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_APPROVE
    assert not OfficialDocument.objects.exists()
    assert not ConflictDeclaration.objects.filter(stage=DeclarationStage.DECISION).exists()


def test_decider_who_left_over_two_years_ago_decides(cast, submitted):
    review_to_recommendation(cast, submitted)
    decider = UserFactory(is_office_decider=True)
    tie(decider, cast.organization, "left_over_two_years_ago")
    services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=decider,
                                expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    submitted.refresh_from_db()
    assert submitted.state == S.APPROVED


def test_deciding_without_the_declaration_is_refused(cast, submitted):
    review_to_recommendation(cast, submitted)
    with pytest.raises(ValidationError) as error:
        services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.decider,
                                    expected_state=S.RECOMMENDED_APPROVE)
    assert list(error.value.error_dict) == ["declaration"]
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_APPROVE
    assert not OfficialDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="decision.no_conflict_declared").exists()


def test_decide_page_requires_the_declaration_and_records_it(client, cast, submitted):
    review_to_recommendation(cast, submitted, outcome=Outcome.REJECT, reasons="Нема простора.")
    client.force_login(cast.decider)
    url = reverse("office:decide", kwargs={"pk": submitted.pk})
    assert 'name="declaration"' in client.get(url).content.decode()
    data = {"outcome": Outcome.REJECT, "reasons": "Нема простора.", "expected_state": S.RECOMMENDED_REJECT}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert gettext("Declare that you have no conflict of interest to decide.") in page
    assert "Нема простора." in page  # what was typed is kept
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_REJECT
    client.post(url, {**data, "declaration": "on"})
    submitted.refresh_from_db()
    assert submitted.state == S.REJECTED
    declaration = ConflictDeclaration.objects.get(stage=DeclarationStage.DECISION)
    assert declaration.user == cast.decider
    event = AuditEvent.objects.get(action="decision.no_conflict_declared")
    assert (event.actor, event.object_id, event.data["organization"]) == (
        cast.decider, str(submitted.pk), cast.organization.pk)


def test_a_stale_decision_leaves_no_declaration(cast, submitted):
    review_to_recommendation(cast, submitted)
    services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.decider,
                                expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    late = UserFactory(is_office_decider=True)
    with pytest.raises(services.StaleState):
        services.application_decide(submitted, outcome=Outcome.REJECT, reasons="Касно.", actor=late,
                                    expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    assert not ConflictDeclaration.objects.filter(user=late).exists()


@pytest.mark.parametrize("how", TIES)
def test_tied_decider_cannot_revoke(cast, how):
    accreditation = make_accreditation(cast.organization)
    decider = UserFactory(is_office_decider=True)
    tie(decider, cast.organization, how)
    with pytest.raises(ValidationError):
        services.accreditation_revoke(accreditation, reasons="Разлог.", actor=decider)
    accreditation.refresh_from_db()
    assert accreditation.state == "active"
