"""A decision's documents rendered by a real Celery worker through Redis, and the sweep that recovers lost ones."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from applications import services, tasks
from applications.enums import ApplicationState, DocumentKind, Outcome, RenderState
from applications.models import OfficialDocument
from tests.applications.conftest import complete_records, review_to_recommendation, submit
from tests.factories import make_cast

pytestmark = [pytest.mark.services]


def _wait_until_ready(application, count: int, seconds: float = 90) -> list[OfficialDocument]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        documents = list(OfficialDocument.objects.filter(application=application))
        if len(documents) == count and all(d.state == RenderState.READY for d in documents):
            return documents
        time.sleep(0.5)
    raise AssertionError(list(OfficialDocument.objects.values_list("serial", "state", "error")))


def test_a_real_worker_renders_the_decision_and_the_certificate(worker_on_test_database):
    from core.reference_data import ensure_reference_data

    ensure_reference_data()
    cast = make_cast()
    _staff, _rooms, program = complete_records(cast.organization)
    application = submit(cast, program)
    review_to_recommendation(cast, application)
    services.application_decide(application, outcome=Outcome.APPROVE, reasons="", actor=cast.decider,
                                expected_state=ApplicationState.RECOMMENDED_APPROVE, declares_no_conflict=True)
    documents = _wait_until_ready(application, 2)
    assert sorted(d.kind for d in documents) == [DocumentKind.DECISION, DocumentKind.STATUS_CERTIFICATE]
    for document in documents:
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert document.attempts == 1


@pytest.mark.django_db
def test_the_sweep_renders_documents_left_pending(cast, submitted, settings, django_capture_on_commit_callbacks):
    settings.DOCUMENT_SWEEP_AFTER_MINUTES = 5
    review_to_recommendation(cast, submitted)
    # The decision is made but its messages are lost (the callbacks are captured and never run).
    with django_capture_on_commit_callbacks(execute=False):
        services.application_decide(submitted, outcome=Outcome.APPROVE, reasons="", actor=cast.decider,
                                    expected_state=ApplicationState.RECOMMENDED_APPROVE, declares_no_conflict=True)
    assert set(OfficialDocument.objects.values_list("state", flat=True)) == {RenderState.PENDING}
    assert tasks.official_documents_sweep() == 0  # too early: the task may still be on its way
    OfficialDocument.objects.update(updated_at=timezone.now() - timedelta(minutes=6))
    assert tasks.official_documents_sweep() == 2
    assert set(OfficialDocument.objects.values_list("state", flat=True)) == {RenderState.READY}, list(OfficialDocument.objects.values_list("error", flat=True))
    assert tasks.official_documents_sweep() == 0  # nothing left to do, nothing rendered twice
