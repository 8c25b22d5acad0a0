"""A batch of certificates rendered by a real Celery worker through Redis, names in the script each learner chose."""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from exams import services
from exams.enums import ExamKind, RenderState
from exams.models import Certificate, Learner
from tests.exams.conftest import EXAM_DAY, members, professional_cohort
from tests.factories import make_cast

pytestmark = [pytest.mark.services]
NAMES = [("Љубица", "Ђорђевић", "cyrl"), ("Његош", "Џаковић", "latn"), ("Ђурђа", "Чолић", "cyrl"),
         ("Шћепан", "Жунић", "latn")] * 3


def test_a_real_worker_renders_a_batch_of_certificates(worker_on_test_database):
    from core.reference_data import ensure_reference_data

    ensure_reference_data()
    cast = make_cast()
    organization, user = cast.school_organization, cast.school
    program, cohort, _teacher = professional_cohort(organization, name="Серија", days=30, work_tasks_max=2)
    for i, (first, last, script) in enumerate(NAMES):
        Learner.objects.create(cohort=cohort, first_name=first, last_name=last, foreign_document=f"D{i}",
                               birth_year=1980 + i, script=script)
    commission = services.commission_register(organization, program=program, exam=ExamKind.PROFESSIONAL,
                                              name="Комисија", members=members(), actor=user)
    session = services.session_create(cohort, commission=commission, held_on=EXAM_DAY,
                                      actor=user)
    votes = {m.pk: "passed" for m in commission.members.all()}
    for result in session.results.all():
        services.result_draw(result, actor=user, seed=result.pk)
        services.result_record(result, votes=votes, performed={1: True, 2: True}, actor=user)
    started = time.monotonic()
    services.session_issue_certificates(session, actor=user)
    while time.monotonic() - started < 120:
        states = list(Certificate.objects.values_list("state", flat=True))
        if len(states) == len(NAMES) and all(s == RenderState.READY for s in states):
            break
        time.sleep(0.5)
    certificates = list(Certificate.objects.select_related("result__learner"))
    assert [c.state for c in certificates] == [RenderState.READY] * len(NAMES)
    for certificate in certificates:
        learner = certificate.result.learner
        with certificate.file.open("rb") as handle:
            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
        assert learner.name_in(learner.script) in text
        assert certificate.attempts == 1
    assert "Njegoš Džaković" in {c.result.learner.name_in("latn") for c in certificates}
