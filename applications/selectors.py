"""Reads for the application pages: the task list, findings grouped by article, links to where things are fixed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from applications.models import Application

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
PROBLEM = "problem"
STATUS_LABELS = {
    NOT_STARTED: pgettext_lazy("task status", "Not started"),
    IN_PROGRESS: pgettext_lazy("task status", "In progress"),
    DONE: pgettext_lazy("task status", "Done"),
    PROBLEM: pgettext_lazy("task status", "There is a problem"),
}

# Which articles each section of the task list answers for.
SECTION_ARTICLES = {
    "scope": {"2", "3"},
    "staff": {"7", "8"},
    "premises": {"1", "9", "11", "12", "13", "14"},
    "hygiene": {"10"},
    "partners": {"15"},
    "programs": {"4", "5", "6", "H"},
}

_FACT_ID = re.compile(r"\b[SRXP]\d+\b(?!-)")
_SUBJECT = re.compile(r"^(staff|rooms|partners|programs)\[([SRXP])(\d+)\]")


def applications_of(organization) -> QuerySet[Application]:
    return organization.applications.annotate(program_count=Count("programs")).order_by("-created_at")


def article_of(provision: str) -> str:
    """P89-12.1.1.3 -> "12"; NOKS-H.3 -> "H"."""
    if provision.startswith("P89-"):
        return provision[4:].split(".")[0]
    return "H"


def subject_names(organization) -> dict[str, str]:
    """What the people reading a finding call its subject: "rooms[R17]" -> the room's name. Four queries."""
    from providers.facts import partner_id, room_id, staff_id

    names: dict[str, str] = {}
    for member in organization.staff.only("pk", "first_name", "last_name"):
        names[f"staff[{staff_id(member.pk)}]"] = str(member)
    for room in organization.rooms.only("pk", "name"):
        names[f"rooms[{room_id(room.pk)}]"] = room.name
    for partner in organization.partners.only("pk", "name"):
        names[f"partners[{partner_id(partner.pk)}]"] = partner.name
    for program in organization.programs.only("pk", "name"):
        names[f"programs[P{program.pk}]"] = program.name
    return names


# Where a finding about the organization as a whole is fixed, by article: (URL name, what the link calls it).
_ORGANIZATION_PAGES = {
    "7": ("providers:staff_list", _("the staff list")),
    "8": ("providers:staff_list", _("the staff list")),
    "9": ("providers:room_list", _("the list of rooms")),
    "10": ("providers:hygiene", _("the hygiene-technical checklist")),
    "11": ("providers:room_list", _("the list of rooms")),
    "12": ("providers:room_list", _("the list of rooms")),
    "13": ("providers:room_list", _("the list of rooms")),
    "14": ("providers:room_list", _("the list of rooms")),
    "15": ("providers:partner_list", _("the list of practical-work partners")),
}
_RECORDS_PAGE = ("providers:records", _("the records of the organization"))


_JUSTIFIED = re.compile(r"^(?:associates\[([\w-]+)\]|associate_deviations\.([\w-]+))$")
JUSTIFICATION_PROVISION = "P89-7.3"  # a professional associate not engaged, the deviation justified


def _justification_role(subject: str, provision: str) -> str | None:
    """The role whose Art. 7.3 justification a finding is about ("psychologist"), else None."""
    match = _JUSTIFIED.match(subject or "")
    if match and (match.group(2) or provision == JUSTIFICATION_PROVISION):
        return match.group(1) or match.group(2)
    return None


def subject_name(subject: str, names: dict[str, str], provision: str = "") -> str:
    match = _SUBJECT.match(subject or "")
    if match:
        return names.get(match.group(0), subject)
    if (role := _justification_role(subject, provision)) is not None:
        from providers.enums import StaffRole

        label = str(StaffRole(role).label).lower() if role in StaffRole.values else "—"
        return str(_("the justification of the deviation (%(role)s)") % {"role": label})
    return str(_ORGANIZATION_PAGES.get(article_of(provision), _RECORDS_PAGE)[1])


