"""Issue 16, exams and certificates: exams in time order, commission members as people, certificates that follow
their results (revocation, corrected certificates, duplicates, the revoked PDF), the school's list with export,
and verification without enumeration (serial + surname or birth date, rate limit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext

from core.models import AuditEvent
from exams import services
from exams.enums import CertificateKind, Grade, RenderState, RevocationReason
from exams.models import Certificate, Cohort, ExamResult, Learner
from tests.exams.conftest import EXAM_DAY, START, members
from tests.programs.factories import StaffFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def session(school, commission):
    return services.session_create(school["cohort"], commission=commission, held_on=EXAM_DAY, actor=school["user"])


def _votes(session, grade):
    return {m.pk: grade for m in session.commission.members.all()}


def _pass(school, session, result):
    if not result.drawn_tasks.exists():
        services.result_draw(result, actor=school["user"], seed=result.pk)
    return services.result_record(result, votes=_votes(session, Grade.PASSED), performed={1: True, 2: True, 3: True},
                                  actor=school["user"])


def _fail(school, session, result, **kwargs):
    return services.result_record(result, votes=_votes(session, Grade.FAILED), performed={1: True},
                                  actor=school["user"], **kwargs)


@pytest.fixture
def issued(school, session, django_capture_on_commit_callbacks):
    """Both learners passed; their certificates are issued and rendered. {last name: certificate}"""
    for result in session.results.all():
        _pass(school, session, result)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_issue_certificates(session, actor=school["user"])
    return {c.result.learner.last_name: c for c in Certificate.objects.select_related("result__learner")}


def _actions(obj) -> list[str]:
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                .order_by("seq").values_list("action", flat=True))


def _on(day: dt.date):
    """The clock at noon of ``day`` (timezone.localdate() and now() read it)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- exams in time order -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("offset, ok", [(-1, False), (0, True), (1, True)])
def test_an_exam_is_not_before_its_cohorts_training_ends(school, commission, offset, ok):
    cohort = school["cohort"]
    held_on = cohort.ends_on + dt.timedelta(days=offset)
    if ok:
        assert services.session_create(cohort, commission=commission, held_on=held_on,
                                       actor=school["user"]).held_on == held_on
    else:
        with translation.override("en"), pytest.raises(ValidationError) as info:
            services.session_create(cohort, commission=commission, held_on=held_on, actor=school["user"])
        assert "held_on" in info.value.message_dict and "before the cohort's training ends" in str(info.value)


def test_the_exam_form_refuses_a_date_inside_the_training_and_keeps_it(client, school, commission):
    client.force_login(school["user"])
    url = reverse("exams:session_create", kwargs={"pk": school["cohort"].pk})
    held_on = (school["cohort"].ends_on - DAY).isoformat()
    with translation.override("en"):
        response = client.post(url.replace("/sr/", "/en/"), {"commission": commission.pk, "held_on": held_on})
    page = response.content.decode()
    assert response.status_code == 200 and "cannot be held before the cohort" in page and f'value="{held_on}"' in page


@pytest.mark.parametrize("exam_offset, message", [(-1, "took place"), (0, None), (1, "just before it starts")])
def test_work_tasks_are_drawn_on_the_day_of_the_exam_only(school, commission, exam_offset, message):
    cohort = school["cohort"]
    cohort.ends_on = EXAM_DAY - dt.timedelta(days=5)
    cohort.save()
    session = services.session_create(cohort, commission=commission, held_on=EXAM_DAY + dt.timedelta(days=exam_offset),
                                      actor=school["user"])
    result = session.results.first()
    if message is None:
        assert services.result_draw(result, actor=school["user"], seed=1).drawn_at is not None
    else:
        with translation.override("en"), pytest.raises(ValidationError, match=message):
            services.result_draw(result, actor=school["user"], seed=1)
        assert not result.drawn_tasks.exists()


