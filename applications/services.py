"""Writes on applications. application_transition() is the only code that changes Application.state."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import rules
from applications.enums import (
    EDITABLE_STATES,
    REVIEW_STATES,
    SERIAL_PREFIX,
    TRANSITIONS,
    AccreditationState,
    Actor,
    ApplicationState,
    DeclarationStage,
    DocumentKind,
    Outcome,
    RenderState,
    Script,
    Verdict,
)
from applications.facts import application_case
from applications.models import (
    Accreditation,
    Application,
    ChangeRequest,
    ChangeRequestItem,
    ConflictDeclaration,
    OfficialDocument,
    Review,
    ReviewFinding,
    SerialCounter,
    Submission,
    SubmittedDocument,
)
from applications.amendments import amendment_report_scope, programs_adopt, programs_follow_application
from applications.snapshot import records_snapshot
from core import verification
from core.audit import audit_log
from core.tasks import enqueue_on_commit
from programs.enums import VersionState
from programs.search import programs_refresh_public
from providers.models import Document, Membership
from providers.selectors import has_ties


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
    """After a transition: the organization's people get the new state (e-mail and inbox); the Office is told of
    what waits for it — a new submission, a resubmission answering a change request, a recommendation to decide."""
    from django.urls import reverse

    from accounts.notices import notice_send
    from applications import selectors

    path = application.get_absolute_url()
    with translation.override("sr"):
        context = {"application": application, "from_state": ApplicationState(from_state).label,
                   "to_state": ApplicationState(to_state).label, "note": note, "url": f"{settings.SITE_URL}{path}"}
        subject = _("Application %(reference)s: %(state)s") % {"reference": application.reference,
                                                               "state": context["to_state"]}
        body = render_to_string("applications/email/state_changed.txt", context)
    members = [m.user for m in application.organization.memberships.select_related("user")]
    notice_send(members, subject=subject, body=body, link=path)
    office = _office_recipients(application, to_state)
    if office is None:
        return
    office_path = reverse("office:review", kwargs={"pk": application.pk})
    with translation.override("sr"):
        if to_state == ApplicationState.SUBMITTED and from_state == ApplicationState.CHANGES_REQUESTED:
            subject = _("Changes answered: %(reference)s") % {"reference": application.reference}
        elif to_state == ApplicationState.SUBMITTED:
            subject = _("New application: %(reference)s") % {"reference": application.reference}
        else:
            subject = _("To decide: %(reference)s") % {"reference": application.reference}
        body = render_to_string("applications/email/office_notice.txt", {
            **context, "url": f"{settings.SITE_URL}{office_path}", "resubmitted": from_state ==
            ApplicationState.CHANGES_REQUESTED, "due": selectors.decision_due(application)})
    notice_send(office, subject=subject, body=body, link=office_path)


def _office_recipients(application: Application, to_state: str):
    """Who in the Office acts next: on a submission the assigned reviewer (every reviewer while nobody is assigned),
    on a recommendation the deciders other than the reviewer (four eyes); None when the Office has nothing to do."""
    from accounts.notices import office_users

    review = Review.objects.filter(application=application).select_related("reviewer").first()
    reviewer = review.reviewer if review else None
    if to_state == ApplicationState.SUBMITTED:
        return [reviewer] if reviewer is not None and reviewer.is_active else list(
            office_users(deciders=False))
    if to_state in (ApplicationState.RECOMMENDED_APPROVE, ApplicationState.RECOMMENDED_REJECT):
        excluded = {review.reviewer_id, review.recommended_by_id} if review else set()
        return [u for u in office_users(reviewers=False) if u.pk not in excluded]
    return None


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
    programs_follow_application(locked, to, actor=actor)
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
    if application.is_amendment:
        raise ValidationError(_("The programs of an amendment are the new versions it was started with; withdraw "
                                "it and start another to change them."))
    programs = list(programs)
    foreign = [p for p in programs if p.organization_id != application.organization_id]
    if foreign:
        raise PermissionDenied
    superseded = [p for p in programs if p.version_state == VersionState.SUPERSEDED]
    if superseded:
        raise ValidationError({"programs": _("A superseded version cannot be applied for; choose the current "
                                             "version.")})
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
    return amendment_report_scope(rules.evaluate(case, lang=lang), application)


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
    # This application is editable, so its own versions are in preparation: a submitted one is in another.
    elsewhere = application.programs.filter(version_state=VersionState.SUBMITTED).first()
    if elsewhere is not None:
        raise ValidationError(_("“%(name)s” is with the Office in another application; wait for its decision.")
                              % {"name": elsewhere.name})
    expected = application.state
    case = application_case(application, on_date=timezone.localdate())
    report = amendment_report_scope(rules.evaluate(rules.load_case(case), lang="sr"), application)
    number = application.submissions.count() + 1
    submission = Submission.objects.create(
        application=application, number=number, submitted_by=actor, regulation=report.to_dict()["regulation"],
        facts=case, report=report.to_dict(codes=True), records=records_snapshot(application),
    )
    _freeze_documents(submission, application)
    review_carry_over(submission)
    ChangeRequest.objects.filter(application=application, answered_at__isnull=True).update(
        answered_at=timezone.now())
    application_transition(application, ApplicationState.SUBMITTED, actor=actor, expected_state=expected,
                           note=_("Submission %(number)s") % {"number": number})
    return submission


def application_withdraw(application: Application, *, actor, note: str = "") -> Application:
    return application_transition(application, ApplicationState.WITHDRAWN, actor=actor, note=note,
                                  expected_state=application.state)


@transaction.atomic
def change_request_create(application: Application, *, actor, note: str, items: list[tuple],
                          respond_by=None) -> ChangeRequest:
    """The Office asks for changes (items: (subject, comment) or (subject, comment, provision)), to be answered by
    ``respond_by``; the application goes back to the provider."""
    submission = application.submissions.order_by("-number").first()
    if submission is None:
        raise ValidationError(_("Nothing was submitted yet."))
    request = ChangeRequest.objects.create(application=application, submission=submission, requested_by=actor,
                                           note=note, respond_by=respond_by)
    ChangeRequestItem.objects.bulk_create(
        [ChangeRequestItem(change_request=request, subject=item[0], comment=item[1],
                           provision=item[2] if len(item) > 2 else "") for item in items]
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


def change_requests_remind(*, today=None) -> int:
    """Daily: remind the provider's people (inbox and e-mail) of a change request still unanswered whose answer is
    due within CHANGE_REQUEST_REMINDER_DAYS days (the day itself included, not once it has passed) — once per
    request (the notice's key), whoever runs the job and how often. Returns the requests reminded."""
    from django.urls import reverse

    from accounts.notices import notice_send

    today = today or timezone.localdate()
    days = settings.CHANGE_REQUEST_REMINDER_DAYS
    due = (ChangeRequest.objects.filter(answered_at__isnull=True, respond_by__isnull=False,
                                        respond_by__gte=today, respond_by__lte=today + timedelta(days=days),
                                        application__state=ApplicationState.CHANGES_REQUESTED)
           .select_related("application__organization").order_by("respond_by", "pk"))
    sent = 0
    for change_request in due:
        application = change_request.application
        path = reverse("applications:answer", kwargs={"pk": application.pk, "request_pk": change_request.pk})
        with translation.override("sr"):
            text = render_to_string("applications/email/change_request_reminder.txt", {
                "application": application, "change_request": change_request,
                "days_left": (change_request.respond_by - today).days, "url": f"{settings.SITE_URL}{path}"})
        subject, _sep, body = text.partition("\n\n")
        members = [m.user for m in application.organization.memberships.select_related("user")]
        if notice_send(members, subject=subject.strip(), body=body, link=path,
                       key=f"change-request-reminder:{change_request.pk}"):
            sent += 1
    return sent


# ---------------------------------------------------------------------------------------------------------------
# The Office: taking an application, verdicts and findings, recommendation, the four-eyes decision.
# ---------------------------------------------------------------------------------------------------------------


def _review(application: Application) -> Review:
    review, _created = Review.objects.get_or_create(application=application)
    return review


def _require_reviewer(user) -> None:
    if not (user.is_office_reviewer or user.is_superuser):
        raise PermissionDenied


# Conflict of interest. Nobody takes, is assigned, reviews or decides an application of an organization they belong
# to or left less than two years ago (providers.selectors.has_ties; the Office never joins an organization, see
# providers.services.office_membership_refusal). Each official also declares, in their own name, that they have no
# conflict of interest: the reviewer when taking the application (or, when a colleague assigned it, before their
# first review action: nobody can declare for someone else), the decider with the decision.


def conflict_refusal(application: Application, user) -> str | None:
    """Why ``user`` may not work on this application because of ties to its organization (None: no such ties)."""
    if has_ties(user, application.organization_id):
        return (_("You belong to %(organization)s or left it less than two years ago: because of the conflict of "
                  "interest you may not review or decide its application.")
                % {"organization": application.organization})
    return None


def _require_no_conflict(application: Application, user) -> None:
    refusal = conflict_refusal(application, user)
    if refusal:
        raise ValidationError(refusal)


def review_declared(application: Application, user) -> bool:
    """The user has declared no conflict of interest for reviewing this application."""
    return ConflictDeclaration.objects.filter(application=application, user=user,
                                              stage=DeclarationStage.REVIEW).exists()


def _declaration_record(application: Application, *, stage: str, actor) -> ConflictDeclaration:
    declaration = ConflictDeclaration.objects.create(application=application, user=actor, stage=stage)
    organization = application.organization
    audit_log(application, action=f"{stage}.no_conflict_declared", actor=actor,
              data={"stage": stage, "organization": organization.pk, "organization_name": organization.name,
                    "reference": application.reference})
    return declaration


def _require_assigned(application: Application, user) -> Review:
    """Only the reviewer the application is assigned to works on it (an administrator may step in), without ties
    to its organization and after declaring no conflict of interest."""
    _require_reviewer(user)
    _require_no_conflict(application, user)
    review = _review(application)
    if review.reviewer_id != user.pk and not user.is_superuser:
        raise ValidationError(_("Take the application first: it is assigned to another reviewer or to nobody."))
    if not review_declared(application, user):
        raise ValidationError(_("Declare first that you have no conflict of interest with %(organization)s.")
                              % {"organization": application.organization})
    return review


@transaction.atomic
def review_declare(application: Application, *, actor) -> ConflictDeclaration:
    """The reviewer a colleague assigned (or an administrator stepping in) declares no conflict of interest before
    working on the application."""
    _require_reviewer(actor)
    _require_no_conflict(application, actor)
    if application.state not in REVIEW_STATES:
        raise ValidationError(_("Only an application that is with the Office can be reviewed."))
    review = _review(application)
    if review.reviewer_id != actor.pk and not actor.is_superuser:
        raise ValidationError(_("Take the application first: it is assigned to another reviewer or to nobody."))
    return _declaration_record(application, stage=DeclarationStage.REVIEW, actor=actor)


@transaction.atomic
def application_assign(application: Application, *, reviewer, actor, declares_no_conflict: bool = False) -> Review:
    """A reviewer takes an application (reviewer == actor) or gives it to a colleague; a submitted one goes into
    review.

    Taking it, the reviewer declares no conflict of interest (``declares_no_conflict``, required). A colleague who
    is given it declares before their first review action (review_declare). Nobody with ties to the organization
    takes, assigns or is assigned it.
    """
    _require_reviewer(actor)
    if not (reviewer.is_office_reviewer and reviewer.is_active):
        raise ValidationError(_("Only an active office reviewer can be assigned."))
    _require_no_conflict(application, actor)
    if reviewer.pk != actor.pk and has_ties(reviewer, application.organization_id):
        raise ValidationError(_("%(reviewer)s belongs to %(organization)s or left it less than two years ago: "
                                "because of the conflict of interest they may not review its application.")
                              % {"reviewer": reviewer, "organization": application.organization})
    if reviewer.pk == actor.pk and not declares_no_conflict:
        raise ValidationError({"declaration": _("Declare that you have no conflict of interest to take the "
                                                "application.")})
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.state not in REVIEW_STATES:
        raise ValidationError(_("Only an application that is with the Office can be assigned."))
    review = _review(locked)
    previous = review.reviewer
    review.reviewer = reviewer
    review.save(update_fields=["reviewer", "updated_at"])
    audit_log(locked, action="application.assigned", actor=actor,
              data={"reviewer": reviewer.get_username(), "previous": previous.get_username() if previous else None})
    if reviewer.pk == actor.pk:
        _declaration_record(locked, stage=DeclarationStage.REVIEW, actor=actor)
    if locked.state == ApplicationState.SUBMITTED:
        application_transition(locked, ApplicationState.IN_REVIEW, actor=actor,
                               expected_state=ApplicationState.SUBMITTED)
    application.state = locked.state
    return review


def _latest_submission(application: Application) -> Submission:
    submission = application.submissions.order_by("-number").first()
    if submission is None:
        raise ValidationError(_("Nothing was submitted yet."))
    return submission


@transaction.atomic
def review_verdict_record(submission: Submission, *, provision: str, subject: str, verdict: str, comment: str,
                          actor) -> ReviewFinding:
    """The reviewer's verdict on one `manual` finding of the stored report (recorded again = changed)."""
    application = submission.application
    _require_assigned(application, actor)
    if application.state != ApplicationState.IN_REVIEW:
        raise ValidationError(_("Verdicts are recorded while the application is in review."))
    manual = {(f["provision"], f["subject"]) for f in submission.report.get("findings", [])
              if f["status"] == "manual"}
    if (provision, subject) not in manual:
        raise ValidationError(_("The report of this submission has no such finding for the reviewer."))
    if verdict == Verdict.NOT_MET and not comment.strip():
        raise ValidationError({"comment": _("Say why the requirement is not met.")})
    finding, _created = ReviewFinding.objects.update_or_create(
        submission=submission, provision=provision, subject=subject, own=False,
        defaults={"verdict": verdict, "comment": comment.strip(), "reviewer": actor, "carried_from": None},
    )
    audit_log(application, action="review.verdict", actor=actor,
              data={"submission": submission.number, "provision": provision, "subject": subject, "verdict": verdict})
    return finding


@transaction.atomic
def review_finding_add(submission: Submission, *, provision: str, subject: str, comment: str, actor,
                       verdict: str = Verdict.NOT_MET) -> ReviewFinding:
    """A finding of the reviewer's own against any provision of the rule set."""
    application = submission.application
    _require_assigned(application, actor)
    if application.state != ApplicationState.IN_REVIEW:
        raise ValidationError(_("Findings are recorded while the application is in review."))
    if provision not in {p.id for p in rules.provisions()}:
        raise ValidationError({"provision": _("There is no provision %(provision)s in the rule set.")
                               % {"provision": provision}})
    if not comment.strip():
        raise ValidationError({"comment": _("Describe the finding.")})
    finding = ReviewFinding.objects.create(submission=submission, provision=provision, subject=subject or "organization",
                                           verdict=verdict, comment=comment.strip(), own=True, reviewer=actor)
    audit_log(application, action="review.finding_added", actor=actor,
              data={"submission": submission.number, "provision": provision, "subject": finding.subject})
    return finding


@transaction.atomic
def review_verdicts_record_many(submission: Submission, *, items: list[tuple[str, str]], verdict: str, comment: str,
                                actor) -> list[ReviewFinding]:
    """One verdict on several findings of the report for the reviewer at once (one audit row per finding)."""
    if not items:
        raise ValidationError(_("Choose the requirements the verdict is about."))
    return [review_verdict_record(submission, provision=provision, subject=subject, verdict=verdict,
                                  comment=comment, actor=actor) for provision, subject in items]


@transaction.atomic
def review_passes_confirm(submission: Submission, *, actor) -> int:
    """The reviewer confirms, at once, every requirement the rules engine found met and not yet confirmed."""
    application = submission.application
    _require_assigned(application, actor)
    if application.state != ApplicationState.IN_REVIEW:
        raise ValidationError(_("Verdicts are recorded while the application is in review."))
    if submission.pk != _latest_submission(application).pk:
        raise ValidationError(_("Only the latest submission is reviewed."))
    done = set(submission.review_findings.filter(own=False).values_list("provision", "subject"))
    keys = list(dict.fromkeys((f["provision"], f["subject"]) for f in submission.report.get("findings", [])
                              if f["status"] == "pass"))
    fresh = [ReviewFinding(submission=submission, provision=p, subject=s, verdict=Verdict.CONFIRMED, reviewer=actor)
             for p, s in keys if (p, s) not in done]
    ReviewFinding.objects.bulk_create(fresh)
    audit_log(application, action="review.verdict", actor=actor,
              data={"submission": submission.number, "verdict": Verdict.CONFIRMED, "automatic_passes": len(fresh)})
    return len(fresh)


@transaction.atomic
def review_carry_over(submission: Submission) -> int:
    """Copy to a new submission the verdicts and findings of the one before on everything that did not change (the
    item, its evidence and what the rules engine said about it); each copy is marked as carried over. Only what
    changed needs a fresh look."""
    from applications import review_read

    previous = submission.application.submissions.filter(number=submission.number - 1).first()
    if previous is None:
        return 0
    earlier = list(previous.review_findings.all())
    if not earlier:
        return 0
    items, parts = review_read.changed_parts(previous, submission)
    said_before = {(f["provision"], f["subject"]): (f["status"], f["message"])
                   for f in previous.report.get("findings", [])}
    said_now = {(f["provision"], f["subject"]): (f["status"], f["message"])
                for f in submission.report.get("findings", [])}
    carried = []
    for finding in earlier:
        key = (finding.provision, finding.subject)
        if not finding.own and (key not in said_now or said_now[key] != said_before.get(key)):
            continue
        if not review_read.unchanged(finding.provision, finding.subject, items, parts):
            continue
        carried.append(ReviewFinding(
            submission=submission, provision=finding.provision, subject=finding.subject, verdict=finding.verdict,
            comment=finding.comment, own=finding.own, reviewer=finding.reviewer,
            carried_from=finding.carried_from or previous.number))
    ReviewFinding.objects.bulk_create(carried)
    if carried:
        audit_log(submission.application, action="review.verdict",
                  data={"submission": submission.number, "carried_over": len(carried), "from": previous.number})
    return len(carried)


def review_blockers(submission: Submission) -> list[str]:
    """Why the submission cannot be recommended for approval yet (empty: it can)."""
    report = submission.report
    verdicts = {(f.provision, f.subject): f for f in submission.review_findings.all()}
    blockers = []
    failing = [f for f in report.get("findings", []) if f["status"] == "fail"]
    if failing:
        blockers.append(_("%(count)s requirement(s) are not met according to the rules engine.")
                        % {"count": len(failing)})
    pending = [f for f in report.get("findings", []) if f["status"] == "manual"
               and (f["provision"], f["subject"]) not in verdicts]
    if pending:
        blockers.append(_("%(count)s requirement(s) still need your verdict.") % {"count": len(pending)})
    not_met = [f for f in verdicts.values() if f.verdict == Verdict.NOT_MET]
    if not_met:
        blockers.append(_("%(count)s requirement(s) are marked as not met by the reviewer.") % {"count": len(not_met)})
    return blockers


@transaction.atomic
def application_request_changes(application: Application, *, actor, note: str, items: list[tuple],
                                respond_by=None) -> ChangeRequest:
    """The reviewer asks for changes: comments on any items of the submission, and the day to answer by (at least
    a week and at most 90 days from today; 30 days when not given)."""
    from applications import review_read

    _require_assigned(application, actor)
    if not items and not note.strip():
        raise ValidationError(_("Say what should be changed."))
    today = timezone.localdate()
    if respond_by is None:
        respond_by = today + timedelta(days=CHANGE_REQUEST_DEFAULT_DAYS)
    if respond_by < today + timedelta(days=CHANGE_REQUEST_MIN_DAYS):
        raise ValidationError({"respond_by": _("Give the provider at least %(days)s days to answer.")
                               % {"days": CHANGE_REQUEST_MIN_DAYS}})
    if respond_by > today + timedelta(days=CHANGE_REQUEST_MAX_DAYS):
        raise ValidationError({"respond_by": _("The answer cannot be due more than %(days)s days from today.")
                               % {"days": CHANGE_REQUEST_MAX_DAYS}})
    known = review_read.flat_subjects(review_read.comment_subjects(_latest_submission(application)))
    if any(item[0] not in known for item in items):
        raise ValidationError(_("A comment is about an item that is not in this submission."))
    return change_request_create(application, actor=actor, note=note.strip(), items=items, respond_by=respond_by)


CHANGE_REQUEST_MIN_DAYS = 7
CHANGE_REQUEST_MAX_DAYS = 90
CHANGE_REQUEST_DEFAULT_DAYS = 30


def change_request_prefill(submission: Submission) -> list[tuple[str, str, str]]:
    """The comments a change request starts with: one per item the reviewer judged "not met", with the reviewer's
    reasons — (subject, comment, provision)."""
    findings = submission.review_findings.filter(verdict=Verdict.NOT_MET).order_by("provision", "subject", "pk")
    from applications.review_read import comment_subject_of

    return [(comment_subject_of(f.subject), f.comment, f.provision) for f in findings]



@transaction.atomic
def application_recommend(application: Application, *, outcome: str, reasons: str, actor) -> Review:
    """The reviewer recommends approval (only when nothing blocks it) or rejection (with reasons)."""
    review = _require_assigned(application, actor)
    if outcome == Outcome.APPROVE:
        blockers = review_blockers(_latest_submission(application))
        if blockers:
            raise ValidationError(" ".join(str(b) for b in blockers))
        to = ApplicationState.RECOMMENDED_APPROVE
    else:
        if not reasons.strip():
            raise ValidationError({"reasons": _("Give the reasons for rejection.")})
        to = ApplicationState.RECOMMENDED_REJECT
    application_transition(application, to, actor=actor, note=reasons.strip(),
                           expected_state=ApplicationState.IN_REVIEW)
    review.recommended_by, review.recommendation = actor, outcome
    review.recommendation_reasons, review.recommended_at = reasons.strip(), timezone.now()
    review.save()
    return review


def four_eyes_refusal(application: Application, user) -> str | None:
    """Why ``user`` may not decide this application (None: they may): not a decider, ties to the organization
    (conflict of interest), or they reviewed it (four eyes)."""
    if not (user.is_office_decider or user.is_superuser):
        return _("Only an office decider can decide.")
    conflict = conflict_refusal(application, user)
    if conflict:
        return conflict
    review = Review.objects.filter(application=application).first()
    if review and user.pk in (review.reviewer_id, review.recommended_by_id):
        return _("You reviewed this application; another decider must decide it (four eyes).")
    return None


@transaction.atomic
def application_decide(application: Application, *, outcome: str, reasons: str, actor,
                       expected_state: str, declares_no_conflict: bool = False) -> Review:
    """Approve or reject. Four eyes, no ties to the organization, and the decider's own declaration of no conflict
    of interest (``declares_no_conflict``, recorded with the decision); the state the decider saw must still hold
    (else StaleState, nothing written).

    Approval grants an accreditation per activity with its programs and issues the decision and the status
    certificate; rejection issues the decision. The documents are rendered after the commit.
    """
    refusal = four_eyes_refusal(application, actor)
    if refusal:
        raise PermissionDenied(refusal)
    errors = {}
    if not declares_no_conflict:
        errors["declaration"] = _("Declare that you have no conflict of interest to decide.")
    if outcome == Outcome.REJECT and not reasons.strip():
        errors["reasons"] = _("Give the reasons for rejection.")
    if errors:
        raise ValidationError(errors)
    _declaration_record(application, stage=DeclarationStage.DECISION, actor=actor)
    to = ApplicationState.APPROVED if outcome == Outcome.APPROVE else ApplicationState.REJECTED
    application_transition(application, to, actor=actor, note=reasons.strip(), expected_state=expected_state)
    review = _review(application)
    review.decided_by, review.outcome = actor, outcome
    review.decision_reasons, review.decided_at = reasons.strip(), timezone.now()
    review.save()
    today = timezone.localdate()
    if outcome == Outcome.APPROVE:
        # The programs' versions first: an approved new version replaces the old one in the accreditations.
        programs_adopt(application, actor=actor)
    official_document_issue(application, kind=DocumentKind.DECISION, issued_on=today, actor=actor)
    if application.is_amendment:
        # An amendment changes the programs of accreditations in force: its decision names the programs, the
        # approved versions and what changed (applications.documents); no new status, no status certificate.
        return review
    if outcome == Outcome.APPROVE:
        for accreditation in accreditations_grant(application, valid_from=today, actor=actor):
            official_document_issue(application, kind=DocumentKind.STATUS_CERTIFICATE, issued_on=today,
                                    accreditation=accreditation, actor=actor)
    return review


def _add_years(day, years: int):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def accreditations_grant(application: Application, *, valid_from, actor) -> list[Accreditation]:
    """One accreditation per activity of the application, with the application's programs of that activity."""
    valid_until = _add_years(valid_from, settings.ACCREDITATION_YEARS) - timedelta(days=1)
    programs = list(application.programs.all())
    granted = []
    for activity in application.activities:
        renewed = Accreditation.objects.filter(organization=application.organization, activity=activity,
                                               state=AccreditationState.ACTIVE).exists()
        accreditation = Accreditation.objects.create(
            organization=application.organization, application=application, activity=activity,
            valid_from=valid_from, valid_until=valid_until,
        )
        accreditation.programs.set([p for p in programs if p.activity == activity])
        programs_refresh_public(accreditation.programs.values_list("pk", flat=True))
        audit_log(accreditation, action="accreditation.renewed" if renewed else "accreditation.granted",
                  actor=actor, to_state=AccreditationState.ACTIVE,
                  data={"application": application.reference, "valid_until": valid_until.isoformat()})
        granted.append(accreditation)
    return granted


@transaction.atomic
def accreditation_revoke(accreditation: Accreditation, *, reasons: str, actor) -> Accreditation:
    if not (actor.is_office_decider or actor.is_superuser):
        raise PermissionDenied
    if has_ties(actor, accreditation.organization_id):
        raise ValidationError(_("You belong to %(organization)s or left it less than two years ago: because of the "
                                "conflict of interest you may not revoke its status.")
                              % {"organization": accreditation.organization})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for revocation.")})
    locked = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
    if locked.state != AccreditationState.ACTIVE:
        raise ValidationError(_("Only an active accreditation can be revoked."))
    locked.state, locked.revoked_at, locked.revoked_by = AccreditationState.REVOKED, timezone.now(), actor
    locked.revocation_reasons = reasons.strip()
    locked.save()
    programs_refresh_public(locked.programs.values_list("pk", flat=True))
    audit_log(locked, action="accreditation.revoked", actor=actor, from_state=AccreditationState.ACTIVE,
              to_state=AccreditationState.REVOKED, note=locked.revocation_reasons)
    audit_log(locked.application, action="accreditation.revoked", actor=actor, note=locked.revocation_reasons,
              data={"accreditation": locked.pk, "activity": locked.activity})
    official_document_issue(locked.application, kind=DocumentKind.REVOCATION, issued_on=timezone.localdate(),
                            accreditation=locked, actor=actor)
    _notify_organization(locked.organization, "applications/email/accreditation_revoked.txt",
                         {"accreditation": locked}, link=locked.application.get_absolute_url())
    accreditation.state = locked.state
    return locked


def _notify_organization(organization, template: str, context: dict, *, link: str = "", key: str = "") -> None:
    """A notice to everyone in the organization, in the inbox and by e-mail (after the commit): the template's first
    paragraph is the subject, the rest the body."""
    from accounts.notices import notice_send

    with translation.override("sr"):
        text = render_to_string(template, {**context, "organization": organization,
                                           "site_url": settings.SITE_URL})
    subject, _sep, body = text.partition("\n\n")
    members = [m.user for m in organization.memberships.select_related("user")]
    notice_send(members, subject=subject.strip(), body=body, link=link, key=key)


def accreditations_expire_and_remind(*, today=None) -> dict[str, int]:
    """Daily: mark lapsed accreditations expired; e-mail providers 90 and 30 days before expiry, each once; tell the
    Office of decisions falling due (office_deadlines_remind)."""
    from django.urls import reverse

    today = today or timezone.localdate()
    counts = {"expired": 0, "reminded_90": 0, "reminded_30": 0}
    for accreditation in Accreditation.objects.filter(state=AccreditationState.ACTIVE, valid_until__lt=today):
        with transaction.atomic():
            locked = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
            if locked.state != AccreditationState.ACTIVE:
                continue
            locked.state = AccreditationState.EXPIRED
            locked.save(update_fields=["state", "updated_at"])
            programs_refresh_public(locked.programs.values_list("pk", flat=True))
            audit_log(locked, action="accreditation.expired", from_state=AccreditationState.ACTIVE,
                      to_state=AccreditationState.EXPIRED)
            counts["expired"] += 1
    for days, field in ((30, "reminded_30_at"), (90, "reminded_90_at")):
        due = Accreditation.objects.filter(state=AccreditationState.ACTIVE, valid_until__gte=today,
                                           valid_until__lte=today + timedelta(days=days),
                                           **{f"{field}__isnull": True}).select_related("organization")
        for accreditation in due:
            with transaction.atomic():
                # Claim the reminder first: a second run (or a second beat) finds it taken and sends nothing.
                claimed = Accreditation.objects.filter(pk=accreditation.pk, **{f"{field}__isnull": True}).update(
                    **{field: timezone.now()})
                if not claimed:
                    continue
                if field == "reminded_30_at":  # a 30-day reminder makes the 90-day one pointless
                    Accreditation.objects.filter(pk=accreditation.pk, reminded_90_at__isnull=True).update(
                        reminded_90_at=timezone.now())
                audit_log(accreditation, action="accreditation.reminded", data={"days": days})
                _notify_organization(accreditation.organization, "applications/email/accreditation_expiring.txt",
                                     {"accreditation": accreditation, "days": days,
                                      "days_left": (accreditation.valid_until - today).days},
                                     link=reverse("applications:list"))
                counts[f"reminded_{days}"] += 1
    counts["deadlines"] = office_deadlines_remind(today=today)
    return counts


DEADLINE_WARNING_DAYS = 10


def office_deadlines_remind(*, today=None) -> int:
    """Daily: tell the Office of applications whose decision is due within DEADLINE_WARNING_DAYS days, and again
    once overdue — each notice once per submission (the notice's key), whoever runs the job and how often."""
    from django.urls import reverse

    from accounts.notices import notice_send
    from applications import selectors

    today = today or timezone.localdate()
    sent = 0
    waiting = (Application.objects.filter(state__in=REVIEW_STATES).exclude(state=ApplicationState.CHANGES_REQUESTED)
               .filter(submitted_at__isnull=False).select_related("organization"))
    for application in waiting:
        due = selectors.decision_due(application)
        left = (due - today).days
        if left > DEADLINE_WARNING_DAYS:
            continue
        stage = "overdue" if left < 0 else "soon"
        recipients = _office_recipients(application, application.state)
        if application.state == ApplicationState.IN_REVIEW:
            recipients = _office_recipients(application, ApplicationState.SUBMITTED)
        path = reverse("office:review", kwargs={"pk": application.pk})
        with translation.override("sr"):
            if stage == "overdue":
                subject = _("Decision overdue: %(reference)s") % {"reference": application.reference}
            else:
                subject = _("Decision due soon: %(reference)s") % {"reference": application.reference}
            body = render_to_string("applications/email/office_deadline.txt", {
                "application": application, "due": due, "left": left, "overdue": -left,
                "url": f"{settings.SITE_URL}{path}"})
        key = f"deadline:{application.pk}:{application.submitted_at:%Y%m%d%H%M%S}:{stage}"
        if notice_send(recipients or [], subject=subject, body=body, link=path, key=key):
            sent += 1
    return sent


# ---------------------------------------------------------------------------------------------------------------
# Official documents: created with the decision as `pending`, rendered by a task after the commit.
# ---------------------------------------------------------------------------------------------------------------


def serial_next(series: str, year: int) -> int:
    """The next number of a series in a year; the counter row is locked, so two issuers never share a number."""
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@verification.register_code_check
def _official_code_taken(code: str) -> bool:
    return OfficialDocument.objects.filter(code=code).exists()


def _enqueue_render(document: OfficialDocument) -> None:
    enqueue_on_commit("applications.render_official_document", document.pk)


@transaction.atomic
def official_document_issue(application: Application, *, kind: str, issued_on, actor,
                            accreditation: Accreditation | None = None) -> OfficialDocument:
    number = serial_next(f"office.{kind}", issued_on.year)
    document = OfficialDocument.objects.create(
        kind=kind, application=application, accreditation=accreditation, issued_on=issued_on,
        serial=f"{SERIAL_PREFIX[kind]}-{issued_on.year}-{number:05d}", code=verification.new_code(),
        script=Script.CYRILLIC,
    )
    audit_log(application, action="document.issued", actor=actor,
              data={"document": document.pk, "kind": kind, "serial": document.serial})
    _enqueue_render(document)
    return document


@transaction.atomic
def official_document_in_latin(document: OfficialDocument, *, actor) -> OfficialDocument:
    """The same document (serial, code, date) in Serbian Latin script, on request; asked twice gives one."""
    from core.permissions import is_office

    if not (is_office(actor) or Membership.objects.filter(
            user=actor, organization_id=document.application.organization_id).exists()):
        raise PermissionDenied
    latin, created = OfficialDocument.objects.get_or_create(
        serial=document.serial, script=Script.LATIN,
        defaults={"kind": document.kind, "application": document.application, "code": document.code,
                  "accreditation": document.accreditation, "issued_on": document.issued_on},
    )
    if created:
        audit_log(document.application, action="document.latin_requested", actor=actor,
                  data={"document": latin.pk, "serial": latin.serial})
        _enqueue_render(latin)
    return latin


def official_document_retry(document: OfficialDocument, *, actor) -> OfficialDocument:
    from core.permissions import is_office

    if not is_office(actor):
        raise PermissionDenied
    with transaction.atomic():
        updated = OfficialDocument.objects.filter(pk=document.pk, state=RenderState.FAILED).update(
            state=RenderState.PENDING, error="", attempts=0)
        if updated:
            audit_log(document.application, action="document.retried", actor=actor,
                      data={"document": document.pk, "serial": document.serial})
            _enqueue_render(document)
    document.refresh_from_db()
    return document