def fix_url(subject: str, provision: str = "", application: Application | None = None) -> str | None:
    """The page where the thing a finding is about can be changed: a record's form; an Art. 7.3 justification's
    form (the application's "Associates you cannot engage", when the application is known); else the list the
    finding's article is about."""
    match = _SUBJECT.match(subject or "")
    targets = {
        "staff": "providers:staff_edit", "rooms": "providers:room_edit", "partners": "providers:partner_edit",
        "programs": "programs:detail",
    }
    try:
        if match:
            return reverse(targets[match.group(1)], kwargs={"pk": int(match.group(3))})
        if application is not None and _justification_role(subject, provision) is not None:
            return reverse("applications:deviations", kwargs={"pk": application.pk})
        name = _ORGANIZATION_PAGES.get(article_of(provision), _RECORDS_PAGE)[0]
        url = reverse(name)
        if name == "providers:hygiene" and (item := _hygiene_item(provision)):
            url += f"#item-{item}"
        return url
    except NoReverseMatch:
        return None


def _hygiene_item(provision: str) -> str | None:
    """P89-10.1.3 -> "noise": the checklist item of Art. 10 para 1 the provision numbers."""
    from providers.enums import HYGIENE_ITEMS

    parts = provision.split(".")
    if len(parts) == 3 and parts[0] == "P89-10" and parts[1] == "1" and parts[2].isdigit():
        index = int(parts[2]) - 1
        if 0 <= index < len(HYGIENE_ITEMS):
            return HYGIENE_ITEMS[index][0]
    return None


_ISO_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])(\.?)")
_KIND_CODE = re.compile(r"[„\"“](ЈПОА|JPOA)[”\"]")


def _quoted(label: str) -> str:
    from django.utils.translation import get_language

    return f"“{label}”" if (get_language() or "sr").startswith("en") else f"„{label}”"


def _activity_codes() -> re.Pattern:
    from programs.enums import Activity

    codes = sorted(Activity.values, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in codes) + r")(?![\w-])")


def readable_codes(text: str) -> str:
    """What the rules engine writes with the codes its facts use, as a person reads it (the rules' catalog is not
    the portal's to change): an activity's code ("A-PERS") by its name, the kind of organization ("„ЈПОА”") by its
    label, an ISO date ("2028-08-31") the way the page's language writes dates ("31. августа 2028.")."""
    import datetime as dt

    from django.utils.formats import date_format

    from programs.enums import Activity
    from providers.enums import OrganizationKind

    if not text:
        return text or ""
    text = _activity_codes().sub(lambda m: _quoted(str(Activity(m.group(1)).label)), text)
    text = _KIND_CODE.sub(lambda m: _quoted(str(OrganizationKind.JPOA.label)), text)

    def as_date(match: re.Match) -> str:
        try:
            written = date_format(dt.date(*map(int, match.groups()[:3])), "DATE_FORMAT")
        except ValueError:
            return match.group(0)
        # "до 2028-08-31." -> "до 31. августа 2028." (the date's own point ends the sentence)
        return written if written.endswith(".") else written + match.group(4)

    return _ISO_DATE.sub(as_date, text)


@dataclass
class FindingView:
    provision: str
    status: str
    subject: str
    message: str
    hint: str
    url: str | None
    name: str = ""


@dataclass
class ArticleGroup:
    article: str
    findings: list[FindingView] = field(default_factory=list)


def group_findings(report: dict, *, statuses=("fail", "manual"), names: dict[str, str] | None = None,
                   application: Application | None = None) -> list[ArticleGroup]:
    """Findings of the given statuses grouped by article; ``names`` (from subject_names) names each subject;
    ``application`` lets a finding link to the application's own forms (the Art. 7.3 justifications). No code of
    the rules engine reaches the reader (readable_codes)."""
    groups: dict[str, ArticleGroup] = {}
    names = names or {}
    by_id = {key[key.index("[") + 1:-1]: name for key, name in names.items()}

    def readable(text: str) -> str:  # the engine knows rows by id ("S12"); people know them by name
        return readable_codes(_FACT_ID.sub(lambda m: by_id.get(m.group(0), m.group(0)), text) if by_id else text)

    for f in report.get("findings", []):
        if f["status"] not in statuses:
            continue
        article = article_of(f["provision"])
        groups.setdefault(article, ArticleGroup(article)).findings.append(
            FindingView(f["provision"], f["status"], f["subject"], readable(f["message"]),
                        readable(f.get("hint", "")),
                        fix_url(f["subject"], f["provision"], application),
                        subject_name(f["subject"], names, f["provision"]))
        )
    return list(groups.values())