def test_a_draw_recorded_three_days_after_the_exam_fails_art_6_4_when_the_result_is_recorded(school, session):
    result = session.results.first()
    services.result_draw(result, actor=school["user"], seed=1)
    # A draw whose recorded time is three days after the exam (as an older record, or a clock set wrong, could hold).
    ExamResult.objects.filter(pk=result.pk).update(drawn_at=timezone.now() + dt.timedelta(days=3))
    with _on(EXAM_DAY + dt.timedelta(days=3)), pytest.raises(ValidationError, match=r"члан 6\. став 4\."):
        _pass(school, session, result)
    result.refresh_from_db()
    assert result.grade == ""


@pytest.mark.parametrize("today_offset, ok", [(-1, False), (0, True), (1, True)])
def test_a_result_is_not_recorded_before_the_exam(school, session, today_offset, ok):
    result = session.results.first()
    services.result_draw(result, actor=school["user"], seed=1)
    with _on(EXAM_DAY + dt.timedelta(days=today_offset)):
        if ok:
            assert _pass(school, session, result).grade == Grade.PASSED
        else:
            with translation.override("en"), pytest.raises(ValidationError, match="cannot be recorded before"):
                _pass(school, session, result)


@pytest.mark.parametrize("today_offset, ok", [(-1, False), (0, True), (1, True)])
def test_a_certificate_is_issued_only_after_its_exam_and_never_dated_before_it(school, session, today_offset, ok):
    result = session.results.first()
    _pass(school, session, result)
    with _on(EXAM_DAY + dt.timedelta(days=today_offset)):
        if ok:
            certificate = services.certificate_issue(result, actor=school["user"])
            assert certificate.issued_on == EXAM_DAY + dt.timedelta(days=today_offset) >= session.held_on
        else:
            with translation.override("en"), pytest.raises(ValidationError,
                                                           match="only after the exam has taken place"):
                services.certificate_issue(result, actor=school["user"])
            assert not Certificate.objects.exists()


def test_issuing_certificates_before_the_exam_says_why_on_the_page(client, school, session):
    _pass(school, session, session.results.first())
    client.force_login(school["user"])
    with _on(EXAM_DAY - DAY):
        response = client.post(reverse("exams:session_issue", kwargs={"pk": session.pk}), follow=True)
    assert not Certificate.objects.exists()
    assert "alert-danger" in response.content.decode()


# --- commission members are people (Art. 5.5) ------------------------------------------------------------------------

def _register(school, rows):
    return services.commission_register(school["organization"], program=school["program"], exam="professional",
                                        name="Комисија", members=rows, actor=school["user"])


@pytest.mark.parametrize("first, last", [("Марко", "Кувар"), ("Marko", "Kuvar"), ("MARKO", "KUVAR"),
                                         ("marko", "kuvar ")])
def test_an_instructor_typed_by_name_in_any_script_is_caught(school, first, last):
    rows = members()
    rows[2].update(first_name=first, last_name=last, identifier="P555")
    with pytest.raises(ValidationError) as info:
        _register(school, rows)
    text = " ".join(info.value.messages)
    assert "члан 5. став 5." in text and "Марко Кувар" in text
    assert f"S{school['teacher'].pk}" not in text  # people, never ids


def test_an_instructor_picked_from_the_staff_list_is_caught(school):
    rows = members()
    rows[2].update(staff=school["teacher"], first_name="Марко", last_name="Кувар", identifier="")
    with pytest.raises(ValidationError, match=r"члан 5\. став 5\."):
        _register(school, rows)


def test_an_outside_person_who_did_not_teach_is_accepted(school):
    rows = members()
    rows[2].update(first_name="Марко", last_name="Кувачевић", identifier="P555")
    commission = _register(school, rows)
    assert sorted(commission.members.values_list("identifier", flat=True)) == ["P1000", "P1001", "P555"]


def test_a_colleague_on_the_staff_who_did_not_teach_is_accepted(school):
    colleague = StaffFactory(organization=school["organization"], first_name_sr="Ана", last_name_sr="Анић")
    rows = members()
    rows[2].update(staff=colleague, first_name="Ана", last_name="Анић", identifier="")
    assert _register(school, rows).members.filter(staff=colleague).exists()


