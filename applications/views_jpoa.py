"""The public JPOA register (with CSV and JSON exports), and the Office's dashboard, dossier export and revocation."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext as _, gettext_lazy, pgettext_lazy

from applications import selectors_jpoa as selectors, services
from applications.dossier import DossierTooLarge, build_dossier, latest_submission
from applications.enums import AccreditationState
from applications.models import Accreditation, Application
from core import exports
from core.collation import sort_key
from core.forms import apply_validation_error
from core.permissions import office_required
from programs.enums import Activity

PER_PAGE = 25
CSV_COLUMNS = ["organization", "pib", "mb", "municipality", "activity_code", "activity_label", "state", "valid_from",
               "valid_until", "revoked_at", "programs"]


# --- forms (small and used only here) ------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Organization name or PIB"), required=False, max_length=100)
    state = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=[
        *AccreditationState.choices, (selectors.STATE_ALL, pgettext_lazy("accreditation state", "All"))])
    activity = forms.ChoiceField(label=gettext_lazy("Activity"), required=False)
    municipality = forms.TypedChoiceField(label=gettext_lazy("Municipality"), required=False, coerce=int,
                                          empty_value=None)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", _("All activities")), *Activity.choices]
        self.fields["municipality"].choices = [("", _("All municipalities")),
                                               *((m.pk, m.name) for m in municipalities)]

    def filters(self) -> selectors.RegisterFilters:
        """The filters asked for; a value that does not validate is ignored (a public page never errors on a URL)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # without the fields that did not validate
        return selectors.RegisterFilters(
            state=data.get("state") or AccreditationState.ACTIVE,
            activity=data.get("activity") or "",
            municipality=data.get("municipality"),
            q=(data.get("q") or "").strip(),
        )


class RevokeForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Reasons for revocation"), widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Give the reasons for revocation.")},  # as the service says it
        help_text=gettext_lazy("They are sent to the organization and stated in the decision on revocation."),
    )


# --- the public register -------------------------------------------------------------------------------------------


