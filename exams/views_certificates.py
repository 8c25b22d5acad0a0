"""The school's list of issued certificates: filters (program, cohort, state, period of issue) and CSV/XLSX export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import exports
from exams import selectors
from exams.forms_sessions import CertificateFilterForm
from providers.permissions import membership_required


def _filtered(request):
    organization = request.membership.organization
    form = CertificateFilterForm(request.GET or None, organization=organization)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
    return form, selectors.certificates_of(organization, **filters)


@require_safe
@membership_required
def certificate_list(request):
    form, certificates = _filtered(request)
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "exams/certificate_list.html", {
        "form": form, "page": page, "certificates": page.object_list, "query": query.urlencode(),
    })


@require_safe
@membership_required
def certificate_export(request, fmt: str = "csv"):
    """The same list as a file for a spreadsheet program: CSV (semicolon, for Excel in a Serbian locale) or XLSX."""
    _form, certificates = _filtered(request)
    return exports.response(selectors.certificates_table(certificates), filename="certificates", fmt=fmt)
