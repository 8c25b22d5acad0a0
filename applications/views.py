from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from applications import amendments, review_read, selectors, services
from applications.forms import AnswerForm, DeviationsForm, ScopeForm, SubmitForm, WithdrawForm
from applications.models import Application
from core.forms import apply_validation_error
from core.http import safe_next
from programs.enums import ALLOWED_ACTIVITIES, Activity, VersionState
from programs.models import Program
from providers.permissions import membership_required


def _application(request, pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("organization"), pk=pk,
                             organization=request.membership.organization)


def with_next(url: str, next_path: str) -> str:
    """``url`` with ``next=next_path`` added to its query (before any #fragment)."""
    from urllib.parse import urlencode

    base, hash_, fragment = url.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}{urlencode({'next': next_path})}"
    return f"{joined}{hash_}{fragment}"


def _refuse_if_locked(request, application):
    if not application.is_editable:
        messages.error(request, _("This application can no longer be changed."))
        return redirect(application)
    return None


@membership_required
def application_list(request):
    organization = request.membership.organization
    return render(request, "applications/list.html", {
        "applications": selectors.applications_of(organization), "organization": organization,
    })


@require_POST
@membership_required
def application_create(request):
    application = services.application_create(request.membership.organization, actor=request.user)
    messages.success(request, _("Your application is started. Work through the tasks in any order."))
    return redirect(application)


@membership_required
def application_detail(request, pk: int):
    application = _application(request, pk)
    report = services.application_precheck(application, lang=get_language()).to_dict()
    latest = application.submissions.order_by("-number").first()
    open_request = application.change_requests.filter(answered_at__isnull=True).select_related(
        "submission").prefetch_related("items").first()
    # The stored report and the request's items, read in the page's language and script (as the review page does).
    latest_names = review_read.names(latest.records) if latest else {}
    request_names = review_read.names(open_request.submission.records) if open_request else {}
    return render(request, "applications/detail.html", {
        "application": application,
        "tasks": selectors.task_list(application, report) if application.is_editable else [],
        "summary": report["summary"],
        "latest": latest,
        "latest_groups": selectors.group_findings(review_read.localized_report(latest), names=latest_names,
                                                  application=application) if latest else [],
        "open_request": open_request,
        "open_items": [(review_read.subject_label(i.subject, request_names, i.provision), i.comment, i.answer)
                       for i in open_request.items.all()] if open_request else [],
        "official_documents": application.official_documents.order_by("issued_on", "serial", "script"),
        "accreditations": application.accreditations.all(),
        "history": selectors.provider_history(application),
        "amendment": amendments.amendment_diffs(application) if application.is_amendment else None,
        "decision": selectors.final_decision(application),
    })


