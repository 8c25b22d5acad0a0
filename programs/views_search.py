"""The public program search page: thin, the work is in programs.search."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from programs.enums import Activity, DeliveryLanguage
from programs.search import FACETS, Facet, SearchParams, search_programs
from qualifications.models import NoksLevel


# The search page's names of its parameters, for its messages (the API names them as in the query string).
PARAMETER_LABELS = {
    "min_hours": _("Hours from"), "max_hours": _("Hours to"), "kind": _("Kind of program"),
    "activity": _("Activity"), "language": _("Language of delivery"), "municipality": _("Municipality"),
    "provider": _("Provider"), "starting_soon": _("Starting in the next two months"), "page": _("Page"),
    "page_size": _("Results per page"),
}


@require_safe
def program_search(request):
    """A value the page cannot use is named by its label and left out; every other filter still applies, and what
    was typed in the hours boxes stays in them."""
    params = SearchParams.from_query(request.GET, lenient=True)
    errors = params.errors
    inverted = params.min_hours is not None and params.max_hours is not None and params.min_hours > params.max_hours
    result = search_programs(params)
    levels = [(level.code, level.name) for level in NoksLevel.objects.order_by("order")]
    return render(request, "programs/search.html", {
        "params": params, "result": result, "page": result.page, "facets": _facets_for_page(params, result, levels),
        "chosen": _chosen_filters(params, result),
        "errors": [(PARAMETER_LABELS.get(name, name), messages) for name, messages in errors.items()],
        "error_fields": set(errors) | ({"min_hours", "max_hours"} if inverted else set()), "inverted": inverted,
        "described": {name: " ".join((["search-errors"] if name in errors else []) + (["search-range"] if inverted
                                                                                       else []))
                      for name in ("min_hours", "max_hours")},
        "typed": {name: (request.GET.get(name) or "")[:6] for name in ("min_hours", "max_hours")},
        "querystring": params.query_string(page=1).replace("page=1", "").strip("&"),
        "suggestion_querystring": params.query_string(q=result.suggestion, page=1) if result.suggestion else "",
        "levels": levels,
        "activities": Activity.choices, "languages": DeliveryLanguage.choices,
    }, status=400 if errors else 200)


def _facets_for_page(params: SearchParams, result, levels) -> list[tuple[Facet, str]]:
    """Each facet with the query string its links start from: the current query without that facet's own value, so
    choosing another municipality replaces the chosen one instead of adding a second. A level is shown by its name
    ("Ниво 3"), not its bare code."""
    names = dict(levels)
    shown = []
    for facet in result.facets:
        values = [(value, names.get(value, label) if facet.name == "level" else label, count)
                  for value, label, count in facet.values]
        shown.append((Facet(facet.name, values=values, estimated=facet.estimated),
                      params.query_string(page=1, **{facet.name: ""})))
    return shown


def _chosen_filters(params: SearchParams, result) -> list[tuple[str, str, str]]:
    """The values chosen by a facet link, which the form above does not show: (what, which, the query string
    without it), for "remove" links above the results. The label is the facet's own (the chosen value is counted
    there); a value no program has any more is named from the database."""
    from programs.enums import ProgramKind
    from providers.models import Municipality, Organization
    from qualifications.models import QualificationStandard, Sector

    lookups = {
        "municipality": lambda value: Municipality.objects.filter(pk=value).first(),
        "provider": lambda value: Organization.objects.filter(pk=value).first(),
        "sector": lambda value: Sector.objects.filter(code=value).first(),
        "standard": lambda value: QualificationStandard.objects.filter(code=value).first(),
        "kind": lambda value: ProgramKind(value).label if value in ProgramKind.values else None,
    }
    labels = {"municipality": PARAMETER_LABELS["municipality"], "provider": PARAMETER_LABELS["provider"],
              "kind": PARAMETER_LABELS["kind"], "sector": _("Sector"), "standard": _("Qualification standard")}
    by_facet = {facet.name: {value: label for value, label, _count in facet.values} for facet in result.facets}
    chosen = []
    for name in ("municipality", "provider", "kind", "sector", "standard"):
        value = getattr(params, name)
        if value in ("", None):
            continue
        label = by_facet.get(name, {}).get(str(value)) if name in FACETS else None
        if label is None:
            found = lookups[name](value)
            if found is None:
                continue
            label = f"{found.code} {found.name}" if name == "standard" else str(getattr(found, "name", found))
        chosen.append((labels[name], label, params.query_string(page=1, **{name: ""})))
    return chosen
