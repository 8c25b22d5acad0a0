"""Issue 17, "A lawful decision": the decision (решење) is a complete administrative act — authority, number and date,
preamble with the legal basis, operative part, reasoning, instruction on legal remedy, signatory and seal place; the
authority is configuration; a rejection and a revocation carry their reasons. Read back with pdftotext."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from applications import services
from applications.enums import DocumentKind, Script
from applications.models import OfficialDocument
from rules.translit import cyr_to_lat
from tests.applications.conftest import review_to_recommendation, submit
from tests.applications.test_documents import pdf_bytes, pdf_text, sr

pytestmark = pytest.mark.django_db

def _long_date(day) -> str:
    """A date as the Office's documents write it: in the genitive ("4. децембра 2026.")."""
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("sr"):
        return date_format(day, "DATE_FORMAT")



@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _flat(text: str) -> str:
    return " ".join(text.split())


def decision_text(application, script=Script.CYRILLIC) -> str:
    document = OfficialDocument.objects.get(application=application, kind=DocumentKind.DECISION, script=script)
    return pdf_text(pdf_bytes(document))


def test_approval_decision_is_a_complete_administrative_act(approved, cast):
    text = decision_text(approved)
    document = OfficialDocument.objects.get(application=approved, kind=DocumentKind.DECISION)
    # issuing authority, number and date
    assert django_settings.AUTHORITY_NAME in text
    assert document.serial in text
    assert _long_date(document.issued_on) in text
    # preamble with the legal basis: the adult-education law and Pravilnik 89/2015
    assert "На основу члана 17. Закона о образовању одраслих" in text
    assert "89/15" in text and "Закона о општем управном поступку" in text
    # operative part: status granted, for which activity and program, until when
    accreditation = approved.accreditations.get()
    assert approved.organization.name_sr in text
    assert accreditation.get_activity_display() in text
    assert approved.programs.get().name_sr in text
    assert _long_date(accreditation.valid_until) in text
    # reasoning summarizing the findings
    assert sr("Reasons", "official document") in text
    assert "Захтев је проверен према свим условима Правилника" in text
    # instruction on legal remedy, signatory, seal
    assert sr("Instruction on legal remedy", "official document") in text
    assert _flat(django_settings.AUTHORITY_REMEDY) in text
    assert "управни спор" in text and "30 дана" in text
    assert django_settings.AUTHORITY_SIGNATORY_TITLE in text
    assert cast.decider.get_full_name() in text
    assert "М. П." in text
    assert text.index("На основу") < text.index("Образложење") < text.index("Упутство о правном средству")


def test_authority_is_configuration(cast, ready, settings, django_capture_on_commit_callbacks):
    settings.AUTHORITY_NAME = "Министарство просвете"
    settings.AUTHORITY_ADDRESS = "Немањина 22–26, Београд"
    settings.AUTHORITY_SIGNATORY = "Петар Петровић"
    settings.AUTHORITY_SIGNATORY_TITLE = "министар"
    settings.AUTHORITY_REMEDY = "Против овог решења може се изјавити жалба у року од 15 дана од дана достављања."
    application = submit(cast, ready["program"])
    with django_capture_on_commit_callbacks(execute=True):
        review_to_recommendation(cast, application)
        services.application_decide(application, outcome="approve", reasons="", actor=cast.decider,
                                    expected_state=application.state, declares_no_conflict=True)
    text = decision_text(application)
    for value in ("Министарство просвете", "Немањина 22–26, Београд", "Петар Петровић", "министар",
                  "жалба у року од 15 дана"):
        assert value in text
    assert "Канцеларија за дуално образовање" not in text
    assert cast.decider.get_full_name() not in text  # the configured signatory signs


def test_rejection_carries_its_reasons_into_the_reasoning(cast, ready, django_capture_on_commit_callbacks):
    application = submit(cast, ready["program"])
    reasons = "Просторије не испуњавају услове из члана 12. Правилника."
    with django_capture_on_commit_callbacks(execute=True):
        review_to_recommendation(cast, application, outcome="reject", reasons="Препорука: одбити.")
        services.application_decide(application, outcome="reject", reasons=reasons, actor=cast.decider,
                                    expected_state=application.state, declares_no_conflict=True)
    text = decision_text(application)
    assert sr("The application is rejected for the following reasons:") in text
    assert reasons in text
    assert "Препорука: одбити." in text
    assert text.index(reasons) > text.index(sr("Reasons", "official document"))
    assert text.index(reasons) < text.index(sr("Instruction on legal remedy", "official document"))
    assert "управни спор" in text
    assert sr("2. The organization is entered in the public JPOA register for the activities listed in item 1.") \
        not in text


def test_rejection_lists_the_conditions_not_met(cast, ready, django_capture_on_commit_callbacks):
    from applications.enums import Verdict

    application = submit(cast, ready["program"])
    services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    submission = application.submissions.get()
    manual = next(f for f in submission.report["findings"] if f["status"] == "manual")
    services.review_verdict_record(submission, provision=manual["provision"], subject=manual["subject"],
                                   verdict=Verdict.NOT_MET, comment="интерна напомена", actor=cast.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_recommend(application, outcome="reject", reasons="Не испуњава услове.",
                                       actor=cast.reviewer)
        application.refresh_from_db()
        services.application_decide(application, outcome="reject", reasons="Одбија се.", actor=cast.decider,
                                    expected_state=application.state, declares_no_conflict=True)
    text = decision_text(application)
    article = manual["provision"][4:].split(".")[0]
    assert sr("The following conditions of the Rulebook were found not met:") in text
    assert f"члан {article}." in text
    assert "интерна напомена" not in text  # the reviewer's comments stay in the Office


def test_revocation_carries_reasons_and_the_legal_remedy(cast, approved, django_capture_on_commit_callbacks):
    accreditation = approved.accreditations.get()
    reasons = "Организација је престала да испуњава услове у погледу простора."
    with django_capture_on_commit_callbacks(execute=True):
        services.accreditation_revoke(accreditation, reasons=reasons, actor=cast.decider)
    document = OfficialDocument.objects.get(kind=DocumentKind.REVOCATION, accreditation=accreditation)
    text = pdf_text(pdf_bytes(document))
    assert "На основу члана 17. Закона о образовању одраслих" in text
    assert reasons in text
    assert sr("Instruction on legal remedy", "official document") in text
    assert "управни спор" in text
    assert "М. П." in text
    assert text.index(reasons) < text.index(sr("Instruction on legal remedy", "official document"))


def test_latin_copy_reads_the_configured_texts_in_latin(cast, approved, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.official_document_in_latin(
            OfficialDocument.objects.get(application=approved, kind=DocumentKind.DECISION), actor=cast.owner)
    text = decision_text(approved, Script.LATIN)
    assert cyr_to_lat(django_settings.AUTHORITY_NAME) in text
    assert "Na osnovu člana 17. Zakona o obrazovanju odraslih" in text
    assert "upravni spor" in text
    assert "Канцеларија" not in text