def test_the_same_outside_person_twice_is_one_person(school):
    rows = members()
    rows[1].update(identifier="p-123 456")
    rows[2].update(identifier="P123456")
    with pytest.raises(ValidationError, match=r"члан 5\. став 3\."):
        _register(school, rows)


def test_an_outside_member_needs_an_identifier(school):
    rows = members()
    rows[2]["identifier"] = " "
    with translation.override("en"), pytest.raises(ValidationError, match="identity document number"):
        _register(school, rows)


def test_the_commission_form_asks_for_the_identifier_of_an_outside_member(client, school):
    client.force_login(school["user"])
    data = {"program": school["program"].pk, "exam": "professional", "name": "К", "members-TOTAL_FORMS": "3",
            "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "20"}
    for i, row in enumerate(members()):
        data.update({f"members-{i}-first_name": row["first_name"], f"members-{i}-last_name": row["last_name"],
                     f"members-{i}-identifier": row["identifier"] if i else "", f"members-{i}-expert": "on"})
    data["members-0-chair"] = "on"
    response = client.post(reverse("exams:commission_create"), data)
    assert "identifier" in response.context["formset"].forms[0].errors
    assert 'value="Члан1"' in response.content.decode()


def test_an_exam_refuses_a_commission_member_typed_by_name_who_taught_the_cohort(school):
    other_teacher = StaffFactory(organization=school["organization"], first_name_sr="Ђорђе", last_name_sr="Ђурић")
    school["cohort"].instructors.add(other_teacher)
    rows = members()
    rows[2].update(first_name="Djordje", last_name="Djuric", identifier="P777")
    commission = _register(school, rows)  # not an instructor of the program itself
    with pytest.raises(ValidationError, match=r"члан 5\. став 5\."):
        services.session_create(school["cohort"], commission=commission, held_on=EXAM_DAY, actor=school["user"])


# --- certificates follow their results -----------------------------------------------------------------------------

def test_a_result_with_a_certificate_in_force_cannot_change(school, session, issued):
    certificate = issued["Ђорђевић"]
    with pytest.raises(ValidationError, match=certificate.serial):
        _fail(school, session, certificate.result)
    certificate.refresh_from_db()
    certificate.result.refresh_from_db()
    assert certificate.revoked_at is None and certificate.result.grade == Grade.PASSED
    assert "exam.result_changed" not in _actions(certificate.result)


def test_recording_the_same_result_again_changes_nothing(school, session, issued):
    certificate = issued["Ђорђевић"]
    _pass(school, session, certificate.result)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert "exam.result_changed" not in _actions(certificate.result)


def test_revoke_first_then_change_the_result(client, school, session, issued, django_capture_on_commit_callbacks):
    certificate = issued["Ђорђевић"]
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(certificate, reason=RevocationReason.RESULT_CHANGED, reasons="Погрешно бодовано.",
                                    actor=school["user"])
    result = _fail(school, session, certificate.result)
    assert result.grade == Grade.FAILED
    assert _actions(result)[-1] == "exam.result_changed"
    certificate.refresh_from_db()
    assert _actions(certificate)[-2:] == ["certificate.revoked", "certificate.rendered"]
    page = client.get(reverse("documents:verify", kwargs={"code": certificate.code})).content.decode()
    assert 'data-state="revoked"' in page
    assert pgettext("revocation reason", "Correction of the exam result") in page
    assert "result_changed" not in page and "Погрешно бодовано." not in page
    with translation.override("sr"):
        assert timezone.localdate(certificate.revoked_at).strftime("%Y") in page


def test_changing_the_result_revokes_its_certificate_in_the_same_step(school, session, issued):
    certificate = issued["Ђорђевић"]
    revocation = services.revocation_clean(RevocationReason.RESULT_CHANGED, "Комисија је исправила оцену.")
    result = _fail(school, session, certificate.result, revoke=revocation)
    certificate.refresh_from_db()
    assert result.grade == Grade.FAILED
    assert certificate.revoked_at is not None and certificate.revocation_reason == RevocationReason.RESULT_CHANGED
    assert "certificate.revoked" in _actions(certificate) and "exam.result_changed" in _actions(result)
    # A refused change revokes nothing: the revocation and the change are one step.
    other = issued["Џаковић"]
    with pytest.raises(ValidationError):
        services.result_record(other.result, votes=_votes(session, Grade.PASSED), performed={1: True},
                               actor=school["user"], revoke=revocation)  # P89-6.7 refuses "passed" here
    other.refresh_from_db()
    assert other.revoked_at is None


def test_the_result_page_asks_for_the_revocation_reason_when_a_certificate_is_in_force(client, school, session,
                                                                                        issued):
    certificate = issued["Ђорђевић"]
    client.force_login(school["user"])
    url = reverse("exams:result_record", kwargs={"pk": certificate.result.pk})
    assert certificate.serial in client.get(url).content.decode()
    votes = {f"vote_{m.pk}": "failed" for m in session.commission.members.all()}
    response = client.post(url, {**votes, "task_1": "on"})
    assert response.status_code == 200 and certificate.serial in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
    response = client.post(url, {**votes, "task_1": "on", "reason": "result_changed", "reasons": ""})
    assert "reasons" in response.context["form"].errors
    response = client.post(url, {**votes, "task_1": "on", "reason": "result_changed", "reasons": "Исправка."})
    assert response.status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).revocation_reason == "result_changed"


