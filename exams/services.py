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
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exams.enums import FORMED_BY, REVOCATION_CHOICES, WORK_TASKS, CertificateKind, CertificateLanguage, ExamKind, \
    Grade, RenderState, RevocationReason, Script, SessionState
from exams.facts import commission_case, findings_about, member_person, normalize_identifier
from exams import credentials
from exams.models import Certificate, Cohort, Commission, CommissionMember, DrawnTask, ExamResult, ExamSession, \
    Learner, Vote
from exams.validators import jmbg_birth_date, validate_jmbg
from applications.documents import provision_citation
from core import verification
from core.audit import audit_log
from core.tasks import enqueue_on_commit
from core.formfixes import CONTROL_CHARACTERS, CONTROL_MESSAGE
from programs.enums import TaskListKind
from rules.i18n import render_encoded
from rules.translit import fold

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
    else:
        duplicate = (Learner.objects.filter(cohort=learner.cohort, jmbg="",
                                            foreign_document__iexact=learner.foreign_document)
                     .exclude(pk=learner.pk))
        if duplicate.exists():
            errors["foreign_document"] = [_("A learner with this foreign document number is already in the cohort.")]
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
# Read when the file has them (the certificate's place of birth), not asked for in the header nor the example file.
OPTIONAL_COLUMNS = ("birth_place",)
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
    encoding: str = "UTF-8"

    @property
    def valid(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def invalid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]


# The columns checked against the model's fields (length, e-mail form) besides the identity rules of learner_clean.
_CHECKED_COLUMNS = ("first_name", "last_name", "foreign_document", "birth_place", "email", "phone")

# Header names a school's spreadsheet may have, folded (rules.translit.fold: Latin, no diacritics, lower case), in
# Serbian (either script), English and the column keys themselves.
HEADER_ALIASES = {
    "first_name": ("first_name", "ime", "first name", "given name", "ime polaznika"),
    "last_name": ("last_name", "prezime", "last name", "surname", "family name", "prezime polaznika"),
    "jmbg": ("jmbg", "maticni broj", "jedinstveni maticni broj gradjana", "personal id number"),
    "foreign_document": ("foreign_document", "broj stranog dokumenta", "strani dokument", "broj pasosa",
                         "foreign document", "foreign document number", "passport number", "passport"),
    "birth_year": ("birth_year", "godina rodjenja", "year of birth", "birth year"),
    "birth_place": ("birth_place", "mesto rodjenja", "place of birth", "birth place"),
    "email": ("email", "e-mail", "e-posta", "eposta", "imejl", "mejl", "elektronska posta", "e-mail address"),
    "phone": ("phone", "telefon", "broj telefona", "mobilni", "phone number", "telephone"),
    "script": ("script", "pismo", "pismo uverenja", "pismo isprave", "script of the certificate"),
}
_HEADER_KEYS = {alias: key for key, aliases in HEADER_ALIASES.items() for alias in aliases}
_SCRIPT_VALUES = {"cyrl": Script.CYRILLIC, "cyrillic": Script.CYRILLIC, "cirilica": Script.CYRILLIC,
                  "latn": Script.LATIN, "latin": Script.LATIN, "latinica": Script.LATIN}
# Bytes 0x80-0xFF a Serbian Latin text in Windows-1250 uses: Š š Ž ž Č č Ć ć Đ đ (and the typographic quotes and
# dashes of 0x80-0x9F that both code pages share).
_CP1250_SERBIAN = frozenset(b"\x8a\x9a\x8e\x9e\xc8\xe8\xc6\xe6\xd0\xf0\x84\x93\x94\x96\x97\x91\x92\x85")


def header_key(name: str) -> str:
    """The column a header names (``"Име"``, ``"Prezime"``, ``"E-mail"`` -> first_name, last_name, email)."""
    folded = fold(name).replace("_", " ").strip(" .:*")
    return _HEADER_KEYS.get(folded) or _HEADER_KEYS.get(folded.replace(" ", "_")) or folded


