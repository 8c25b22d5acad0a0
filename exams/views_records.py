"""The organization's exam records: cohorts, learners (with the CSV import) and exam commissions.

Everything is looked up within request.membership.organization: another organization's id is a 404, exactly like
an id that does not exist. The Office may read a cohort and its learners (never change them); each such view of
learners' personal data is written to the audit trail.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from exams import services
from exams.forms_records import (
    IMPORT_MAX_BYTES,
    CohortForm,
    CommissionForm,
    CommissionMemberFormSet,
    LearnerForm,
    LearnerImportForm,
    LearnerImportValidForm,
)
from exams.models import Cohort, Commission, Learner
from core.audit import audit_log
from core.ordering import translated_order, typed_order
from core.forms import apply_validation_error
from core.permissions import is_office
from core.scripts import for_page
from providers.permissions import membership_required
from providers.selectors import membership_of

OFFICE_VIEW_ACTION = "learners.viewed_by_office"


def member_or_office(view):
    """A member of an organization (request.membership set) or the Office (request.membership None, read-only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.membership = membership_of(request.user)
        if request.membership is None and not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _cohorts(request):
    queryset = Cohort.objects.select_related("program", "organization")
    if request.membership is not None:
        queryset = queryset.filter(organization=request.membership.organization)
    return queryset


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(_cohorts(request), pk=pk)


def _learner(request, pk: int) -> Learner:
    queryset = Learner.objects.select_related("cohort__program", "cohort__organization")
    if request.membership is not None:
        queryset = queryset.filter(cohort__organization=request.membership.organization)
    return get_object_or_404(queryset, pk=pk)


def _log_office_view(request, cohort: Cohort, **data) -> None:
    """Every view of learners' personal data by the Office is on the record (the organization's own are not)."""
    if request.membership is None:
        audit_log(cohort, action=OFFICE_VIEW_ACTION, actor=request.user, data={"path": request.path, **data})


# --- cohorts -----------------------------------------------------------------------------------------------------


@require_safe
@membership_required
def cohort_list(request):
    organization = request.membership.organization
    cohorts = (organization.cohorts.select_related("program").annotate(learner_count=Count("learners"))
               .order_by("-starts_on", *typed_order("name")))
    return render(request, "exams/cohort_list.html", {"organization": organization, "cohorts": cohorts})


def _cohort_form_page(request, cohort: Cohort):
    organization = request.membership.organization
    form = CohortForm(request.POST or None, instance=cohort, organization=organization)
    if request.method == "POST" and form.is_valid():
        created = cohort.pk is None
        try:
            services.cohort_save(form.instance, actor=request.user, rooms=form.cleaned_data["rooms"],
                                 instructors=form.cleaned_data["instructors"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if created:
                messages.success(request, _("The cohort “%(name)s” is created. Now add its learners.")
                                 % {"name": form.instance.name})
            else:
                messages.success(request, _("The cohort “%(name)s” is saved.") % {"name": form.instance.name})
            return redirect(form.instance)
    return render(request, "exams/cohort_form.html", {
        "organization": organization, "cohort": cohort, "form": form,
        "no_programs": not form.fields["program"].queryset.exists(),
    })


@require_http_methods(["GET", "POST"])
@membership_required
def cohort_create(request):
    return _cohort_form_page(request, Cohort(organization=request.membership.organization))


@require_http_methods(["GET", "POST"])
@membership_required
def cohort_edit(request, pk: int):
    return _cohort_form_page(request, _cohort(request, pk))


@never_cache
@require_safe
@member_or_office
def cohort_detail(request, pk: int):
    cohort = _cohort(request, pk)
    _log_office_view(request, cohort)
    return render(request, "exams/cohort_detail.html", {
        "cohort": cohort,
        "organization": cohort.organization,
        "read_only": request.membership is None,
        "course_public": cohort.program.is_public_on(timezone.localdate()),
        "learners": cohort.learners.order_by(*typed_order("last_name", "first_name")),
        "rooms": cohort.rooms.order_by("kind", *translated_order("name")),
        "instructors": cohort.instructors.order_by(*translated_order("last_name", "first_name")),
    })


# --- learners ----------------------------------------------------------------------------------------------------


def _learner_form_page(request, learner: Learner):
    cohort = learner.cohort
    form = LearnerForm(request.POST or None, initial=LearnerForm.initial_from(learner))
    if request.method == "POST" and form.is_valid():
        form.apply_to(learner)
        try:
            services.learner_save(learner, actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": learner})
            if "another" in request.POST:
                return redirect("exams:learner_create", pk=cohort.pk)
            return redirect(cohort)
    return render(request, "exams/learner_form.html", {
        "organization": cohort.organization, "cohort": cohort, "learner": learner, "form": form,
    })


@never_cache
@require_http_methods(["GET", "POST"])
@membership_required
def learner_create(request, pk: int):
    return _learner_form_page(request, Learner(cohort=_cohort(request, pk)))


@never_cache
@require_http_methods(["GET", "POST"])
@member_or_office
def learner_edit(request, pk: int):
    learner = _learner(request, pk)
    if request.membership is None:  # the Office reads, and the reading is logged
        if request.method != "GET":
            raise PermissionDenied
        _log_office_view(request, learner.cohort, learner=learner.pk)
        return render(request, "exams/learner_detail.html", {
            "organization": learner.cohort.organization, "cohort": learner.cohort, "learner": learner,
        })
    return _learner_form_page(request, learner)


def _imported_message(request, report) -> None:
    skipped = len(report.invalid)
    if report.imported == 0:
        messages.warning(request, _("No learner is imported: the file holds no valid row of learners."))
        return
    text = ngettext("%(count)s learner is imported.", "%(count)s learners are imported.",
                    report.imported) % {"count": report.imported}
    if skipped:
        text += " " + ngettext("%(count)s row with errors is left out.", "%(count)s rows with errors are left out.",
                               skipped) % {"count": skipped}
    messages.success(request, text)


@never_cache
@require_http_methods(["GET", "POST"])
@membership_required
def learner_import(request, pk: int):
    """Step one uploads and checks the file (imported whole if every row is valid); with invalid rows, step two
    imports the valid rows only, from the same content carried in a hidden field and checked again."""
    cohort = _cohort(request, pk)
    form = LearnerImportForm()
    report = valid_form = None
    step_errors: list[str] = []
    if request.method == "POST" and "content" in request.POST:
        step = LearnerImportValidForm(request.POST)
        if step.is_valid():
            try:
                report = services.learners_import(cohort, step.cleaned_data["content"], actor=request.user,
                                                  only_valid=True)
            except ValidationError as error:
                step_errors = error.messages
            else:
                _imported_message(request, report)
                return redirect(cohort)
        else:
            step_errors = step.errors["content"]
        report = None
    elif request.method == "POST":
        form = LearnerImportForm(request.POST, request.FILES)
        if form.is_valid():
            content = form.content()
            try:
                report = services.learners_import(cohort, content, actor=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if not report.invalid:
                    _imported_message(request, report)
                    return redirect(cohort)
                valid_form = LearnerImportValidForm(initial={"content": LearnerImportValidForm.encode(content)})
                form = LearnerImportForm()
    return render(request, "exams/learner_import.html", {
        "organization": cohort.organization, "cohort": cohort, "form": form, "report": report,
        "valid_form": valid_form, "step_errors": step_errors, "max_bytes": IMPORT_MAX_BYTES,
    })


EXAMPLE_ROWS = (
    ("Милица", "Јовановић", "1503985715004", "", "", "milica.jovanovic@example.rs", "+381 64 123 4567", "cyrl"),
    ("Никола", "Петровић", "", "P1234567", "1979", "", "", "latn"),
)


@require_safe
@membership_required
def learner_example(request):
    """An example file to fill in: the header row in the page's language and two rows, semicolon-separated as
    Excel in a Serbian locale saves it, UTF-8 with a byte-order mark."""
    scripts = {"cyrl": pgettext("script", "Cyrillic"), "latn": pgettext("script", "Latin")}
    rows = [[for_page(value) for value in row[:-1]] + [scripts[row[-1]]] for row in EXAMPLE_ROWS]
    lines = [";".join(services.import_column_labels())] + [";".join(row) for row in rows]
    response = HttpResponse(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learners-example.csv"'
    return response


# --- commissions -------------------------------------------------------------------------------------------------


def _commission(request, pk: int) -> Commission:
    queryset = Commission.objects.select_related("program").filter(organization=request.membership.organization)
    return get_object_or_404(queryset, pk=pk)


@require_safe
@membership_required
def commission_list(request):
    organization = request.membership.organization
    commissions = (organization.commissions.select_related("program").annotate(member_count=Count("members"))
                   .order_by(*typed_order("name")))
    return render(request, "exams/commission_list.html", {"organization": organization, "commissions": commissions})


@require_http_methods(["GET", "POST"])
@membership_required
def commission_create(request):
    organization = request.membership.organization
    form = CommissionForm(request.POST or None, organization=organization)
    formset = CommissionMemberFormSet(request.POST or None, prefix="members",
                                      form_kwargs={"organization": organization})
    refusal: list[str] = []  # the engine's findings, each citing its article (P89-5.x)
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        data = form.cleaned_data
        try:
            commission = services.commission_register(
                organization, program=data["program"], exam=data["exam"], name=data["name"],
                members=formset.members(), actor=request.user, lang=get_language(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                apply_validation_error(form, error)
            else:
                refusal = error.messages
        else:
            messages.success(request, _("The commission “%(name)s” is registered.") % {"name": commission.name})
            return redirect("exams:commission", pk=commission.pk)
    return render(request, "exams/commission_form.html", {
        "organization": organization, "form": form, "formset": formset,
        "refusal": refusal, "has_errors": bool(refusal or form.errors or formset.total_error_count()),
    })


@require_safe
@membership_required
def commission_detail(request, pk: int):
    commission = _commission(request, pk)
    return render(request, "exams/commission_detail.html", {
        "organization": request.membership.organization, "commission": commission,
        "members": commission.members.select_related("staff").order_by("-chair", *typed_order("last_name", "first_name")),
    })

