"""Cohorts, learners (with the CSV import) and exam commissions through the views: scoping to the organization,
validation shown next to what was typed, the Office reading read-only and on the record."""

from __future__ import annotations

import base64
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from exams import services
from exams.enums import ExamKind
from exams.forms_records import IMPORT_MAX_BYTES
from exams.models import Cohort, Commission, Learner
from core.models import AuditEvent
from tests.exams.conftest import members
from tests.programs.factories import CompleteProgramFactory
from tests.providers.records_factories import RoomFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def en(name: str, **kwargs) -> str:
    """Pages in English, so that the asserted messages are the msgids whatever the Serbian catalog says."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def school_client(client, school):
    client.force_login(school["user"])
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- cohorts -----------------------------------------------------------------------------------------------------


def test_cohort_list_shows_the_organizations_cohorts_only(school_client, school, cast):
    foreign_program = CompleteProgramFactory(organization=cast.other_organization, name="Туђи програм")
    Cohort.objects.create(organization=cast.other_organization, program=foreign_program, name="Туђа група",
                          starts_on=school["cohort"].starts_on, ends_on=school["cohort"].ends_on)
    response = school_client.get(en("exams:cohorts"))
    text = _text(response)
    assert [c.name for c in response.context["cohorts"]] == ["Пролеће 2027"]
    assert response.context["cohorts"][0].learner_count == 2
    assert school["program"].name in text
    assert "Туђа група" not in text
    assert en("exams:cohort_create") in text
    assert en("exams:cohort", pk=school["cohort"].pk) in text


def test_cohort_create_saves_the_rooms_and_instructors(school_client, school):
    organization = school["organization"]
    room = RoomFactory(organization=organization, name_sr="Кабинет 3")
    response = school_client.get(en("exams:cohort_create"))
    text = _text(response)
    assert f'name="rooms" value="{room.pk}"' in text and 'type="date"' in text
    response = school_client.post(en("exams:cohort_create"), {
        "program": school["program"].pk, "name": "Јесен 2027", "starts_on": "2027-09-01", "ends_on": "2027-11-30",
        "rooms": [room.pk], "instructors": [school["teacher"].pk],
    })
    cohort = Cohort.objects.get(name="Јесен 2027")
    assert response.status_code == 302 and response["Location"] == en("exams:cohort", pk=cohort.pk)
    assert cohort.organization == organization
    assert list(cohort.rooms.all()) == [room]
    assert list(cohort.instructors.all()) == [school["teacher"]]
    assert AuditEvent.objects.filter(action="cohort.created", object_id=str(cohort.pk)).count() == 1


def test_cohort_create_offers_nothing_of_another_organization(school_client, school, cast):
    foreign_room = RoomFactory(organization=cast.other_organization, name_sr="Туђа учионица")
    foreign_staff = StaffMemberFactory(organization=cast.other_organization, first_name_sr="Туђин")
    foreign_program = CompleteProgramFactory(organization=cast.other_organization, name="Туђи програм")
    fields = school_client.get(en("exams:cohort_create")).context["form"].fields
    assert list(fields["program"].queryset) == [school["program"]]
    assert list(fields["rooms"].queryset) == [] and list(fields["instructors"].queryset) == [school["teacher"]]
    response = school_client.post(en("exams:cohort_create"), {
        "program": foreign_program.pk, "name": "Уљез", "starts_on": "2027-09-01", "ends_on": "2027-11-30",
        "rooms": [foreign_room.pk], "instructors": [foreign_staff.pk],
    })
    assert set(response.context["form"].errors) == {"program", "rooms", "instructors"}
    assert not Cohort.objects.filter(name="Уљез").exists()


def test_cohort_ending_before_it_starts_is_refused_with_the_typed_values_kept(school_client, school):
    response = school_client.post(en("exams:cohort_create"), {
        "program": school["program"].pk, "name": "Наопака група", "starts_on": "2027-09-01",
        "ends_on": "2027-08-01",
    })
    text = _text(response)
    assert "The cohort cannot end before it starts." in text
    assert 'value="Наопака група"' in text and 'value="2027-08-01"' in text
    assert not Cohort.objects.filter(name="Наопака група").exists()


def test_cohort_edit_saves_the_changes(school_client, school):
    cohort = school["cohort"]
    response = school_client.post(en("exams:cohort_edit", pk=cohort.pk), {
        "program": school["program"].pk, "name": "Пролеће 2027, група 2", "starts_on": "2027-03-01",
        "ends_on": "2027-06-30", "instructors": [],
    })
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "Пролеће 2027, група 2" and str(cohort.ends_on) == "2027-06-30"
    assert not cohort.instructors.exists()


def test_cohort_detail_shows_the_learners_to_the_organization(school_client, school):
    cohort = school["cohort"]
    response = school_client.get(en("exams:cohort", pk=cohort.pk))
    text = _text(response)
    assert "Đorđević" in text and "Džaković" in text and "Ђорђевић" not in text  # an English page: Latin (issue 18)
    assert "0101900350008" in text  # the JMBG as it is, to the organization
    assert "P1234567" in text and "1985" in text and "Latin" in text
    for name in ("exams:learner_create", "exams:learner_import", "exams:cohort_edit"):
        assert en(name, pk=cohort.pk) in text
    assert text.count("<h1") == 1
    assert not AuditEvent.objects.filter(action="learners.viewed_by_office").exists()


# --- learners ----------------------------------------------------------------------------------------------------

LEARNER = {"first_name": "Драгана", "last_name": "Стојановић", "jmbg": "1503985715004", "foreign_document": "",
           "birth_year": "", "email": "dragana@example.rs", "phone": "", "script": "latn"}


def test_learner_create_takes_the_year_of_birth_from_the_jmbg(school_client, school):
    cohort = school["cohort"]
    response = school_client.post(en("exams:learner_create", pk=cohort.pk), LEARNER)
    assert response.status_code == 302 and response["Location"] == en("exams:cohort", pk=cohort.pk)
    learner = Learner.objects.get(jmbg="1503985715004")
    assert (learner.cohort, learner.first_name, learner.birth_year, learner.script) == (cohort, "Драгана", 1985,
                                                                                       "latn")


def test_learner_without_a_jmbg_keeps_the_sex_the_school_gives(school_client, school):
    cohort = school["cohort"]
    response = school_client.post(en("exams:learner_create", pk=cohort.pk), {
        **LEARNER, "jmbg": "", "foreign_document": "P123", "birth_year": "1990", "declared_sex": "female"})
    assert response.status_code == 302
    learner = Learner.objects.get(foreign_document="P123")
    assert (learner.declared_sex, learner.sex) == ("female", "female")
    page = school_client.get(en("exams:learner_edit", pk=learner.pk)).content.decode()
    assert '<option value="female" selected>' in page


def test_learner_with_a_wrong_control_digit_is_refused_and_the_typed_values_stay(school_client, school):
    response = school_client.post(en("exams:learner_create", pk=school["cohort"].pk),
                                  {**LEARNER, "jmbg": "0101900350007"})
    text = _text(response)
    assert response.context["form"].errors["jmbg"] == ["The JMBG is not valid: its control digit does not match."]
    assert "control digit" in text
    assert 'value="Драгана"' in text and 'value="Стојановић"' in text and 'value="0101900350007"' in text
    assert not Learner.objects.filter(first_name="Драгана").exists()


def test_learner_without_any_identity_gets_the_services_message_next_to_the_jmbg(school_client, school):
    response = school_client.post(en("exams:learner_create", pk=school["cohort"].pk),
                                  {**LEARNER, "jmbg": "", "birth_year": "1990"})
    assert response.context["form"].errors["jmbg"] == [
        "Give the JMBG, or for a learner without one a foreign document number."]
    assert not Learner.objects.filter(first_name="Драгана").exists()


def test_learner_edit_shows_and_saves_the_learner(school_client, school):
    learner = school["learners"][1]
    text = _text(school_client.get(en("exams:learner_edit", pk=learner.pk)))
    assert 'value="Његош"' in text and 'value="P1234567"' in text and "Script of the certificate" in text
    response = school_client.post(en("exams:learner_edit", pk=learner.pk), {
        "first_name": "Његош", "last_name": "Џаковић-Петровић", "jmbg": "", "foreign_document": "P1234567",
        "birth_year": "1986", "email": "", "phone": "", "script": "cyrl"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.last_name, learner.birth_year, learner.script) == ("Џаковић-Петровић", 1986, "cyrl")


# --- the CSV import ----------------------------------------------------------------------------------------------

CSV_OK = "first_name,last_name,jmbg,foreign_document,birth_year,email\nПетар,Петровић,,AB123,1980,p@x.rs\n"
CSV_BAD = CSV_OK + "Мира,Мирић,0101900350007,,,\n"


def _upload(client, cohort, content: bytes, name="learners.csv"):
    return client.post(en("exams:learner_import", pk=cohort.pk),
                       {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_import_with_a_bad_row_imports_nothing_and_reports_the_line(school_client, school):
    cohort = school["cohort"]
    response = _upload(school_client, cohort, CSV_BAD.encode())
    text = _text(response)
    assert cohort.learners.count() == 2
    report = response.context["report"]
    assert [(row.line, bool(row.errors)) for row in report.rows] == [(2, False), (3, True)]
    assert re.search(r'<th scope="row">3</th>\s*<td>Мира</td>', text)
    assert "control digit" in text
    assert "Import the 1 valid row only" in text


def test_the_second_step_imports_the_valid_rows_only(school_client, school):
    cohort = school["cohort"]
    first = _text(_upload(school_client, cohort, CSV_BAD.encode()))
    content = re.search(r'name="content" value="([^"]*)"', first).group(1)
    assert base64.b64decode(content).decode() == CSV_BAD
    response = school_client.post(en("exams:learner_import", pk=cohort.pk), {"content": content}, follow=True)
    assert response.redirect_chain[-1][0] == en("exams:cohort", pk=cohort.pk)
    assert _messages(response) == ["1 learner is imported. 1 row with errors is left out."]
    assert set(cohort.learners.values_list("last_name", flat=True)) == {"Ђорђевић", "Џаковић", "Петровић"}
    assert not cohort.learners.filter(last_name="Мирић").exists()


def test_a_file_of_valid_rows_is_imported_at_once(school_client, school):
    cohort = school["cohort"]
    response = school_client.post(en("exams:learner_import", pk=cohort.pk),
                                  {"file": SimpleUploadedFile("l.csv", CSV_OK.encode())}, follow=True)
    assert _messages(response) == ["1 learner is imported."]
    assert cohort.learners.filter(last_name="Петровић", birth_year=1980).exists()


def test_a_file_larger_than_one_mebibyte_is_refused(school_client, school):
    cohort = school["cohort"]
    big = (CSV_OK + "x" * IMPORT_MAX_BYTES).encode()
    response = _upload(school_client, cohort, big)
    text = _text(response)
    assert "at most 1.0" in text and "Split it into smaller files." in text
    assert response.context["report"] is None
    assert cohort.learners.count() == 2
    # the second step checks the size again
    response = school_client.post(en("exams:learner_import", pk=cohort.pk),
                                  {"content": base64.b64encode(big).decode()})
    assert "Split it into smaller files." in _text(response)
    assert cohort.learners.count() == 2


def test_a_windows_1251_file_is_read_as_cyrillic_and_imported(school_client, school):
    response = _upload(school_client, school["cohort"], CSV_OK.encode("cp1251"))
    assert response.status_code == 302
    assert school["cohort"].learners.filter(last_name="Петровић", foreign_document="AB123").exists()


def test_the_example_file_has_the_header_and_two_valid_cyrillic_rows(school_client, school):
    response = school_client.get(en("exams:learner_example"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    Learner.objects.filter(foreign_document="P1234567").delete()  # the fixture's learner has the example's number
    assert data.decode("utf-8-sig").splitlines()[0] == ("first name;last name;JMBG;foreign document number;"
                                                        "year of birth;e-mail;phone;script")
    report = services.learners_parse(school["cohort"], data)
    assert len(report.rows) == 2 and not report.invalid
    assert [(row.values["first_name"], row.values["script"]) for row in report.rows] == [
        ("Milica", "Cyrillic"), ("Nikola", "Latin")]
    with translation.override("sr"):
        serbian = school_client.get(reverse("exams:learner_example")).content.decode("utf-8-sig").splitlines()
    assert serbian[0].startswith("име;презиме;ЈМБГ;") and serbian[1].startswith("Милица;Јовановић;")


# --- commissions -------------------------------------------------------------------------------------------------


def _commission_data(school, rows: list[dict], *, name="Комисија за кувара") -> dict:
    data = {"program": school["program"].pk, "exam": ExamKind.PROFESSIONAL, "name": name,
            "members-TOTAL_FORMS": "5", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "20"}
    for i, row in enumerate(rows):
        data.update({f"members-{i}-first_name": row["first_name"], f"members-{i}-last_name": row["last_name"],
                     f"members-{i}-identifier": row.get("identifier", "")})
        if row.get("staff"):
            data[f"members-{i}-staff"] = row["staff"].pk
        data.update({f"members-{i}-{flag}": "on" for flag in ("chair", "expert", "teacher") if row.get(flag)})
    return data


def test_commission_form_offers_five_member_rows_and_the_organizations_staff(school_client, school, cast):
    foreign = StaffMemberFactory(organization=cast.other_organization, first_name_sr="Туђин")
    response = school_client.get(en("exams:commission_create"))
    text = _text(response)
    assert len(response.context["formset"].forms) == 5
    assert list(response.context["formset"].forms[0].fields["staff"].queryset) == [school["teacher"]]
    assert "Туђин" not in text and "Tuđin" not in text and foreign.pk


def test_commission_of_four_members_is_refused_citing_the_article_and_the_typed_names_stay(school_client, school):
    rows = [{**row, "first_name": f"Особа{i}"} for i, row in enumerate(members(count=4))]
    response = school_client.post(en("exams:commission_create"), _commission_data(school, rows))
    text = _text(response)
    alert = re.search(r'<div class="alert alert-danger" role="alert".*?</div>', text, re.S).group(0)
    assert "Art. 5 para. 3" in alert and "P89-" not in text
    assert text.count("Art. 5 para. 3") == 1  # once, at the top; not repeated inside the form
    for i in range(4):
        assert f'value="Особа{i}"' in text
    assert 'value="Комисија за кувара"' in text
    assert not Commission.objects.exists()


def test_commission_of_three_valid_members_is_registered(school_client, school):
    response = school_client.post(en("exams:commission_create"), _commission_data(school, members(count=3)),
                                  follow=True)
    commission = Commission.objects.get()
    assert response.redirect_chain[-1][0] == en("exams:commission", pk=commission.pk)
    assert (commission.organization, commission.program, commission.exam) == (
        school["organization"], school["program"], ExamKind.PROFESSIONAL)
    assert sorted(m.first_name for m in commission.members.all()) == ["Члан0", "Члан1", "Члан2"]
    assert commission.members.get(first_name="Члан0").chair
    text = _text(response)
    assert "Član0" in text and "Član2" in text and "Komisija za kuvara" in text  # an English page: Latin


def test_a_half_filled_member_row_is_shown_next_to_the_row(school_client, school):
    rows = members(count=3) + [{"first_name": "Без презимена", "last_name": "", "identifier": "P999"}]
    response = school_client.post(en("exams:commission_create"), _commission_data(school, rows))
    assert response.context["formset"].forms[3].errors == {"last_name": ["This field is required."]}
    assert 'value="Без презимена"' in _text(response)
    assert not Commission.objects.exists()


def test_commission_list_and_detail(school_client, school, commission):
    text = _text(school_client.get(en("exams:commissions")))
    assert "Komisija 1" in text and en("exams:commission", pk=commission.pk) in text
    response = school_client.get(en("exams:commission", pk=commission.pk))
    assert [m.first_name for m in response.context["members"]] == ["Члан0", "Члан1", "Члан2"]
    assert "Professional-competence exam" in _text(response)


# --- permissions -------------------------------------------------------------------------------------------------


def test_another_provider_gets_404_and_changes_nothing(client, cast, school, commission):
    cohort, learner = school["cohort"], school["learners"][0]
    client.force_login(cast.other)
    for url in (en("exams:cohort", pk=cohort.pk), en("exams:cohort_edit", pk=cohort.pk),
                en("exams:learner_create", pk=cohort.pk), en("exams:learner_import", pk=cohort.pk),
                en("exams:learner_edit", pk=learner.pk), en("exams:commission", pk=commission.pk)):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Љубица" not in _text(response) and "0101900350008" not in _text(response)
    assert client.post(en("exams:learner_edit", pk=learner.pk), {**LEARNER, "jmbg": ""}).status_code == 404
    assert client.post(en("exams:learner_create", pk=cohort.pk), LEARNER).status_code == 404
    assert client.post(en("exams:cohort_edit", pk=cohort.pk), {
        "program": school["program"].pk, "name": "Отето", "starts_on": "2027-03-01", "ends_on": "2027-06-30",
    }).status_code == 404
    assert _upload(client, cohort, CSV_OK.encode()).status_code == 404
    learner.refresh_from_db()
    cohort.refresh_from_db()
    assert (learner.first_name, cohort.name, cohort.learners.count()) == ("Љубица", "Пролеће 2027", 2)
    # and their own lists hold none of it
    assert "Пролеће 2027" not in _text(client.get(en("exams:cohorts")))
    assert "Комисија 1" not in _text(client.get(en("exams:commissions")))


def test_anonymous_is_sent_to_the_login_page(client, school, commission):
    cohort = school["cohort"]
    login = en("accounts:login")
    for url in (en("exams:cohorts"), en("exams:cohort_create"), en("exams:cohort", pk=cohort.pk),
                en("exams:cohort_edit", pk=cohort.pk), en("exams:learner_create", pk=cohort.pk),
                en("exams:learner_import", pk=cohort.pk), en("exams:learner_edit", pk=school["learners"][0].pk),
                en("exams:learner_example"), en("exams:commissions"), en("exams:commission_create"),
                en("exams:commission", pk=commission.pk)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url
    assert client.post(en("exams:learner_create", pk=cohort.pk), LEARNER).status_code == 302
    assert cohort.learners.count() == 2


@pytest.mark.parametrize("who", ["reviewer", "decider", "admin"])
def test_the_office_reads_a_cohort_read_only_and_every_view_is_logged(client, cast, school, who):
    cohort = school["cohort"]
    user = getattr(cast, who)
    client.force_login(user)
    url = en("exams:cohort", pk=cohort.pk)
    for expected in (1, 2):
        text = _text(client.get(url))
        assert "0101900350008" in text and "Đorđević" in text
        events = AuditEvent.objects.filter(action="learners.viewed_by_office", object_type="exams.cohort",
                                           object_id=str(cohort.pk))
        assert events.count() == expected
        assert {e.actor for e in events} == {user}
    for name in ("exams:learner_create", "exams:learner_import", "exams:cohort_edit"):
        assert en(name, pk=cohort.pk) not in text
    assert 'enctype="multipart/form-data"' not in text and 'name="first_name"' not in text


def test_the_office_reads_a_learner_without_a_form_and_cannot_change_it(client, cast, school):
    learner = school["learners"][0]
    client.force_login(cast.reviewer)
    response = client.get(en("exams:learner_edit", pk=learner.pk))
    text = _text(response)
    assert "Ljubica" in text and "0101900350008" in text
    assert not re.search(r'name="(first_name|last_name|jmbg|birth_year|script)"', text)
    assert f'action="{en("exams:learner_edit", pk=learner.pk)}"' not in text
    event = AuditEvent.objects.get(action="learners.viewed_by_office")
    assert (event.object_id, event.actor, event.data["learner"]) == (str(school["cohort"].pk), cast.reviewer,
                                                                    learner.pk)
    assert client.post(en("exams:learner_edit", pk=learner.pk), {**LEARNER, "jmbg": ""}).status_code == 403
    learner.refresh_from_db()
    assert learner.first_name == "Љубица"
    # the Office has no cohorts of its own to create or list
    assert client.get(en("exams:cohorts")).status_code == 403
    assert client.post(en("exams:cohort_edit", pk=school["cohort"].pk), {}).status_code == 403


def test_the_organizations_own_views_are_not_logged_as_office_views(client, cast, school):
    client.force_login(cast.school)
    client.get(en("exams:cohort", pk=school["cohort"].pk))
    client.get(en("exams:learner_edit", pk=school["learners"][0].pk))
    assert not AuditEvent.objects.filter(action="learners.viewed_by_office").exists()


@pytest.mark.parametrize("who", ["owner", "colleague", "other"])
def test_members_of_other_organizations_never_see_the_cohort(client, cast, school, who):
    client.force_login(getattr(cast, who))
    response = client.get(en("exams:cohort", pk=school["cohort"].pk))
    assert response.status_code == 404 and "Љубица" not in _text(response)
    assert not AuditEvent.objects.filter(action="learners.viewed_by_office").exists()