@dataclass
class Task:
    key: str
    title: str
    status: str
    url: str | None
    problems: int = 0

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def task_list(application: Application, report: dict) -> list[Task]:
    organization = application.organization
    failing: dict[str, int] = {}
    for f in report.get("findings", []):
        if f["status"] == "fail":
            for section, articles in SECTION_ARTICLES.items():
                if article_of(f["provision"]) in articles:
                    failing[section] = failing.get(section, 0) + 1
    counts = {
        "staff": organization.staff.count(),
        "premises": organization.rooms.count(),
        "hygiene": 1 if hasattr(organization, "hygiene") and organization.hygiene else 0,
        "partners": organization.partners.count(),
        "programs": application.programs.count(),
        "scope": len(application.activities),
    }

    def status(key: str, optional: bool = False) -> str:
        if failing.get(key):
            return PROBLEM
        if not counts[key]:
            return DONE if optional else NOT_STARTED
        return DONE

    def url(name: str, **kwargs) -> str | None:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    tasks = [
        Task("scope", str(_("Activities and programs")), status("scope"),
             url("applications:scope", pk=application.pk), failing.get("scope", 0)),
        Task("staff", str(_("Staff")), status("staff"), url("providers:staff_list"), failing.get("staff", 0)),
        Task("premises", str(_("Premises and rooms")), status("premises"), url("providers:room_list"),
             failing.get("premises", 0)),
        Task("hygiene", str(_("Hygiene-technical standards")), status("hygiene"), url("providers:hygiene"),
             failing.get("hygiene", 0)),
        Task("partners", str(_("Practical-work partners")), status("partners", optional=True),
             url("providers:partner_list"), failing.get("partners", 0)),
        Task("programs", str(_("Programs")), status("programs"), url("programs:list"), failing.get("programs", 0)),
    ]
    if counts["scope"] and counts["programs"] and tasks[0].status == DONE and not counts["staff"]:
        tasks[1].status = NOT_STARTED
    return tasks


# --- The Office -------------------------------------------------------------------------------------------------

QUEUE_SORTS = {
    "deadline": ("submitted_at", "pk"),
    "submitted": ("-submitted_at", "-pk"),
    "provider": ("organization__name", "pk"),
    "state": ("state", "submitted_at"),
}


@dataclass
class QueueFilters:
    state: str = "open"
    reviewer: str = "any"
    q: str = ""
    sort: str = "deadline"


def review_queue(filters: QueueFilters, *, user) -> QuerySet[Application]:
    """Applications with the Office (or in any state asked for); two queries whatever the length of the page."""
    from django.db.models import Q

    from applications.enums import REVIEW_STATES, ApplicationState

    queryset = Application.objects.exclude(state=ApplicationState.DRAFT).select_related(
        "organization", "review__reviewer")
    if filters.state == "open":
        queryset = queryset.filter(state__in=REVIEW_STATES)
    elif filters.state in ApplicationState.values:
        queryset = queryset.filter(state=filters.state)
    if filters.reviewer == "me":
        queryset = queryset.filter(review__reviewer=user)
    elif filters.reviewer == "none":
        queryset = queryset.filter(Q(review__isnull=True) | Q(review__reviewer__isnull=True))
    if filters.q.strip():
        queryset = queryset.filter(pk__in=queue_matches(queryset, filters.q))
    return queryset.order_by(*QUEUE_SORTS.get(filters.sort, QUEUE_SORTS["deadline"]))


_REFERENCE_NUMBER = re.compile(r"[0-9]{1,18}(?:-[0-9]{0,18})?")  # ASCII digits only: "²" and "١٢" are no number