def test_a_revoked_certificate_pdf_carries_the_mark_in_the_holders_script(school, session, issued,
                                                                         django_capture_on_commit_callbacks, tmp_path):
    for certificate in issued.values():
        with django_capture_on_commit_callbacks(execute=True):
            services.certificate_revoke(certificate, reason=RevocationReason.ISSUED_IN_ERROR, reasons="Грешка.",
                                        actor=school["user"])
    texts = {}
    for certificate in Certificate.objects.select_related("result__learner"):
        assert certificate.state == RenderState.READY
        path = tmp_path / f"{certificate.pk}.pdf"
        with certificate.file.open("rb") as handle:
            path.write_bytes(handle.read())
        texts[certificate.result.learner.last_name] = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "ПОНИШТЕНО" in texts["Ђорђевић"] and "Издато грешком" in texts["Ђорђевић"]
    assert "PONIŠTENO" in texts["Џаковић"] and "Izdato greškom" in texts["Џаковић"]
    assert "ПОНИШТЕНО" not in texts["Џаковић"]


def test_a_revoked_certificate_is_not_served_as_valid_while_its_marked_copy_is_prepared(client, school, issued):
    certificate = issued["Ђорђевић"]
    services.certificate_revoke(certificate, reason=RevocationReason.OTHER, reasons="Разлог.", actor=school["user"])
    client.force_login(school["user"])
    response = client.get(reverse("exams:certificate_download", kwargs={"pk": certificate.pk}))  # not yet rendered
    assert response.status_code == 409 and "application/pdf" not in response["Content-Type"]


def test_a_certificate_that_was_never_rendered_carries_no_revoked_mark_unless_revoked(issued):
    from exams.documents import certificate_context

    context = certificate_context(issued["Ђорђевић"])
    assert context["revoked"] is False and context["duplicate"] is False


# --- corrected certificates and duplicates --------------------------------------------------------------------------

