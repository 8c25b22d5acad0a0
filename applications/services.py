"""Writes on applications. application_transition() is the only code that changes Application.state."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import rules
from applications.enums import EDITABLE_STATES, TRANSITIONS, Actor, ApplicationState
from applications.facts import application_case
from applications.models import Application, ChangeRequest, ChangeRequestItem, Submission, SubmittedDocument
from applications.snapshot import records_snapshot
from noks_portal.audit import audit_log
from providers.models import Document, Membership


class StaleState(ValidationError):
    """The application changed under the actor (another person moved it first)."""


def _actor_kind(application: Application, user) -> set[str]:
    kinds = set()
    if Membership.objects.filter(user=user, organization_id=application.organization_id).exists():
        kinds.add(Actor.PROVIDER)
    if user.is_office_reviewer or user.is_superuser:
        kinds.add(Actor.REVIEWER)
    if user.is_office_decider or user.is_superuser:
        kinds.add(Actor.DECIDER)
    return kinds


def _notify(application: Application, *, from_state: str, to_state: str, note: str) -> None:
    recipients = list(application.organization.memberships.values_list("user__email", flat=True))
    if not recipients:
        return
    path = application.get_absolute_url()
    with translation.override("sr"):
        context = {"application": application, "from_state": ApplicationState(from_state).label,
                   "to_state": ApplicationState(to_state).label, "note": note, "url": f"{settings.SITE_URL}{path}"}
        subject = _("Application %(reference)s: %(state)s") % {"reference": application.reference,
                                                               "state": context["to_state"]}
        body = render_to_string("applications/email/state_changed.txt", context)
    send_mass_mail([(subject, body, None, [address]) for address in recipients if address])


@transaction.atomic
def application_transition(application: Application, to: str, *, actor, note: str = "",
                           expected_state: str | None = None) -> Application:
    """Move an application to ``to``: allowed move, allowed actor, row locked, audit row, e-mail after commit.

    ``expected_state`` is the state the actor saw; if the row has moved on since, StaleState is raised and
    nothing is written (two deciders at the same moment: one wins, the other is told).
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if expected_state is not None and locked.state != expected_state:
        raise StaleState(_("This application has changed in the meantime (it is now: %(state)s). Reload the page.")
                         % {"state": ApplicationState(locked.state).label})
    from_state = locked.state
    who = TRANSITIONS.get((from_state, to))
    if who is None:
        raise ValidationError(_("An application cannot go from “%(from)s” to “%(to)s”.")
                              % {"from": ApplicationState(from_state).label, "to": ApplicationState(to).label})
    if who not in _actor_kind(locked, actor):
        raise PermissionDenied
    locked.state = to
    if to == ApplicationState.SUBMITTED:
        locked.submitted_at = timezone.now()
    locked.save(update_fields=["state", "submitted_at", "updated_at"])
    audit_log(locked, action="application.transition", actor=actor, from_state=from_state, to_state=to, note=note)
    transaction.on_commit(lambda: _notify(locked, from_state=from_state, to_state=to, note=note))
    application.state, application.submitted_at = locked.state, locked.submitted_at
    return locked


@transaction.atomic
def application_create(organization, *, actor) -> Application:
    application = Application.objects.create(organization=organization, created_by=actor)
    audit_log(application, action="application.created", actor=actor, to_state=application.state)
    return application


def _require_editable(application: Application) -> None:
    if application.state not in EDITABLE_STATES:
        raise ValidationError(_("This application can no longer be changed."))


@transaction.atomic
def application_set_scope(application: Application, *, activities: list[str], programs, actor) -> Application:
    _require_editable(application)
    programs = list(programs)
    foreign = [p for p in programs if p.organization_id != application.organization_id]
    if foreign:
        raise PermissionDenied
    outside = sorted({p.activity for p in programs} - set(activities))
    if outside:
        raise ValidationError({"programs": _("Each program must belong to one of the chosen activities; add "
                                             "the activity or remove the program.")})
    application.activities = sorted(activities)
    application.save(update_fields=["activities", "updated_at"])
    application.programs.set(programs)
    audit_log(application, action="application.scope_changed", actor=actor,
              data={"activities": application.activities, "programs": sorted(p.pk for p in programs)})
    return application


