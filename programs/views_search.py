"""The public program search page: thin, the work is in programs.search."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_safe

from programs.enums import Activity, DeliveryLanguage
from programs.search import SearchParams, search_programs
from qualifications.models import NoksLevel


@require_safe
def program_search(request):
    try:
        params = SearchParams.from_query(request.GET)
        errors = {}
    except ValidationError as error:
        params, errors = SearchParams(q=(request.GET.get("q") or "")[:200]), error.message_dict
    result = search_programs(params)
    facets = {facet.name: facet for facet in result.facets}
    return render(request, "programs/search.html", {
        "params": params, "result": result, "page": result.page, "facets": facets, "errors": errors,
        "querystring": params.query_string(page=1).replace("page=1", "").strip("&"),
        "suggestion_querystring": params.query_string(q=result.suggestion, page=1) if result.suggestion else "",
        "levels": [(level.code, level.name) for level in NoksLevel.objects.order_by("order")],
        "activities": Activity.choices, "languages": DeliveryLanguage.choices,
    }, status=400 if errors else 200)
