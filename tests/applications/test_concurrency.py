"""Two deciders press "approve" / "reject" at the same moment on PostgreSQL: exactly one decision is written."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from applications import services
from applications.enums import ApplicationState, Outcome
from applications.models import Accreditation, OfficialDocument, Review
from core.models import AuditEvent
from tests.applications.conftest import complete_records, review_to_recommendation, submit
from tests.conftest import require
from tests.factories import UserFactory, make_cast

pytestmark = [pytest.mark.services]


@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_the_same_moment_one_wins_the_other_is_told():
    require("postgres")
    from core.reference_data import ensure_reference_data

    ensure_reference_data()
    cast = make_cast()
    _staff, _rooms, program = complete_records(cast.organization)
    application = submit(cast, program)
    review_to_recommendation(cast, application)
    second = UserFactory(is_office_decider=True)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(name, user, outcome):
        try:
            barrier.wait(timeout=10)
            services.application_decide(application.__class__.objects.get(pk=application.pk), outcome=outcome,
                                        reasons="Истовремено.", actor=user,
                                        expected_state=ApplicationState.RECOMMENDED_APPROVE,
                                        declares_no_conflict=True)
            outcomes[name] = "decided"
        except services.StaleState:
            outcomes[name] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=("first", cast.decider, Outcome.APPROVE)),
               threading.Thread(target=decide, args=("second", second, Outcome.REJECT))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["decided", "stale"]
    application.refresh_from_db()
    review = Review.objects.get(application=application)
    winner = cast.decider if outcomes["first"] == "decided" else second
    assert review.decided_by == winner
    expected_state = ApplicationState.APPROVED if winner == cast.decider else ApplicationState.REJECTED
    assert application.state == expected_state
    transitions = AuditEvent.objects.filter(object_id=str(application.pk), action="application.transition",
                                            to_state__in=[ApplicationState.APPROVED, ApplicationState.REJECTED])
    assert transitions.count() == 1
    assert OfficialDocument.objects.filter(kind="decision").count() == 1
    assert Accreditation.objects.count() == (1 if expected_state == ApplicationState.APPROVED else 0)