@transaction.atomic
def application_set_deviations(application: Application, *, deviations: dict[str, str], actor) -> Application:
    _require_editable(application)
    application.associate_deviations = {k: v.strip() for k, v in deviations.items() if v and v.strip()}
    application.save(update_fields=["associate_deviations", "updated_at"])
    audit_log(application, action="application.deviations_changed", actor=actor)
    return application


def application_precheck(application: Application, *, lang: str = "sr") -> rules.Report:
    """Run the rules engine on the application as it stands now (nothing is stored)."""
    case = rules.load_case(application_case(application, on_date=timezone.localdate()))
    return rules.evaluate(case, lang=lang)


def _freeze_documents(submission: Submission, application: Application) -> None:
    documents = Document.objects.filter(organization=application.organization).select_related(
        "staff_member", "room", "partner")
    for document in documents:
        if document.staff_member_id:
            subject = f"staff[S{document.staff_member_id}]"
        elif document.room_id:
            subject = f"rooms[R{document.room_id}]"
        elif document.partner_id:
            subject = f"partners[X{document.partner_id}]"
        elif document.hygiene_item:
            subject = f"hygiene_technical.{document.hygiene_item}"
        else:
            subject = "organization"
        copy = SubmittedDocument(submission=submission, source_id=document.pk, subject=subject, kind=document.kind,
                                 original_name=document.original_name, content_type=document.content_type,
                                 sha256=document.sha256)
        with document.file.open("rb") as source:
            copy.file.save(f"{document.sha256[:16]}{Path(document.file.name).suffix}", File(source), save=False)
        copy.save()


@transaction.atomic
def application_submit(application: Application, *, actor) -> Submission:
    """Freeze the records, programs, evidence and rules report, and move the application to 'submitted'."""
    _require_editable(application)
    if not application.activities or not application.programs.exists():
        raise ValidationError(_("Choose at least one activity and one program before you submit."))
    expected = application.state
    case = application_case(application, on_date=timezone.localdate())
    report = rules.evaluate(rules.load_case(case), lang="sr")
    number = application.submissions.count() + 1
    submission = Submission.objects.create(
        application=application, number=number, submitted_by=actor, regulation=report.to_dict()["regulation"],
        facts=case, report=report.to_dict(), records=records_snapshot(application),
    )
    _freeze_documents(submission, application)
    ChangeRequest.objects.filter(application=application, answered_at__isnull=True).update(
        answered_at=timezone.now())
    application_transition(application, ApplicationState.SUBMITTED, actor=actor, expected_state=expected,
                           note=_("Submission %(number)s") % {"number": number})
    return submission


def application_withdraw(application: Application, *, actor, note: str = "") -> Application:
    return application_transition(application, ApplicationState.WITHDRAWN, actor=actor, note=note,
                                  expected_state=application.state)


@transaction.atomic
def change_request_create(application: Application, *, actor, note: str,
                          items: list[tuple[str, str]]) -> ChangeRequest:
    """The Office asks for changes (items: (subject, comment)); the application goes back to the provider."""
    submission = application.submissions.order_by("-number").first()
    if submission is None:
        raise ValidationError(_("Nothing was submitted yet."))
    request = ChangeRequest.objects.create(application=application, submission=submission, requested_by=actor,
                                           note=note)
    ChangeRequestItem.objects.bulk_create(
        [ChangeRequestItem(change_request=request, subject=subject, comment=comment) for subject, comment in items]
    )
    application_transition(application, ApplicationState.CHANGES_REQUESTED, actor=actor, note=note,
                           expected_state=ApplicationState.IN_REVIEW)
    return request


@transaction.atomic
def change_request_answer(request: ChangeRequest, *, answers: dict[int, str], actor) -> ChangeRequest:
    _require_editable(request.application)
    for item in request.items.all():
        if item.pk in answers:
            item.answer = answers[item.pk].strip()
            item.save(update_fields=["answer"])
    audit_log(request.application, action="application.change_request_answered", actor=actor)
    return request
