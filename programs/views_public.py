"""The public page of a program: shown, to anyone, only while the program is in an accreditation in force today.

Accreditations (applications) and cohorts (exams) sit to the right of programs in the dependency order, so they are
reached here through their relation names only (``program.accreditations``, ``program.cohorts``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Max, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.http import conditional_public
from programs.enums import ELEMENTS
from programs.microcredential import microcredential
from programs.search import public_programs
from programs.models import Program, TaskList

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


@conditional_public(version_func=_version, last_modified_func=_last_modified)
def program_page(request, pk: int):
    today = timezone.localdate()
    program = get_object_or_404(
        public_programs(today)
        .select_related("organization__municipality", "qualification_standard__level",
                        "qualification_standard__sector")
        .annotate(accredited_until=Max("accreditations__valid_until", filter=_in_force(today)))
        .prefetch_related(
            "modules",
            Prefetch("task_lists", to_attr="published_task_lists",
                     queryset=TaskList.objects.filter(published_on__lte=today).order_by("kind", "published_on", "pk")),
        ),
        pk=pk,
    )
    cohorts = list(program.cohorts.filter(starts_on__gte=today).select_related("organization__municipality")
                   .prefetch_related("rooms").order_by("starts_on", "name", "pk"))
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
    })
