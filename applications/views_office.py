"""The Office's pages: the review queue, the review screen, and the actions on it (thin: services do the work)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import rules
from applications import amendments, review_read, selectors, services
from applications.documents import provision_citation
from applications.enums import DECIDABLE_STATES, REVIEW_STATES, ApplicationState, Verdict
from applications.forms import (
    AssignForm,
    BulkVerdictForm,
    ChangeItemFormSet,
    ChangeRequestForm,
    DecideForm,
    NoConflictForm,
    OwnFindingForm,
    RecommendForm,
    VerdictForm,
)
from applications.models import Application, Review, SubmittedDocument
from core.audit import audit_trail
from core.forms import apply_validation_error
from core.http import private_file
from core.permissions import office_required
from providers import uploads


def _application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("organization").exclude(
        state=ApplicationState.DRAFT), pk=pk)


def _latest(application: Application):
    submission = application.submissions.order_by("-number").first()
    if submission is None:
        raise Http404
    return submission


def _back(application: Application, anchor: str = "") -> str:
    return reverse("office:review", kwargs={"pk": application.pk}) + anchor


@office_required
def queue(request):
    filters = selectors.QueueFilters(
        state=request.GET.get("state", "open"), reviewer=request.GET.get("reviewer", "any"),
        q=request.GET.get("q", "")[:100], sort=request.GET.get("sort", "deadline"),
    )
    page = Paginator(selectors.review_queue(filters, user=request.user), 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for application in page.object_list:
        left = selectors.days_left(application, today)
        rows.append((application, selectors.decision_due(application), left, -left if left is not None else None))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "office/queue.html", {
        "page": page, "rows": rows, "filters": filters, "query": query.urlencode(),
        "workload": selectors.reviewer_workload(),
        "states": [("open", _("With the Office"))] + [
            (value, label) for value, label in ApplicationState.choices if value != ApplicationState.DRAFT],
        "sorts": [("deadline", _("Deadline")), ("submitted", _("Newest first")), ("provider", _("Provider")),
                  ("state", _("State"))],
    })


@office_required
def review(request, pk: int):
    return _review_page(request, _application(pk))


def _review_page(request, application: Application, *, take_form: NoConflictForm | None = None,
                 declare_form: NoConflictForm | None = None):
    """The review screen; take and declare render it again with their form's error."""
    submissions = list(application.submissions.order_by("number"))
    if not submissions:
        raise Http404
    number = request.GET.get("submission")
    current = next((s for s in submissions if str(s.number) == number), submissions[-1])
    previous = next((s for s in submissions if s.number == current.number - 1), None)
    review_row = Review.objects.filter(application=application).select_related(
        "reviewer", "recommended_by", "decided_by").first()
    user = request.user
    is_latest = current.number == submissions[-1].number
    assigned_to_me = bool(review_row and review_row.reviewer_id == user.pk) or user.is_superuser
    conflict = services.conflict_refusal(application, user)
    may_review = (application.state == ApplicationState.IN_REVIEW and is_latest and assigned_to_me
                  and (user.is_office_reviewer or user.is_superuser) and conflict is None)
    declared = may_review and services.review_declared(application, user)
    can_review = may_review and declared
    subjects = selectors.submission_subjects(current)
    view = review_read.submission_view(current)
    groups = review_read.review_groups(current, view=view)
    passes = review_read.review_groups(current, statuses=("pass",), view=view)
    context = {
        "application": application,
        "submission": current,
        "submissions": submissions,
        "previous": previous,
        "review": review_row,
        "groups": groups,
        "passes": passes,
        "passes_count": sum(len(g.findings) for g in passes),
        "passes_open": sum(1 for g in passes for f in g.findings if f.verdict is None),
        "carried_count": sum(1 for g in groups for f in g.findings if f.verdict and f.verdict.carried_from),
        "own_findings": [(f, review_read.subject_label(f.subject, view["names"], f.provision))
                         for f in current.review_findings.filter(own=True).select_related("reviewer")],
        "diff": review_read.readable_diff(previous, current),
        "view": view,
        "activities": view["activities"],
        "change_requests": _named_requests(application, view["names"]),
        "official_documents": application.official_documents.order_by("issued_on", "serial", "script"),
        "accreditations": application.accreditations.prefetch_related("programs"),
        "history": audit_trail(application)[:200],
        "due": selectors.decision_due(application),
        "days_left": selectors.days_left(application, timezone.localdate()),
        "can_take": (user.is_office_reviewer or user.is_superuser) and application.state in REVIEW_STATES
                    and conflict is None
                    and (application.state == ApplicationState.SUBMITTED
                         or not (review_row and review_row.reviewer_id == user.pk)),
        "take_form": take_form or NoConflictForm(prefix="take"),
        "must_declare": may_review and not declared,
        "declare_form": declare_form or NoConflictForm(prefix="declare"),
        "conflict": conflict,
        "mine": bool(review_row and review_row.reviewer_id == user.pk),
        "can_review": can_review,
        "can_decide": application.state in DECIDABLE_STATES and services.four_eyes_refusal(application, user) is None,
        "decide_refusal": services.four_eyes_refusal(application, user) if application.state in DECIDABLE_STATES
                          else None,
        "assign_form": AssignForm(initial={"reviewer": review_row.reviewer_id if review_row else None}),
        "verdict_choices": Verdict.choices,
        "own_form": OwnFindingForm(provisions=_provision_choices(), subjects=subjects),
        "blockers": services.review_blockers(current) if can_review else [],
        "amendment": amendments.amendment_diffs(application) if application.is_amendment else None,
    }
    return render(request, "office/review.html", context)


