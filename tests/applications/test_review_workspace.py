"""Issue 17, parts 1 and 2: the reviewer reads the frozen submission in full, by name, in the page's language, with
its evidence inside the page; verdicts on unchanged items carry over; bulk verdicts; change requests pre-filled
from "not met" verdicts, on any item, with a deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import review_read, services
from applications.enums import ApplicationState as S, Verdict
from applications.models import ChangeRequest, ReviewFinding
from core.models import AuditEvent
from providers import services as provider_services
from providers.enums import DocumentKind, StaffRole
from tests.applications.conftest import submit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(cast, name: str, **target):
    return provider_services.document_upload(
        cast.organization, file=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
        kind=DocumentKind.OTHER, actor=cast.owner, **target)


def _take(cast, application):
    services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)


def _manual(submission):
    return [(f["provision"], f["subject"]) for f in submission.report["findings"] if f["status"] == "manual"]


def _review_page(client, user, application, lang="sr"):
    client.force_login(user)
    return client.get(f"/{lang}/office/applications/{application.pk}/").content.decode()


def test_review_page_shows_the_submission_in_full_by_name_with_evidence_inside(client, cast, ready):
    instructor = ready["staff"][StaffRole.INSTRUCTOR]
    _upload(cast, "диплома.pdf", staff_member=instructor)
    _upload(cast, "записник.pdf", hygiene_item="electrical")
    application = submit(cast, ready["program"])
    page = _review_page(client, cast.reviewer, application)
    program = ready["program"]
    assert program.goal in page and program.purpose in page  # Art. 4 elements in full
    assert "18." in page and "Модули" in page or "модул" in page.lower()
    assert f"{instructor} — диплома.pdf" in page  # evidence named by what it is …
    assert "Електричне инсталације" in page or "записник.pdf" in page  # … the hygiene checklist by label
    assert f'?inline=1" title="{instructor} — диплома.pdf"' in page  # … shown inside the page (iframe)
    for key in ("staff[S", "rooms[R", "hygiene_technical.", "sha256", "SHA-256"):
        assert key not in page, key


def test_inline_evidence_may_be_framed_by_the_portal_only_and_a_download_not_at_all(client, cast, ready):
    _upload(cast, "диплома.pdf", staff_member=ready["staff"][StaffRole.INSTRUCTOR])
    application = submit(cast, ready["program"])
    document = application.submissions.get().documents.get()
    client.force_login(cast.reviewer)
    url = reverse("office:submitted_document", kwargs={"pk": document.pk})
    inline = client.get(url + "?inline=1")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert inline["Content-Disposition"].startswith("inline")
    download = client.get(url)
    assert download["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in download["Content-Security-Policy"]


def test_findings_are_shown_in_the_readers_language_and_script(client, cast, ready):
    application = submit(cast, ready["program"])
    stored = application.submissions.get().report["findings"]
    manual = next(f for f in stored if f["status"] == "manual")
    assert "code" in manual  # stored with its message code
    submission = application.submissions.get()
    english = review_read.localized_report(submission, "en")["findings"]
    latin = review_read.localized_report(submission, "sr-latn")["findings"]
    cyrillic = review_read.localized_report(submission, "sr")["findings"]
    index = stored.index(manual)
    assert english[index]["message"] != cyrillic[index]["message"]
    assert not any("\u0400" <= ch <= "\u04ff" for ch in english[index]["message"])
    assert not any("\u0400" <= ch <= "\u04ff" for ch in latin[index]["message"])
    page = _review_page(client, cast.reviewer, application, lang="en")
    assert english[index]["message"].split()[0] in page
    assert cyrillic[index]["message"].split()[0] not in page


def test_an_old_report_without_codes_is_rendered_again_from_the_facts(cast, ready):
    application = submit(cast, ready["program"])
    submission = application.submissions.get()
    for f in submission.report["findings"]:
        f.pop("code")
    submission.save()
    english = review_read.localized_report(submission, "en")["findings"]
    assert all(not any("\u0400" <= ch <= "\u04ff" for ch in f["message"]) for f in english
               if f["subject"] == "organization")


def test_the_art_7_3_advice_names_no_code_field_and_links_to_the_form():
    from rules import i18n

    for lang in i18n.LANGS:
        assert "associate_deviations" not in i18n.render("p89.7.1.2.hint", {"role": "x"}, lang)


def test_fix_links_go_to_the_form_that_fixes_the_item(cast, ready):
    application = submit(cast, ready["program"])
    assert review_read.fix_url("associates[psychologist]", application) == reverse(
        "applications:deviations", kwargs={"pk": application.pk})
    assert review_read.fix_url("hygiene_technical.water", application).endswith("#item-water")
    assert review_read.fix_url("activities[A-PERS]", application) == reverse(
        "applications:scope", kwargs={"pk": application.pk})


def _resubmit(cast, application, *, change=None):
    services.application_request_changes(application, actor=cast.reviewer, note="Допуна.", items=[])
    if change:
        change()
    services.application_submit(application, actor=cast.owner)
    _take(cast, application)
    return application.submissions.order_by("-number").first()


def test_diff_lists_a_changed_justification_and_new_evidence_by_name(client, cast, ready):
    application = submit(cast, ready["program"])
    _take(cast, application)
    room = ready["rooms"]["classroom"]

    def change():
        services.application_set_deviations(application, deviations={"psychologist": "Нови разлог."},
                                            actor=cast.owner)
        _upload(cast, "скица.pdf", room=room)

    _resubmit(cast, application, change=change)
    rows = review_read.readable_diff(*application.submissions.order_by("number"))
    text = str([(r.item, r.fields) for r in rows])
    assert "Нови разлог." in text
    assert "скица.pdf" in text and room.name in text
    page = _review_page(client, cast.reviewer, application)
    assert "Нови разлог." in page and "скица.pdf" in page
    assert "Ништа се није променило" not in page


def test_diff_says_nothing_changed_when_nothing_did(cast, ready):
    application = submit(cast, ready["program"])
    _take(cast, application)
    _resubmit(cast, application)
    assert review_read.readable_diff(*application.submissions.order_by("number")) == []


def test_verdicts_on_unchanged_items_carry_over_and_changed_ones_do_not(cast, ready):
    instructor = ready["staff"][StaffRole.INSTRUCTOR]
    application = submit(cast, ready["program"])
    _take(cast, application)
    first = application.submissions.get()
    manual = _manual(first)
    for provision, subject in manual:
        services.review_verdict_record(first, provision=provision, subject=subject, verdict=Verdict.CONFIRMED,
                                       comment="", actor=cast.reviewer)
    staff_keys = [(p, s) for p, s in manual if s == f"staff[S{instructor.pk}]"]

    def change():  # new evidence for the instructor: their verdicts need a fresh look
        _upload(cast, "нова-диплома.pdf", staff_member=instructor)

    second = _resubmit(cast, application, change=change)
    carried = {(f.provision, f.subject): f for f in second.review_findings.all()}
    assert carried and all(f.carried_from == 1 for f in carried.values())
    for key in staff_keys:
        assert key not in carried
    assert set(carried) == set(manual) - set(staff_keys)
    assert AuditEvent.objects.filter(action="review.verdict", data__carried_over=len(carried)).exists()
    # a verdict recorded again is the reviewer's own again
    provision, subject = next(iter(carried))
    services.review_verdict_record(second, provision=provision, subject=subject, verdict=Verdict.CONFIRMED,
                                   comment="", actor=cast.reviewer)
    assert ReviewFinding.objects.get(submission=second, provision=provision, subject=subject).carried_from is None


def test_confirm_every_automatic_pass_at_once(client, cast, ready):
    application = submit(cast, ready["program"])
    submission = application.submissions.get()
    client.force_login(cast.reviewer)
    url = reverse("office:confirm_passes", kwargs={"pk": application.pk})
    client.post(url)  # not taken yet: refused
    assert not submission.review_findings.exists()
    _take(cast, application)
    client.post(url)
    passes = {(f["provision"], f["subject"]) for f in submission.report["findings"] if f["status"] == "pass"}
    assert set(submission.review_findings.values_list("provision", "subject")) == passes
    assert AuditEvent.objects.filter(action="review.verdict", data__automatic_passes=len(passes)).exists()


def test_one_verdict_on_several_selected_items(client, cast, ready):
    application = submit(cast, ready["program"])
    _take(cast, application)
    submission = application.submissions.get()
    selected = _manual(submission)[:2]
    client.force_login(cast.reviewer)
    url = reverse("office:verdicts_bulk", kwargs={"pk": application.pk})
    client.post(url, {"items": [f"{p}|{s}" for p, s in selected], "verdict": Verdict.NOT_MET, "comment": ""})
    assert not submission.review_findings.exists()  # "not met" needs a reason
    client.post(url, {"items": [f"{p}|{s}" for p, s in selected], "verdict": Verdict.NOT_MET,
                      "comment": "Недостаје доказ."})
    assert set(submission.review_findings.values_list("provision", "subject")) == set(selected)
    assert AuditEvent.objects.filter(action="review.verdict").count() >= len(selected)
    client.force_login(cast.decider)  # not the assigned reviewer
    client.post(url, {"items": [f"{p}|{s}" for p, s in _manual(submission)], "verdict": Verdict.CONFIRMED})
    assert submission.review_findings.count() == len(selected)


def test_change_request_is_prefilled_from_not_met_and_carries_a_deadline(client, cast, ready):
    application = submit(cast, ready["program"])
    _take(cast, application)
    submission = application.submissions.get()
    provision, subject = _manual(submission)[0]
    services.review_verdict_record(submission, provision=provision, subject=subject, verdict=Verdict.NOT_MET,
                                   comment="Доказ није читљив.", actor=cast.reviewer)
    client.force_login(cast.reviewer)
    url = reverse("office:request_changes", kwargs={"pk": application.pk})
    page = client.get(url).content.decode()
    assert "Доказ није читљив." in page
    soon = timezone.localdate() + dt.timedelta(days=2)
    data = {"note": "Молимо допуну.", "respond_by": soon.isoformat(), "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0", "items-0-subject": subject, "items-0-provision": provision,
            "items-0-comment": "Доказ није читљив.", "items-1-subject": "hygiene_technical.water",
            "items-1-comment": "Приложите налаз о води.", "items-2-subject": "associate_deviations.psychologist",
            "items-2-comment": "Образложите детаљније."}
    response = client.post(url, data)
    assert response.status_code == 200 and not ChangeRequest.objects.exists()  # too soon: shown again
    assert "Приложите налаз о води." in response.content.decode()
    more = client.post(url, {**data, "more": "1"}).content.decode()
    assert 'name="items-5-comment"' in more and not ChangeRequest.objects.exists()
    due = timezone.localdate() + dt.timedelta(days=20)
    client.post(url, {**data, "respond_by": due.isoformat()})
    request = ChangeRequest.objects.get()
    assert request.respond_by == due
    assert {i.subject for i in request.items.all()} == {subject, "hygiene_technical.water",
                                                        "associate_deviations.psychologist"}
    application.refresh_from_db()
    assert application.state == S.CHANGES_REQUESTED
    client.force_login(cast.owner)
    answer_url = reverse("applications:answer", kwargs={"pk": application.pk, "request_pk": request.pk})
    text = client.get(answer_url).content.decode()
    assert "Приложите налаз о води." in text
    assert "hygiene_technical." not in text
    # "Change this item" saves what was typed and opens the item's form, which comes back to the answers
    water = request.items.get(subject="hygiene_technical.water")
    deviation = request.items.get(subject="associate_deviations.psychologist")
    for item, target in ((water, reverse("providers:hygiene")),
                         (deviation, reverse("applications:deviations", kwargs={"pk": application.pk}))):
        assert f'name="edit" value="{item.pk}"' in text
        response = client.post(answer_url, {"edit": str(item.pk)})
        assert response.url.startswith(f"{target}?next={answer_url.replace('/', '%2F')}")
    assert client.post(answer_url, {"edit": str(water.pk)}).url.endswith("#item-water")  # the fragment stays last


def test_a_prefilled_comment_names_an_item_of_the_change_requests_list(cast, ready):
    """A "not met" verdict on an Art. 7.3 justification (the rules' subject ``associates[librarian]``) starts the
    change request on the list's own item, not on "---------" (found by the browser journey)."""
    from applications import review_read

    submission = submit(cast, ready["program"]).submissions.get()
    choices = {key for _group, items in review_read.comment_subjects(submission) for key, _label in items}
    assert review_read.comment_subject_of("associates[librarian]") == "associate_deviations.librarian" in choices
    assert review_read.comment_subject_of("activities[A-PERS]") == "activities" in choices
    assert review_read.comment_subject_of("hygiene_technical.water") == "hygiene_technical.water" in choices
    assert review_read.comment_subject_of("") == "organization" in choices
