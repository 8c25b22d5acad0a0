"""An amendment's decision (the same four parts, naming the programs, versions and changes) and its rules check
(only the changed programs judged; Art. 8 counted over the programs in force) — issue 16."""

from __future__ import annotations

import pytest

from applications import amendments, services
from applications.documents import AMENDMENT_DECISION, document_context, document_template
from applications.enums import DocumentKind
from applications.facts import application_case
from programs import services as program_services
from tests.applications.conftest import review_to_recommendation
from tests.applications.test_program_versions import _save_delivery, accredited  # noqa: F401  (fixture)
from tests.programs.factories import CompleteProgramFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _decide(cast, application, outcome, capture):
    services.application_submit(application, actor=cast.owner)
    review_to_recommendation(cast, application, outcome=outcome, reasons="" if outcome == "approve" else "Не.")
    with capture(execute=True):
        services.application_decide(application, outcome=outcome, reasons="" if outcome == "approve" else "Не.",
                                    actor=cast.decider, expected_state=application.state, declares_no_conflict=True)


@pytest.mark.parametrize("outcome", ["approve", "reject"])
def test_amendment_decision_names_programs_versions_and_changes(cast, accredited, outcome,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=10)
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    _decide(cast, application, outcome, django_capture_on_commit_callbacks)
    [decision] = application.official_documents.filter(kind=DocumentKind.DECISION)
    assert application.official_documents.filter(kind=DocumentKind.STATUS_CERTIFICATE).count() == 0
    assert document_template(decision) == AMENDMENT_DECISION
    context = document_context(decision)
    [row] = context["amendment"]
    assert (row["name"], row["version"], row["previous_version"]) == (new.name_sr, 2, 1)
    assert any(c["old"] == "12" and c["new"] == "10" for c in row["changes"])
    decision.refresh_from_db()
    assert decision.state == "ready" and decision.file
    # the status application's decision keeps its own template
    first = accredited.applications.exclude(pk=application.pk).get()
    assert document_template(first.official_documents.get(kind=DocumentKind.DECISION)) == "pdf/decision.html"


def test_amendment_decision_pdf_has_the_four_parts(cast, accredited, django_capture_on_commit_callbacks):  # noqa: F811
    from django.template.loader import render_to_string
    from django.utils import translation

    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=10)
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    _decide(cast, application, "approve", django_capture_on_commit_callbacks)
    decision = application.official_documents.get(kind=DocumentKind.DECISION)
    with translation.override("sr"):
        html = render_to_string(AMENDMENT_DECISION, document_context(decision))
    for part in ('id="preamble"', 'id="operative-part"', 'id="reasoning"', 'id="legal-remedy"', 'id="amended-programs"'):
        assert part in html
    assert "Одобрена верзија" in html and new.name_sr in html


def test_amendment_case_judges_changed_counts_programs_in_force(cast, accredited,  # noqa: F811
                                                                django_capture_on_commit_callbacks):
    from django.utils import timezone

    # three more accredited programs in the same activity, same instructor: the organization runs four
    instructor = accredited.instructors.first()
    others = [CompleteProgramFactory(organization=cast.organization, activity=accredited.activity,
                                     instructors=[instructor], rooms=list(accredited.rooms.all()))
              for _ in range(3)]
    accreditation = cast.organization.accreditations.get()
    for program in others:
        program_services.program_version_transition(program, "submitted", actor=cast.owner)
        program_services.program_version_transition(program, "approved", actor=cast.owner)
        accreditation.programs.add(program)
    draft_only = CompleteProgramFactory(organization=cast.organization, activity=accredited.activity,
                                        instructors=[instructor])  # not accredited: not counted
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=10)
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    case = application_case(application, on_date=timezone.localdate())
    ids = {p["id"] for p in case["programs"]}
    assert ids == {f"P{new.pk}"} | {f"P{p.pk}" for p in others}
    assert f"P{accredited.pk}" not in ids and f"P{draft_only.pk}" not in ids
    report = services.application_precheck(application, lang="en")
    subjects = {f.subject for f in report.findings if f.subject.startswith("programs[")}
    assert subjects and subjects <= {f"programs[P{new.pk}]"}
    art8 = [f for f in report.findings if f.provision == "P89-8.1"]
    assert art8 and all(f.status != "not_applicable" for f in art8)  # four programs in one activity: it applies
    assert any(f.status == "fail" and f.subject == f"staff[S{instructor.pk}]" for f in art8)  # 4 > 3 programs


def test_amendment_case_three_programs_in_force_art8_not_applicable(cast, accredited,  # noqa: F811
                                                                    django_capture_on_commit_callbacks):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=10)
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    report = services.application_precheck(application, lang="en")
    assert {f.status for f in report.findings if f.provision == "P89-8.1"} == {"not_applicable"}
