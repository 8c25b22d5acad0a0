"""The school's list of issued certificates: filters (program, cohort, state, period of issue) and CSV export."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

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
def certificate_export(request):
    """The same list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Cyrillic)."""
    _form, certificates = _filtered(request)

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff" + writer.writerow(selectors.certificates_csv_header())
        for row in selectors.certificates_csv_rows(certificates):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="certificates-{timezone.localdate().isoformat()}.csv"'
    return response