def decode_learner_file(data: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read in: UTF-8 (with or without a byte-order mark),
    UTF-16 with a byte-order mark (Excel's "Unicode text"), or, for a file that is not UTF-8, Windows-1250 (Serbian
    Latin) when every byte above ASCII is one of its Serbian letters, otherwise Windows-1251 (Cyrillic)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not readable text; save it as “CSV UTF-8”.")) from None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    high = {b for b in data if b >= 0x80}
    if high <= _CP1250_SERBIAN:
        return data.decode("cp1250", errors="replace"), "Windows-1250"
    try:
        return data.decode("cp1251"), "Windows-1251"
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not readable text; save it as “CSV UTF-8”.")) from None


def learners_parse(cohort: Cohort, data: bytes) -> ImportReport:
    """Read a CSV file (UTF-8, comma or semicolon, header row with CSV_COLUMNS; lines ending in CR LF, LF or CR
    alone) and check every row. A file that cannot be read at all is refused whole (ValidationError); a row that
    breaks a rule gets its messages."""
    text, encoding = decode_learner_file(data)
    if "\x00" in text:
        raise ValidationError(_("The file contains NUL characters, so it is not a text CSV file (perhaps a "
                                "spreadsheet's own format, or UTF-16 text); save it as “CSV UTF-8”."))
    # newline="": the csv module itself splits the lines, at CR LF, LF or a lone CR (old Mac files), and keeps
    # line breaks inside quoted fields.
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_dialect(text))
    rows: list[ImportRow] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        header = [header_key(h) for h in (reader.fieldnames or [])]
        missing = [c for c in ("first_name", "last_name") if c not in header]
        if missing:
            raise ValidationError(_("The header row must name the columns: %(columns)s.")
                                  % {"columns": ", ".join(str(label) for label in import_column_labels())})
        for number, raw in enumerate(reader, start=2):
            if number - 1 > MAX_IMPORT_ROWS:
                raise ValidationError(_("At most %(count)s learners can be imported at once.")
                                      % {"count": MAX_IMPORT_ROWS})
            values = {header_key(k): (v or "").strip() for k, v in raw.items() if k}
            if not any(values.values()):
                continue
            row = ImportRow(number, {c: values.get(c, "") for c in CSV_COLUMNS + OPTIONAL_COLUMNS
                                     if c in CSV_COLUMNS or c in header})
            learner, errors = _learner_from(cohort, row.values)
            row.errors = _row_errors(learner, errors)
            if learner.jmbg and "jmbg" not in errors:
                if ("jmbg", learner.jmbg) in seen:
                    row.errors.append(_("The same JMBG is on line %(line)s.")
                                      % {"line": seen[("jmbg", learner.jmbg)]})
                seen.setdefault(("jmbg", learner.jmbg), number)
            if learner.foreign_document and not learner.jmbg:
                document = fold(learner.foreign_document).replace(" ", "")
                if ("document", document) in seen:
                    row.errors.append(_("The same foreign document number is on line %(line)s.")
                                      % {"line": seen[("document", document)]})
                seen.setdefault(("document", document), number)
            rows.append(row)
    except csv.Error as error:  # the csv reader's own count of lines (DictReader's moves only after a good row)
        raise ValidationError(_("Line %(line)s of the file cannot be read: %(reason)s")
                              % {"line": reader.reader.line_num, "reason": _csv_reason(error)}) from None
    return ImportReport(rows, encoding=encoding)


def import_columns() -> dict[str, str]:
    """The columns of the learners' file as a person names them (the page's language), by key."""
    return {"first_name": _("first name"), "last_name": _("last name"), "jmbg": _("JMBG"),
            "foreign_document": _("foreign document number"), "birth_year": _("year of birth"),
            "birth_place": _("place of birth"),
            "email": _("e-mail"), "phone": _("phone"), "script": _("script")}


