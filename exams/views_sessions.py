"""Exam sessions: create one for a cohort, draw work tasks, record each learner's exam, issue certificates and watch
them being rendered; certificate download and retry; the public verification of a certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from exams import services
from exams.enums import ExamKind, RenderState
from exams.forms_sessions import ResultForm, RevokeCertificateForm, SessionForm
from exams.models import Certificate, Cohort, ExamResult, ExamSession
from core.forms import apply_validation_error
from core.http import private_file
from core.permissions import is_office
from providers.permissions import membership_required
from providers.selectors import membership_of


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("program", "organization"), pk=pk,
                             organization=request.membership.organization)


def _session(request, pk: int) -> ExamSession:
    return get_object_or_404(ExamSession.objects.select_related("cohort__program", "commission"), pk=pk,
                             cohort__organization=request.membership.organization)


def _result(request, pk: int) -> ExamResult:
    return get_object_or_404(ExamResult.objects.select_related("session__cohort__program", "session__commission",
                                                               "learner"),
                             pk=pk, session__cohort__organization=request.membership.organization)


def _messages_of(error: ValidationError) -> list[str]:
    return error.messages


@membership_required
def session_create(request, pk: int):
    cohort = _cohort(request, pk)
    form = SessionForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(cohort, commission=form.cleaned_data["commission"],
                                              held_on=form.cleaned_data["held_on"], actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The exam is set up for %(count)s learners.") % {
                "count": session.results.count()})
            return redirect(session)
    return render(request, "exams/session_create.html", {"cohort": cohort, "form": form})


def _progress(session: ExamSession) -> dict:
    passed = session.results.filter(grade="passed").count()
    counts = Certificate.objects.filter(result__session=session).aggregate(
        issued=Count("pk"), ready=Count("pk", filter=Q(state=RenderState.READY)),
        failed=Count("pk", filter=Q(state=RenderState.FAILED)),
        pending=Count("pk", filter=Q(state=RenderState.PENDING)))
    total = counts["issued"]
    done = counts["ready"] + counts["failed"]
    return {**counts, "passed": passed, "percent": round(100 * done / total) if total else 0,
            "finished": bool(total) and counts["pending"] == 0}


@membership_required
def session_detail(request, pk: int):
    session = _session(request, pk)
    results = (session.results.select_related("learner", "certificate").prefetch_related("drawn_tasks")
               .order_by("learner__last_name", "learner__first_name"))
    return render(request, "exams/session_detail.html", {
        "session": session, "cohort": session.cohort, "results": results,
        "members": session.commission.members.all(), "progress": _progress(session),
        "professional": session.commission.exam == ExamKind.PROFESSIONAL,
    })


@never_cache
@membership_required
def session_progress(request, pk: int):
    """Polled by the progress bar (static/js/progress.js) while certificates are rendered."""
    session = _session(request, pk)
    return JsonResponse(_progress(session))


@require_POST
@membership_required
def session_issue(request, pk: int):
    session = _session(request, pk)
    certificates = services.session_issue_certificates(session, actor=request.user)
    if certificates:
        messages.success(request, _("%(count)s certificates are being prepared.") % {"count": len(certificates)})
    else:
        messages.info(request, _("No learner has passed yet."))
    return redirect(session.get_absolute_url() + "#certificates")


@require_POST
@membership_required
def result_draw(request, pk: int):
    result = _result(request, pk)
    try:
        services.result_draw(result, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
    else:
        messages.success(request, _("Work tasks drawn for %(name)s.") % {"name": result.learner})
    return redirect(result.session.get_absolute_url() + f"#result-{result.pk}")


@membership_required
def result_record(request, pk: int):
    result = _result(request, pk)
    session = result.session
    members = list(session.commission.members.all())
    drawn = list(result.drawn_tasks.all())
    professional = session.commission.exam == ExamKind.PROFESSIONAL
    if professional and not drawn:
        messages.error(request, _("Draw the work tasks first (Art. 6.4)."))
        return redirect(session.get_absolute_url() + f"#result-{result.pk}")
    form = ResultForm(request.POST or None, result=result, members=members, drawn=drawn, professional=professional)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_record(result, actor=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            result.refresh_from_db()
            messages.success(request, _("%(name)s: %(grade)s.") % {"name": result.learner,
                                                                    "grade": result.get_grade_display()})
            return redirect(session.get_absolute_url() + f"#result-{result.pk}")
    return render(request, "exams/session_result.html", {
        "session": session, "result": result, "form": form, "professional": professional, "drawn": drawn,
    })


def _certificate_for(request, pk: int) -> Certificate:
    certificates = Certificate.objects.select_related("result__learner", "issuer")
    if is_office(request.user):
        certificate = certificates.filter(pk=pk).first()
    else:
        membership = membership_of(request.user)
        certificate = certificates.filter(pk=pk, issuer_id=membership.organization_id).first() if membership else None
    if certificate is None:
        raise Http404
    return certificate


def certificate_download(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = _certificate_for(request, pk)
    if certificate.state != RenderState.READY or not certificate.file:
        raise Http404
    return private_file(certificate.file, filename=f"{certificate.serial}.pdf", content_type="application/pdf",
                        inline=request.GET.get("inline") == "1")


@require_POST
@membership_required
def certificate_retry(request, pk: int):
    certificate = _certificate_for(request, pk)
    if certificate.issuer_id != request.membership.organization_id:
        raise PermissionDenied
    certificate = services.certificate_retry(certificate, actor=request.user)
    if certificate.state == RenderState.FAILED:
        messages.error(request, _("%(serial)s failed again: %(error)s") % {"serial": certificate.serial,
                                                                            "error": certificate.error})
    else:
        messages.success(request, _("%(serial)s is being prepared again.") % {"serial": certificate.serial})
    return redirect(certificate.result.session.get_absolute_url() + "#certificates")


@membership_required
def certificate_revoke(request, pk: int):
    certificate = _certificate_for(request, pk)
    if certificate.issuer_id != request.membership.organization_id:
        raise Http404
    form = RevokeCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(certificate, reasons=form.cleaned_data["reasons"], actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(serial)s is revoked.") % {"serial": certificate.serial})
            return redirect(certificate.result.session.get_absolute_url() + "#certificates")
    return render(request, "exams/certificate_revoke.html", {"certificate": certificate, "form": form})


def public_course(request, pk: int):
    """Art. 6.3: what learners of a cohort see before it starts: the program, dates and the published task lists.
    Only cohorts of programs the public sees (in an accreditation in force today); any other cohort is a 404."""
    today = timezone.localdate()
    cohort = get_object_or_404(Cohort.objects.select_related("program", "organization")
                               .filter(program__public_from__lte=today, program__public_until__gte=today), pk=pk)
    task_lists = [t for t in cohort.program.task_lists.all() if t.published_on and t.published_on <= today]
    return render(request, "exams/public_course.html", {"cohort": cohort, "program": cohort.program,
                                                        "task_lists": task_lists})


def verify_certificate(request, code: str):
    """The public verification of a certificate (registered with core.verification): masked holder,
    program, issuer, date, and whether the issuer was accredited for the program on the date of issue."""
    certificate = (Certificate.objects.select_related("result__learner", "program", "issuer")
                   .filter(code=code).first())
    if certificate is None:
        return None
    accredited = any(a.valid_on(certificate.issued_on) for a in certificate.program.accreditations.all()
                     if a.organization_id == certificate.issuer_id)
    response = render(request, "exams/verify_certificate.html", {
        "certificate": certificate, "holder": certificate.result.learner.masked, "accredited": accredited,
    })
    response["X-Robots-Tag"] = "noindex"
    return response
