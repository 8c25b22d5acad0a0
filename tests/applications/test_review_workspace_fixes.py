"""Issue 17, what a person trying the review workspace found: the answer page keeps what was typed when an item is
changed and comes back to it; submitted dates and numbers as Serbian writes them; no code of the rules engine reaches
a person; Art. 7.1.2 findings named by what they are; the provider's pages read the stored report in their own
language and script; the Art. 7.3 advice links to the justification form; "submission" has one Serbian word; the
PDF preview on a phone; the reminder before a change request's answer is due."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from applications import review_read, selectors, services
from applications.models import ChangeRequest
from accounts.models import Notice
from programs.enums import Activity
from providers import services as provider_services
from providers.enums import StaffRole
from tests.applications.conftest import submit

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _take(cast, application):
    services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)


def _request(cast, application, items, respond_by=None):
    _take(cast, application)
    return services.application_request_changes(application, actor=cast.reviewer, note="Допуна.", items=items,
                                                respond_by=respond_by)


def _text(html: str) -> str:
    """What a person reads: the <main> of a page without its tags (attribute values are not read)."""
    main = html[html.find("<main"):html.find("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


# --- 1. "Change this item" keeps the typed answer and comes back ----------------------------------------------------

def test_change_this_item_saves_the_typed_answer_and_the_form_comes_back_to_the_answers(client, cast, ready):
    application = submit(cast, ready["program"])
    request = _request(cast, application, [("associate_deviations.psychologist", "Образложите.", "P89-7.3")])
    item = request.items.get()
    answer_url = reverse("applications:answer", kwargs={"pk": application.pk, "request_pk": request.pk})
    deviations = reverse("applications:deviations", kwargs={"pk": application.pk})
    client.force_login(cast.owner)
    response = client.post(answer_url, {f"item_{item.pk}": "Оглас је био расписан два пута.", "edit": str(item.pk)})
    assert response.status_code == 302
    assert response.url == f"{deviations}?next={quote(answer_url, safe='')}"
    item.refresh_from_db()
    assert item.answer == "Оглас је био расписан два пута."  # saved before leaving …
    request.refresh_from_db()
    assert request.answered_at is None  # … as a draft: nothing is sent until the application is submitted again
    form = client.get(response.url).content.decode()
    assert f'name="next" value="{answer_url}"' in form
    saved = client.post(deviations, {"psychologist": "Нема психолога на тржишту рада.", "next": answer_url})
    assert saved.url == answer_url  # back to the answers …
    page = client.get(answer_url).content.decode()
    assert "Оглас је био расписан два пута." in page  # … with what was typed
    application.refresh_from_db()
    assert application.associate_deviations["psychologist"] == "Нема психолога на тржишту рада."


def test_saving_the_answers_without_changing_an_item_goes_back_to_the_application(client, cast, ready):
    application = submit(cast, ready["program"])
    request = _request(cast, application, [("associate_deviations.psychologist", "Образложите.", "P89-7.3")])
    item = request.items.get()
    client.force_login(cast.owner)
    response = client.post(reverse("applications:answer", kwargs={"pk": application.pk, "request_pk": request.pk}),
                           {f"item_{item.pk}": "Готово."})
    assert response.url == application.get_absolute_url()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/\\evil.example/x",
                                      "javascript:alert(1)", "evil.example/x"])
def test_only_a_local_path_is_followed_after_a_form(client, cast, ready, next_url):
    application = submit(cast, ready["program"])
    request = _request(cast, application, [("associate_deviations.psychologist", "Образложите.", "P89-7.3")])
    deviations = reverse("applications:deviations", kwargs={"pk": application.pk})
    client.force_login(cast.owner)
    assert next_url not in client.get(deviations, {"next": next_url}).content.decode()
    response = client.post(deviations, {"psychologist": "Разлог.", "next": next_url})
    assert response.url == application.get_absolute_url()
    local = reverse("applications:answer", kwargs={"pk": application.pk, "request_pk": request.pk})
    assert client.post(deviations, {"psychologist": "Разлог.", "next": local}).url == local


# --- 2. dates and numbers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "date", "moment", "area"), [
    ("sr", "4. децембра 2026.", "4. децембра 2026. 11:30", "42,5"),
    ("sr-latn", "4. decembra 2026.", "4. decembra 2026. 11:30", "42,5"),
    ("en", "4 December 2026", "4 December 2026, 11:30", "42.5"),
])
def test_submitted_dates_and_numbers_are_written_as_the_page_language_writes_them(language, date, moment, area):
    with translation.override(language):
        assert review_read.value_text("2026-12-04") == date
        assert review_read.value_text(dt.date(2026, 12, 4)) == date
        assert review_read.value_text("2026-12-04T10:30:00+00:00") == moment  # Belgrade time
        assert review_read.value_text(42.5) == area
        assert review_read.value_text(30.0) == "30"  # as the number filter: no trailing zeros
        assert review_read.value_text(12) == "12"
        assert review_read.value_text("2026-13-45") == "2026-13-45"  # not a date: as typed


def test_the_review_page_shows_the_programs_dates_in_words_and_areas_with_the_decimal_comma(client, cast, ready):
    room = ready["rooms"]["classroom"]
    room.area_m2 = "42.50"
    room.save(update_fields=["area_m2"])
    application = submit(cast, ready["program"])
    client.force_login(cast.reviewer)
    page = _text(client.get(f"/sr/office/applications/{application.pk}/").content.decode())
    assert "1. фебруара 2027." in page and "31. маја 2027." in page  # the program's start and end
    assert "2027-02-01" not in page and "2027-05-31" not in page
    assert "42,5" in page and "42.5" not in page


# --- 3. no code of the rules engine reaches a person ----------------------------------------------------------------

@pytest.mark.parametrize("language", ["sr", "sr-latn", "en"])
def test_findings_name_activities_and_kinds_of_organization_never_by_their_codes(client, cast, ready, language):
    application = submit(cast, ready["program"])
    client.force_login(cast.reviewer)
    page = _text(client.get(f"/{language}/office/applications/{application.pk}/").content.decode())
    for code in Activity.values:
        assert code not in page, code
    assert not re.search(r"[„\"“](ЈПОА|JPOA)[”\"]", page)
    with translation.override(language):
        assert str(Activity.PERS.label) in page  # "Activity „Personal and …” is allowed"
        assert review_read.date_text(dt.date(2027, 5, 31)) in page


def test_grouped_findings_read_codes_and_dates_as_people_do():
    report = {"findings": [{"provision": "P89-2.1.2", "status": "fail", "subject": "activities[A-PERS]",
                            "message": "Активност A-PERS није дозвољена организацији врсте „ЈПОА”.",
                            "hint": "Закуп траје до 2028-08-31."}]}
    with translation.override("sr"):
        finding = selectors.group_findings(report)[0].findings[0]
        assert "A-PERS" not in finding.message and str(Activity.PERS.label) in finding.message
        assert "„ЈПОА”" not in finding.message
        assert finding.hint == "Закуп траје до 31. августа 2028."


# --- 4. Art. 7.1.2 named by what it is -------------------------------------------------------------------------------

def test_a_passed_art_7_1_2_finding_is_named_as_the_associate_not_as_a_justification(client, cast, ready):
    application = submit(cast, ready["program"])
    submission = application.submissions.get()
    with translation.override("en"):
        passes = [f for g in review_read.review_groups(submission, statuses=("pass",)) for f in g.findings
                  if f.provision == "P89-7.1.2"]
        assert {f.name for f in passes} == {f"Professional associate (Art. 7.1.2): {StaffRole(r).label}"
                                            for r in ("andragogue", "psychologist", "librarian")}
        assert review_read.subject_label("associates[librarian]", {}, "P89-7.3") == (
            "Justification of the deviation (Art. 7.3): Librarian")
    client.force_login(cast.reviewer)
    page = _text(client.get(f"/en/office/applications/{application.pk}/").content.decode())
    assert "Professional associate (Art. 7.1.2): Psychologist" in page
    assert "Justification of the deviation" not in page  # nothing was justified in this application


# --- 7. the provider's application page reads the stored report in the page's script -------------------------------

@pytest.mark.parametrize("language", ["sr-latn", "en"])
def test_the_application_page_shows_the_stored_report_without_cyrillic(client, cast, ready, language):
    application = submit(cast, ready["program"])
    assert application.submissions.get().report.get("lang", "sr") == "sr"  # stored in Cyrillic
    client.force_login(cast.owner)
    html = client.get(f"/{language}/applications/{application.pk}/").content.decode()
    section = html[html.index('id="latest-report"'):]
    section = section[:section.index("</details>")]
    assert section.count('class="list-group-item"') >= 1  # the findings are there …
    assert not CYRILLIC.search(_text(f"<main>{section}</main>")), section  # … in the Latin script


def test_the_application_page_shows_the_stored_report_in_cyrillic_on_serbian_pages(client, cast, ready):
    application = submit(cast, ready["program"])
    client.force_login(cast.owner)
    html = client.get(f"/sr/applications/{application.pk}/").content.decode()
    section = html[html.index('id="latest-report"'):]
    assert CYRILLIC.search(section[:section.index("</details>")])


# --- 8. the Art. 7.3 advice links to the justification form ---------------------------------------------------------

def test_the_art_7_3_finding_on_the_precheck_links_to_the_justification_form(client, cast, ready):
    provider_services.staff_delete(ready["staff"][StaffRole.PSYCHOLOGIST], actor=cast.owner)
    application = services.application_create(cast.organization, actor=cast.owner)
    services.application_set_scope(application, activities=[ready["program"].activity],
                                   programs=[ready["program"]], actor=cast.owner)
    services.application_set_deviations(application, deviations={"psychologist": "Нема кандидата."},
                                        actor=cast.owner)
    deviations = reverse("applications:deviations", kwargs={"pk": application.pk})
    assert selectors.fix_url("associates[psychologist]", "P89-7.3", application) == deviations
    assert selectors.fix_url("associates[psychologist]", "P89-7.1.2", application) == reverse(
        "providers:staff_list")  # engaging one is done on the staff list
    assert selectors.fix_url("associates[psychologist]", "P89-7.3") == reverse("providers:staff_list")
    client.force_login(cast.owner)
    page = client.get(f"/sr/applications/{application.pk}/precheck/").content.decode()
    item = page[page.index("<strong>члан 7. став 3.</strong>"):]  # the provision as a reader cites it, never the rule id
    item = item[:item.index("</li>")]
    assert f'href="{deviations}"' in item
    assert "образложење одступања (психолог)" in item
    assert "associate_deviations" not in page


# --- 5. one Serbian word for "submission" ---------------------------------------------------------------------------

def test_submission_is_translated_one_way():
    import polib
    from django.conf import settings

    catalog = polib.pofile(str(settings.BASE_DIR / "locale" / "sr" / "LC_MESSAGES" / "django.po"))
    mixed = [entry.msgid for entry in catalog if not entry.obsolete and re.search(r"\bsubmission", entry.msgid, re.I)
             and "пријав" in " ".join([entry.msgstr, *entry.msgstr_plural.values()])]
    assert mixed == []
    with translation.override("sr"):
        assert "подношења" in translation.gettext("carried over from submission %(number)s")


# --- 6. the PDF preview on a phone ----------------------------------------------------------------------------------

def test_a_pdf_preview_is_shown_in_the_page_on_wide_screens_and_offered_to_open_on_narrow_ones(client, cast, ready):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from providers.enums import DocumentKind

    provider_services.document_upload(
        cast.organization, file=SimpleUploadedFile("диплома.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        kind=DocumentKind.OTHER, actor=cast.owner, staff_member=ready["staff"][StaffRole.INSTRUCTOR])
    application = submit(cast, ready["program"])
    document = application.submissions.get().documents.get()
    client.force_login(cast.reviewer)
    page = client.get(f"/sr/office/applications/{application.pk}/").content.decode()
    inline = reverse("office:submitted_document", kwargs={"pk": document.pk}) + "?inline=1"
    frame = page[page.index("<iframe"):page.index("</iframe>")]
    assert "d-none d-md-block" in frame  # hidden below 768 px …
    offer = page[page.index('class="d-md-none mt-2 mb-1 pdf-open"'):]
    offer = offer[:offer.index("</p>")]
    with translation.override("sr"):
        assert translation.gettext("Open the PDF") in offer  # … where "open" is offered instead
    assert f'href="{inline}"' in offer


# --- 9. the reminder before a change request's answer is due --------------------------------------------------------

def test_the_provider_is_reminded_once_n_days_before_the_answer_is_due(cast, ready, settings,
                                                                     django_capture_on_commit_callbacks):
    settings.CHANGE_REQUEST_REMINDER_DAYS = 3
    application = submit(cast, ready["program"])
    due = timezone.localdate() + dt.timedelta(days=20)
    request = _request(cast, application, [("organization", "Допуните.", "")], respond_by=due)
    mail.outbox.clear()

    def run(days_before):
        with django_capture_on_commit_callbacks(execute=True):
            return services.change_requests_remind(today=due - dt.timedelta(days=days_before))

    assert run(4) == 0  # a day too early
    assert not Notice.objects.filter(key__startswith="change-request-reminder:").exists()
    assert run(3) == 1  # N days before
    assert run(2) == 0 and run(0) == 0  # once
    notices = Notice.objects.filter(key=f"change-request-reminder:{request.pk}")
    assert {n.user for n in notices} == {cast.owner, cast.colleague}
    notice = notices.first()
    assert application.reference in notice.subject
    assert notice.link == reverse("applications:answer", kwargs={"pk": application.pk, "request_pk": request.pk})
    with translation.override("sr"):
        assert review_read.date_text(due) in notice.body
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.owner.email, cast.colleague.email])
    assert all(application.reference in m.subject for m in mail.outbox)


def test_no_reminder_after_the_day_or_once_answered(cast, ready, settings, django_capture_on_commit_callbacks):
    settings.CHANGE_REQUEST_REMINDER_DAYS = 5
    application = submit(cast, ready["program"])
    due = timezone.localdate() + dt.timedelta(days=20)
    _request(cast, application, [("organization", "Допуните.", "")], respond_by=due)
    assert services.change_requests_remind(today=due + dt.timedelta(days=1)) == 0  # the day has passed
    assert services.change_requests_remind(today=due - dt.timedelta(days=6)) == 0
    services.application_submit(application, actor=cast.owner)  # answered and resubmitted
    assert ChangeRequest.objects.get().answered_at is not None
    assert services.change_requests_remind(today=due - dt.timedelta(days=5)) == 0


def test_the_reminder_task_runs_the_service(cast, ready, settings, monkeypatch):
    from applications import tasks

    calls = []
    monkeypatch.setattr(services, "change_requests_remind", lambda **kw: calls.append(kw) or 7)
    assert tasks.change_requests_remind.apply().get() == 7 and calls == [{}]
    assert settings.CELERY_BEAT_SCHEDULE["change-requests-remind"]["task"] == "applications.change_requests_remind"
