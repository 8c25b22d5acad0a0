"""The application: pre-check, submission with a frozen snapshot, withdrawal, change requests, resubmission."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications import services
from applications.enums import ApplicationState
from applications.facts import application_case
from applications.models import Application
from applications.snapshot import diff
from core.models import AuditEvent
from programs.enums import Activity
from tests.applications.conftest import complete_records
from tests.factories import OrganizationFactory
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db


def _started(cast, ready, *, programs=None) -> Application:
    application = services.application_create(cast.organization, actor=cast.owner)
    services.application_set_scope(application, activities=[Activity.PERS], actor=cast.owner,
                                   programs=programs or [ready["program"]])
    return application


def test_precheck_of_complete_records_has_no_failure(cast, ready):
    report = services.application_precheck(_started(cast, ready)).to_dict()
    failures = [(f["provision"], f["subject"], f["message"]) for f in report["findings"] if f["status"] == "fail"]
    assert failures == []
    assert report["summary"]["pass"] > 20


def test_precheck_names_the_article_and_links_to_the_room(client, cast, ready):
    application = _started(cast, ready)
    classroom = ready["rooms"]["classroom"]
    classroom.area_m2 = Decimal("29.88")  # 12 learners x 2.49 m2: below the 2.5 m2 of Art. 12.1.1.1
    classroom.save()
    report = services.application_precheck(application).to_dict()
    failing = [(f["provision"], f["subject"]) for f in report["findings"] if f["status"] == "fail"]
    assert failing == [("P89-12.1.1.1", f"rooms[R{classroom.pk}]")]
    client.force_login(cast.colleague)
    page = client.get(reverse("applications:precheck", kwargs={"pk": application.pk})).content.decode()
    assert "<strong>члан 12. став 1. тачка 1) подтачка (1)</strong>" in page and "P89-12.1.1.1" not in page
    room_url = reverse("providers:room_edit", kwargs={"pk": classroom.pk})
    assert f'<a href="{room_url}">Измени: {classroom.name}</a>' in page


def test_precheck_passes_at_exactly_two_and_a_half_square_metres(cast, ready):
    application = _started(cast, ready)
    classroom = ready["rooms"]["classroom"]
    classroom.area_m2 = Decimal("30.00")  # 12 x 2.5
    classroom.save()
    statuses = {(f["provision"], f["subject"]): f["status"]
                for f in services.application_precheck(application).to_dict()["findings"]}
    assert statuses[("P89-12.1.1.1", f"rooms[R{classroom.pk}]")] == "pass"


def test_case_builder_query_count_is_constant(cast, ready, django_assert_num_queries):
    application = _started(cast, ready)
    import datetime as dt

    with django_assert_num_queries(11) as small:
        application_case(application, on_date=dt.date(2026, 11, 21))
    more = [CompleteProgramFactory(organization=cast.organization, rooms=[ready["rooms"]["classroom"]],
                                   instructors=[ready["staff"]["instructor"]]) for _ in range(15)]
    services.application_set_scope(application, activities=[Activity.PERS], programs=[ready["program"], *more],
                                   actor=cast.owner)
    with django_assert_num_queries(len(small.captured_queries)):
        case = application_case(application, on_date=dt.date(2026, 11, 21))
    assert len(case["programs"]) == 16


def test_submit_freezes_facts_report_records_and_evidence(cast, ready, django_capture_on_commit_callbacks):
    application = _started(cast, ready)
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.application_submit(application, actor=cast.owner)
    application.refresh_from_db()
    assert (application.state, submission.number) == (ApplicationState.SUBMITTED, 1)
    classroom = ready["rooms"]["classroom"]
    frozen_area = submission.facts["rooms"][[r["id"] for r in submission.facts["rooms"]].index(f"R{classroom.pk}")]
    classroom.area_m2 = Decimal("99.00")
    classroom.save()
    submission.refresh_from_db()
    assert frozen_area["area_m2"] == 30.0
    assert submission.records["rooms"][f"R{classroom.pk}"]["area_m2"] == 30.0
    assert submission.report["summary"]["fail"] == 0
    # the organization's people, and the Office's reviewers (a new submission waits for them: issue 17)
    assert {m.to[0] for m in mail.outbox} == {cast.owner.email, cast.colleague.email, cast.reviewer.email}
    event = AuditEvent.objects.get(action="application.transition", object_id=str(application.pk))
    assert (event.from_state, event.to_state, event.actor) == ("draft", "submitted", cast.owner)


def test_submit_needs_activity_and_program(cast, ready):
    application = services.application_create(cast.organization, actor=cast.owner)
    with pytest.raises(ValidationError):
        services.application_submit(application, actor=cast.owner)
    assert application.submissions.count() == 0


def test_provider_cannot_move_application_into_review(cast, ready):
    application = _started(cast, ready)
    services.application_submit(application, actor=cast.owner)
    with pytest.raises(PermissionDenied):
        services.application_transition(application, ApplicationState.IN_REVIEW, actor=cast.owner)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_transition_not_in_table_is_refused(cast, ready):
    application = _started(cast, ready)
    with pytest.raises(ValidationError):
        services.application_transition(application, ApplicationState.APPROVED, actor=cast.decider)
    assert AuditEvent.objects.filter(action="application.transition").count() == 0


def test_stale_state_second_actor_is_told(cast, ready):
    application = _started(cast, ready)
    services.application_submit(application, actor=cast.owner)
    services.application_transition(application, ApplicationState.IN_REVIEW, actor=cast.reviewer,
                                    expected_state=ApplicationState.SUBMITTED)
    with pytest.raises(services.StaleState):
        services.application_transition(application, ApplicationState.WITHDRAWN, actor=cast.owner,
                                        expected_state=ApplicationState.SUBMITTED)
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW


def test_withdraw_before_decision_but_not_in_review(cast, ready):
    application = _started(cast, ready)
    services.application_withdraw(application, actor=cast.colleague)
    assert Application.objects.get(pk=application.pk).state == ApplicationState.WITHDRAWN
    second = _started(cast, ready)
    services.application_submit(second, actor=cast.owner)
    services.application_transition(second, ApplicationState.IN_REVIEW, actor=cast.reviewer)
    with pytest.raises(ValidationError):
        services.application_withdraw(second, actor=cast.owner)


def test_change_request_answer_and_resubmit_shows_the_difference(client, cast, ready):
    application = _started(cast, ready)
    services.application_submit(application, actor=cast.owner)
    services.application_transition(application, ApplicationState.IN_REVIEW, actor=cast.reviewer)
    classroom = ready["rooms"]["classroom"]
    request = services.change_request_create(application, actor=cast.reviewer, note="Молимо допуну.",
                                             items=[(f"rooms[R{classroom.pk}]", "Приложите уговор о закупу.")])
    client.force_login(cast.owner)
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert "Приложите уговор о закупу." in page
    item = request.items.get()
    response = client.post(reverse("applications:answer", kwargs={"pk": application.pk, "request_pk": request.pk}),
                           {f"item_{item.pk}": "Уговор је приложен."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.answer == "Уговор је приложен."
    classroom.area_m2 = Decimal("36.00")
    classroom.save()
    second = services.application_submit(application, actor=cast.owner)
    first = application.submissions.get(number=1)
    assert second.number == 2
    assert diff(first.records, second.records)["rooms"] == {f"R{classroom.pk}": {"area_m2": (30.0, 36.0)}}
    request.refresh_from_db()
    assert request.answered_at is not None


def test_scope_refuses_program_of_another_organization(cast, ready):
    application = services.application_create(cast.organization, actor=cast.owner)
    foreign = CompleteProgramFactory(organization=cast.other_organization)
    with pytest.raises(PermissionDenied):
        services.application_set_scope(application, activities=[Activity.PERS], programs=[foreign],
                                       actor=cast.owner)


def test_scope_refuses_program_outside_chosen_activities(client, cast, ready):
    application = services.application_create(cast.organization, actor=cast.owner)
    client.force_login(cast.owner)
    response = client.post(reverse("applications:scope", kwargs={"pk": application.pk}),
                           {"activities": [Activity.CAREER], "programs": [ready["program"].pk]})
    assert response.status_code == 200
    assert response.context["form"].errors["programs"]
    assert [str(v) for v in response.context["form"]["activities"].value()] == [Activity.CAREER]
    application.refresh_from_db()
    assert application.activities == []


def test_whole_journey_through_the_pages(client, cast, ready):
    client.force_login(cast.owner)
    response = client.post(reverse("applications:create"))
    application = Application.objects.get()
    assert response["Location"] == application.get_absolute_url()
    client.post(reverse("applications:scope", kwargs={"pk": application.pk}),
                {"activities": [Activity.PERS], "programs": [ready["program"].pk]})
    tasks = client.get(application.get_absolute_url()).context["tasks"]
    assert {t.key: t.status for t in tasks} == {"scope": "done", "staff": "done", "premises": "done",
                                               "hygiene": "done", "partners": "done", "programs": "done"}
    refused = client.post(f"/en/applications/{application.pk}/check/", {})
    assert "Confirm the declaration to submit." in refused.content.decode()
    assert Application.objects.get().state == ApplicationState.DRAFT
    response = client.post(reverse("applications:check", kwargs={"pk": application.pk}), {"confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Поднет" in page or application.get_state_display() in page


def test_other_organization_sees_nothing(client, cast, ready):
    application = _started(cast, ready)
    other = OrganizationFactory()
    complete_records(other)
    client.force_login(cast.other)
    for name in ("detail", "scope", "precheck", "check", "withdraw", "deviations"):
        assert client.get(reverse(f"applications:{name}", kwargs={"pk": application.pk})).status_code == 404
    assert client.post(reverse("applications:withdraw", kwargs={"pk": application.pk})).status_code == 404
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
