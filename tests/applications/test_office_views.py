"""The Office's pages: the queue, the review screen and its actions, through the test client, for the whole cast."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext

from applications import services
from applications.enums import ApplicationState, Outcome, Verdict
from applications.models import Application, ChangeRequest, ReviewFinding
from providers.models import Room
from tests.applications.conftest import review_to_recommendation, submit
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ApplicationState


def _queue(client, user, **params):
    client.force_login(user)
    return client.get(reverse("office:queue"), params)


@pytest.mark.parametrize("who", ["owner", "colleague", "other", "school"])
def test_providers_are_refused_the_office_pages(client, cast, submitted, who):
    client.force_login(getattr(cast, who))
    for url in (reverse("office:queue"), reverse("office:review", kwargs={"pk": submitted.pk}),
                reverse("office:decide", kwargs={"pk": submitted.pk})):
        response = client.get(url)
        assert response.status_code == 403, url
        assert submitted.reference not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, submitted):
    response = client.get(reverse("office:review", kwargs={"pk": submitted.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_queue_lists_submitted_applications_with_days_left_and_filters(client, cast, submitted, settings):
    settings.DECISION_DEADLINE_DAYS = 60
    draft = Application.objects.create(organization=cast.organization)
    page = _queue(client, cast.reviewer).content.decode()
    assert submitted.reference in page
    assert draft.reference not in page  # drafts are the provider's business
    assert "60" in page and cast.organization.name in page
    assert submitted.reference in _queue(client, cast.reviewer, reviewer="none").content.decode()
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    assert submitted.reference not in _queue(client, cast.reviewer, reviewer="none").content.decode()
    assert submitted.reference in _queue(client, cast.reviewer, reviewer="me").content.decode()
    assert submitted.reference not in _queue(client, cast.decider, reviewer="me").content.decode()
    assert submitted.reference in _queue(client, cast.reviewer, q=cast.organization.pib).content.decode()
    assert submitted.reference not in _queue(client, cast.reviewer, q="нема-такве").content.decode()
    assert submitted.reference in _queue(client, cast.reviewer, q=submitted.reference).content.decode()
    assert submitted.reference not in _queue(client, cast.reviewer, state=S.APPROVED).content.decode()


def _many_submitted(count: int) -> None:
    for _ in range(count):
        organization = OrganizationFactory()
        Application.objects.create(organization=organization, state=S.SUBMITTED)


def test_queue_uses_the_same_number_of_queries_for_a_short_and_a_long_page(client, cast):
    client.force_login(cast.reviewer)
    _many_submitted(2)

    with CaptureQueriesContext(connection) as short:
        client.get(reverse("office:queue"))
    _many_submitted(20)
    with CaptureQueriesContext(connection) as long:
        response = client.get(reverse("office:queue"))
    assert response.content.decode().count("<tr>") >= 22
    assert len(long) == len(short)


def test_reviewer_takes_records_verdicts_and_the_provider_never_sees_the_comments(client, cast, submitted):
    client.force_login(cast.reviewer)
    review_url = reverse("office:review", kwargs={"pk": submitted.pk})
    page = client.get(review_url).content.decode()
    assert gettext("Take this application") in page
    assert reverse("office:take", kwargs={"pk": submitted.pk}) in page
    client.post(reverse("office:take", kwargs={"pk": submitted.pk}), {"take-declaration": "on"})
    submitted.refresh_from_db()
    assert submitted.state == S.IN_REVIEW
    submission = submitted.submissions.get()
    finding = next(f for f in submission.report["findings"] if f["status"] == "manual")
    page = client.get(review_url).content.decode()
    assert reverse("office:verdict", kwargs={"pk": submitted.pk}) in page
    response = client.post(reverse("office:verdict", kwargs={"pk": submitted.pk}), {
        "provision": finding["provision"], "subject": finding["subject"], "verdict": Verdict.NOT_MET,
        "comment": "ИНТЕРНО: диплома није оверена"})
    assert response.status_code == 302
    assert ReviewFinding.objects.get().comment == "ИНТЕРНО: диплома није оверена"
    assert "ИНТЕРНО: диплома није оверена" in client.get(review_url).content.decode()
    client.force_login(cast.owner)
    for url in (submitted.get_absolute_url(),
                reverse("applications:submission", kwargs={"pk": submitted.pk, "number": 1})):
        assert "ИНТЕРНО" not in client.get(url).content.decode()


def test_a_change_request_reaches_the_provider_and_the_resubmission_shows_what_changed(client, cast, ready,
                                                                                       submitted):
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    classroom = ready["rooms"]["classroom"]
    client.force_login(cast.reviewer)
    url = reverse("office:request_changes", kwargs={"pk": submitted.pk})
    response = client.post(url, {
        "note": "Молимо допуну.", "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0",
        "items-0-subject": f"rooms[R{classroom.pk}]", "items-0-comment": "Приложите уговор о закупу.",
        "items-1-subject": "", "items-1-comment": "Без ставке.",  # a comment without its item is refused …
        "items-2-subject": "", "items-2-comment": "",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "Без ставке." in page and "Молимо допуну." in page  # … and nothing typed is lost
    assert not ChangeRequest.objects.exists()
    client.post(url, {
        "note": "Молимо допуну.", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
        "items-0-subject": f"rooms[R{classroom.pk}]", "items-0-comment": "Приложите уговор о закупу.",
    })
    submitted.refresh_from_db()
    assert submitted.state == S.CHANGES_REQUESTED
    client.force_login(cast.owner)
    assert "Приложите уговор о закупу." in client.get(submitted.get_absolute_url()).content.decode()
    classroom.area_m2 = Decimal("45.00")
    classroom.save()
    services.application_submit(submitted, actor=cast.owner)
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    client.force_login(cast.reviewer)
    page = client.get(reverse("office:review", kwargs={"pk": submitted.pk})).content.decode()
    assert "id=\"diff\"" in page, page[page.find("<main"):][:3000]
    diff = page[page.index('id="diff"'):]
    diff = diff[:diff.index("</table>")]
    assert capfirst(str(Room._meta.get_field("area_m2").verbose_name)) in diff  # "Површина (m²)"
    # as the number filter writes them: no trailing zeros, the decimal comma on Serbian pages
    assert "<del>30</del>" in diff and "<ins>45</ins>" in diff


def test_recommend_and_decide_through_the_pages(client, cast, submitted):
    review_to_recommendation(cast, submitted, outcome=Outcome.REJECT, reasons="Нема простора.")
    client.force_login(cast.reviewer)
    assert client.get(reverse("office:decide", kwargs={"pk": submitted.pk})).status_code == 403  # four eyes
    client.force_login(cast.decider)
    url = reverse("office:decide", kwargs={"pk": submitted.pk})
    response = client.post(url, {"outcome": Outcome.REJECT, "reasons": "", "expected_state": S.RECOMMENDED_REJECT,
                                 "declaration": "on"})
    assert gettext("Give the reasons for rejection.") in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == S.RECOMMENDED_REJECT
    client.post(url, {"outcome": Outcome.REJECT, "reasons": "Нема простора.", "expected_state": S.RECOMMENDED_REJECT,
                      "declaration": "on"})
    submitted.refresh_from_db()
    assert submitted.state == S.REJECTED
    assert submitted.review.decided_by == cast.decider


def test_a_stale_decision_form_is_refused_with_a_message(client, cast, submitted):
    review_to_recommendation(cast, submitted)
    services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.decider,
                                expected_state=S.RECOMMENDED_APPROVE, declares_no_conflict=True)
    late = UserFactory(is_office_decider=True)
    client.force_login(late)
    response = client.post(reverse("office:decide", kwargs={"pk": submitted.pk}),
                           {"outcome": Outcome.REJECT, "reasons": "Касно.", "expected_state": S.RECOMMENDED_APPROVE,
                            "declaration": "on"},
                           follow=True)
    submitted.refresh_from_db()
    assert submitted.state == S.APPROVED
    assert submitted.review.decided_by == cast.decider
    assert gettext("This application has changed in the meantime (it is now: %(state)s). Reload the page.") % {
        "state": S.APPROVED.label} in response.content.decode()


def test_frozen_evidence_is_served_to_the_office_and_the_provider_only(client, cast, ready):
    from tests.providers.records_factories import DocumentFactory

    DocumentFactory(organization=cast.organization, staff_member=ready["staff"]["instructor"])
    application = submit(cast, ready["program"])
    document = application.submissions.get().documents.get()
    url = reverse("office:submitted_document", kwargs={"pk": document.pk})
    for who in ("owner", "reviewer", "decider"):
        client.force_login(getattr(cast, who))
        response = client.get(url + "?inline=1")
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("inline")
    client.force_login(cast.other)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_queue_and_the_check_name_activities_and_a_saved_verdict_names_its_provision(client, cast, submitted):
    """No "A-PERS" or "P89-9.1" for a person: activities by name, a provision as a citation."""
    from applications.documents import provision_citation
    from programs.enums import Activity

    page = _queue(client, cast.reviewer).content.decode()
    assert str(Activity(submitted.activities[0]).label) in page and submitted.activities[0] not in page
    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    finding = next(f for f in submitted.submissions.order_by("-pk").first().report["findings"]
                   if f["status"] == "manual")
    response = client.post(reverse("office:verdict", kwargs={"pk": submitted.pk}),
                           {"provision": finding["provision"], "subject": finding["subject"],
                            "verdict": Verdict.CONFIRMED, "comment": ""}, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [gettext("Verdict on %(provision)s saved.") % {
        "provision": provision_citation(finding["provision"])}]
    assert "P89" not in shown[0]


def test_what_people_typed_is_shown_in_the_page_script(client, cast, submitted):
    """A Cyrillic recommendation read on the Latin page is in Latin, as the names on it are (one script a page)."""
    review_to_recommendation(cast, submitted, reasons="Сви услови испуњени.")
    client.force_login(cast.decider)
    latin = client.get(f"/sr-latn/office/applications/{submitted.pk}/").content.decode()
    assert "Svi uslovi ispunjeni." in latin and "Сви услови" not in latin
    cyrillic = client.get(f"/sr/office/applications/{submitted.pk}/").content.decode()
    assert "Сви услови испуњени." in cyrillic


def test_the_history_names_people_and_gives_local_serbian_times(client, cast, submitted):
    from django.utils import timezone, translation
    from django.utils.formats import date_format

    from core.audit import audit_trail

    services.application_assign(submitted, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    client.force_login(cast.reviewer)
    page = client.get(reverse("office:review", kwargs={"pk": submitted.pk})).content.decode()
    history = page.split('id="history"')[1].split("</table>")[0]
    newest = audit_trail(submitted).first()
    with translation.override("sr"):
        shown = date_format(timezone.localtime(newest.at), "SHORT_DATETIME_FORMAT")
    assert shown in history and cast.reviewer.get_full_name() in history
    assert f">{cast.reviewer.username}<" not in history and "UTC" not in history
