"""The public page of a program: shown, to anyone, only while the program is in an accreditation in force today.

Accreditations (applications) and cohorts (exams) sit to the right of programs in the dependency order, so they are
reached here through their relation names only (``program.accreditations``, ``program.cohorts``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from core.http import conditional_public
from core.ordering import translated_order, typed_order
from programs.enums import ELEMENTS, VersionState
from programs.microcredential import microcredential
from programs.selectors import approved_versions
from programs.search import public_programs
from programs.models import Program, TaskList
from providers.models import Room

# applications.enums.AccreditationState.ACTIVE (programs may not import applications).
ACCREDITATION_ACTIVE = "active"
# Which programs are public is decided in one place, programs.search.public_programs (the search uses it too).


def _in_force(today: dt.date, prefix: str = "accreditations__") -> Q:
    return Q(**{f"{prefix}state": ACCREDITATION_ACTIVE, f"{prefix}valid_from__lte": today,
                f"{prefix}valid_until__gte": today})


# --- conditional GET ------------------------------------------------------------------------------------------------


def _stamp(request, pk: int) -> dict | None:
    """What the page is built from, in one query, memoized on the request (None: not public)."""
    cache = request.__dict__.setdefault("_program_public_stamps", {})
    if pk not in cache:
        today = timezone.localdate()
        cache[pk] = (
            public_programs(today).filter(pk=pk)
            .annotate(organization_updated=F("organization__updated_at"),
                      standard_updated=F("qualification_standard__updated_at"),
                      cohorts_updated=Max("cohorts__updated_at"))
            .values("pk", "updated_at", "organization_updated", "standard_updated", "cohorts_updated")
            .first()
        )
        if cache[pk] is not None:
            cache[pk]["today"] = today
    return cache[pk]


def _last_modified(request, pk: int) -> dt.datetime | None:
    stamp = _stamp(request, pk)
    if stamp is None:
        return None
    return max(value for key in ("updated_at", "organization_updated", "standard_updated", "cohorts_updated")
               if (value := stamp[key]) is not None)


def _version(request, pk: int) -> str | None:
    """Changes with the program (its modules and task lists are saved with it), the provider, the standard, the
    cohorts, and the day (which cohorts are upcoming, which task lists are published, whether the status is in force).
    """
    stamp = _stamp(request, pk)
    if stamp is None:
        return None
    return "|".join(str(stamp[key]) for key in ("pk", "updated_at", "organization_updated", "standard_updated",
                                                 "cohorts_updated", "today"))


# --- the page -------------------------------------------------------------------------------------------------------


def _elements(program: Program) -> list[tuple[object, object]]:
    """(label, value) of the filled elements of Art. 4, in order; the name is the heading, modules have a table."""
    rows = []
    for element in ELEMENTS:
        if element.field == "name":
            continue
        value = getattr(program, element.field)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            continue
        rows.append((element, value))
    return rows


def _superseded_page(request, pk: int, today: dt.date):
    """A superseded version stays readable, marked as such, with a link to the version now in force."""
    program = (Program.objects.filter(pk=pk, version_state=VersionState.SUPERSEDED)
               .select_related("organization__municipality", "qualification_standard__level",
                               "qualification_standard__sector").prefetch_related("modules").first())
    if program is None:
        raise Http404
    history = approved_versions(program)
    current_ids = [v.pk for v in history if v.version_state == VersionState.APPROVED]
    current = public_programs(today).filter(pk__in=current_ids).only("pk", "version").first()
    if current is None:  # no version of the program is public any more (status expired or revoked)
        raise Http404
    modules = list(program.modules.all())
    return render(request, "programs/public.html", {
        "program": program,
        "organization": program.organization,
        "standard": program.qualification_standard,
        "elements": _elements(program),
        "modules": modules,
        "module_hours": sum(m.hours or 0 for m in modules),
        "task_lists": [],
        "cohorts": [],
        "superseded": True,
        "current": current,
        "history": history,
    })


@conditional_public(version_func=_version, last_modified_func=_last_modified)
def program_page(request, pk: int):
    today = timezone.localdate()
    program = (
        public_programs(today)
        .select_related("organization__municipality", "qualification_standard__level",
                        "qualification_standard__sector")
        .annotate(accredited_until=Max("accreditations__valid_until", filter=_in_force(today)))
        .prefetch_related(
            "modules",
            Prefetch("task_lists", to_attr="published_task_lists",
                     queryset=TaskList.objects.filter(published_on__lte=today).order_by("kind", "published_on", "pk")),
        )
        .filter(pk=pk).first()
    )
    if program is None:
        return _superseded_page(request, pk, today)
    cohorts = list(program.cohorts.filter(starts_on__gte=today).select_related("organization__municipality")
                   .prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by(*translated_order("name"))))
                   .order_by("starts_on", *typed_order("name")))
    modules = list(program.modules.all())
    return render(request, "programs/public.html", {
        "microcredential": microcredential(program, today=today),
        "program": program,
        "organization": program.organization,
        "standard": program.qualification_standard,
        "elements": _elements(program),
        "modules": modules,
        "module_hours": sum(m.hours or 0 for m in modules),
        "task_lists": program.published_task_lists,
        "cohorts": cohorts,
        "history": approved_versions(program),
    })