def _named_requests(application: Application, names: dict[str, str]) -> list[selectors.NamedChangeRequest]:
    requests = application.change_requests.prefetch_related("items").select_related("requested_by")
    return [selectors.NamedChangeRequest(cr, [(review_read.subject_label(i.subject, names, i.provision), i.comment,
                                               i.answer) for i in cr.items.all()]) for cr in requests]


def _provision_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language

    from applications.documents import provision_citation

    language = get_language() if get_language() in ("sr", "sr-latn", "en") else "sr"
    return [(p.id, f"{provision_citation(p.id)} — {p.title(language)}") for p in rules.provisions()]


@require_POST
@office_required
def take(request, pk: int):
    """Take the application, declaring no conflict of interest (without the declaration: the page with the error)."""
    application = _application(pk)
    form = NoConflictForm(request.POST, prefix="take")
    if not form.is_valid():
        return _review_page(request, application, take_form=form)
    try:
        services.application_assign(application, reviewer=request.user, actor=request.user,
                                    declares_no_conflict=form.cleaned_data["declaration"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])) or _("Not allowed."))
    else:
        messages.success(request, _("The application is assigned to you."))
    return redirect(_back(application))


@require_POST
@office_required
def declare(request, pk: int):
    """The reviewer a colleague assigned declares no conflict of interest before the first review action."""
    application = _application(pk)
    form = NoConflictForm(request.POST, prefix="declare")
    if not form.is_valid():
        return _review_page(request, application, declare_form=form)
    try:
        services.review_declare(application, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])) or _("Not allowed."))
    else:
        messages.success(request, _("Your declaration is recorded: you can review the application."))
    return redirect(_back(application))


@require_POST
@office_required
def assign(request, pk: int):
    application = _application(pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.application_assign(application, reviewer=form.cleaned_data["reviewer"], actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The reviewer is assigned."))
    else:
        messages.error(request, _("Choose a reviewer."))
    return redirect(_back(application))


@require_POST
@office_required
def verdict(request, pk: int):
    application = _application(pk)
    submission = _latest(application)
    form = VerdictForm(request.POST)
    anchor = ""
    if form.is_valid():
        data = form.cleaned_data
        anchor = "#" + review_read.anchor(data["provision"], data["subject"])
        try:
            services.review_verdict_record(submission, provision=data["provision"], subject=data["subject"],
                                           verdict=data["verdict"], comment=data["comment"], actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Verdict on %(provision)s saved.") % {
                "provision": provision_citation(data["provision"])})
    else:
        messages.error(request, _("Choose a verdict."))
    return redirect(_back(application, anchor))


def _manual_keys(submission) -> list[tuple[str, str]]:
    return list(dict.fromkeys((f["provision"], f["subject"]) for f in submission.report.get("findings", [])
                              if f["status"] == "manual"))


@require_POST
@office_required
def verdicts_bulk(request, pk: int):
    """One verdict on several selected requirements of the report."""
    application = _application(pk)
    submission = _latest(application)
    form = BulkVerdictForm(request.POST, keys=_manual_keys(submission))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_back(application, "#report-heading"))
    try:
        recorded = services.review_verdicts_record_many(
            submission, items=form.pairs(), verdict=form.cleaned_data["verdict"],
            comment=form.cleaned_data["comment"], actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [])) or _("Not allowed."))
    else:
        messages.success(request, _("The verdict is recorded on %(count)s requirement(s).") % {"count": len(recorded)})
    return redirect(_back(application, "#report-heading"))


@require_POST
@office_required
def confirm_passes(request, pk: int):
    """Confirm at once every requirement the rules engine found met."""
    application = _application(pk)
    submission = _latest(application)
    try:
        count = services.review_passes_confirm(submission, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [])) or _("Not allowed."))
    else:
        messages.success(request, _("%(count)s requirement(s) met according to the rules engine are confirmed.")
                         % {"count": count})
    return redirect(_back(application, "#passes"))


