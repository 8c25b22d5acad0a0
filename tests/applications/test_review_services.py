"""The Office's workflow as services: the transition table, assignment, verdicts, recommendation, four eyes."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications import services
from applications.enums import TRANSITIONS, Actor, ApplicationState, DocumentKind, Outcome, Verdict
from applications.models import Accreditation, Application, OfficialDocument, ReviewFinding
from core.models import AuditEvent
from tests.applications.conftest import approve, review_to_recommendation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = ApplicationState
ACTORS = {"owner": Actor.PROVIDER, "other": None, "reviewer": Actor.REVIEWER, "decider": Actor.DECIDER}


@pytest.mark.parametrize(("from_state", "to_state", "who"),
                         list(itertools.product(S.values, S.values, ACTORS)))
def test_transition_table_every_state_pair_and_actor(cast, from_state, to_state, who):
    application = Application.objects.create(organization=cast.organization, state=from_state)
    events = AuditEvent.objects.count()
    allowed_actor = TRANSITIONS.get((from_state, to_state))
    actor = getattr(cast, who)
    if allowed_actor is not None and allowed_actor == ACTORS[who]:
        services.application_transition(application, to_state, actor=actor)
        application.refresh_from_db()
        assert application.state == to_state
        event = AuditEvent.objects.latest("id")
        assert (event.action, event.from_state, event.to_state, event.actor) == (
            "application.transition", from_state, to_state, actor)
    else:
        expected = ValidationError if allowed_actor is None else PermissionDenied
        with pytest.raises(expected):
            services.application_transition(application, to_state, actor=actor)
        application.refresh_from_db()
        assert application.state == from_state
        assert AuditEvent.objects.count() == events


def test_taking_a_submitted_application_puts_it_in_review(cast, submitted):
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    submitted.refresh_from_db()
    assert submitted.state == S.IN_REVIEW
    assert submitted.review.reviewer == cast.reviewer
    assert AuditEvent.objects.filter(action="application.assigned", object_id=str(submitted.pk)).count() == 1


def test_only_office_reviewers_take_or_are_given_applications(cast, submitted):
    with pytest.raises(PermissionDenied):
        services.application_assign(submitted, reviewer=cast.owner, actor=cast.owner, declares_no_conflict=True)
    with pytest.raises(ValidationError):
        services.application_assign(submitted, reviewer=cast.decider, actor=cast.reviewer)
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def _manual(submission) -> dict:
    return next(f for f in submission.report["findings"] if f["status"] == "manual")


def test_only_the_assigned_reviewer_records_verdicts(cast, submitted):
    colleague = UserFactory(is_office_reviewer=True)
    services.application_assign(submitted, reviewer=colleague, actor=cast.reviewer)
    submission = submitted.submissions.get()
    finding = _manual(submission)
    with pytest.raises(ValidationError):
        services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                       verdict=Verdict.CONFIRMED, comment="", actor=cast.reviewer)
    services.review_declare(submitted, actor=colleague)  # given it by a colleague: declares first
    services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                   verdict=Verdict.CONFIRMED, comment="", actor=colleague)
    assert ReviewFinding.objects.get().reviewer == colleague


def test_a_verdict_is_only_for_a_manual_finding_and_not_met_needs_a_reason(cast, submitted):
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    submission = submitted.submissions.get()
    passed = next(f for f in submission.report["findings"] if f["status"] == "pass")
    with pytest.raises(ValidationError):
        services.review_verdict_record(submission, provision=passed["provision"], subject=passed["subject"],
                                       verdict=Verdict.CONFIRMED, comment="", actor=cast.reviewer)
    finding = _manual(submission)
    with pytest.raises(ValidationError) as error:
        services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                       verdict=Verdict.NOT_MET, comment="  ", actor=cast.reviewer)
    assert "comment" in error.value.error_dict
    services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                   verdict=Verdict.NOT_MET, comment="Нема доказа.", actor=cast.reviewer)
    services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                   verdict=Verdict.CONFIRMED, comment="Доказ достављен.", actor=cast.reviewer)
    verdict = ReviewFinding.objects.get()  # recorded again = changed, not duplicated
    assert (verdict.verdict, verdict.comment) == (Verdict.CONFIRMED, "Доказ достављен.")


def test_own_findings_cite_a_real_provision(cast, submitted):
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    submission = submitted.submissions.get()
    with pytest.raises(ValidationError) as error:
        services.review_finding_add(submission, provision="P89-99.9", subject="organization", comment="x",
                                    actor=cast.reviewer)
    assert "provision" in error.value.error_dict
    finding = services.review_finding_add(submission, provision="P89-13.2", subject="organization",
                                          comment="Опрема не одговара програму.", actor=cast.reviewer)
    assert (finding.own, finding.verdict) == (True, Verdict.NOT_MET)


def test_approval_is_recommended_only_when_nothing_blocks_it(cast, submitted):
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    submission = submitted.submissions.get()
    manual = [f for f in submission.report["findings"] if f["status"] == "manual"]
    assert manual
    with pytest.raises(ValidationError) as error:
        services.application_recommend(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.reviewer)
    assert str(len(manual)) in " ".join(error.value.messages)
    for finding in manual:
        services.review_verdict_record(submission, provision=finding["provision"], subject=finding["subject"],
                                       verdict=Verdict.CONFIRMED, comment="", actor=cast.reviewer)
    services.review_finding_add(submission, provision="P89-13.2", subject="organization", comment="Недостаје.",
                                actor=cast.reviewer)
    with pytest.raises(ValidationError):  # the reviewer's own "not met" blocks approval too
        services.application_recommend(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.reviewer)
    ReviewFinding.objects.filter(own=True).update(verdict=Verdict.CONFIRMED)
    services.application_recommend(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.reviewer)
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_APPROVE


def test_rejection_needs_reasons(cast, submitted):
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    with pytest.raises(ValidationError) as error:
        services.application_recommend(submitted, outcome=Outcome.REJECT, reasons=" ", actor=cast.reviewer)
    assert "reasons" in error.value.error_dict
    services.application_recommend(submitted, outcome=Outcome.REJECT, reasons="Простор не испуњава услове.",
                                   actor=cast.reviewer)
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_REJECT


def test_four_eyes_the_reviewer_cannot_decide_even_as_a_decider(cast, submitted):
    both = UserFactory(is_office_reviewer=True, is_office_decider=True)
    services.application_assign(submitted, reviewer=both, actor=both, declares_no_conflict=True)
    cast.reviewer = both
    review_to_recommendation(cast, submitted)
    with pytest.raises(PermissionDenied):
        services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=both,
                                    expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    with pytest.raises(PermissionDenied):  # a reviewer without the decider flag cannot decide at all
        services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="",
                                    actor=UserFactory(is_office_reviewer=True), expected_state=S.RECOMMENDED_APPROVE,
                                    declares_no_conflict=True)
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_APPROVE
    assert not Accreditation.objects.exists()


def test_approval_grants_an_accreditation_per_activity_and_issues_the_documents(cast, submitted, settings):
    settings.ACCREDITATION_YEARS = 5
    approve(cast, submitted)
    accreditation = Accreditation.objects.get()
    assert accreditation.activity == submitted.activities[0]
    assert list(accreditation.programs.all()) == list(submitted.programs.all())
    assert (accreditation.valid_until - accreditation.valid_from).days in (1825, 1826)  # five years less a day
    kinds = sorted(OfficialDocument.objects.values_list("kind", flat=True))
    assert kinds == [DocumentKind.DECISION, DocumentKind.STATUS_CERTIFICATE]
    serials = set(OfficialDocument.objects.values_list("serial", flat=True))
    assert len(serials) == 2 and all(s.endswith("-00001") for s in serials)


def test_rejection_issues_only_the_decision(cast, submitted):
    review_to_recommendation(cast, submitted, outcome=Outcome.REJECT, reasons="Нема учионице.")
    services.application_decide(submitted, outcome=Outcome.REJECT, reasons="Нема учионице.", actor=cast.decider,
                                expected_state=S.RECOMMENDED_REJECT, declares_no_conflict=True)
    submitted.refresh_from_db()
    assert submitted.state == S.REJECTED
    assert list(OfficialDocument.objects.values_list("kind", flat=True)) == [DocumentKind.DECISION]
    assert not Accreditation.objects.exists()


def test_a_decider_who_saw_an_old_state_is_told_and_nothing_is_written(cast, submitted):
    review_to_recommendation(cast, submitted)
    other_decider = UserFactory(is_office_decider=True)
    services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.decider,
                                expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    documents = OfficialDocument.objects.count()
    with pytest.raises(services.StaleState):
        services.application_decide(submitted, outcome=Outcome.REJECT, reasons="Касно.", actor=other_decider,
                                    expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    submitted.refresh_from_db()
    assert submitted.state == S.APPROVED
    assert submitted.review.decided_by == cast.decider
    assert OfficialDocument.objects.count() == documents


def test_serial_numbers_count_per_series_and_year(db):
    first = services.serial_next("office.decision", 2026)
    assert services.serial_next("office.decision", 2026) == first + 1
    assert services.serial_next("office.decision", 2027) == 1
    assert services.serial_next("office.status_certificate", 2026) == 1


def test_the_six_month_competence_deadline_appears_once_status_is_granted(client, cast, submitted):
    from django.urls import reverse

    from providers.selectors import competence_deadline

    assert competence_deadline(cast.organization) is None
    client.force_login(cast.owner)
    assert 'id="competence-deadline"' not in client.get(reverse("providers:staff_create")).content.decode()
    approve(cast, submitted)
    granted = Accreditation.objects.get().valid_from
    deadline = competence_deadline(cast.organization)
    assert (deadline.year * 12 + deadline.month) - (granted.year * 12 + granted.month) == 6
    page = client.get(reverse("providers:staff_create")).content.decode()
    assert 'id="competence-deadline"' in page
