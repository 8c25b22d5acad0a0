"""Writes of the exams app: cohorts and learners (Art. 14.2 records), commissions (Art. 5), exams (Art. 6),
certificates. Art. 5 and 6 are judged by the rules engine (exams.facts), never re-implemented here."""

from __future__ import annotations

import csv
import io
import random
import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exams.enums import FORMED_BY, WORK_TASKS, ExamKind, Grade, RenderState, Script, SessionState
from exams.facts import commission_case, findings_about, member_person
from exams.models import Certificate, Cohort, Commission, CommissionMember, DrawnTask, ExamResult, ExamSession, \
    Learner, Vote
from exams.validators import jmbg_birth_date, validate_jmbg
from core import verification
from core.audit import audit_log
from core.tasks import enqueue_on_commit
from core.formfixes import CONTROL_CHARACTERS, CONTROL_MESSAGE
from programs.enums import TaskListKind

# --- Cohorts and learners ----------------------------------------------------------------------------------------


@transaction.atomic
def cohort_save(cohort: Cohort, *, actor, rooms=(), instructors=()) -> Cohort:
    organization = cohort.organization
    if cohort.program.organization_id != organization.pk:
        raise PermissionDenied
    if any(r.organization_id != organization.pk for r in rooms) or any(
            s.organization_id != organization.pk for s in instructors):
        raise PermissionDenied
    if cohort.ends_on < cohort.starts_on:
        raise ValidationError({"ends_on": _("The cohort cannot end before it starts.")})
    created = cohort.pk is None
    cohort.save()
    cohort.rooms.set(rooms)
    cohort.instructors.set(instructors)
    audit_log(cohort, action="cohort.created" if created else "cohort.saved", actor=actor)
    return cohort