def queue_matches(queryset: QuerySet[Application], q: str) -> list[int]:
    """The applications of ``queryset`` whose provider's name (any script, any case, with or without diacritics)
    contains ``q``, whose reference ``q`` is or is part of, or whose provider's PIB starts with ``q``. One query.

    Names go through the one search normalization and matching of the portal (core.textsearch, as the public program
    search and the JPOA register: every word, in any script, case or word form, begins a word of the name), in
    Python, so SQLite and PostgreSQL answer alike: "морава", "MORAVA" and "Мораве" find the same provider.
    A reference is read in ASCII digits only ("JPOA-²" is no number): "JPOA-2026-00042",
    "2026-00042", "00042", "JPOA-42" and "42" find application 42; three digits or more also match as part of a
    reference ("2026-0004" finds 40 to 49 of 2026)."""
    from core.textsearch import text_matches
    from rules.translit import fold

    text = q.strip()
    needle = fold(text)
    if not needle:
        return []
    rest = text.upper()
    rest = (rest[4:] if rest[:4] in ("JPOA", "ЈПОА") else rest).lstrip(" -")
    number = rest if _REFERENCE_NUMBER.fullmatch(rest) else ""
    digits = number.replace("-", "")
    exact = int(number) if number.isdigit() else None
    pib = text if text.isascii() and text.isdigit() and len(text) >= 3 else ""
    rows = queryset.order_by().values_list("pk", "created_at", "organization__name_sr", "organization__name_sr_latn",
                                           "organization__name_en", "organization__pib")
    found = []
    for pk, created_at, name_sr, name_latn, name_en, organization_pib in rows:
        if exact is not None and exact == pk:
            found.append(pk)
        elif number and len(digits) >= 3 and created_at and number in f"{created_at:%Y}-{pk:05d}":
            found.append(pk)
        elif pib and organization_pib and organization_pib.startswith(pib):
            found.append(pk)
        elif text_matches(text, name_sr, name_latn, name_en):
            found.append(pk)
    return found


def decision_due(application: Application):
    """The day by which the Office must decide: the last submission plus DECISION_DEADLINE_DAYS; None once the
    application has left the Office (decided or withdrawn: there is no deadline to count down any more)."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from applications.enums import REVIEW_STATES

    if not application.submitted_at or application.state not in REVIEW_STATES:
        return None
    return timezone.localdate(application.submitted_at) + timedelta(days=settings.DECISION_DEADLINE_DAYS)


def days_left(application: Application, today) -> int | None:
    due = decision_due(application)
    return None if due is None else (due - today).days


def submission_subjects(submission) -> list[tuple[str, str]]:
    """The items of a submission a comment or finding can be about, as (subject, label) choices."""
    from django.utils.translation import gettext as gettext_now

    records = submission.records
    choices = [("organization", gettext_now("The organization as a whole"))]
    labels = {"staff": gettext_now("Staff"), "rooms": gettext_now("Rooms"),
              "partners": gettext_now("Practical-work partners"), "programs": gettext_now("Programs")}
    for section in ("programs", "staff", "rooms", "partners"):
        for key, item in records.get(section, {}).items():
            choices.append((f"{section}[{key}]", f"{labels[section]}: {record_title(section, item)}"))
    return choices


def record_title(section: str, item: dict) -> str:
    """A record of a submission by its name, in the page's script."""
    from core.scripts import for_page

    if section == "staff":
        return for_page(f"{item.get('first_name', '')} {item.get('last_name', '')}".strip())
    return for_page(str(item.get("name", "")))


def snapshot_names(submission) -> dict[str, str]:
    """Like subject_names(), but from what was submitted (the rows may have changed or gone since)."""
    names = {}
    for section in ("programs", "staff", "rooms", "partners", "programs_in_force"):  # the last: an amendment's
        for key, item in submission.records.get(section, {}).items():  # other programs its Art. 8 counts
            names[f"{section}[{key}]"] = record_title(section, item)
    return names


@dataclass
class ReviewRow:
    """One finding of a submission's report as the reviewer sees it, with the verdict recorded so far."""

    provision: str
    status: str
    subject: str
    name: str
    message: str
    hint: str
    verdict: object = None


def review_rows(submission) -> list[ArticleGroup]:
    verdicts = {(f.provision, f.subject): f for f in submission.review_findings.filter(own=False)}
    names = snapshot_names(submission)
    groups = group_findings(submission.report, statuses=("fail", "manual"), names=names)
    for group in groups:
        group.findings = [
            ReviewRow(f.provision, f.status, f.subject, f.name, f.message, f.hint,
                      verdicts.get((f.provision, f.subject)))
            for f in group.findings
        ]
    return groups