def import_column_labels() -> list[str]:
    return [label for key, label in import_columns().items() if key in CSV_COLUMNS]


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma or semicolon, whichever the header row has more of (a spreadsheet in a Serbian locale saves with
    semicolons). Counted, not guessed by csv.Sniffer, whose regular expressions take minutes on a hostile line."""
    header = re.match(r"[^\r\n]*", text).group(0)
    counts = {";": header.count(";"), ",": header.count(","), "\t": header.count("\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0 or best == ",":
        return csv.excel
    return _Semicolon if best == ";" else csv.excel_tab


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
    labels = import_columns()
    return [f"{labels.get(name, name)}: {message}" if name in labels else message
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
    script_value = fold(values.get("script", ""))
    script = _SCRIPT_VALUES.get(script_value, Script.CYRILLIC)
    if script_value and script_value not in _SCRIPT_VALUES:
        errors.setdefault("script", [_("Give the script as “Cyrillic” or “Latin”.")])
    learner = Learner(cohort=cohort, first_name=values.get("first_name", ""), last_name=values.get("last_name", ""),
                      jmbg=values.get("jmbg", ""), foreign_document=values.get("foreign_document", ""),
                      birth_year=birth_year, birth_place=values.get("birth_place", ""),
                      email=values.get("email", ""), phone=values.get("phone", ""),
                      script=script)
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
    """The engine's failing findings as messages citing the article as a Serbian reader does ("члан 5. став 3.")."""
    return ValidationError([f"{provision_citation(f['provision'])}: {f['message']} {f.get('hint', '')}".strip()
                            for f in findings])


def result_explanation(result: ExamResult, *, lang: str | None = None) -> list[dict]:
    """How the grade follows from Art. 6, in the reader's language: each stored finding is rendered again from its
    code (a line stored before codes were kept is shown as it was written)."""
    lang = lang if lang in ("sr", "sr-latn", "en") else "sr"
    lines = []
    for line in result.explanation or []:
        message = line.get("message", "")
        code = line.get("code")
        if code:
            try:
                message = render_encoded(code, lang)
            except (KeyError, IndexError, ValueError):
                pass
        with translation.override(lang):
            citation = provision_citation(line.get("provision", ""))
        lines.append({"citation": citation, "message": message})
    return lines


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
    rows = [CommissionMember(staff=m.get("staff"), first_name=m["first_name"].strip(),
                             last_name=m["last_name"].strip(),
                             identifier=normalize_identifier(m.get("identifier", "")) if not m.get("staff") else "",
                             chair=bool(m.get("chair")), expert=bool(m.get("expert")), teacher=bool(m.get("teacher")))
            for m in members]
    if any(row.staff and row.staff.organization_id != organization.pk for row in rows):
        raise PermissionDenied
    unidentified = [str(row) for row in rows if not row.staff and not row.identifier]
    if unidentified:
        raise ValidationError(_("Give the JMBG or identity document number of every member who is not chosen from "
                                "the staff list: %(names)s.") % {"names": ", ".join(unidentified)})
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
        raise ValidationError(_("%(article)s: the task lists were published %(published)s; they must be published "
                                "before the cohort starts (%(start)s).")
                              % {"article": provision_citation("P89-6.3"), "start": date_format(cohort.starts_on),
                                 "published": date_format(published) if published else "—"})
    if held_on < cohort.ends_on:
        raise ValidationError({"held_on": _("The exam cannot be held before the cohort's training ends (%(date)s).")
                               % {"date": date_format(cohort.ends_on)}})
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
    held_on, today = locked.session.held_on, timezone.localdate()
    if today > held_on:
        raise ValidationError(_("The exam took place on %(date)s; work tasks are drawn just before an exam, never "
                                "after it (Art. 6.4).") % {"date": date_format(held_on)})
    if today < held_on:
        raise ValidationError(_("The exam is on %(date)s; the learner draws the work tasks on that day, just before "
                                "it starts (Art. 6.4).") % {"date": date_format(held_on)})
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


@dataclass(frozen=True)
class Revocation:
    """A revocation asked for together with a change of the result it certifies (one recorded step)."""

    reason: str
    reasons: str


