from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.ordering import translated_order
from qualifications import selectors
from qualifications.forms import StandardSearchForm
from qualifications.models import NoksLevel, QualificationStandard


def level_list(request):
    return render(request, "qualifications/level_list.html", {"levels": selectors.level_list()})


def level_detail(request, code: str):
    level = get_object_or_404(NoksLevel.objects.select_related("requires_level"), code=code)
    standards = level.standards.filter(is_published=True).select_related("sector").order_by(
        *translated_order("name"))
    return render(request, "qualifications/level_detail.html", {"level": level, "standards": standards})


def standard_list(request):
    form = StandardSearchForm(request.GET or None)
    query = form.to_query() if form.is_valid() else selectors.StandardQuery()
    page = Paginator(selectors.standard_search(query), 20).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    suggestion = selectors.standard_suggestion(query) if query.text and not page.paginator.count else ""
    corrected = params.copy()
    corrected["q"] = suggestion
    return render(request, "qualifications/standard_list.html", {
        "form": form, "page": page, "querystring": params.urlencode(), "suggestion": suggestion,
        "suggestion_querystring": corrected.urlencode() if suggestion else ""})


def standard_detail(request, code: str):
    standard = get_object_or_404(
        QualificationStandard.objects.select_related("level", "sector", "requires_level"), code=code,
        is_published=True,
    )
    # The programs in force today that teach to this standard, as the public search counts them (programs.search
    # .public_programs: today within the span copied from their accreditations), through the reverse relation: the
    # register of standards stands below the programs and does not import them.
    today = timezone.localdate()
    programs = standard.programs.filter(public_from__lte=today, public_until__gte=today).count()
    return render(request, "qualifications/standard_detail.html", {"standard": standard, "programs": programs})
