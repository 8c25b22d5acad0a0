"""Program versions and the applications that carry them (docs/program-versions.md).

- A program version joins the state of the application it is part of: submitted with it, back in preparation when
  the Office asks for changes or the application is rejected or withdrawn, approved with it
  (programs_follow_application, called by application_transition and application_decide).
- A new version of an accredited program is approved through an amendment: an application of kind "amendment"
  scoped to the changed programs, reviewed and decided like any other (amendment_create).
- Adopting a version (version_adopt) is the one recorded step by which an accreditation comes to cover a new
  version instead of the old: the new version is approved, the old one superseded (readable, no longer public),
  each active accreditation swaps them, with an audit row on the accreditation.
- An editorial version (every change editorial, programs.versions) is published by the provider without review,
  still as a new, dated, public version marked editorial (version_publish_editorial).
- The rules check of an amendment judges only the changed programs; the organization's other programs in force
  (approved and in an active accreditation, each replaced by its new version where the amendment changes it) are
  in the case only so that what Art. 8 counts (programs per activity, programs per instructor) is the
  organization's real scale after the change (amendment_programs_in_force, amendment_report_scope).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import OPEN_STATES, AccreditationState, ApplicationKind, ApplicationState
from applications.models import Accreditation, Application
from core.audit import audit_log
from rules.findings import subject as finding_subject
from programs import services as program_services
from programs.enums import VersionState
from programs.models import Program
from programs.search import programs_refresh_public
from programs.versions import is_editorial, version_diff
from providers.models import Membership

# The application's move -> the move of its programs' versions (from, to).
FOLLOW = {
    ApplicationState.SUBMITTED: (VersionState.DRAFT, VersionState.SUBMITTED),
    ApplicationState.CHANGES_REQUESTED: (VersionState.SUBMITTED, VersionState.DRAFT),
    ApplicationState.REJECTED: (VersionState.SUBMITTED, VersionState.DRAFT),
    ApplicationState.WITHDRAWN: (VersionState.SUBMITTED, VersionState.DRAFT),
}


def programs_follow_application(application: Application, to: str, *, actor) -> None:
    """Move the versions of the application's programs with the application (inside its transition)."""
    move = FOLLOW.get(to)
    if move is None:
        return
    source, target = move
    note = _("Application %(reference)s: %(state)s") % {"reference": application.reference,
                                                        "state": ApplicationState(to).label}
    for program in application.programs.filter(version_state=source).order_by("pk"):
        program_services.program_version_transition(program, target, actor=actor, note=note,
                                                    data={"application": application.pk})


@transaction.atomic
def version_adopt(program: Program, *, actor, application: Application | None = None,
                  editorial: bool = False) -> Program:
    """Approve a version; the approved version it replaces is superseded and every active accreditation covering it
    covers the new one instead (one audit row per accreditation). The public page follows (programs_refresh_public).
    """
    previous = program_services.approved_predecessor(program)
    note = (_("Application %(reference)s") % {"reference": application.reference} if application
            else _("Editorial correction"))
    program_services.program_version_transition(
        program, VersionState.APPROVED, actor=actor, note=note,
        data={"application": application.pk if application else None, "editorial": editorial,
              "replaces": previous.pk if previous else None})
    if editorial:
        Program.objects.filter(pk=program.pk).update(editorial=True)
        program.editorial = True
    if previous is None:
        return program
    program_services.program_version_transition(
        previous, VersionState.SUPERSEDED, actor=actor, note=note,
        data={"superseded_by": program.pk, "superseded_by_version": program.version})
    for accreditation in Accreditation.objects.select_for_update().filter(
            programs=previous, state=AccreditationState.ACTIVE).order_by("pk"):
        accreditation.programs.remove(previous)
        accreditation.programs.add(program)
        audit_log(accreditation, action="accreditation.program_version_replaced", actor=actor,
                  data={"program": previous.pk, "version": previous.version, "new_program": program.pk,
                        "new_version": program.version, "editorial": editorial,
                        "application": application.reference if application else None})
    programs_refresh_public([previous.pk, program.pk])
    return program


def programs_adopt(application: Application, *, actor) -> list[Program]:
    """On approval: every version of the application not yet approved is adopted."""
    adopted = []
    for program in application.programs.filter(
            version_state__in=(VersionState.DRAFT, VersionState.SUBMITTED)).order_by("pk"):
        adopted.append(version_adopt(program, actor=actor, application=application))
    return adopted


def _require_member(organization, user) -> None:
    if not Membership.objects.filter(user=user, organization=organization).exists():
        raise PermissionDenied


