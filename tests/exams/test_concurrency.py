"""Two requests to issue the certificate of the same exam result at the same moment (PostgreSQL): one certificate."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from exams import services
from exams.enums import ExamKind
from exams.models import Certificate, Learner
from tests.conftest import require
from tests.exams.conftest import EXAM_DAY, members, professional_cohort
from tests.factories import make_cast

pytestmark = [pytest.mark.services]


@pytest.mark.django_db(transaction=True)
def test_two_requests_issuing_one_certificate_at_the_same_moment_make_one(monkeypatch):
    require("postgres")
    from core.reference_data import ensure_reference_data

    ensure_reference_data()
    monkeypatch.setattr("exams.documents.render_pdf", lambda *args, **kwargs: b"%PDF-1.7\n%%EOF\n")
    cast = make_cast()
    organization, user = cast.school_organization, cast.school
    program, cohort, _teacher = professional_cohort(organization, name="Г", days=9, work_tasks_max=2)
    Learner.objects.create(cohort=cohort, first_name="Ана", last_name="Анић", foreign_document="D1", birth_year=1990)
    commission = services.commission_register(organization, program=program, exam=ExamKind.PROFESSIONAL,
                                              name="К", members=members(), actor=user)
    session = services.session_create(cohort, commission=commission, held_on=EXAM_DAY,
                                      actor=user)
    result = session.results.get()
    services.result_draw(result, actor=user, seed=3)
    services.result_record(result, votes={m.pk: "passed" for m in commission.members.all()},
                           performed={1: True, 2: True}, actor=user)
    barrier = threading.Barrier(2)
    issued: list[int] = []
    errors: list[BaseException] = []

    def issue():
        try:
            barrier.wait(timeout=10)
            issued.append(services.certificate_issue(result.__class__.objects.get(pk=result.pk), actor=user).pk)
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Certificate.objects.count() == 1
    assert issued == [Certificate.objects.get().pk] * 2  # both requests get the one certificate