@transaction.atomic
def result_record(result: ExamResult, *, votes: dict[int, str], actor, tasks_set: int | None = None,
                  tasks_solved: int | None = None, performed: dict[int, bool] | None = None,
                  revoke: Revocation | None = None, lang: str = "sr") -> ExamResult:
    """Record the exam: tasks or work tasks, and each member's vote. The grade is the commission's majority
    (Art. 6.8); the rules engine checks it against Art. 6.1–6.7 and the result is refused if they disagree.

    Not before the day of the exam. A result whose certificate is in force changes only if that certificate is
    revoked first, or by ``revoke`` in the same step; recording the same values again changes nothing."""
    locked = ExamResult.objects.select_for_update().select_related(
        "session__commission", "session__cohort__program", "session__cohort__organization").get(pk=result.pk)
    session = locked.session
    if timezone.localdate() < session.held_on:
        raise ValidationError(_("The exam is on %(date)s; its result cannot be recorded before then.")
                              % {"date": date_format(session.held_on)})
    commission = session.commission
    members = list(commission.members.all())
    if set(votes) != {m.pk for m in members}:
        raise ValidationError(_("Every member of the commission votes (%(count)s votes).") % {"count": len(members)})
    drawn = list(locked.drawn_tasks.all())
    before = _recorded_values(locked, drawn)
    if commission.exam == ExamKind.PROFESSIONAL:
        performed = performed or {}
        for task in drawn:
            task.performed_to_criteria = bool(performed.get(task.position))
    grade = _majority([votes[m.pk] for m in members]) or ""
    fact = {"id": "E1", "commission": "C0", "exam": commission.exam, "votes": [votes[m.pk] for m in members],
            "grade": grade or None, "held_on": session.held_on.isoformat()}
    if commission.exam == ExamKind.PROFESSIONAL:
        fact["work_tasks"] = [{"drawn": True, "performed_to_criteria": t.performed_to_criteria,
                               "drawn_on": timezone.localdate(locked.drawn_at).isoformat() if locked.drawn_at else None}
                              for t in drawn]
    else:
        fact.update({"tasks_set": tasks_set, "tasks_solved": tasks_solved})
        if tasks_set is not None and tasks_solved is not None and tasks_solved > tasks_set:
            raise ValidationError({"tasks_solved": _("More tasks solved than set.")})
    after = {"grade": grade, "tasks_set": tasks_set if commission.exam != ExamKind.PROFESSIONAL else None,
             "tasks_solved": tasks_solved if commission.exam != ExamKind.PROFESSIONAL else None,
             "performed": [t.performed_to_criteria for t in drawn],
             "votes": {m.pk: votes[m.pk] for m in members}}
    certificate = Certificate.objects.select_for_update().filter(result=locked, revoked_at__isnull=True).first()
    if locked.recorded_at and before == after:
        return locked  # the same exam recorded again: nothing changes, nothing to revoke
    if certificate is not None and revoke is None:
        raise ValidationError(_("Certificate %(serial)s was issued for this result. Revoke it first, or give the "
                                "reason for its revocation here, so that this change revokes it.")
                              % {"serial": certificate.serial})
    case = commission_case(session.cohort.organization, program=session.cohort.program, exam=commission.exam,
                           members=members, instructors=list(session.cohort.instructors.all()),
                           on_date=session.held_on, results=[fact])
    findings = [f for f in findings_about(case, "exam_results[", provisions=GRADE_PROVISIONS, lang=lang)
                if f["status"] != "not_applicable"]
    failures = [f for f in findings if f["status"] == "fail"]
    if failures:
        raise _refusal(failures)
    if certificate is not None:
        _revoke(certificate, reason=revoke.reason, reasons=revoke.reasons, actor=actor,
                data={"result_changed": True})
    for task in drawn:
        task.save(update_fields=["performed_to_criteria"])
    Vote.objects.filter(result=locked).delete()
    Vote.objects.bulk_create([Vote(result=locked, member=m, vote=votes[m.pk]) for m in members])
    previous = locked.grade
    changed = locked.recorded_at is not None
    locked.tasks_set, locked.tasks_solved, locked.grade = tasks_set, tasks_solved, grade
    locked.explanation = [{"provision": f["provision"], "message": f["message"], "code": f["code"]["message"]}
                          for f in findings]
    locked.recorded_by, locked.recorded_at = actor, timezone.now()
    locked.save()
    if session.state != SessionState.HELD:
        ExamSession.objects.filter(pk=session.pk).update(state=SessionState.HELD)
    audit_log(locked, action="exam.result_changed" if changed else "exam.result_recorded", actor=actor,
              from_state=previous if changed else "", to_state=grade,
              data={"revoked": certificate.serial} if certificate is not None else None)
    return locked


