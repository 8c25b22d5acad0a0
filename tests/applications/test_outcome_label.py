"""A decision reads as taken ("Одобрено"), not as the verb offered to the decider ("Одобрити")."""

from django.utils import translation

from applications.enums import Outcome
from applications.models import Review


def test_the_decision_reads_as_taken_in_every_language():
    with translation.override("sr"):
        assert Review(outcome=Outcome.APPROVE).outcome_label == "Одобрено"
        assert Review(outcome=Outcome.REJECT).outcome_label == "Одбијено"
        assert Review(outcome="").outcome_label == ""
    with translation.override("sr-latn"):
        assert Review(outcome=Outcome.APPROVE).outcome_label == "Odobreno"
    with translation.override("en"):
        assert Review(outcome=Outcome.REJECT).outcome_label == "Rejected"
