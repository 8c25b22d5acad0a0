"""Issue 17, "The queue and who does what": one search normalization in the queue (Cyrillic in any case, partial
references), reviewers' workload, notices to the Office and the inbox of every role, the landing page per role, and
the final state of a decided application. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notice
from applications import services
from applications.enums import ApplicationState
from applications.models import Application
from applications.selectors import QueueFilters, review_queue
from tests.applications.conftest import review_to_recommendation, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def morava(cast, ready):
    cast.organization.name_sr = "Центар за обуку „Морава“"
    cast.organization.name_sr_latn = "Centar za obuku „Morava“"
    cast.organization.save()
    return submit(cast, ready["program"])


def found(q, user) -> list[Application]:
    return list(review_queue(QueueFilters(q=q, state="all"), user=user))


@pytest.mark.parametrize("q", ["Морава", "морава", "МОРАВА", "morava", "MORAVA", "Morava", "центар за обуку"])
def test_queue_search_is_case_and_script_insensitive(cast, morava, q):
    assert found(q, cast.reviewer) == [morava]


@pytest.mark.parametrize("q", ["моравац", "Дунав", "moravac"])  # "moravaa", "Мораве": forms of the word (issue 19)
def test_queue_search_finds_nothing_for_other_names(cast, morava, q):
    assert found(q, cast.reviewer) == []


def test_queue_search_finds_a_partial_reference(cast, morava):
    year = f"{morava.created_at:%Y}"
    number = f"{morava.pk:05d}"
    for q in (morava.reference, morava.reference.lower(), f"{year}-{number}", number, str(morava.pk),
              f"JPOA-{morava.pk}", f"ЈПОА-{year}-{number}", f"{year}-{number[:3]}"):
        assert found(q, cast.reviewer) == [morava], q
    assert found(f"{int(year) + 1}-{number}", cast.reviewer) == []
    assert found(str(morava.pk + 100_000), cast.reviewer) == []


def test_queue_search_finds_a_pib_by_its_beginning(cast, morava):
    assert found(cast.organization.pib[:5], cast.reviewer) == [morava]
    two = cast.organization.pib[:2]  # too short to be a PIB: it finds only the application numbered so
    assert found(two, cast.reviewer) == ([morava] if int(two) == morava.pk else [])


def test_queue_page_search_and_workload(client, cast, morava):
    services.application_assign(morava, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    client.force_login(cast.reviewer)
    page = client.get(reverse("office:queue"), {"q": "морава"})
    assert morava.reference in page.content.decode()
    assert [(r.pk, n) for r, n in page.context["workload"]] == [(cast.reviewer.pk, 1)]
    assert morava.reference not in client.get(reverse("office:queue"), {"q": "дунав"}).content.decode()


def test_assign_form_shows_each_reviewers_open_applications(cast, morava):
    from applications.forms import AssignForm

    services.application_assign(morava, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    field = AssignForm().fields["reviewer"]
    assert field.label_from_instance(cast.reviewer).endswith(": 1)")


# --- notices and the inbox -----------------------------------------------------------------------------------


def test_a_submission_notifies_the_provider_and_the_reviewers(cast, ready, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(cast, ready["program"])
    subjects = {n.user_id: n.subject for n in Notice.objects.all()}
    assert set(subjects) == {cast.owner.pk, cast.colleague.pk, cast.reviewer.pk}
    assert application.reference in subjects[cast.reviewer.pk]
    assert Notice.objects.get(user=cast.reviewer).link == reverse("office:review", kwargs={"pk": application.pk})
    assert {m.to[0] for m in mail.outbox} == {cast.owner.email, cast.colleague.email, cast.reviewer.email}
    cast.owner.refresh_from_db()
    assert cast.owner.unread_notices == 1


def test_an_answered_change_request_notifies_the_assigned_reviewer_only(
        cast, ready, django_capture_on_commit_callbacks):
    from accounts.models import User

    second = User.objects.create_user("reviewer2", "reviewer2@example.rs", "x", is_office_reviewer=True)
    application = submit(cast, ready["program"])
    services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    services.application_request_changes(application, actor=cast.reviewer, note="Допунити.", items=[])
    Notice.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application, actor=cast.owner)
    office = Notice.objects.filter(user__in=[cast.reviewer, second])
    assert [n.user for n in office] == [cast.reviewer]
    assert "Одговорено на захтев за измене" in office[0].subject


def test_a_recommendation_notifies_the_deciders(cast, ready, django_capture_on_commit_callbacks):
    application = submit(cast, ready["program"])
    with django_capture_on_commit_callbacks(execute=True):
        review_to_recommendation(cast, application)
    assert Notice.objects.filter(user=cast.decider, subject__contains=application.reference).count() == 1


def test_deadline_notices_are_sent_once_inside_the_window(cast, ready, settings, django_capture_on_commit_callbacks):
    application = submit(cast, ready["program"])
    due = timezone.localdate(application.submitted_at) + dt.timedelta(days=settings.DECISION_DEADLINE_DAYS)

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return services.accreditations_expire_and_remind(today=today)["deadlines"]

    assert run(due - dt.timedelta(days=11)) == 0
    assert run(due - dt.timedelta(days=10)) == 1
    assert run(due - dt.timedelta(days=3)) == 0  # sent once
    assert run(due + dt.timedelta(days=1)) == 1  # overdue: once more
    assert run(due + dt.timedelta(days=2)) == 0
    subjects = list(Notice.objects.filter(user=cast.reviewer, key__startswith="deadline:").values_list(
        "subject", flat=True))
    assert len(subjects) == 2 and all(application.reference in s for s in subjects)


def test_expiry_reminder_reaches_the_inbox(cast):
    from tests.applications.test_jpoa_register import make_accreditation

    valid_until = timezone.localdate() + dt.timedelta(days=200)
    make_accreditation(cast.organization, valid_until=valid_until)
    services.accreditations_expire_and_remind(today=valid_until - dt.timedelta(days=80))
    assert Notice.objects.filter(user=cast.owner).count() == 1
    assert Notice.objects.filter(user=cast.colleague).count() == 1


@pytest.mark.parametrize("role", ["owner", "school", "reviewer", "decider"])
def test_inbox_shows_ones_own_notices_and_marks_them_read(client, cast, role):
    from accounts.notices import notice_send

    user = getattr(cast, role)
    notice_send([user], subject="Обавештење за вас", body="Текст", link="/sr/accounts/me/")
    notice_send([cast.other], subject="Туђе обавештење", body="x")
    client.force_login(user)
    page = client.get(reverse("accounts:inbox"))
    body = page.content.decode()
    assert "Обавештење за вас" in body and "Туђе обавештење" not in body
    assert 'id="inbox-link"' in body and ">1<" in body  # the unread count in the header
    notice = Notice.objects.get(user=user)
    response = client.post(reverse("accounts:notice_read", kwargs={"pk": notice.pk}), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/sr/accounts/me/"
    notice.refresh_from_db()
    user.refresh_from_db()
    assert notice.read_at is not None and user.unread_notices == 0


def test_inbox_latin_page_reads_latin(client, cast):
    from accounts.notices import notice_send

    notice_send([cast.owner], subject="Захтев је усвојен", body="")
    client.force_login(cast.owner)
    assert "Zahtev je usvojen" in client.get("/sr-latn/accounts/inbox/").content.decode()


def test_someone_elses_notice_is_not_found(client, cast):
    from accounts.notices import notice_send

    notice = notice_send([cast.other], subject="Туђе", body="")[0]
    client.force_login(cast.owner)
    assert client.post(reverse("accounts:notice_read", kwargs={"pk": notice.pk})).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read(client, cast):
    from accounts.notices import notice_send

    notice_send([cast.owner], subject="Прво", body="")
    notice_send([cast.owner], subject="Друго", body="")
    client.force_login(cast.owner)
    client.post(reverse("accounts:notices_read_all"))
    cast.owner.refresh_from_db()
    assert cast.owner.unread_notices == 0
    assert not Notice.objects.filter(user=cast.owner, read_at__isnull=True).exists()


def test_a_keyed_notice_is_sent_once(cast, django_capture_on_commit_callbacks):
    from accounts.notices import notice_send

    with django_capture_on_commit_callbacks(execute=True):
        assert len(notice_send([cast.owner], subject="Подсетник", key="k1")) == 1
        assert notice_send([cast.owner], subject="Подсетник", key="k1") == []
    assert len(mail.outbox) == 1


# --- the landing page per role ---------------------------------------------------------------------------------


def test_provider_lands_on_drafts_and_change_requests(client, cast, ready):
    draft = services.application_create(cast.organization, actor=cast.owner)
    asked = submit(cast, ready["program"])
    services.application_assign(asked, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    services.application_request_changes(asked, actor=cast.reviewer, note="Допунити.", items=[])
    client.force_login(cast.owner)
    response = client.get(reverse("accounts:dashboard"))
    work = response.context["work_provider"]
    assert [a.pk for a in work.drafts] == [draft.pk]
    assert [a.pk for a, _request in work.change_requests] == [asked.pk]
    assert response.context["work_office"] is None
    body = response.content.decode()
    assert 'id="work-drafts"' in body and 'id="work-change-requests"' in body


def test_provider_sees_status_running_out(client, cast):
    from tests.applications.test_jpoa_register import make_accreditation

    soon = make_accreditation(cast.organization, valid_until=timezone.localdate() + dt.timedelta(days=60))
    make_accreditation(cast.organization, valid_until=timezone.localdate() + dt.timedelta(days=400))
    client.force_login(cast.owner)
    work = client.get(reverse("accounts:dashboard")).context["work_provider"]
    assert [a.pk for a in work.expiring] == [soon.pk]


def test_school_lands_on_its_exam_work(client, cast):
    client.force_login(cast.school)
    response = client.get(reverse("accounts:dashboard"))
    assert response.context["work_exams"].empty
    assert 'id="work-provider-empty"' in response.content.decode()


def test_reviewer_lands_on_unassigned_and_own_reviews(client, cast, ready):
    application = submit(cast, ready["program"])
    client.force_login(cast.reviewer)
    work = client.get(reverse("accounts:dashboard")).context["work_office"]
    assert [a.pk for a, _due, _left in work.unassigned] == [application.pk]
    services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    work = client.get(reverse("accounts:dashboard")).context["work_office"]
    assert ([a.pk for a, _d, _l in work.mine], work.unassigned) == ([application.pk], [])


def test_decider_lands_on_what_to_decide(client, cast, ready, settings):
    application = submit(cast, ready["program"])
    review_to_recommendation(cast, application)
    client.force_login(cast.decider)
    work = client.get(reverse("accounts:dashboard")).context["work_office"]
    assert [a.pk for a, _d, _l in work.to_decide] == [application.pk]
    assert work.due_soon == []
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=settings.DECISION_DEADLINE_DAYS - 5))
    work = client.get(reverse("accounts:dashboard")).context["work_office"]
    assert [a.pk for a, _d, _l in work.due_soon] == [application.pk]


# --- the final state -----------------------------------------------------------------------------------------


def test_decided_application_shows_its_final_state(client, cast, approved):
    client.force_login(cast.reviewer)
    page = client.get(reverse("office:review", kwargs={"pk": approved.pk}))
    body = page.content.decode()
    assert approved.state == ApplicationState.APPROVED
    assert page.context["due"] is None and page.context["days_left"] is None
    assert 'id="actions-heading"' not in body
    client.force_login(cast.owner)
    body = client.get(reverse("applications:detail", kwargs={"pk": approved.pk})).content.decode()
    assert 'id="final-state"' in body and "Захтев је усвојен" in body


def test_open_application_keeps_its_countdown_and_actions(client, cast, ready):
    application = submit(cast, ready["program"])
    client.force_login(cast.reviewer)
    page = client.get(reverse("office:review", kwargs={"pk": application.pk}))
    assert page.context["due"] is not None
    assert 'id="actions-heading"' in page.content.decode()
    client.force_login(cast.owner)
    assert 'id="final-state"' not in client.get(
        reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