def _recorded_values(result: ExamResult, drawn: list[DrawnTask]) -> dict:
    return {"grade": result.grade, "tasks_set": result.tasks_set, "tasks_solved": result.tasks_solved,
            "performed": [t.performed_to_criteria for t in drawn],
            "votes": {v.member_id: v.vote for v in result.votes.all()}}


# --- Certificates --------------------------------------------------------------------------------------------------
#
# A certificate never changes in place. It is issued (original), revoked with a reason category (the verification
# page shows the category and the date, its PDF is rendered again with a REVOKED mark), replaced by a corrected
# certificate that links to it (reissue), or declared lost by issuing its duplicate (the original is revoked as
# lost, the duplicate has its own serial and points to it). A result has at most one certificate in force.


def _enqueue(certificate: Certificate) -> None:
    enqueue_on_commit("exams.render_certificate", certificate.pk)


@verification.register_code_check
def _certificate_code_taken(code: str) -> bool:
    return Certificate.objects.filter(code=code).exists()


def _not_before_exam(result: ExamResult) -> None:
    held_on = result.session.held_on
    if timezone.localdate() < held_on:
        raise ValidationError(_("The exam is on %(date)s; a certificate is issued only after the exam has taken "
                                "place.") % {"date": date_format(held_on)})


def _certificate_new(result: ExamResult, *, actor, kind: str = CertificateKind.ORIGINAL,
                     replaces: Certificate | None = None) -> Certificate:
    """A new certificate row (own serial per issuer and year, own code) dated today, never before its exam."""
    from applications.services import serial_next

    _not_before_exam(result)
    cohort = result.session.cohort
    today = timezone.localdate()
    number = serial_next(f"certificate.{cohort.organization_id}", today.year)
    certificate = Certificate.objects.create(
        result=result, issuer=cohort.organization, program=cohort.program, issued_on=today, kind=kind,
        replaces=replaces, serial=f"{cohort.organization.mb}-{today.year}-{number:05d}",
        code=verification.new_code(), language=result.learner.certificate_language,
        # English: the names in Serbian Latin
        script=Script.LATIN if result.learner.certificate_language == CertificateLanguage.ENGLISH
        else result.learner.script,
    )
    action = {CertificateKind.ORIGINAL: "certificate.issued", CertificateKind.REISSUE: "certificate.reissued",
              CertificateKind.DUPLICATE: "certificate.duplicate_issued"}[kind]
    audit_log(certificate, action=action, actor=actor, to_state="valid",
              data={"serial": certificate.serial, **({"replaces": replaces.serial} if replaces else {})})
    credentials.status_allocate(certificate)  # its credential's place in the revocation status list
    _enqueue(certificate)
    return certificate


def _result_locked(result: ExamResult) -> ExamResult:
    return ExamResult.objects.select_for_update().select_related(
        "learner", "session__cohort__organization", "session__cohort__program").get(pk=result.pk)


@transaction.atomic
def certificate_issue(result: ExamResult, *, actor) -> Certificate:
    """A certificate for a passed exam, after the exam; one in force per result, however often it is asked. A result
    whose certificate was revoked gets a corrected one only through certificate_reissue (which links the two)."""
    locked = _result_locked(result)
    existing = Certificate.objects.filter(result=locked, revoked_at__isnull=True).first()
    if existing:
        return existing
    if locked.grade != Grade.PASSED:
        raise ValidationError(_("A certificate is issued only for a passed exam (Art. 5.6)."))
    if Certificate.objects.filter(result=locked).exists():
        raise ValidationError(_("This result's certificate was revoked; issue the corrected certificate from the "
                                "revoked one's page, so that the two point to each other."))
    return _certificate_new(locked, actor=actor)


def session_issue_certificates(session: ExamSession, *, actor) -> list[Certificate]:
    """One certificate (and one render task) per learner who passed and has none yet; asked again, the same ones.
    Results whose certificate was revoked are left to certificate_reissue."""
    results = session.results.filter(grade=Grade.PASSED).exclude(certificates__revoked_at__isnull=False)
    return [certificate_issue(r, actor=actor) for r in results]