@membership_required
def application_scope(request, pk: int):
    application = _application(request, pk)
    if (locked := _refuse_if_locked(request, application)) is not None:
        return locked
    if application.is_amendment:
        messages.error(request, _("The programs of an amendment are the new versions it was started with; withdraw "
                                  "it and start another to change them."))
        return redirect(application)
    organization = application.organization
    allowed = ALLOWED_ACTIVITIES.get(organization.kind, ())
    form = ScopeForm(
        request.POST or None,
        initial={"activities": application.activities, "programs": application.programs.all()},
        activity_choices=[(code, label) for code, label in Activity.choices if code in allowed],
        program_queryset=organization.programs.exclude(version_state=VersionState.SUPERSEDED).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_set_scope(application, activities=form.cleaned_data["activities"],
                                           programs=form.cleaned_data["programs"], actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(safe_next(request) or application)
    return render(request, "applications/scope.html", {"application": application, "form": form,
                                                       "next": safe_next(request)})


@membership_required
def application_deviations(request, pk: int):
    application = _application(request, pk)
    if (locked := _refuse_if_locked(request, application)) is not None:
        return locked
    form = DeviationsForm(request.POST or None, initial=application.associate_deviations)
    if request.method == "POST" and form.is_valid():
        services.application_set_deviations(application, deviations=form.cleaned_data, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect(safe_next(request) or application)
    return render(request, "applications/deviations.html", {"application": application, "form": form,
                                                            "next": safe_next(request)})


@membership_required
def application_precheck(request, pk: int):
    application = _application(request, pk)
    report = services.application_precheck(application, lang=get_language()).to_dict()
    return render(request, "applications/precheck.html", {
        "application": application, "summary": report["summary"], "regulation": report["regulation"],
        "groups": selectors.group_findings(report, names=selectors.subject_names(application.organization),
                                          application=application),
    })


@membership_required
def application_check(request, pk: int):
    """Check your answers, then submit."""
    application = _application(request, pk)
    if (locked := _refuse_if_locked(request, application)) is not None:
        return locked
    # Bound on every POST, even one whose only field is an unticked checkbox, so the form says what is missing.
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.application_submit(application, actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Application %(reference)s is submitted (submission %(number)s).")
                             % {"reference": application.reference, "number": submission.number})
            return redirect(application)
    report = services.application_precheck(application, lang=get_language()).to_dict()
    organization = application.organization
    return render(request, "applications/check.html", {
        "application": application, "form": form, "summary": report["summary"],
        "groups": selectors.group_findings(report, statuses=("fail",),
                                          names=selectors.subject_names(organization), application=application),
        "programs": application.programs.order_by("name"),
        "staff": organization.staff.all(), "rooms": organization.rooms.all(), "partners": organization.partners.all(),
    })


@membership_required
def application_withdraw(request, pk: int):
    application = _application(request, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The application is withdrawn."))
        return redirect(application)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


@membership_required
def application_answer(request, pk: int, request_pk: int):
    application = _application(request, pk)
    change_request = get_object_or_404(application.change_requests.prefetch_related("items"), pk=request_pk)
    items = list(change_request.items.all())
    fix_urls = {item.pk: review_read.fix_url(item.subject, application, item.provision) for item in items}
    form = AnswerForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        # "Change this item" submits the form too: the answers typed so far are saved (not sent: the application
        # is resubmitted later), then the item's form opens and comes back here (``next``).
        editing = request.POST.get("edit", "")
        target = fix_urls.get(int(editing)) if editing.isdigit() else None
        try:
            services.change_request_answer(change_request, answers=form.answers(), actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if target:
                messages.info(request, _("Your answers so far are saved. Change the item, then come back to "
                                         "finish answering."))
                return redirect(with_next(target, request.path))
            messages.success(request, _("Your answers are saved. Submit the application again when it is ready."))
        return redirect(application)
    names = review_read.names(change_request.submission.records)
    rows = [(item, form[f"item_{item.pk}"], fix_urls[item.pk],
             review_read.subject_label(item.subject, names, item.provision)) for item in items]
    return render(request, "applications/answer.html", {
        "application": application, "change_request": change_request, "rows": rows, "form": form,
    })


@membership_required
def submission_detail(request, pk: int, number: int):
    application = _application(request, pk)
    submission = get_object_or_404(application.submissions, number=number)
    names = review_read.names(submission.records)
    return render(request, "applications/submission.html", {
        "application": application, "submission": submission,
        "groups": selectors.group_findings(review_read.localized_report(submission), statuses=("fail", "manual"),
                                          names=names),
        "documents": [doc for docs in review_read.evidence_of(submission, names).values() for doc in docs],
    })


def _program_of(request, pk) -> Program:
    return get_object_or_404(Program, pk=pk, organization=request.membership.organization)


@require_POST
@membership_required
def amendment_create(request):
    """An amendment for the chosen new versions of accredited programs; then checked and submitted as usual."""
    organization = request.membership.organization
    ids = [value for value in request.POST.getlist("programs") if value.isdigit()]
    programs = [_program_of(request, int(value)) for value in ids]
    try:
        application = amendments.amendment_create(organization, programs=programs, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:changes", pk=programs[0].pk) if programs else redirect("programs:list")
    messages.success(request, _("The amendment %(reference)s is prepared. Check it and submit it to the Office.")
                     % {"reference": application.reference})
    return redirect(application)


@require_POST
@membership_required
def version_editorial(request, program_pk: int):
    """Publish a new version whose every change is editorial (a recorded, public, dated version)."""
    program = _program_of(request, program_pk)
    try:
        amendments.version_publish_editorial(program, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:changes", pk=program.pk)
    messages.success(request, _("Version %(number)s is published as an editorial correction.")
                     % {"number": program.version})
    return redirect("programs:detail", pk=program.pk)