def test_a_corrected_certificate_replaces_a_revoked_one_and_both_link_to_each_other(client, school, issued):
    old = issued["Ђорђевић"]
    with translation.override("en"), pytest.raises(ValidationError, match="revoke it first"):
        services.certificate_reissue(old, actor=school["user"])
    services.certificate_revoke(old, reason=RevocationReason.HOLDER_DATA, reasons="Погрешно име.",
                                actor=school["user"])
    with translation.override("en"), pytest.raises(ValidationError, match="revoked"):
        services.certificate_issue(old.result, actor=school["user"])  # only through the reissue, which links them
    with pytest.raises(ValidationError) as info:
        services.certificate_revoke(old, reason=RevocationReason.LOST, reasons="x", actor=school["user"])
    assert "reason" in info.value.message_dict  # "lost" is declared by issuing a duplicate, never chosen here
    new = services.certificate_reissue(old, actor=school["user"])
    assert new.kind == CertificateKind.REISSUE and new.replaces == old and new.serial != old.serial
    from exams.documents import certificate_context

    context = certificate_context(new)
    assert context["reissue"] is True and context["replaces"] == old and context["revoked"] is False
    assert new.code != old.code and new.result == old.result
    assert "certificate.reissued" in _actions(new)
    with translation.override("en"), pytest.raises(ValidationError, match="already been replaced"):
        services.certificate_reissue(old, actor=school["user"])
    old_page = client.get(reverse("documents:verify", kwargs={"code": old.code})).content.decode()
    new_page = client.get(reverse("documents:verify", kwargs={"code": new.code})).content.decode()
    assert reverse("documents:verify", kwargs={"code": new.code}) in old_page and 'data-state="revoked"' in old_page
    assert reverse("documents:verify", kwargs={"code": old.code}) in new_page and 'data-state="valid"' in new_page
    client.force_login(school["user"])
    detail = client.get(reverse("exams:certificate", kwargs={"pk": old.pk})).content.decode()
    assert reverse("exams:certificate", kwargs={"pk": new.pk}) in detail
    detail = client.get(reverse("exams:certificate", kwargs={"pk": new.pk})).content.decode()
    assert reverse("exams:certificate", kwargs={"pk": old.pk}) in detail


def test_no_corrected_certificate_for_a_result_that_is_now_failed(school, session, issued):
    old = issued["Ђорђевић"]
    _fail(school, session, old.result, revoke=services.revocation_clean("result_changed", "Пао."))
    with translation.override("en"), pytest.raises(ValidationError, match="no longer recorded as passed"):
        services.certificate_reissue(old, actor=school["user"])


def test_reissue_through_the_page(client, school, issued):
    old = issued["Ђорђевић"]
    services.certificate_revoke(old, reason=RevocationReason.HOLDER_DATA, reasons="Име.", actor=school["user"])
    client.force_login(school["user"])
    response = client.post(reverse("exams:certificate_reissue", kwargs={"pk": old.pk}))
    new = Certificate.objects.get(replaces=old)
    assert response["Location"] == reverse("exams:certificate", kwargs={"pk": new.pk})


def test_a_duplicate_of_a_lost_certificate_is_marked_has_its_own_serial_and_points_to_the_original(
        client, school, issued, django_capture_on_commit_callbacks):
    original = issued["Ђорђевић"]
    client.force_login(school["user"])
    url = reverse("exams:certificate_duplicate", kwargs={"pk": original.pk})
    response = client.post(url, {"reasons": ""})
    assert "reasons" in response.context["form"].errors and not Certificate.objects.filter(replaces=original)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reasons": "Изјава имаоца од 1. децембра."})
    duplicate = Certificate.objects.get(replaces=original)
    original.refresh_from_db()
    assert duplicate.kind == CertificateKind.DUPLICATE and duplicate.serial != original.serial
    assert original.revocation_reason == RevocationReason.LOST
    assert _actions(duplicate)[0] == "certificate.duplicate_issued"
    page = client.get(reverse("documents:verify", kwargs={"code": duplicate.code})).content.decode()
    assert 'data-state="valid"' in page and reverse("documents:verify", kwargs={"code": original.code}) in page
    assert pgettext("certificate kind", "Duplicate") in page
    page = client.get(reverse("documents:verify", kwargs={"code": original.code})).content.decode()
    assert pgettext("revocation reason", "Declared lost; a duplicate was issued") in page
    assert reverse("documents:verify", kwargs={"code": duplicate.code}) in page
    with duplicate.file.open("rb") as handle:
        pdf = handle.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "ДУПЛИКАТ" in text and original.serial in text and "ПОНИШТЕНО" not in text
    with translation.override("en"), pytest.raises(ValidationError, match="revoked"):
        services.certificate_duplicate(original, reasons="Опет.", actor=school["user"])


# --- the school's list and export -----------------------------------------------------------------------------------

@pytest.fixture
def listed(school, session, issued):
    """Ђорђевић's certificate revoked and replaced by a duplicate; Џаковић's issued a week ago (backdated row)."""
    services.certificate_duplicate(issued["Ђорђевић"], reasons="Изгубљено.", actor=school["user"])
    Certificate.objects.filter(pk=issued["Џаковић"].pk).update(issued_on=EXAM_DAY - dt.timedelta(days=7))
    return issued