def certificate_retry(certificate: Certificate, *, actor) -> Certificate:
    with transaction.atomic():
        if Certificate.objects.filter(pk=certificate.pk, state=RenderState.FAILED).update(
                state=RenderState.PENDING, error=""):
            audit_log(certificate, action="certificate.retried", actor=actor)
            _enqueue(certificate)
    certificate.refresh_from_db()
    return certificate


def member_ids(members) -> dict:
    return {member_person(m): m for m in members}


def _revoke(locked: Certificate, *, reason: str, reasons: str, actor, data: dict | None = None) -> Certificate:
    """Revoke a locked certificate in force; its PDF is rendered again, marked as revoked."""
    locked.revoked_at, locked.revocation_reason, locked.revocation_reasons = timezone.now(), reason, reasons
    locked.state, locked.error = RenderState.PENDING, ""
    locked.save(update_fields=["revoked_at", "revocation_reason", "revocation_reasons", "state", "error",
                               "updated_at"])
    audit_log(locked, action="certificate.revoked", actor=actor, from_state="valid", to_state="revoked",
              note=reasons, data={"reason": reason, **(data or {})})
    credentials.status_revoke(locked)  # its credential's bit in the published status list
    _enqueue(locked)
    return locked


def revocation_clean(reason: str, reasons: str) -> Revocation:
    """The reason category (one a person may choose) and the reasons in words, both required."""
    errors = {}
    if reason not in dict(REVOCATION_CHOICES):
        errors["reason"] = [_("Choose the reason for revocation.")]
    if not (reasons or "").strip():
        errors["reasons"] = [_("Give the reasons for revocation.")]
    if errors:
        raise ValidationError(errors)
    return Revocation(reason=reason, reasons=reasons.strip())


@transaction.atomic
def certificate_revoke(certificate: Certificate, *, reason: str, reasons: str, actor) -> Certificate:
    """The issuer withdraws a certificate (a corrected result, wrong data, issued by mistake); the verification page
    says so with the date and the reason category, and the PDF is marked as revoked."""
    revocation = revocation_clean(reason, reasons)
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at:
        raise ValidationError(_("The certificate is already revoked."))
    return _revoke(locked, reason=revocation.reason, reasons=revocation.reasons, actor=actor)


@transaction.atomic
def certificate_reissue(certificate: Certificate, *, actor) -> Certificate:
    """A corrected certificate replacing a revoked one (after the result or the holder's data were corrected); the
    two point to each other. Only for a result that is still passed, once per revoked certificate."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not locked.revoked_at:
        raise ValidationError(_("Only a revoked certificate is replaced by a corrected one; revoke it first."))
    if locked.revocation_reason == RevocationReason.LOST or Certificate.objects.filter(replaces=locked).exists():
        raise ValidationError(_("This certificate has already been replaced."))
    result = _result_locked(locked.result)
    if result.grade != Grade.PASSED:
        raise ValidationError(_("The exam is no longer recorded as passed, so no certificate is issued for it."))
    if Certificate.objects.filter(result=result, revoked_at__isnull=True).exists():
        raise ValidationError(_("A certificate for this result is already in force."))
    return _certificate_new(result, actor=actor, kind=CertificateKind.REISSUE, replaces=locked)


@transaction.atomic
def certificate_duplicate(certificate: Certificate, *, reasons: str, actor) -> Certificate:
    """A duplicate (дупликат) of a lost certificate: the original is declared lost (revoked, so a found paper is no
    longer valid) and the duplicate, marked as such with its own serial, points to it."""
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Say how the loss was reported (for example the holder's statement or "
                                            "the notice in the Official Gazette).")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at:
        raise ValidationError(_("A duplicate is issued only for a certificate in force; this one is revoked."))
    result = _result_locked(locked.result)
    _revoke(locked, reason=RevocationReason.LOST, reasons=reasons.strip(), actor=actor)
    return _certificate_new(result, actor=actor, kind=CertificateKind.DUPLICATE, replaces=locked)