def amendment_candidates(organization):
    """The organization's new versions of approved programs that are in preparation and in no open application."""
    drafts = Program.objects.filter(organization=organization, version_state=VersionState.DRAFT,
                                    lineage__isnull=False).exclude(applications__state__in=OPEN_STATES)
    return [p for p in drafts.order_by("name", "pk") if program_services.approved_predecessor(p) is not None]


@transaction.atomic
def amendment_create(organization, *, programs, actor) -> Application:
    """An application of kind "amendment" for new versions of accredited programs; it is checked and submitted like
    any application. Each program must be a new version in preparation with an approved predecessor that it changes
    in a way that needs approval."""
    _require_member(organization, actor)
    programs = list(programs)
    if not programs:
        raise ValidationError(_("Choose at least one new version of an accredited program."))
    candidates = {p.pk for p in amendment_candidates(organization)}
    for program in programs:
        if program.organization_id != organization.pk:
            raise PermissionDenied
        if program.pk not in candidates:
            raise ValidationError(_("“%(name)s” is not a new version of an accredited program in preparation, or it "
                                    "is already in an application.") % {"name": program.name})
        changes = version_diff(program_services.approved_predecessor(program), program)
        if not changes:
            raise ValidationError(_("“%(name)s”: the new version changes nothing yet.") % {"name": program.name})
    application = Application.objects.create(organization=organization, created_by=actor,
                                             kind=ApplicationKind.AMENDMENT,
                                             activities=sorted({p.activity for p in programs}))
    application.programs.set(programs)
    audit_log(application, action="application.created", actor=actor, to_state=application.state,
              data={"kind": ApplicationKind.AMENDMENT, "programs": sorted(p.pk for p in programs)})
    return application


@transaction.atomic
def version_publish_editorial(program: Program, *, actor) -> Program:
    """Publish a new version whose every change is editorial, without review: a new dated version marked
    editorial, public at once, the old one superseded."""
    _require_member(program.organization, actor)
    if program.version_state != VersionState.DRAFT:
        raise ValidationError(_("Only a version in preparation can be published."))
    if program.applications.filter(state__in=OPEN_STATES).exists():
        raise ValidationError(_("This version is part of an open application; it is approved through it."))
    previous = program_services.approved_predecessor(program)
    if previous is None:
        raise ValidationError(_("Only a new version of an approved program can be an editorial correction."))
    changes = version_diff(previous, program)
    if not is_editorial(changes):
        raise ValidationError(_("Some changes need the Office's approval (they change what was accredited): submit "
                                "the new version as an amendment."))
    audit_log(program, action="program.version_editorial", actor=actor,
              data={"version": program.version, "changes": len(changes)})
    return version_adopt(program, actor=actor, editorial=True)


def amendment_diffs(application: Application) -> list[tuple[Program, Program | None, list]]:
    """For each program of the application: (new version, approved version it replaces, changes)."""
    rows = []
    for program in application.programs.order_by("name", "pk"):
        previous = program_services.approved_predecessor(program)
        if previous is None and program.version_state == VersionState.APPROVED and program.lineage_id:
            previous = (program_services.program_versions(program)
                        .filter(version__lt=program.version).order_by("-version").first())
        rows.append((program, previous, version_diff(previous, program) if previous else []))
    return rows


def amendment_programs_in_force(application: Application):
    """The organization's other programs in force, which an amendment leaves as they are: approved versions in an
    active accreditation, without those the amendment replaces (their new versions are the application's own).
    Not every program of the organization: drafts, versions with the Office, superseded versions and programs in
    no accreditation in force are left out."""
    changed = list(application.programs.all())
    replaced = {p.pk for p in changed}
    replaced |= {previous.pk for previous in (program_services.approved_predecessor(p) for p in changed) if previous}
    return (Program.objects.filter(organization=application.organization, version_state=VersionState.APPROVED,
                                   accreditations__state=AccreditationState.ACTIVE)
            .exclude(pk__in=replaced).distinct())


def amendment_report_scope(report, application: Application):
    """An amendment's report without the findings about programs it does not change (they were judged when they
    were approved): Art. 8 and the other organization-wide findings stay, counted over the programs in force."""
    import dataclasses

    if not application.is_amendment:
        return report
    changed = {finding_subject("programs", f"P{pk}") for pk in application.programs.values_list("pk", flat=True)}

    def other_program(subject: str) -> bool:
        return subject.startswith("programs[") and subject.split("]", 1)[0] + "]" not in changed

    return dataclasses.replace(report, findings=tuple(f for f in report.findings if not other_program(f.subject)))