def _serials(client, **params):
    response = client.get(reverse("exams:certificates"), params)
    assert response.status_code == 200
    return sorted(c.serial for c in response.context["certificates"])


def test_the_certificate_list_filters_by_state_program_cohort_and_period(client, school, listed):
    client.force_login(school["user"])
    everything = sorted(Certificate.objects.values_list("serial", flat=True))
    assert len(everything) == 3 and _serials(client) == everything
    duplicate = Certificate.objects.get(kind=CertificateKind.DUPLICATE).serial
    assert _serials(client, status="valid") == sorted([duplicate, listed["Џаковић"].serial])
    assert _serials(client, status="revoked") == [listed["Ђорђевић"].serial]
    assert _serials(client, status="duplicate") == [duplicate]
    assert _serials(client, program=school["program"].pk) == everything
    other = Cohort.objects.create(organization=school["organization"], program=school["program"], name="Друга",
                                  starts_on=START, ends_on=START + dt.timedelta(days=10))
    assert _serials(client, cohort=other.pk) == [] and _serials(client, cohort=school["cohort"].pk) == everything
    week_ago = EXAM_DAY - dt.timedelta(days=7)
    assert _serials(client, issued_from=(week_ago + DAY).isoformat()) == sorted(  # the day after: not it
        [duplicate, listed["Ђорђевић"].serial])
    assert listed["Џаковић"].serial in _serials(client, issued_from=week_ago.isoformat())  # the day of: it
    assert _serials(client, issued_until=(week_ago - DAY).isoformat()) == []  # the day before: nothing
    assert _serials(client, issued_until=week_ago.isoformat()) == [listed["Џаковић"].serial]
    response = client.get(reverse("exams:certificates"), {"issued_from": EXAM_DAY.isoformat(),
                                                          "issued_until": week_ago.isoformat()})
    assert "issued_until" in response.context["form"].errors


def test_another_organization_sees_none_of_the_schools_certificates(client, cast, listed):
    client.force_login(cast.owner)
    assert _serials(client) == []
    text = client.get(reverse("exams:certificates_csv")).getvalue().decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text), delimiter=";"))) == 1  # the header only


