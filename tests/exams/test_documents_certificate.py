"""Issue 18, documents a Serbian office would sign: the learner's certificate names the holder in full with date and
place of birth, the program with its NOKS level and hours, the issuer with its JPOA decision (or a school's own
authority), the place and date of issue, the signatory and the place of the seal; its title is the document kind of
P89-5.6; on request it is in English, verified the same way (SQLite here, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import Accreditation, Application, OfficialDocument
from exams import services
from exams.documents import DocumentKind, certificate_context, certificate_language, document_kind, jpoa_decision
from exams.enums import CertificateLanguage, ExamKind, Grade
from exams.models import Certificate, Learner
from programs.enums import Activity
from tests.exams.conftest import START, members, professional_cohort
from tests.factories import StandardFactory

pytestmark = pytest.mark.django_db

WOMAN = "0101990715018"  # born 1 January 1990, register number 501: a woman (a valid JMBG)
MAN = "1503985714997"  # born 15 March 1985, register number 499: a man (a valid JMBG)


def _text(certificate: Certificate) -> str:
    """The certificate's HTML as rendered for the PDF, tags removed, in the certificate's own language."""
    with translation.override(certificate_language(certificate)):
        page = render_to_string("pdf/certificate.html", certificate_context(certificate))
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _title(certificate: Certificate) -> str:
    with translation.override(certificate_language(certificate)):
        page = render_to_string("pdf/certificate.html", certificate_context(certificate))
    return html.unescape(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)).strip()


def _issue(organization, cohort, user, learner: Learner, *, django_capture_on_commit_callbacks) -> Certificate:
    commission = services.commission_register(organization, program=cohort.program, exam=ExamKind.PROFESSIONAL,
                                              name="Комисија", members=members(), actor=user)
    session = services.session_create(cohort, commission=commission, held_on=START + dt.timedelta(days=61),
                                      actor=user)
    result = session.results.get(learner=learner)
    services.result_draw(result, actor=user, seed=1234)
    services.result_record(result, votes={m.pk: Grade.PASSED for m in commission.members.all()},
                           performed={1: True, 2: True, 3: True}, actor=user, lang="sr")
    with django_capture_on_commit_callbacks(execute=False):
        return services.certificate_issue(result, actor=user)


@pytest.fixture
def holder(school):
    """A woman with a JMBG and a place of birth, in the school's cohort; the school's signatory is set."""
    organization = school["organization"]
    organization.signatory_name, organization.signatory_function = "Јована Јовановић", "директорка"
    organization.save()
    program = school["program"]
    program.duration_hours = 120
    program.document_name_sr = "ПОТВРДА О ПОХАЂАЊУ."  # free text: never the title
    program.save()
    return Learner.objects.create(cohort=school["cohort"], first_name="Милица", last_name="Петровић", jmbg=WOMAN,
                                  birth_year=1990, birth_place="Нови Сад")


@pytest.fixture
def certificate(school, holder, django_capture_on_commit_callbacks):
    return _issue(school["organization"], school["cohort"], school["user"], holder,
                  django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)


def test_the_cyrillic_certificate_states_what_an_office_signs(school, holder, certificate):
    text = _text(certificate)
    from django.utils.formats import date_format

    place = school["organization"].municipality.name_sr
    with translation.override("sr"):
        issued_on = date_format(certificate.issued_on, "DATE_FORMAT")
    assert "Милица Петровић" in text
    assert "Овим се потврђује да је полазница" in text
    assert "рођена 1. јануара 1990. године у месту Нови Сад" in text
    assert f"Програм {school['program'].name_sr}" in text
    assert "Трајање програма 120 часова" in text
    assert "Положила" in text and "положио" not in text
    assert f"Место и датум издавања: {place}, {issued_on}" in text
    assert issued_on.endswith(".") and re.search(r"\d\. [а-ш]+ \d{4}\.$", issued_on)  # "4. децембра 2026."
    assert "Директорка" in text and "Јована Јовановић" in text and "Овлашћено лице" not in text
    assert "М.П." in text
    assert "Издаје школа у оквиру своје надлежности, у складу са чланом 5. став 6." in text
    assert "на основу решења" not in text and "нема статус" not in text


def test_the_title_is_the_document_kind_with_no_full_stop_not_the_programs_free_text(certificate):
    assert _title(certificate) == "Уверење"
    text = _text(certificate)
    assert "ПОТВРДА О ПОХАЂАЊУ" not in text


@pytest.mark.parametrize("activity, exam_professional, school_issues, kind", [
    (Activity.QUAL, True, True, DocumentKind.JAVNA_ISPRAVA),  # P89-5.6: a qualification, from a school
    (Activity.QUAL, True, False, DocumentKind.UVERENJE),  # a JPOA gives the professional part only
    (Activity.COMP, True, True, DocumentKind.UVERENJE),
    (Activity.COMP, True, False, DocumentKind.UVERENJE),
    (Activity.PERS, False, False, DocumentKind.POTVRDA),  # P89-4.1.18: no competence, no qualification
])
def test_the_document_kind_follows_p89_5_6(cast, activity, exam_professional, school_issues, kind):
    from programs.models import Program

    issuer = cast.school_organization if school_issues else cast.organization
    program = Program(activity=activity, exam_professional=exam_professional)
    assert document_kind(program, issuer) == kind


@pytest.mark.parametrize("kind, cyrillic, latin, english", [
    (DocumentKind.UVERENJE, "Уверење", "Uverenje", "Certificate"),
    (DocumentKind.JAVNA_ISPRAVA, "Јавна исправа", "Javna isprava", "Public document"),
    (DocumentKind.POTVRDA, "Потврда", "Potvrda", "Confirmation"),
])
def test_the_kinds_title_in_each_language(kind, cyrillic, latin, english):
    for lang, expected in (("sr", cyrillic), ("sr-latn", latin), ("en", english)):
        with translation.override(lang):
            assert str(DocumentKind(kind).label) == expected


def test_a_public_document_for_a_qualification_names_the_standard_and_its_noks_level(school, holder, certificate):
    program = school["program"]
    program.activity = Activity.QUAL
    program.qualification_standard = StandardFactory(code="KUV-3", name_sr="Кувар")
    program.save()
    certificate.refresh_from_db()
    text = _text(certificate)
    assert _title(certificate) == "Јавна исправа"
    assert "Стандард квалификације KUV-3 Кувар" in text
    assert "Ниво НОКС-а 3" in text


def test_without_a_standard_no_noks_level_and_without_hours_no_duration(school, holder, certificate):
    program = school["program"]
    program.duration_hours = None
    program.save()
    certificate.refresh_from_db()
    text = _text(certificate)
    assert "Ниво НОКС-а" not in text and "Стандард квалификације" not in text
    assert "Трајање програма" not in text


@pytest.mark.parametrize("hours, words", [(1, "1 час"), (2, "2 часа"), (5, "5 часова"), (21, "21 час")])
def test_the_hours_in_serbian_plural(school, holder, certificate, hours, words):
    program = school["program"]
    program.duration_hours = hours
    program.save()
    certificate.refresh_from_db()
    assert f"Трајање програма {words} " in _text(certificate)


def test_birth_date_and_place_on_both_sides(school, django_capture_on_commit_callbacks):
    """From the JMBG the date, else the year; the place when given, else nothing about it."""
    cohort = school["cohort"]
    man = Learner.objects.create(cohort=cohort, first_name="Петар", last_name="Андрић", jmbg=MAN, birth_year=1985)
    foreign = Learner.objects.create(cohort=cohort, first_name="Ана", last_name="Смит", foreign_document="X77",
                                     birth_year=1980, birth_place="Беч")
    organization, user = school["organization"], school["user"]
    commission = services.commission_register(organization, program=cohort.program, exam=ExamKind.PROFESSIONAL,
                                              name="Комисија", members=members(), actor=user)
    session = services.session_create(cohort, commission=commission, held_on=START + dt.timedelta(days=61),
                                      actor=user)
    texts = {}
    for learner in (man, foreign):
        result = session.results.get(learner=learner)
        services.result_draw(result, actor=user, seed=99)
        services.result_record(result, votes={m.pk: Grade.PASSED for m in commission.members.all()},
                               performed={1: True, 2: True, 3: True}, actor=user, lang="sr")
        with django_capture_on_commit_callbacks(execute=False):
            texts[learner.last_name] = _text(services.certificate_issue(result, actor=user))
    assert "рођен 15. марта 1985. године" in texts["Андрић"] and "у месту" not in texts["Андрић"]
    assert "рођен/а 1980. године у месту Беч" in texts["Смит"]


@pytest.mark.parametrize("declared, words", [
    ("female", ("полазница", "рођена 1980. године", "положила", "Положила")),
    ("male", ("полазник", "рођен 1980. године", "положио", "Положио")),
])
def test_a_learner_without_a_jmbg_is_named_in_the_sex_the_school_gives(school, declared, words,
                                                                       django_capture_on_commit_callbacks):
    """No JMBG to read it from: the sex given on the learner's form decides the certificate's Serbian forms (the
    neutral "полазник/полазница … положио/ла" only when it is not given); a JMBG still decides over it."""
    cohort = school["cohort"]
    foreign = Learner.objects.create(cohort=cohort, first_name="Ана", last_name="Смит", foreign_document="X77",
                                     birth_year=1980, declared_sex=declared)
    assert foreign.sex == declared
    assert Learner(jmbg=MAN, declared_sex="female").sex == "male"
    text = _text(_issue(school["organization"], cohort, school["user"], foreign,
                        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks))
    assert all(word in text for word in words) and "/" not in text.split("Оцена")[1].split()[0]
    assert "положио/ла" not in text and "рођен/а" not in text


def test_a_jpoa_states_the_decision_in_force_on_the_day_of_issue(cast, django_capture_on_commit_callbacks):
    organization = cast.organization  # a JPOA, not a school
    program, cohort, _teacher = professional_cohort(organization, name="Јесен")
    learner = Learner.objects.create(cohort=cohort, first_name="Иван", last_name="Ивић", jmbg=MAN, birth_year=1985)
    today = timezone.localdate()
    application = Application.objects.create(organization=organization, state="approved")
    accreditation = Accreditation.objects.create(organization=organization, application=application,
                                                 activity=Activity.COMP, valid_from=today,
                                                 valid_until=today + dt.timedelta(days=365))
    accreditation.programs.set([program])
    OfficialDocument.objects.create(kind="decision", application=application, serial="R-2026-00012", code="DEC1",
                                    script="cyrl", issued_on=dt.date(2026, 3, 4))
    certificate = _issue(organization, cohort, cast.owner, learner,
                         django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    text = _text(certificate)
    assert ("јавно признати организатор активности образовања одраслих (ЈПОА) на основу решења бр. R-2026-00012 "
            "од 4. марта 2026. године") in text
    assert "Издаје школа" not in text
    assert "Овлашћено лице" in text  # no signatory set: the line is for the authorized person
    # The day before the status, or once revoked before the day of issue: no decision is named.
    assert jpoa_decision(organization, program, today - dt.timedelta(days=1)) is None
    assert jpoa_decision(organization, program, today) == {"number": "R-2026-00012", "date": dt.date(2026, 3, 4)}
    accreditation.state, accreditation.revoked_at = "revoked", timezone.now()
    accreditation.save()
    assert jpoa_decision(organization, program, today) is None
    assert jpoa_decision(organization, program, today - dt.timedelta(days=1)) is None


def test_the_decision_of_the_accreditation_covering_the_program_is_preferred(cast):
    organization = cast.organization
    program, _cohort, _teacher = professional_cohort(organization, name="Јесен")
    today = timezone.localdate()
    for serial, programs in (("R-2026-00001", [program]), ("R-2026-00002", [])):
        application = Application.objects.create(organization=organization, state="approved")
        accreditation = Accreditation.objects.create(organization=organization, application=application,
                                                     activity=Activity.COMP, valid_from=today,
                                                     valid_until=today + dt.timedelta(days=30))
        accreditation.programs.set(programs)
        OfficialDocument.objects.create(kind="decision", application=application, serial=serial, code=serial,
                                        script="cyrl", issued_on=today)
    assert jpoa_decision(organization, program, today)["number"] == "R-2026-00001"


# --- English on request ---------------------------------------------------------------------------------------------


@pytest.fixture
def english(school, holder, django_capture_on_commit_callbacks):
    holder.certificate_language = CertificateLanguage.ENGLISH
    holder.save()
    return _issue(school["organization"], school["cohort"], school["user"], holder,
                  django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)


def test_an_english_certificate_has_english_labels_and_serbian_latin_names(school, english):
    assert (english.language, english.script) == ("en", "latn")
    text = _text(english)
    assert _title(english) == "Certificate"
    assert "This certifies that the learner" in text and "Milica Petrović" in text
    assert "born on 1 January 1990 in Novi Sad" in text
    assert "Duration of the program 120 hours" in text
    assert "Place and date of issue:" in text and "L.S." in text
    assert "Jovana Jovanović" in text and "Direktorka" in text
    assert "Issued by the school under its own authority" in text
    assert not re.search(r"[\u0400-\u04FF]", text)  # not one Cyrillic letter


def test_serbian_remains_the_default_and_latin_stays_serbian(school, holder, django_capture_on_commit_callbacks):
    holder.script = "latn"
    holder.save()
    certificate = _issue(school["organization"], school["cohort"], school["user"], holder,
                         django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert (certificate.language, certificate_language(certificate)) == ("sr", "sr-latn")
    text = _text(certificate)
    assert _title(certificate) == "Uverenje" and "rođena 1. januara 1990. godine u mestu Novi Sad" in text
    assert "M.P." in text and "Mesto i datum izdavanja:" in text and not re.search(r"[\u0400-\u04FF]", text)


def test_an_english_certificate_is_verified_the_same_way(client, english):
    page = client.get(reverse("verify_short", kwargs={"code": english.code}), follow=True).content.decode()
    assert english.serial in page and "М. П." in page and "Милица" not in page
    url = reverse("exams:verify_serial")
    for answer in ({"surname": "Петровић"}, {"surname": "PETROVIC"}, {"birth_date": "1990-01-01"}):
        page = client.post(url, {"serial": english.serial, **answer}).content.decode()
        assert "М. П." in page, answer
    for wrong in ({"surname": "Петров"}, {"birth_date": "1990-01-02"}):
        page = client.post(url, {"serial": english.serial, **wrong}).content.decode()
        assert "М. П." not in page, wrong


def test_english_certificate_rendered_to_pdf_reads_in_english(english, tmp_path):
    from exams.documents import certificate_render

    certificate = certificate_render(english.pk)
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate.file.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "CERTIFICATE" in text.replace(" ", "")  # the title is letter-spaced
    assert "Milica Petrović" in text and "born on 1 January 1990 in Novi Sad" in text and "L.S." in text


# --- Entering the data ----------------------------------------------------------------------------------------------


def test_the_learner_form_saves_the_place_of_birth_and_the_language_and_keeps_them_on_error(client, school):
    client.force_login(school["user"])
    url = reverse("exams:learner_create", kwargs={"pk": school["cohort"].pk})
    data = {"first_name": "Марија", "last_name": "Марић", "jmbg": "123", "birth_place": "Ниш", "script": "cyrl",
            "certificate_language": "en"}
    page = client.post(url, data).content.decode()
    assert 'value="Ниш"' in page and re.search(r'value="en"[^>]*checked', page)  # kept as typed
    client.post(url, {**data, "jmbg": WOMAN})
    learner = Learner.objects.get(last_name="Марић")
    assert (learner.birth_place, learner.certificate_language) == ("Ниш", "en")


def test_the_owner_sets_the_signatory_on_the_organizations_particulars(client, cast):
    from providers.forms import OrganizationForm

    organization = cast.organization
    form = OrganizationForm(instance=organization)
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"municipality": organization.municipality_id, "kind": organization.kind,
                 "signatory_name": "Петар Петровић", "signatory_function": "директор"})
    client.force_login(cast.owner)
    response = client.post(reverse("providers:organization_edit"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    organization.refresh_from_db()
    assert (organization.signatory_name, organization.signatory_function) == ("Петар Петровић", "директор")


@pytest.mark.parametrize("header", ["Место рођења", "Mesto rođenja", "place of birth", "birth_place"])
def test_the_csv_import_reads_the_place_of_birth(school, header):
    data = f"Име;Презиме;ЈМБГ;{header}\nМарија;Марић;{WOMAN};Краљево\n".encode()
    report = services.learners_import(school["cohort"], data, actor=school["user"])
    assert report.imported == 1
    assert Learner.objects.get(last_name="Марић").birth_place == "Краљево"


def test_a_place_of_birth_too_long_in_the_csv_is_a_row_error(school):
    data = f"Име;Презиме;ЈМБГ;Место рођења\nМарија;Марић;{WOMAN};{'Н' * 121}\n".encode()
    report = services.learners_parse(school["cohort"], data)
    assert report.invalid and "место рођења" in report.invalid[0].errors[0]
    data = f"Име;Презиме;ЈМБГ;Место рођења\nМарија;Марић;{WOMAN};{'Н' * 120}\n".encode()
    assert not services.learners_parse(school["cohort"], data).invalid