def learner_clean(learner: Learner) -> None:
    """Identity: a valid JMBG (which also gives the year of birth) or a foreign document number."""
    errors: dict[str, list] = {}
    learner.first_name, learner.last_name = learner.first_name.strip(), learner.last_name.strip()
    learner.jmbg, learner.foreign_document = learner.jmbg.strip(), learner.foreign_document.strip()
    if not learner.first_name:
        errors["first_name"] = [_("Give the first name.")]
    if not learner.last_name:
        errors["last_name"] = [_("Give the last name.")]
    if learner.jmbg:
        try:
            validate_jmbg(learner.jmbg)
        except ValidationError as error:
            errors["jmbg"] = error.messages
        else:
            learner.birth_year = jmbg_birth_date(learner.jmbg).year
            duplicate = Learner.objects.filter(cohort=learner.cohort, jmbg=learner.jmbg).exclude(pk=learner.pk)
            if duplicate.exists():
                errors["jmbg"] = [_("A learner with this JMBG is already in the cohort.")]
    elif not learner.foreign_document:
        errors["jmbg"] = [_("Give the JMBG, or for a learner without one a foreign document number.")]
    if not learner.jmbg and not learner.birth_year:
        errors["birth_year"] = [_("Give the year of birth.")]
    elif learner.birth_year and not (1900 <= learner.birth_year <= timezone.localdate().year - 14):
        errors["birth_year"] = [_("The year of birth is not plausible for an adult learner.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def learner_save(learner: Learner, *, actor) -> Learner:
    learner_clean(learner)
    created = learner.pk is None
    learner.save()
    audit_log(learner, action="learner.created" if created else "learner.saved", actor=actor,
              data={"cohort": learner.cohort_id})
    return learner


CSV_COLUMNS = ("first_name", "last_name", "jmbg", "foreign_document", "birth_year", "email", "phone", "script")
MAX_IMPORT_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[ImportRow]
    imported: int = 0

    @property
    def valid(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def invalid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]


# The columns checked against the model's fields (length, e-mail form) besides the identity rules of learner_clean.
_CHECKED_COLUMNS = ("first_name", "last_name", "foreign_document", "email", "phone")


def learners_parse(cohort: Cohort, data: bytes) -> ImportReport:
    """Read a CSV file (UTF-8, comma or semicolon, header row with CSV_COLUMNS; lines ending in CR LF, LF or CR
    alone) and check every row. A file that cannot be read at all is refused whole (ValidationError); a row that
    breaks a rule gets its messages."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from None
    if "\x00" in text:
        raise ValidationError(_("The file contains NUL characters, so it is not a text CSV file (perhaps a "
                                "spreadsheet's own format, or UTF-16 text); save it as “CSV UTF-8”."))
    # newline="": the csv module itself splits the lines, at CR LF, LF or a lone CR (old Mac files), and keeps
    # line breaks inside quoted fields.
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_dialect(text))
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in ("first_name", "last_name") if c not in header]
        if missing:
            raise ValidationError(_("The header row must name the columns: %(columns)s.")
                                  % {"columns": ", ".join(CSV_COLUMNS)})
        for number, raw in enumerate(reader, start=2):
            if number - 1 > MAX_IMPORT_ROWS:
                raise ValidationError(_("At most %(count)s learners can be imported at once.")
                                      % {"count": MAX_IMPORT_ROWS})
            values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            if not any(values.values()):
                continue
            row = ImportRow(number, {c: values.get(c, "") for c in CSV_COLUMNS})
            learner, errors = _learner_from(cohort, row.values)
            row.errors = _row_errors(learner, errors)
            if learner.jmbg and "jmbg" not in errors:
                if learner.jmbg in seen:
                    row.errors.append(_("The same JMBG is on line %(line)s.") % {"line": seen[learner.jmbg]})
                seen.setdefault(learner.jmbg, number)
            rows.append(row)
    except csv.Error as error:  # the csv reader's own count of lines (DictReader's moves only after a good row)
        raise ValidationError(_("Line %(line)s of the file cannot be read: %(reason)s")
                              % {"line": reader.reader.line_num, "reason": _csv_reason(error)}) from None
    return ImportReport(rows)


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma or semicolon, whichever the header row has more of (a spreadsheet in a Serbian locale saves with
    semicolons). Counted, not guessed by csv.Sniffer, whose regular expressions take minutes on a hostile line."""
    header = re.match(r"[^\r\n]*", text).group(0)
    return _Semicolon if header.count(";") > header.count(",") else csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


def _csv_reason(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _("a field is longer than %(limit)s characters.") % {"limit": csv.field_size_limit()}
    return _("it is not well-formed CSV (check the quotation marks).")


def _row_errors(learner: Learner, errors: dict[str, list[str]]) -> list[str]:
    """A row's messages, "column: message": what the file's values break (length, e-mail form, control
    characters, the year's digits), then the identity rules of learner_clean for the columns still unjudged."""
    given = {name for name in _CHECKED_COLUMNS if getattr(learner, name)}  # a missing one: learner_clean says so
    try:
        learner.clean_fields(exclude=[f.name for f in Learner._meta.fields if f.name not in given])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    try:
        learner_clean(learner)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name not in errors:
                errors[name] = list(messages)
    return [f"{name}: {message}" if name != "__all__" else message
            for name, messages in errors.items() for message in messages]


def _learner_from(cohort: Cohort, values: dict) -> tuple[Learner, dict[str, list[str]]]:
    """The learner a row describes, and what in its values cannot be taken as they are."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if CONTROL_CHARACTERS.search(value):
            errors[name] = [str(CONTROL_MESSAGE)]
    year = values.get("birth_year", "")
    birth_year = None
    if year:
        if year.isascii() and year.isdigit() and len(year) == 4:  # not "²" nor "١٩٨٠": int() refuses or misreads
            birth_year = int(year)
        else:
            errors.setdefault("birth_year", [_("Give the year of birth as four digits.")])
    script = values.get("script", "").lower()
    learner = Learner(cohort=cohort, first_name=values.get("first_name", ""), last_name=values.get("last_name", ""),
                      jmbg=values.get("jmbg", ""), foreign_document=values.get("foreign_document", ""),
                      birth_year=birth_year, email=values.get("email", ""), phone=values.get("phone", ""),
                      script=Script.LATIN if script in ("latn", "latin", "latinica", "латиница") else Script.CYRILLIC)
    return learner, errors


@transaction.atomic
def learners_import(cohort: Cohort, data: bytes, *, actor, only_valid: bool = False) -> ImportReport:
    """Import learners from a CSV file; with any invalid row nothing is imported unless ``only_valid`` is chosen."""
    report = learners_parse(cohort, data)
    if report.invalid and not only_valid:
        return report
    learners = [_learner_from(cohort, row.values)[0] for row in report.valid]
    for learner in learners:
        learner_clean(learner)
    Learner.objects.bulk_create(learners)
    report.imported = len(learners)
    audit_log(cohort, action="learners.imported", actor=actor,
              data={"imported": report.imported, "skipped": len(report.invalid)})
    return report


# --- Commissions (Art. 5) ----------------------------------------------------------------------------------------

COMMISSION_PROVISIONS = ("P89-5.3", "P89-5.4", "P89-5.5")


def _refusal(findings: list[dict]) -> ValidationError:
    return ValidationError([f"{f['provision']}: {f['message']} {f.get('hint', '')}".strip() for f in findings])


def commission_check(organization, *, program, exam: str, members: list[CommissionMember], instructors=None,
                     lang: str = "sr") -> list[dict]:
    """The engine's failing findings on Art. 5.3–5.5 for a commission as it would be registered."""
    instructors = list(instructors if instructors is not None else program.instructors.all())
    case = commission_case(organization, program=program, exam=exam, members=members, instructors=instructors,
                           on_date=timezone.localdate())
    return [f for f in findings_about(case, "commissions[", provisions=COMMISSION_PROVISIONS, lang=lang)
            if f["status"] == "fail"]


@transaction.atomic
def commission_register(organization, *, program, exam: str, name: str, members: list[dict], actor,
                        lang: str = "sr") -> Commission:
    """Register a commission; refused, with the article cited, if Art. 5.3–5.5 is not met."""
    if program.organization_id != organization.pk:
        raise PermissionDenied
    if exam not in ExamKind.values:
        raise ValidationError({"exam": _("Choose the exam.")})
    if organization.kind not in FORMED_BY[exam]:
        pass  # the engine refuses it below, citing Art. 5.3 / 5.4
    rows = [CommissionMember(staff=m.get("staff"), first_name=m["first_name"], last_name=m["last_name"],
                             chair=bool(m.get("chair")), expert=bool(m.get("expert")), teacher=bool(m.get("teacher")))
            for m in members]
    for index, row in enumerate(rows):
        row.pk = -(index + 1)  # provisional ids for the facts (M-1, M-2, …)
    failures = commission_check(organization, program=program, exam=exam, members=rows, lang=lang)
    if failures:
        raise _refusal(failures)
    commission = Commission.objects.create(organization=organization, program=program, exam=exam, name=name,
                                           created_by=actor)
    for row in rows:
        row.pk = None
        row.commission = commission
    CommissionMember.objects.bulk_create(rows)
    audit_log(commission, action="commission.registered", actor=actor,
              data={"members": len(rows), "exam": exam, "program": program.pk})
    return commission


# --- Exam sessions, draws and results (Art. 6) -------------------------------------------------------------------


def _task_lists_published_on(program):
    dates = [t.published_on for t in program.task_lists.all() if t.published_on]
    return max(dates) if dates else None


@transaction.atomic
def session_create(cohort: Cohort, *, commission: Commission, held_on, actor, lang: str = "sr") -> ExamSession:
    """An exam for a cohort: the commission must fit the cohort (Art. 5.5 against the cohort's instructors) and
    the task lists must have been published before the cohort started (Art. 6.3)."""
    if commission.organization_id != cohort.organization_id or commission.program_id != cohort.program_id:
        raise ValidationError({"commission": _("Choose a commission of this organization for this program.")})
    members = list(commission.members.all())
    failures = commission_check(cohort.organization, program=cohort.program, exam=commission.exam, members=members,
                                instructors=list(cohort.instructors.all()), lang=lang)
    if failures:
        raise _refusal(failures)
    published = _task_lists_published_on(cohort.program)
    if published is None or published >= cohort.starts_on:
        raise ValidationError(_("P89-6.3: the task lists must be published before the cohort starts (%(start)s); "
                                "they were published %(published)s.")
                              % {"start": cohort.starts_on, "published": published or "—"})
    session = ExamSession.objects.create(cohort=cohort, commission=commission, held_on=held_on)
    ExamResult.objects.bulk_create([ExamResult(session=session, learner=learner) for learner in cohort.learners.all()])
    audit_log(session, action="exam.session_created", actor=actor, data={"cohort": cohort.pk})
    return session


def work_task_pool(program) -> list[str]:
    return [line.strip() for task_list in program.task_lists.filter(kind=TaskListKind.WORK).order_by("pk")
            for line in (task_list.items_sr or "").splitlines() if line.strip()]


def draw_tasks(pool: list[str], count: int, seed: int) -> list[str]:
    """A uniform draw without replacement, reproducible from its seed."""
    return random.Random(seed).sample(pool, count)


@transaction.atomic
def result_draw(result: ExamResult, *, actor, seed: int | None = None) -> ExamResult:
    """Art. 6.4: the learner draws the work tasks just before the exam; the seed is kept so the draw can be
    repeated and checked."""
    locked = ExamResult.objects.select_for_update().select_related("session__cohort__program").get(pk=result.pk)
    if locked.drawn_at:
        raise ValidationError(_("The work tasks are already drawn for this learner."))
    program = locked.session.cohort.program
    pool = work_task_pool(program)
    count = min(max(program.work_tasks_max or WORK_TASKS[0], WORK_TASKS[0]), WORK_TASKS[1])
    if len(pool) < count:
        raise ValidationError(_("The program's lists of work tasks hold %(available)s tasks; %(needed)s are drawn.")
                              % {"available": len(pool), "needed": count})
    locked.draw_seed = seed if seed is not None else secrets.randbits(48)
    locked.drawn_at = timezone.now()
    locked.save(update_fields=["draw_seed", "drawn_at", "updated_at"])
    DrawnTask.objects.bulk_create([DrawnTask(result=locked, position=i, task=task)
                                   for i, task in enumerate(draw_tasks(pool, count, locked.draw_seed), start=1)])
    audit_log(locked, action="exam.tasks_drawn", actor=actor, data={"seed": locked.draw_seed, "count": count})
    return locked


GRADE_PROVISIONS = ("P89-6.1", "P89-6.2", "P89-6.4", "P89-6.5", "P89-6.6", "P89-6.7", "P89-6.8")


def _majority(votes: list[str]) -> str | None:
    yes, no = votes.count(Grade.PASSED), votes.count(Grade.FAILED)
    return Grade.PASSED if yes > no else Grade.FAILED if no > yes else None


@transaction.atomic
def result_record(result: ExamResult, *, votes: dict[int, str], actor, tasks_set: int | None = None,
                  tasks_solved: int | None = None, performed: dict[int, bool] | None = None,
                  lang: str = "sr") -> ExamResult:
    """Record the exam: tasks or work tasks, and each member's vote. The grade is the commission's majority
    (Art. 6.8); the rules engine checks it against Art. 6.1–6.7 and the result is refused if they disagree."""
    locked = ExamResult.objects.select_for_update().select_related(
        "session__commission", "session__cohort__program", "session__cohort__organization").get(pk=result.pk)
    session = locked.session
    commission = session.commission
    members = list(commission.members.all())
    if set(votes) != {m.pk for m in members}:
        raise ValidationError(_("Every member of the commission votes (%(count)s votes).") % {"count": len(members)})
    drawn = list(locked.drawn_tasks.all())
    if commission.exam == ExamKind.PROFESSIONAL:
        performed = performed or {}
        for task in drawn:
            task.performed_to_criteria = bool(performed.get(task.position))
    grade = _majority([votes[m.pk] for m in members]) or ""
    fact = {"id": "E1", "commission": "C0", "exam": commission.exam, "votes": [votes[m.pk] for m in members],
            "grade": grade or None}
    if commission.exam == ExamKind.PROFESSIONAL:
        fact["work_tasks"] = [{"drawn": True, "performed_to_criteria": t.performed_to_criteria} for t in drawn]
    else:
        fact.update({"tasks_set": tasks_set, "tasks_solved": tasks_solved})
        if tasks_set is not None and tasks_solved is not None and tasks_solved > tasks_set:
            raise ValidationError({"tasks_solved": _("More tasks solved than set.")})
    case = commission_case(session.cohort.organization, program=session.cohort.program, exam=commission.exam,
                           members=members, instructors=list(session.cohort.instructors.all()),
                           on_date=session.held_on, results=[fact])
    findings = [f for f in findings_about(case, "exam_results[", provisions=GRADE_PROVISIONS, lang=lang)
                if f["status"] != "not_applicable"]
    failures = [f for f in findings if f["status"] == "fail"]
    if failures:
        raise _refusal(failures)
    for task in drawn:
        task.save(update_fields=["performed_to_criteria"])
    Vote.objects.filter(result=locked).delete()
    Vote.objects.bulk_create([Vote(result=locked, member=m, vote=votes[m.pk]) for m in members])
    locked.tasks_set, locked.tasks_solved, locked.grade = tasks_set, tasks_solved, grade
    locked.explanation = [{"provision": f["provision"], "message": f["message"]} for f in findings]
    locked.recorded_by, locked.recorded_at = actor, timezone.now()
    locked.save()
    if session.state != SessionState.HELD:
        ExamSession.objects.filter(pk=session.pk).update(state=SessionState.HELD)
    audit_log(locked, action="exam.result_recorded", actor=actor, to_state=grade)
    return locked


# --- Certificates --------------------------------------------------------------------------------------------------


def _enqueue(certificate: Certificate) -> None:
    enqueue_on_commit("exams.render_certificate", certificate.pk)


@verification.register_code_check
def _certificate_code_taken(code: str) -> bool:
    return Certificate.objects.filter(code=code).exists()


@transaction.atomic
def certificate_issue(result: ExamResult, *, actor) -> Certificate:
    """A certificate for a passed exam: serial per issuer and year; one per result, however often it is asked."""
    from applications.services import serial_next

    locked = ExamResult.objects.select_for_update().select_related(
        "learner", "session__cohort__organization", "session__cohort__program").get(pk=result.pk)
    existing = Certificate.objects.filter(result=locked).first()
    if existing:
        return existing
    if locked.grade != Grade.PASSED:
        raise ValidationError(_("A certificate is issued only for a passed exam (Art. 5.6)."))
    cohort = locked.session.cohort
    today = timezone.localdate()
    number = serial_next(f"certificate.{cohort.organization_id}", today.year)
    certificate = Certificate.objects.create(
        result=locked, issuer=cohort.organization, program=cohort.program, issued_on=today,
        serial=f"{cohort.organization.mb}-{today.year}-{number:05d}", code=verification.new_code(), script=locked.learner.script,
    )
    audit_log(certificate, action="certificate.issued", actor=actor, data={"serial": certificate.serial})
    _enqueue(certificate)
    return certificate


def session_issue_certificates(session: ExamSession, *, actor) -> list[Certificate]:
    """One certificate (and one render task) per learner who passed."""
    return [certificate_issue(r, actor=actor) for r in session.results.filter(grade=Grade.PASSED)]


def certificate_retry(certificate: Certificate, *, actor) -> Certificate:
    with transaction.atomic():
        if Certificate.objects.filter(pk=certificate.pk, state=RenderState.FAILED).update(
                state=RenderState.PENDING, error=""):
            audit_log(certificate, action="certificate.retried", actor=actor)
            _enqueue(certificate)
    certificate.refresh_from_db()
    return certificate


def member_ids(members) -> dict[str, CommissionMember]:
    return {member_person(m): m for m in members}


@transaction.atomic
def certificate_revoke(certificate: Certificate, *, reasons: str, actor) -> Certificate:
    """The issuer withdraws a certificate (for example one issued by mistake); the verification page says so."""
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for revocation.")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at:
        raise ValidationError(_("The certificate is already revoked."))
    locked.revoked_at, locked.revocation_reasons = timezone.now(), reasons.strip()
    locked.save(update_fields=["revoked_at", "revocation_reasons", "updated_at"])
    audit_log(locked, action="certificate.revoked", actor=actor, note=locked.revocation_reasons)
    return locked