def _filter_form(request, municipalities) -> RegisterFilterForm:
    return RegisterFilterForm(request.GET or None, municipalities=municipalities)


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def register(request):
    municipalities = list(selectors.register_municipalities())
    form = _filter_form(request, municipalities)
    filters = form.filters()
    page = Paginator(selectors.register_organizations(filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "jpoa/register.html", {
        "form": form, "filters": filters, "page": page, "querystring": _querystring(request),
    })


def _row(accreditation: Accreditation) -> dict:
    organization = accreditation.organization
    return {
        "organization": organization.name,
        "pib": organization.pib,
        "mb": organization.mb,
        "municipality": organization.municipality.name,
        "activity_code": accreditation.activity,
        "activity_label": accreditation.get_activity_display(),
        "state": accreditation.register_state,
        "valid_from": accreditation.valid_from.isoformat(),
        "valid_until": accreditation.valid_until.isoformat(),
        "revoked_at": (timezone.localdate(accreditation.revoked_at).isoformat()
                       if accreditation.register_state == AccreditationState.REVOKED and accreditation.revoked_at
                       else None),
        "programs": sorted(p.name for p in accreditation.programs.all()),
    }


def _export_rows(request) -> list[dict]:
    form = _filter_form(request, selectors.register_municipalities())
    return [_row(a) for a in selectors.register_rows(form.filters())]


def _export_name(extension: str) -> str:
    return f"jpoa-register-{timezone.localdate().isoformat()}.{extension}"


def register_data(request) -> tuple[list[str], list[list]]:
    """The open-data register (the CSV's columns and rows) for the API's XLSX twin."""
    return CSV_COLUMNS, [[*(row[c] for c in CSV_COLUMNS[:-1]), "; ".join(row["programs"])]
                         for row in _export_rows(request)]


def register_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    response.write("\ufeff")  # a byte-order mark, so that spreadsheet programs read the Cyrillic as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in _export_rows(request):
        writer.writerow(["" if value is None else value for value in (*(row[c] for c in CSV_COLUMNS[:-1]),
                                                                       "; ".join(row["programs"]))])
    return response


def _people_table(request) -> exports.Table:
    """The register as a person exports it: headers in the page's language, labels not codes, dates as dates."""
    form = _filter_form(request, selectors.register_municipalities())
    script = "Cyrl" if get_language() == "sr" else "Latn"

    def rows():
        for a in selectors.register_rows(form.filters()):
            organization = a.organization
            revoked = (timezone.localdate(a.revoked_at)
                       if a.register_state == AccreditationState.REVOKED and a.revoked_at else None)
            yield [organization.name, organization.pib, organization.mb, organization.municipality.name,
                   a.get_activity_display(), AccreditationState(a.register_state).label, a.valid_from,
                   a.valid_until, revoked, "; ".join(sorted((p.name for p in a.programs.all()), key=lambda n: sort_key(n, script)))]

    header = [_("Organization"), _("PIB"), _("Registration number (MB)"), _("Municipality"), _("Activity"),
              _("Status"), _("Valid from"), _("Valid until"), _("Revoked on"), _("Programs")]
    return exports.Table(title=_("JPOA register"), header=header, rows=rows())


def register_export(request, fmt: str):
    """The register for a spreadsheet program: CSV for Excel in a Serbian locale (semicolons) or XLSX."""
    return exports.response(_people_table(request), filename="jpoa-register", fmt=fmt)


def register_json(request):
    rows = _export_rows(request)
    response = JsonResponse({"generated_at": timezone.now().isoformat(), "count": len(rows), "results": rows},
                            json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{_export_name("json")}"'
    return response


def _is_decider(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user.is_office_decider))


def register_organization(request, pk: int):
    organization = selectors.register_organization(pk)
    if organization is None:
        raise Http404
    return render(request, "jpoa/organization.html", {
        "organization": organization,
        "accreditations": selectors.organization_accreditations(organization),
        "is_decider": _is_decider(request.user),
    })


# --- the Office ----------------------------------------------------------------------------------------------------


@office_required
def dashboard(request):
    data = selectors.office_dashboard()
    return render(request, "jpoa/dashboard.html", {
        "dashboard": data, "state_chart": state_chart(data.states), "month_chart": month_chart(data.months),
    })


@office_required
def dossier(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("organization"), pk=pk)
    if latest_submission(application) is None:
        raise Http404
    try:
        archive = build_dossier(application, lang=get_language())
    except DossierTooLarge as error:
        return render(request, "jpoa/dossier_too_large.html", {
            "application": application, "size": error.size, "limit": error.limit,
        }, status=413)
    return FileResponse(archive, as_attachment=True, filename=f"{application.reference}-dossier.zip",
                        content_type="application/zip")


@office_required
def revoke(request, pk: int):
    if not _is_decider(request.user):
        raise PermissionDenied
    accreditation = get_object_or_404(Accreditation.objects.select_related("organization"), pk=pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accreditation_revoke(accreditation, reasons=form.cleaned_data["reasons"], actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The accreditation of %(organization)s for “%(activity)s” is revoked.")
                             % {"organization": accreditation.organization,
                                "activity": accreditation.get_activity_display()})
            return redirect("jpoa:organization", pk=accreditation.organization_id)
    return render(request, "jpoa/revoke.html", {
        "accreditation": accreditation, "form": form,
        "is_active": accreditation.state == AccreditationState.ACTIVE,
    })


# --- the dashboard's charts: inline SVG, geometry computed here so the template only places it -------------------

CHART_WIDTH = 640


def state_chart(bars: list[selectors.Bar]) -> dict:
    """Horizontal bars, one row per application state."""
    row, label_width, bar_space = 28, 230, 340
    rows = []
    for index, bar in enumerate(bars):
        width = round(bar_space * bar.percent / 100, 1)
        rows.append({"bar": bar, "y": 8 + index * row, "text_y": 8 + index * row + 14, "width": width,
                     "value_x": label_width + width + 6})
    summary = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
    return {"rows": rows, "width": CHART_WIDTH, "height": 16 + len(bars) * row, "label_width": label_width,
            "label": _("Applications per state. %(summary)s.") % {"summary": summary}}


def month_chart(months: list[selectors.MonthDecisions]) -> dict:
    """Pairs of vertical bars (approved, rejected) per month."""
    top, plot = 36, 150
    group = (CHART_WIDTH - 20) / max(len(months), 1)
    groups = []
    for index, month in enumerate(months):
        x = 10 + index * group
        approved_h = round(plot * month.approved_percent / 100, 1)
        rejected_h = round(plot * month.rejected_percent / 100, 1)
        groups.append({
            "month": month, "label_x": round(x + group / 2, 1),
            "approved_x": round(x + group / 2 - 17, 1), "approved_y": round(top + plot - approved_h, 1),
            "approved_h": approved_h,
            "rejected_x": round(x + group / 2 + 1, 1), "rejected_y": round(top + plot - rejected_h, 1),
            "rejected_h": rejected_h,
            "approved_text_x": round(x + group / 2 - 9, 1), "rejected_text_x": round(x + group / 2 + 9, 1),
        })
    approved = sum(m.approved for m in months)
    rejected = sum(m.rejected for m in months)
    label = _("Decisions per month over the last 12 months: %(approved)s approved and %(rejected)s rejected in "
              "total.") % {"approved": approved, "rejected": rejected}
    return {"groups": groups, "width": CHART_WIDTH, "height": top + plot + 30, "baseline": top + plot,
            "axis_label_y": top + plot + 18, "label": label, "approved": approved, "rejected": rejected}
