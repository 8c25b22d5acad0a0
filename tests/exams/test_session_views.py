"""Exam sessions through the pages: set-up, draw, record, certificates with progress, download, retry, verify."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from applications.models import Accreditation, Application
from exams import services
from exams.enums import Grade, RenderState
from exams.models import Certificate, ExamSession
from tests.exams.conftest import START

pytestmark = pytest.mark.django_db


def test_setting_up_an_exam_refuses_late_task_lists_with_the_article(client, school, commission):
    task_list = school["program"].task_lists.get()
    task_list.published_on = START
    task_list.save()
    client.force_login(school["user"])
    url = reverse("exams:session_create", kwargs={"pk": school["cohort"].pk})
    held_on = (START + dt.timedelta(days=61)).isoformat()
    response = client.post(url, {"commission": commission.pk, "held_on": held_on})
    page = response.content.decode()
    assert "члан 6. став 3." in page
    assert f'value="{held_on}"' in page  # what was typed is kept
    assert not ExamSession.objects.exists()
    task_list.published_on = START - dt.timedelta(days=1)
    task_list.save()
    response = client.post(url, {"commission": commission.pk, "held_on": held_on})
    session = ExamSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.results.count() == len(school["learners"])


def test_draw_then_record_a_grade_the_rulebook_refuses_then_one_it_allows(client, school, session):
    client.force_login(school["user"])
    result = session.results.order_by("learner__last_name").first()
    client.post(reverse("exams:result_draw", kwargs={"pk": result.pk}))
    result.refresh_from_db()
    drawn = list(result.drawn_tasks.all())
    assert len(drawn) == 3
    page = client.get(session.get_absolute_url()).content.decode()
    assert drawn[0].task in page and f"{result.draw_seed}" not in page  # the seed stays in the record, not shown
    url = reverse("exams:result_record", kwargs={"pk": result.pk})
    votes = {f"vote_{m.pk}": "passed" for m in session.commission.members.all()}
    response = client.post(url, {**votes, "task_1": "on", "task_2": "on"})  # the third task not to criteria
    page = response.content.decode()
    assert "члан 6. став 7." in page
    result.refresh_from_db()
    assert result.grade == ""
    response = client.post(url, {**votes, "task_1": "on", "task_2": "on", "task_3": "on"})
    result.refresh_from_db()
    assert result.grade == Grade.PASSED
    page = client.get(url).content.decode()
    assert "члан 6. став 8." in page  # the explanation of the grade


def _pass_everyone(school, session):
    for result in session.results.all():
        services.result_draw(result, actor=school["user"], seed=result.pk)
        services.result_record(result, votes={m.pk: "passed" for m in session.commission.members.all()},
                               performed={1: True, 2: True, 3: True}, actor=school["user"])


def test_issuing_certificates_shows_progress_and_gives_downloads(client, cast, school, session,
                                                               django_capture_on_commit_callbacks):
    _pass_everyone(school, session)
    client.force_login(school["user"])
    progress_url = reverse("exams:session_progress", kwargs={"pk": session.pk})
    assert client.get(progress_url).json()["issued"] == 0
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not started yet
        client.post(reverse("exams:session_issue", kwargs={"pk": session.pk}))
    data = client.get(progress_url).json()
    assert (data["issued"], data["pending"], data["percent"], data["finished"]) == (2, 2, 0, False)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'role="progressbar"' in page and "data-progress-url" in page
    for certificate in Certificate.objects.all():
        from exams.tasks import render_certificate

        render_certificate.delay(certificate.pk)
    data = client.get(progress_url).json()
    assert (data["ready"], data["percent"], data["finished"]) == (2, 100, True)
    certificate = Certificate.objects.first()
    url = reverse("exams:certificate_download", kwargs={"pk": certificate.pk})
    response = client.get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(cast.other)
    assert client.get(url).status_code == 404
    assert client.get(progress_url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_failed_certificate_shows_as_failed_with_a_retry_button(client, school, session, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    _pass_everyone(school, session)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("exams.documents.render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    assert {c.state for c in Certificate.objects.all()} == {RenderState.FAILED}
    client.force_login(school["user"])
    page = client.get(session.get_absolute_url()).content.decode()
    assert page.count(reverse("exams:certificate_retry", kwargs={"pk": Certificate.objects.first().pk})) == 1
    assert gettext("Try again") in page
    monkeypatch.undo()
    certificate = Certificate.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exams:certificate_retry", kwargs={"pk": certificate.pk}))
    certificate.refresh_from_db()
    assert certificate.state == RenderState.READY


def test_the_public_verification_shows_only_initials_and_the_accreditation_on_the_date(
        client, school, session, django_capture_on_commit_callbacks):
    _pass_everyone(school, session)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    certificate = Certificate.objects.select_related("result__learner").get(result__learner__jmbg="0101900350008")
    response = client.get(reverse("verify_short", kwargs={"code": certificate.code}), follow=True)
    page = response.content.decode()
    assert certificate.serial in page and "Љ. Ђ." in page
    assert "Љубица" not in page and "0101900350008" not in page and "1900" not in page  # nothing else of the learner
    # a school issues under its own authority: said so, never as if a status were missing
    assert 'data-authority="school"' in page
    assert gettext("Not accredited as a JPOA for this program on that date") not in page
    application = Application.objects.create(organization=school["organization"], state="approved")
    accreditation = Accreditation.objects.create(organization=school["organization"], application=application,
                                                 activity="A-COMP", valid_from=certificate.issued_on,
                                                 valid_until=certificate.issued_on + dt.timedelta(days=30))
    accreditation.programs.set([school["program"]])
    page = client.get(reverse("documents:verify", kwargs={"code": certificate.code})).content.decode()
    assert gettext("Accredited") in page
    accreditation.valid_from = certificate.issued_on + dt.timedelta(days=1)  # granted only after the issue
    accreditation.save()
    page = client.get(reverse("documents:verify", kwargs={"code": certificate.code})).content.decode()
    assert 'data-authority="school"' in page  # before its JPOA status began, still the school's own authority
    school["organization"].kind = "jpoa"  # a JPOA without the status on that day: shown as a warning
    school["organization"].save()
    page = client.get(reverse("documents:verify", kwargs={"code": certificate.code})).content.decode()
    assert gettext("Not accredited as a JPOA for this program on that date") in page


def test_the_public_course_page_is_a_404_while_its_program_is_not_public(client, school):
    from tests.api.conftest import accredit

    url = reverse("exams:public_course", kwargs={"pk": school["cohort"].pk})
    assert client.get(url).status_code == 404  # never accredited
    accredit(school["program"], state="revoked")
    assert client.get(url).status_code == 404  # its accreditation is not in force
    accredit(school["program"])
    page = client.get(url)
    assert page.status_code == 200 and "Припрема супе" in page.content.decode()


def test_the_cohort_page_links_to_the_course_page_only_while_it_is_public(client, school):
    from tests.api.conftest import accredit

    client.force_login(school["user"])
    url = reverse("exams:public_course", kwargs={"pk": school["cohort"].pk})
    page = client.get(school["cohort"].get_absolute_url()).content.decode()
    assert url not in page and "док је њен програм акредитован" in page
    accredit(school["program"])
    assert f'href="{url}"' in client.get(school["cohort"].get_absolute_url()).content.decode()


def test_the_public_course_page_shows_published_task_lists_only(client, school):
    from programs.enums import TaskListKind
    from tests.api.conftest import accredit
    from tests.programs.factories import TaskListFactory

    accredit(school["program"])

    TaskListFactory(program=school["program"], kind=TaskListKind.WORK, title_sr="Будућа листа",
                    published_on=dt.date.today() + dt.timedelta(days=30))
    page = client.get(reverse("exams:public_course", kwargs={"pk": school["cohort"].pk})).content.decode()
    assert "Припрема супе" in page
    assert "Будућа листа" not in page
    assert "0101900350008" not in page and "Ђорђевић" not in page  # learners are not public


def test_a_revoked_certificate_says_so_on_the_verification_page(client, cast, school, session,
                                                                django_capture_on_commit_callbacks):
    _pass_everyone(school, session)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    certificate = Certificate.objects.first()
    url = reverse("exams:certificate_revoke", kwargs={"pk": certificate.pk})
    client.force_login(cast.other)
    assert client.post(url, {"reasons": "x"}).status_code == 404
    client.force_login(school["user"])
    response = client.post(url, {"reasons": ""})
    assert gettext("This field is required.") in response.content.decode()
    client.post(url, {"reason": "issued_in_error", "reasons": "Издато грешком."})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revocation_reason == "issued_in_error"
    page = client.get(reverse("documents:verify", kwargs={"code": certificate.code})).content.decode()
    assert 'class="alert alert-danger"' in page and certificate.serial in page
    assert pgettext("revocation reason", "Issued by mistake") in page and "issued_in_error" not in page
    assert "Издато грешком." not in page  # the reasons in words stay in the records


def test_the_sweep_renders_certificates_whose_message_was_lost(school, session, settings,
                                                              django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from exams.tasks import certificates_sweep

    _pass_everyone(school, session)
    with django_capture_on_commit_callbacks(execute=False):
        services.session_issue_certificates(session, actor=school["user"])
    assert certificates_sweep() == 0
    Certificate.objects.update(updated_at=timezone.now() - timedelta(minutes=settings.DOCUMENT_SWEEP_AFTER_MINUTES + 1))
    assert certificates_sweep() == 2
    assert {c.state for c in Certificate.objects.all()} == {RenderState.READY}
    assert certificates_sweep() == 0


def test_rendering_twice_gives_one_file(school, session, django_capture_on_commit_callbacks):
    from exams.documents import certificate_render

    _pass_everyone(school, session)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    certificate = Certificate.objects.first()
    name, digest = certificate.file.name, certificate.sha256
    certificate_render(certificate.pk)
    certificate.refresh_from_db()
    assert (certificate.file.name, certificate.sha256, certificate.attempts) == (name, digest, 1)


def test_a_serial_number_typed_into_the_verification_form_asks_for_the_surname_too(
        client, school, session, django_capture_on_commit_callbacks):
    _pass_everyone(school, session)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    certificate = Certificate.objects.first()
    serial_page = reverse("exams:verify_serial")
    for serial in (f" {certificate.serial.lower()} ", "99999999-2026-00001"):  # existing or not: the same answer
        response = client.get(reverse("documents:verify_form"), {"code": serial}, follow=True)
        page = response.content.decode()
        assert response.redirect_chain[-1][0] == f"{serial_page}?serial={serial.strip()}"
        assert 'name="surname"' in page and certificate.code not in page
        assert 'id="certificate"' not in page  # a serial alone shows nothing
