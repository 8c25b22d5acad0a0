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

_SUBJECT = re.compile(r"^(staff|rooms|partners|programs)\[([SRXP])(\d+)\]")


def applications_of(organization) -> QuerySet[Application]:
    return organization.applications.annotate(program_count=Count("programs")).order_by("-created_at")


def article_of(provision: str) -> str:
    """P89-12.1.1.3 -> "12"; NOKS-H.3 -> "H"."""
    if provision.startswith("P89-"):
        return provision[4:].split(".")[0]
    return "H"


def fix_url(subject: str) -> str | None:
    """The page where the thing a finding is about can be changed."""
    match = _SUBJECT.match(subject or "")
    targets = {
        "staff": "providers:staff_edit", "rooms": "providers:room_edit", "partners": "providers:partner_edit",
        "programs": "programs:detail",
    }
    try:
        if match:
            return reverse(targets[match.group(1)], kwargs={"pk": int(match.group(3))})
        if (subject or "").startswith("hygiene"):
            return reverse("providers:hygiene")
        return reverse("providers:records")
    except NoReverseMatch:
        return None


@dataclass
class FindingView:
    provision: str
    status: str
    subject: str
    message: str
    hint: str
    url: str | None


@dataclass
class ArticleGroup:
    article: str
    findings: list[FindingView] = field(default_factory=list)


def group_findings(report: dict, *, statuses=("fail", "manual")) -> list[ArticleGroup]:
    groups: dict[str, ArticleGroup] = {}
    for f in report.get("findings", []):
        if f["status"] not in statuses:
            continue
        article = article_of(f["provision"])
        groups.setdefault(article, ArticleGroup(article)).findings.append(
            FindingView(f["provision"], f["status"], f["subject"], f["message"], f.get("hint", ""),
                        fix_url(f["subject"]))
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