def test_the_csv_export_follows_the_filters_and_defuses_formulas(client, school, listed):
    Learner.objects.filter(last_name="Ђорђевић").update(first_name="@SUM(A1)", last_name="=HYPERLINK(\"x\")")
    Learner.objects.filter(last_name="Џаковић").update(first_name="+381", last_name="-Minus")
    client.force_login(school["user"])
    response = client.get(reverse("exams:certificates_csv"), {"status": "revoked"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == listed["Ђорђевић"].serial
    assert rows[1][4:6] == ["'@SUM(A1)", "'=HYPERLINK(\"x\")"]
    assert rows[1][10] == str(pgettext("revocation reason", "Declared lost; a duplicate was issued"))
    rows = list(csv.reader(io.StringIO(client.get(reverse("exams:certificates_csv")).getvalue().decode("utf-8-sig")),
                           delimiter=";"))
    assert len(rows) == 4
    assert ["'+381", "'-Minus"] in [row[4:6] for row in rows]


# --- verification without enumeration -------------------------------------------------------------------------------

def _verify_serial(client, serial, **answers):
    return client.post(reverse("exams:verify_serial"), {"serial": serial, **answers})


@pytest.mark.parametrize("answers, shown", [
    ({"surname": "Ђорђевић"}, True),                 # as written
    ({"surname": "Đorđević"}, True),                 # the other script
    ({"surname": "DJORDJEVIC"}, True),               # capitals, no diacritics
    ({"surname": "Ђорђевић-Петровић"}, False),       # another surname
    ({"surname": "Петровић"}, False),
    ({"birth_date": "1900-01-01"}, True),            # from the JMBG
    ({"birth_date": "1900-01-02"}, False),           # the day after
    ({"birth_date": "1899-12-31"}, False),           # the day before
])
def test_verification_by_serial_needs_the_holders_surname_or_birth_date(client, issued, answers, shown):
    certificate = issued["Ђорђевић"]
    response = _verify_serial(client, certificate.serial, **answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert ('id="certificate"' in page) is shown
    if shown:
        assert certificate.serial in page and "Љ. Ђ." in page and "1900" not in page.split('id="certificate"')[1]
    else:
        assert "alert-danger" in page and f'value="{certificate.serial}"' in page


def test_an_unknown_serial_and_a_wrong_surname_get_the_same_answer(client, issued):
    wrong = _verify_serial(client, issued["Ђорђевић"].serial, surname="Петровић").context["form"].non_field_errors()
    unknown = _verify_serial(client, "99999999-2026-00001", surname="Петровић").context["form"].non_field_errors()
    assert wrong == unknown


def test_a_holder_without_a_jmbg_is_verified_by_surname_not_by_birth_date(client, issued):
    certificate = issued["Џаковић"]  # foreign document, born 1985
    assert 'id="certificate"' not in _verify_serial(client, certificate.serial,
                                                    birth_date="1985-01-01").content.decode()
    assert 'id="certificate"' in _verify_serial(client, certificate.serial.lower(), surname="Džaković").content.decode()


def test_verification_by_serial_asks_for_a_surname_or_a_birth_date(client, issued):
    response = _verify_serial(client, issued["Ђорђевић"].serial)
    assert response.context["form"].errors["__all__"] and 'id="certificate"' not in response.content.decode()


def test_the_verification_code_stays_the_key_and_is_not_sequential(client, issued):
    codes = [c.code for c in issued.values()]
    assert all(len(code) == 10 for code in codes) and codes[0] != codes[1]
    page = client.get(reverse("documents:verify", kwargs={"code": codes[0]})).content.decode()
    assert 'id="certificate"' in page


def test_verification_is_rate_limited_per_client_at_its_threshold(client, settings, issued):
    settings.CERTIFICATE_VERIFY_LIMIT = 3
    certificate = issued["Ђорђевић"]
    url = reverse("documents:verify", kwargs={"code": certificate.code})
    assert [client.get(url).status_code for _i in range(3)] == [200, 200, 200]  # up to the limit
    response = client.get(url)  # one past it
    assert response.status_code == 429 and response["Retry-After"]
    settings_minutes = -(-settings.CERTIFICATE_VERIFY_WINDOW_SECONDS // 60)
    assert ngettext("Too many certificates were verified from your connection in a short time. Please try again in "
                    "about %(minutes)s minute.", "Too many certificates were verified from your connection in a short "
                    "time. Please try again in about %(minutes)s minutes.", settings_minutes) % {
        "minutes": settings_minutes} in response.content.decode()
    assert response["Retry-After"] == str(settings.CERTIFICATE_VERIFY_WINDOW_SECONDS)
    assert reverse("documents:verify_form") in response.content.decode()  # and a way back
    assert 'id="certificate"' not in response.content.decode()
    # Past the limit even the right answer by serial is refused, so the limit is no oracle.
    assert _verify_serial(client, certificate.serial, surname="Ђорђевић").status_code == 429
    # Another client is counted on its own.
    assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200
    # The next window starts afresh.
    with _on(EXAM_DAY + DAY):
        assert client.get(url).status_code == 200


def test_wrong_guesses_by_serial_count_towards_the_limit(client, settings, issued):
    settings.CERTIFICATE_VERIFY_LIMIT = 2
    certificate = issued["Ђорђевић"]
    assert _verify_serial(client, certificate.serial, surname="А").status_code == 200
    assert _verify_serial(client, certificate.serial, surname="Б").status_code == 200
    assert _verify_serial(client, certificate.serial, surname="Ђорђевић").status_code == 429


def test_the_rate_limit_counts_the_client_address_behind_the_trusted_proxy(client, settings, issued):
    settings.CERTIFICATE_VERIFY_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("documents:verify", kwargs={"code": issued["Ђорђевић"].code})
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # A client cannot choose its address by writing the header itself: the proxy's entry counts.
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1").status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