@dataclass
class DiffRow:
    item: str
    change: str  # "added", "removed" or "changed"
    fields: list[tuple[str, object, object]]


_SECTION_TITLES = {
    "organization": _("The organization"), "hygiene_technical": _("Hygiene-technical standards"),
    "staff": _("Staff"), "rooms": _("Rooms"), "partners": _("Practical-work partners"), "programs": _("Programs"),
}
SNAPSHOT_MODELS = {"organization": "providers.Organization", "hygiene_technical": "providers.HygieneDeclaration",
                   "staff": "providers.StaffMember", "rooms": "providers.Room", "partners": "providers.Partner",
                   "programs": "programs.Program"}


def field_label(section: str, name: str) -> str:
    """ "area_m2" of a room -> "Area (m²)" (modeltranslation names its variants itself: "Name [sr-latn]")."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.text import capfirst

    try:
        return capfirst(str(apps.get_model(SNAPSHOT_MODELS[section])._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


def readable_diff(previous, current) -> list[DiffRow]:
    """What changed from the previous submission to this one, item by item, fields named as on the forms."""
    from applications.snapshot import diff

    if previous is None:
        return []
    rows: list[DiffRow] = []
    for section, entries in diff(previous.records, current.records).items():
        if section in ("organization", "hygiene_technical"):
            rows.append(DiffRow(str(_SECTION_TITLES[section]), "changed",
                                [(field_label(section, f), old, new) for f, (old, new) in entries.items()]))
            continue
        for key, change in entries.items():
            source = current.records.get(section, {}).get(key) or previous.records.get(section, {}).get(key) or {}
            label = f"{_SECTION_TITLES[section]}: {record_title(section, source) or key}"
            if isinstance(change, str):
                rows.append(DiffRow(label, change, []))
            else:
                rows.append(DiffRow(label, "changed",
                                    [(field_label(section, f), old, new) for f, (old, new) in change.items()]))
    return rows


# What the Office does internally (assignment, verdicts, its own findings) is not shown to the provider.
OFFICE_INTERNAL_ACTIONS = ("application.assigned", "review.verdict", "review.finding_added", "document.retried")


def provider_history(application: Application):
    from core.audit import audit_trail

    return audit_trail(application).exclude(action__in=OFFICE_INTERNAL_ACTIONS)[:200]


def submitted_staff(submission) -> list[tuple[str, str, str, str]]:
    """The staff as submitted, with role labels instead of codes: (name, roles, engagement, competence)."""
    from providers.enums import StaffRole

    rows = []
    for item in submission.records.get("staff", {}).values():
        roles = ", ".join(str(StaffRole(r).label) if r in StaffRole.values else r for r in item.get("roles") or [])
        rows.append((record_title("staff", item), roles, item.get("engagement", ""),
                     item.get("adult_ed_competence", "")))
    return rows


@dataclass
class NamedChangeRequest:
    request: object
    items: list[tuple[str, str, str]]  # (item name, comment, answer)


def change_requests_named(application: Application, submission) -> list[NamedChangeRequest]:
    names = snapshot_names(submission)
    requests = application.change_requests.prefetch_related("items").select_related("requested_by")
    return [NamedChangeRequest(cr, [(names.get(i.subject, subject_name(i.subject, {})), i.comment, i.answer)
                                    for i in cr.items.all()]) for cr in requests]


# --- What needs each role's action (the landing page after signing in) -----------------------------------------

EXPIRY_HORIZON_DAYS = 90
DEADLINE_HORIZON_DAYS = 10


@dataclass
class ProviderWork:
    change_requests: list = field(default_factory=list)  # (application, change request) still to answer
    expiring: list = field(default_factory=list)  # active accreditations ending within EXPIRY_HORIZON_DAYS
    drafts: list = field(default_factory=list)  # applications still being prepared

    @property
    def empty(self) -> bool:
        return not (self.change_requests or self.expiring or self.drafts)


def provider_work(organization, *, today) -> ProviderWork:
    """Change requests to answer, JPOA status running out, applications not yet submitted. Three queries."""
    from datetime import timedelta

    from applications.enums import AccreditationState, ApplicationState
    from applications.models import Accreditation, ChangeRequest

    requests = (ChangeRequest.objects.filter(application__organization=organization,
                                             application__state=ApplicationState.CHANGES_REQUESTED,
                                             answered_at__isnull=True)
                .select_related("application").order_by("respond_by", "pk"))
    expiring = (Accreditation.objects.filter(organization=organization, state=AccreditationState.ACTIVE,
                                             valid_until__gte=today,
                                             valid_until__lte=today + timedelta(days=EXPIRY_HORIZON_DAYS))
                .order_by("valid_until", "activity"))
    drafts = organization.applications.filter(state=ApplicationState.DRAFT).order_by("-updated_at")
    return ProviderWork([(r.application, r) for r in requests], list(expiring), list(drafts))


@dataclass
class OfficeWork:
    mine: list = field(default_factory=list)  # (application, due, days left) assigned to this reviewer, open
    unassigned: list = field(default_factory=list)  # submitted, nobody reviewing yet
    to_decide: list = field(default_factory=list)  # recommended, this decider may decide (four eyes)
    due_soon: list = field(default_factory=list)  # with the Office, decision due within DEADLINE_HORIZON_DAYS

    @property
    def empty(self) -> bool:
        return not (self.mine or self.unassigned or self.to_decide or self.due_soon)


def office_work(user, *, today) -> OfficeWork:
    """The queue as it concerns ``user``: their open reviews, what nobody has taken, what they may decide, and
    every decision falling due. A fixed number of queries."""
    from django.db.models import Q

    from applications.enums import DECIDABLE_STATES, ApplicationState

    def rows(queryset):
        return [(a, decision_due(a), days_left(a, today)) for a in queryset]

    base = (Application.objects.filter(state__in=[ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW,
                                                  *DECIDABLE_STATES])
            .select_related("organization", "review__reviewer").order_by("submitted_at", "pk"))
    work = OfficeWork()
    if user.is_office_reviewer or user.is_superuser:
        work.mine = rows(base.filter(review__reviewer=user).exclude(state__in=DECIDABLE_STATES))
        work.unassigned = rows(base.filter(state=ApplicationState.SUBMITTED).filter(
            Q(review__isnull=True) | Q(review__reviewer__isnull=True)))
    if user.is_office_decider or user.is_superuser:
        work.to_decide = rows(base.filter(state__in=DECIDABLE_STATES).exclude(review__reviewer=user)
                              .exclude(review__recommended_by=user))
    work.due_soon = [row for row in rows(base) if row[2] is not None and row[2] <= DEADLINE_HORIZON_DAYS]
    return work


def reviewer_workload() -> list[tuple[object, int]]:
    """Each active reviewer with the number of open applications assigned to them, fewest first. Two queries."""
    from django.contrib.auth import get_user_model

    from applications.enums import REVIEW_STATES
    from applications.models import Review

    counts = dict(Review.objects.filter(application__state__in=REVIEW_STATES, reviewer__isnull=False)
                  .values("reviewer").annotate(n=Count("pk")).values_list("reviewer", "n"))
    reviewers = get_user_model().objects.filter(is_office_reviewer=True, is_active=True).order_by(
        "last_name", "first_name", "username")
    return sorted(((r, counts.get(r.pk, 0)) for r in reviewers), key=lambda row: row[1])


@dataclass
class FinalDecision:
    state: str
    label: str
    decided_at: object = None
    reasons: str = ""


def final_decision(application: Application) -> FinalDecision | None:
    """How an application ended (approved, rejected, withdrawn), for its page; None while it is still open."""
    from applications.enums import FINAL_STATES, ApplicationState
    from applications.models import Review

    if application.state not in FINAL_STATES:
        return None
    review = Review.objects.filter(application=application).first()
    if application.state == ApplicationState.WITHDRAWN or review is None:
        return FinalDecision(application.state, str(ApplicationState(application.state).label),
                             application.updated_at)
    return FinalDecision(application.state, str(ApplicationState(application.state).label), review.decided_at,
                         review.decision_reasons if application.state == ApplicationState.REJECTED else "")
