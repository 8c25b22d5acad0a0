"""The demo exam can be drawn and recorded whatever day the demo is used (issue 16): loading the demo again on a
later day moves an exam nobody has started to that day; Art. 6.4 (draw on the exam's day only) is unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from core.models import AuditEvent
from exams import services as exam_services
from exams.models import ExamSession


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True


def _load_on(day, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_demo_exam_is_today_on_a_later_day_and_drawable(db, monkeypatch):
    loaded = timezone.localdate()
    _load_on(loaded, monkeypatch)
    session = ExamSession.objects.get()
    assert session.held_on == loaded
    later = loaded + dt.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    result = session.results.order_by("pk").first()
    with pytest.raises(ValidationError):  # without re-anchoring: the exam took place, no draw after it
        exam_services.result_draw(result, actor=None)
    _load_on(later, monkeypatch)
    session.refresh_from_db()
    assert session.held_on == later
    event = AuditEvent.objects.get(action="exam.rescheduled")
    assert event.data["from"] == loaded.isoformat() and event.data["to"] == later.isoformat()
    drawn = exam_services.result_draw(result, actor=None)
    assert drawn.drawn_at is not None


def test_demo_exam_started_keeps_its_day(db, monkeypatch):
    loaded = timezone.localdate()
    _load_on(loaded, monkeypatch)
    session = ExamSession.objects.get()
    exam_services.result_draw(session.results.order_by("pk").first(), actor=None)
    _load_on(loaded + dt.timedelta(days=1), monkeypatch)
    session.refresh_from_db()
    assert session.held_on == loaded  # a draw was made on that day: its record stays
    assert not AuditEvent.objects.filter(action="exam.rescheduled").exists()


def test_demo_exam_same_day_not_moved(db, monkeypatch):
    loaded = timezone.localdate()
    _load_on(loaded, monkeypatch)
    _load_on(loaded, monkeypatch)
    assert not AuditEvent.objects.filter(action="exam.rescheduled").exists()
