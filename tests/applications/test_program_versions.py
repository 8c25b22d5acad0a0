"""Accredited programs change through versions, never in place (docs/program-versions.md): freezing, new versions as
deep copies, amendments through the review flow, the diff, editorial versions, public history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import amendments, services
from applications.enums import ApplicationKind, ApplicationState
from core.models import AuditEvent
from programs import services as program_services
from programs.enums import VersionState
from programs.models import Program
from programs.search import public_programs
from programs.versions import version_diff
from tests.applications.conftest import approve, review_to_recommendation, submit
from tests.programs.factories import ModuleFactory, TaskListFactory


def _save_delivery(program, actor, **values):
    for name, value in values.items():
        setattr(program, name, value)
    return program_services.program_save(program, actor=actor, section="delivery")


@pytest.fixture
def accredited(cast, ready, django_capture_on_commit_callbacks):
    """The ready program, with a module and a task list, approved through an application (version 1, public)."""
    program = ready["program"]
    ModuleFactory(program=program, order=1, name_sr="Основи", hours=60)
    TaskListFactory(program=program, published_on=dt.date(2027, 1, 10))
    application = submit(cast, program)
    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, application)
    program.refresh_from_db()
    return program


def _amend(cast, version, django_capture_on_commit_callbacks, *, outcome="approve"):
    application = amendments.amendment_create(cast.organization, programs=[version], actor=cast.owner)
    services.application_submit(application, actor=cast.owner)
    review_to_recommendation(cast, application, outcome=outcome, reasons="" if outcome == "approve" else "Не.")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application, outcome=outcome, reasons="" if outcome == "approve" else "Не.",
                                    actor=cast.decider, expected_state=application.state, declares_no_conflict=True)
    application.refresh_from_db()
    return application


# --- freezing --------------------------------------------------------------------------------------------------------


def test_program_version_submitted_with_application_is_frozen(cast, ready):
    program = ready["program"]
    submit(cast, program)
    program.refresh_from_db()
    assert program.version_state == VersionState.SUBMITTED
    with pytest.raises(ValidationError) as error:
        _save_delivery(program, cast.owner, group_size=40)
    assert "у обради у Канцеларији" in " ".join(error.value.messages)
    assert Program.objects.get(pk=program.pk).group_size == 12


def test_program_version_back_in_preparation_when_changes_requested(cast, ready):
    program = ready["program"]
    application = submit(cast, program)
    services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer, declares_no_conflict=True)
    services.application_request_changes(application, actor=cast.reviewer, note="Допуните.", items=[])
    program.refresh_from_db()
    assert program.version_state == VersionState.DRAFT
    _save_delivery(program, cast.owner, group_size=10)
    assert Program.objects.get(pk=program.pk).group_size == 10


def test_program_version_approved_is_frozen_and_cannot_be_deleted(cast, accredited):
    assert accredited.version_state == VersionState.APPROVED
    assert accredited.approved_on == timezone.localdate()
    with pytest.raises(ValidationError):
        _save_delivery(accredited, cast.owner, group_size=40)
    with pytest.raises(ValidationError):
        program_services.program_delete(accredited, actor=cast.owner)
    accredited.refresh_from_db()
    assert accredited.group_size == 12


def test_program_version_stale_instance_cannot_bypass_freeze(cast, accredited):
    stale = Program.objects.get(pk=accredited.pk)
    stale.version_state = VersionState.DRAFT  # an instance read before approval
    with pytest.raises(ValidationError):
        _save_delivery(stale, cast.owner, group_size=40)
    assert Program.objects.get(pk=accredited.pk).group_size == 12


# --- new versions ----------------------------------------------------------------------------------------------------


def test_program_version_start_is_deep_copy(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    assert (new.version, new.version_state, new.lineage_id) == (2, VersionState.DRAFT, accredited.pk)
    assert new.pk != accredited.pk
    assert new.name_sr == accredited.name_sr and new.group_size == accredited.group_size
    assert list(new.rooms.all()) == list(accredited.rooms.all())
    assert list(new.instructors.all()) == list(accredited.instructors.all())
    assert [(m.name_sr, m.hours) for m in new.modules.all()] == [(m.name_sr, m.hours)
                                                                  for m in accredited.modules.all()]
    assert [m.pk for m in new.modules.all()] != [m.pk for m in accredited.modules.all()]
    assert [(t.items_sr, t.published_on) for t in new.task_lists.all()] == [
        (t.items_sr, t.published_on) for t in accredited.task_lists.all()]
    assert new.public_from is None and new.approved_on is None
    assert version_diff(accredited, new) == []
    assert AuditEvent.objects.filter(action="program.version_started", object_id=str(new.pk)).exists()


def test_program_version_start_refused_twice_and_from_draft(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    with pytest.raises(ValidationError):
        program_services.program_version_start(accredited, actor=cast.owner)
    with pytest.raises(ValidationError):
        program_services.program_version_start(new, actor=cast.owner)


def test_program_version_editing_new_version_leaves_approved_untouched(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=40)
    accredited.refresh_from_db()
    assert accredited.group_size == 12
    today = timezone.localdate()
    assert list(public_programs(today).filter(organization=cast.organization)) == [accredited]


# --- the diff --------------------------------------------------------------------------------------------------------


def test_version_diff_lists_exactly_the_changed_elements(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    new.group_size = 40
    new.goal_sr = "Нови циљ програма."
    new.save()
    module = new.modules.get()
    module.hours = 80
    module.save()
    changes = version_diff(accredited, new)
    assert [(c.label, c.old, c.new, c.editorial) for c in changes] == [
        ("3. Циљ програма", "Циљ програма.", "Нови циљ програма.", False),
        ("13. Број полазника у групи", "12", "40", False),
        ("Модул 1: сати", "60", "80", False),
    ]


def test_version_diff_typo_in_letters_case_is_editorial_but_a_number_is_not(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    new.purpose_sr = "сврха програма"  # case and the full stop only
    new.name_en = "Cook"
    new.save()
    changes = version_diff(accredited, new)
    assert [c.editorial for c in changes] == [True, True]
    new.purpose_sr = "Сврха програма за 40 полазника."
    new.save()
    assert [c.editorial for c in version_diff(accredited, new)] == [True, False]


# --- amendments: the review flow -------------------------------------------------------------------------------------


def test_amendment_keeps_approved_version_public_until_approval(cast, accredited, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=10)
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    assert application.kind == ApplicationKind.AMENDMENT
    assert list(application.programs.all()) == [new]
    services.application_submit(application, actor=cast.owner)
    new.refresh_from_db()
    assert new.version_state == VersionState.SUBMITTED
    assert list(public_programs(today).filter(organization=cast.organization)) == [accredited]
    review_to_recommendation(cast, application)
    assert list(public_programs(today).filter(organization=cast.organization)) == [accredited]

    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application, outcome="approve", reasons="", actor=cast.decider,
                                    expected_state=application.state, declares_no_conflict=True)
    new.refresh_from_db()
    accredited.refresh_from_db()
    assert (new.version_state, new.approved_on) == (VersionState.APPROVED, today)
    assert (accredited.version_state, accredited.superseded_on) == (VersionState.SUPERSEDED, today)
    assert list(public_programs(today).filter(organization=cast.organization)) == [new]
    accreditation = cast.organization.accreditations.get()
    assert list(accreditation.programs.all()) == [new]
    assert AuditEvent.objects.filter(action="accreditation.program_version_replaced",
                                     object_id=str(accreditation.pk)).count() == 1
    # no second status, no second accreditation for an amendment
    assert cast.organization.accreditations.count() == 1


def test_amendment_rejected_leaves_approved_version_public(cast, accredited, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=40)
    application = _amend(cast, new, django_capture_on_commit_callbacks, outcome="reject")
    assert application.state == ApplicationState.REJECTED
    new.refresh_from_db()
    accredited.refresh_from_db()
    assert new.version_state == VersionState.DRAFT
    assert accredited.version_state == VersionState.APPROVED
    assert list(public_programs(today).filter(organization=cast.organization)) == [accredited]
    assert list(cast.organization.accreditations.get().programs.all()) == [accredited]


def test_amendment_refuses_unchanged_version_and_approved_version(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    with pytest.raises(ValidationError):
        amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    with pytest.raises(ValidationError):
        amendments.amendment_create(cast.organization, programs=[accredited], actor=cast.owner)


def test_amendment_scope_cannot_be_changed(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=40)
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    with pytest.raises(ValidationError):
        services.application_set_scope(application, activities=[new.activity], programs=[accredited],
                                       actor=cast.owner)


def test_amendment_diff_seen_by_office_after_approval(cast, accredited, django_capture_on_commit_callbacks):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=10)
    application = _amend(cast, new, django_capture_on_commit_callbacks)
    [(program, previous, changes)] = amendments.amendment_diffs(application)
    assert (program, previous) == (new, accredited)
    assert [(c.old, c.new) for c in changes] == [("12", "10")]


# --- editorial versions ----------------------------------------------------------------------------------------------


def test_editorial_version_published_without_review_as_new_public_version(cast, accredited):
    today = timezone.localdate()
    new = program_services.program_version_start(accredited, actor=cast.owner)
    new.purpose_sr = "Сврха  програма"  # a double space and no full stop
    new.save()
    amendments.version_publish_editorial(new, actor=cast.owner)
    new.refresh_from_db()
    accredited.refresh_from_db()
    assert (new.version_state, new.editorial) == (VersionState.APPROVED, True)
    assert accredited.version_state == VersionState.SUPERSEDED
    assert list(public_programs(today).filter(organization=cast.organization)) == [new]
    assert AuditEvent.objects.filter(action="program.version_editorial", object_id=str(new.pk)).exists()


def test_editorial_version_refused_when_a_change_needs_approval(cast, accredited):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=40)
    with pytest.raises(ValidationError):
        amendments.version_publish_editorial(new, actor=cast.owner)
    new.refresh_from_db()
    assert new.version_state == VersionState.DRAFT


def test_program_version_transition_refuses_unknown_move(cast, accredited):
    with pytest.raises(ValidationError):
        program_services.program_version_transition(accredited, VersionState.DRAFT, actor=cast.owner)


# --- programs from before versions -----------------------------------------------------------------------------------


def test_backfill_marks_accredited_programs_approved_and_submitted_ones_submitted(cast, ready):
    import importlib

    from django.apps import apps

    from tests.api.conftest import accredit
    from tests.programs.factories import CompleteProgramFactory

    backfill = importlib.import_module("applications.migrations.0005_program_versions_backfill")
    accredited_program = ready["program"]
    accreditation = accredit(accredited_program)
    pending = CompleteProgramFactory(organization=cast.organization)
    services.application_create(cast.organization, actor=cast.owner)
    application = services.application_create(cast.organization, actor=cast.owner)
    application.programs.set([pending])
    application.__class__.objects.filter(pk=application.pk).update(state=ApplicationState.IN_REVIEW)
    untouched = CompleteProgramFactory(organization=cast.organization)

    backfill.forwards(apps, None)

    states = dict(Program.objects.values_list("pk", "version_state"))
    assert states[accredited_program.pk] == VersionState.APPROVED
    assert Program.objects.get(pk=accredited_program.pk).approved_on == accreditation.valid_from
    assert states[pending.pk] == VersionState.SUBMITTED
    assert states[untouched.pk] == VersionState.DRAFT