@office_required
def own_finding(request, pk: int):
    application = _application(pk)
    submission = _latest(application)
    form = OwnFindingForm(request.POST or None, provisions=_provision_choices(),
                          subjects=selectors.submission_subjects(submission))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_finding_add(submission, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your finding is added."))
            return redirect(_back(application, "#own-findings"))
    return render(request, "office/own_finding.html", {"application": application, "form": form})


@office_required
def request_changes(request, pk: int):
    """Ask the provider for changes: pre-filled with a comment per item judged "not met"; as many comments as
    needed on any item ("More comments" adds rows without sending); a day to answer by."""
    from datetime import timedelta

    application = _application(pk)
    submission = _latest(application)
    groups = review_read.comment_subjects(submission)
    data = request.POST.copy() if request.method == "POST" else None
    more = data is not None and "more" in data
    if more:
        total = data.get("items-TOTAL_FORMS", "0")
        data["items-TOTAL_FORMS"] = str(min(int(total) + 3 if total.isdigit() else 3, ChangeItemFormSet.max_num))
    prefill = services.change_request_prefill(submission)
    form = ChangeRequestForm(data, initial={
        "respond_by": timezone.localdate() + timedelta(days=services.CHANGE_REQUEST_DEFAULT_DAYS)})
    formset = ChangeItemFormSet(data, prefix="items", form_kwargs={"subjects": groups},
                                # bound, the rows are what was typed (an initial row left as it was must count)
                                initial=None if data is not None else
                                [{"subject": s, "comment": c, "provision": p} for s, c, p in prefill])
    if data is not None and not more and form.is_valid() and formset.is_valid():
        try:
            services.application_request_changes(application, actor=request.user, note=form.cleaned_data["note"],
                                                 items=formset.items(), respond_by=form.cleaned_data["respond_by"])
        except PermissionDenied:
            form.add_error(None, _("Not allowed."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The provider is asked for changes."))
            return redirect(_back(application))
    return render(request, "office/request_changes.html", {
        "application": application, "form": form, "formset": formset, "prefilled": len(prefill),
        "bound": data is not None and not more})


@office_required
def recommend(request, pk: int):
    application = _application(pk)
    submission = _latest(application)
    form = RecommendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_recommend(application, outcome=form.cleaned_data["outcome"],
                                           reasons=form.cleaned_data["reasons"], actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                apply_validation_error(form, error)
            else:
                form.add_error(None, _("Only the reviewer assigned to the application can recommend."))
        else:
            messages.success(request, _("Your recommendation is recorded; a decider decides next."))
            return redirect(_back(application))
    return render(request, "office/recommend.html", {
        "application": application, "form": form, "blockers": services.review_blockers(submission)})


@office_required
def decide(request, pk: int):
    application = _application(pk)
    refusal = services.four_eyes_refusal(application, request.user)
    if refusal:
        raise PermissionDenied(refusal)
    review_row = Review.objects.filter(application=application).select_related("recommended_by").first()
    form = DecideForm(request.POST or None, initial={
        "expected_state": application.state,
        "outcome": review_row.recommendation if review_row else None,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(application, outcome=form.cleaned_data["outcome"],
                                        reasons=form.cleaned_data["reasons"], actor=request.user,
                                        expected_state=form.cleaned_data["expected_state"],
                                        declares_no_conflict=form.cleaned_data["declaration"])
        except services.StaleState as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_back(application))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The decision is made; its documents are being prepared."))
            return redirect(_back(application, "#documents"))
    return render(request, "office/decide.html", {
        "application": application, "form": form, "review": review_row,
        "decidable": application.state in DECIDABLE_STATES,
    })


def submitted_document(request, pk: int):
    """A frozen evidence file: to the Office and to members of the organization that submitted it."""
    from django.contrib.auth.views import redirect_to_login

    from core.permissions import is_office

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = get_object_or_404(SubmittedDocument.objects.select_related("submission__application"), pk=pk)
    organization_id = document.submission.application.organization_id
    member = getattr(request.user, "membership", None)
    if not (is_office(request.user) or (member and member.organization_id == organization_id)):
        raise Http404
    inline = request.GET.get("inline") == "1" and document.content_type in uploads.INLINE_CONTENT_TYPES
    response = private_file(document.file, filename=document.original_name, content_type=document.content_type,
                            inline=inline)
    if inline:
        # Shown inside the review page (<iframe>/<img>): this response, and only this one, may be framed by the
        # portal's own pages; nothing else may frame it, and it runs no script.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_replace = {"frame-ancestors": ["'self'"], "script-src": ["'none'"]}
    return response
