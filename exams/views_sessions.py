"""Exam sessions: create one for a cohort, draw work tasks, record each learner's exam, issue certificates and watch
them being rendered; certificate download and retry; the public verification of a certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from django.urls import reverse
from django.utils.http import urlencode

from exams import documents, services
from exams import verification as certificate_verification
from exams.enums import CertificateKind, ExamKind, RenderState
from exams.forms_sessions import DuplicateCertificateForm, ResultForm, RevokeCertificateForm, SessionForm, \
    VerifySerialForm
from exams.models import Certificate, Cohort, ExamResult, ExamSession
from core.forms import apply_validation_error
from core.ordering import typed_order
from core.http import private_file
from rules.translit import fold
from core.permissions import is_office
from providers.enums import OrganizationKind
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
                                              held_on=form.cleaned_data["held_on"], actor=request.user,
                                              lang=get_language())
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
    to_issue = session.results.filter(grade="passed", certificates__isnull=True).count()
    return {**counts, "passed": passed, "to_issue": to_issue, "percent": round(100 * done / total) if total else 0,
            "finished": bool(total) and counts["pending"] == 0}


@membership_required
def session_detail(request, pk: int):
    session = _session(request, pk)
    results = (session.results.select_related("learner").prefetch_related("drawn_tasks", "certificates")
               .order_by(*typed_order("learner__last_name", "learner__first_name")))
    return render(request, "exams/session_detail.html", {
        "session": session, "cohort": session.cohort, "results": results,
        "members": session.commission.members.order_by("-chair", *typed_order("last_name", "first_name")),
        "progress": _progress(session),
        "professional": session.commission.exam == ExamKind.PROFESSIONAL,
    })


@never_cache
@membership_required
def session_record(request, pk: int):
    """The exam record (записник о испиту) of the session as a PDF, in the page's language; members only."""
    session = _session(request, pk)
    pdf = documents.exam_record_render(session, language=get_language())
    return private_file(ContentFile(pdf), filename=f"zapisnik-{session.held_on:%Y-%m-%d}-{session.pk}.pdf",
                        content_type="application/pdf", inline=request.GET.get("inline") == "1")


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
    try:
        certificates = services.session_issue_certificates(session, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
        return redirect(session.get_absolute_url() + "#certificates")
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
    certificate = result.certificates.filter(revoked_at__isnull=True).first()
    form = ResultForm(request.POST or None, result=result, members=members, drawn=drawn, professional=professional,
                      certificate=certificate)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_record(result, actor=request.user, lang=get_language(), **form.service_arguments())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            result.refresh_from_db()
            messages.success(request, _("%(name)s: %(grade)s.") % {"name": result.learner,
                                                                    "grade": result.grade_label})
            return redirect(session.get_absolute_url() + f"#result-{result.pk}")
    return render(request, "exams/session_result.html", {
        "session": session, "result": result, "form": form, "professional": professional, "drawn": drawn,
        "certificate": certificate, "explanation": services.result_explanation(result, lang=get_language()),
    })


def _certificate_for(request, pk: int) -> Certificate:
    certificates = Certificate.objects.select_related("result__learner", "result__session", "issuer", "program",
                                                      "replaces")
    if is_office(request.user):
        certificate = certificates.filter(pk=pk).first()
    else:
        membership = membership_of(request.user)
        certificate = certificates.filter(pk=pk, issuer_id=membership.organization_id).first() if membership else None
    if certificate is None:
        raise Http404
    return certificate


def certificate_download(request, pk: int):
    """The PDF once rendered. A revoked certificate is served only as re-rendered with its REVOKED mark; until that
    copy is ready, the page explains why there is no file."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = _certificate_for(request, pk)
    if certificate.revoked_at and (certificate.state != RenderState.READY or not certificate.file):
        return render(request, "exams/certificate_unavailable.html", {"certificate": certificate}, status=409)
    if certificate.state != RenderState.READY or not certificate.file:
        raise Http404
    # The copy marked REVOKED is named so beside the original a person kept (ASCII: fold of the page's word).
    word = pgettext("file name of a revoked certificate", "revoked")
    suffix = f"-{fold(word)}" if certificate.revoked_at else ""
    return private_file(certificate.file, filename=f"{certificate.serial}{suffix}.pdf", content_type="application/pdf",
                        inline=request.GET.get("inline") == "1")


def _own_certificate(request, pk: int) -> Certificate:
    certificate = _certificate_for(request, pk)
    if certificate.issuer_id != request.membership.organization_id:
        raise Http404
    return certificate


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
def certificate_detail(request, pk: int):
    """The issuer's page of one certificate: its state, what it replaces or what replaced it, and its actions."""
    certificate = _own_certificate(request, pk)
    replaced_by = Certificate.objects.filter(replaces=certificate).first()
    return render(request, "exams/certificate_detail.html", {
        "certificate": certificate, "learner": certificate.result.learner, "session": certificate.result.session,
        "replaced_by": replaced_by, "replaces": certificate.replaces,
        "can_reissue": (certificate.revoked_at is not None and replaced_by is None
                        and certificate.result.grade == "passed"),
        "history": certificate.result.certificates.order_by("pk"),
    })


@membership_required
def certificate_revoke(request, pk: int):
    certificate = _own_certificate(request, pk)
    form = RevokeCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(certificate, reason=form.cleaned_data["reason"],
                                        reasons=form.cleaned_data["reasons"], actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(serial)s is revoked.") % {"serial": certificate.serial})
            return redirect("exams:certificate", pk=certificate.pk)
    return render(request, "exams/certificate_revoke.html", {"certificate": certificate, "form": form})


@require_POST
@membership_required
def certificate_reissue(request, pk: int):
    certificate = _own_certificate(request, pk)
    try:
        corrected = services.certificate_reissue(certificate, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
        return redirect("exams:certificate", pk=certificate.pk)
    messages.success(request, _("The corrected certificate %(serial)s replaces %(old)s.")
                     % {"serial": corrected.serial, "old": certificate.serial})
    return redirect("exams:certificate", pk=corrected.pk)


@membership_required
def certificate_duplicate(request, pk: int):
    certificate = _own_certificate(request, pk)
    form = DuplicateCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            duplicate = services.certificate_duplicate(certificate, reasons=form.cleaned_data["reasons"],
                                                       actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The duplicate %(serial)s is issued; %(old)s is no longer valid.")
                             % {"serial": duplicate.serial, "old": certificate.serial})
            return redirect("exams:certificate", pk=duplicate.pk)
    return render(request, "exams/certificate_duplicate.html", {"certificate": certificate, "form": form})


def public_course(request, pk: int):
    """Art. 6.3: what learners of a cohort see before it starts: the program, dates and the published task lists.
    Only cohorts of programs the public sees (in an accreditation in force today); any other cohort is a 404."""
    today = timezone.localdate()
    cohort = get_object_or_404(Cohort.objects.select_related("program", "organization")
                               .filter(program__public_from__lte=today, program__public_until__gte=today), pk=pk)
    task_lists = [t for t in cohort.program.task_lists.all() if t.published_on and t.published_on <= today]
    return render(request, "exams/public_course.html", {"cohort": cohort, "program": cohort.program,
                                                        "task_lists": task_lists})


def _verification_page(request, certificate: Certificate, *, by_serial: bool = False):
    """What verification shows: the state (valid, or revoked with its date and reason category), what replaced it
    or what it replaces, and the least personal data that proves the point (the holder's initials)."""
    accredited = any(a.valid_on(certificate.issued_on) for a in certificate.program.accreditations.all()
                     if a.organization_id == certificate.issuer_id)
    learner = certificate.result.learner
    response = render(request, "exams/verify_certificate.html", {
        "certificate": certificate, "holder": learner.masked, "accredited": accredited, "by_serial": by_serial,
        "replaced_by": Certificate.objects.filter(replaces=certificate).first(), "replaces": certificate.replaces,
        "duplicate": certificate.kind == CertificateKind.DUPLICATE,
        "revoked_on": timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
        "school_kinds": OrganizationKind.schools(),
    })
    response["X-Robots-Tag"] = "noindex"
    return response


def too_many_verifications(request):
    """429: the verifications from this connection are over the limit; the page says for how long, in minutes."""
    seconds = certificate_verification.window_seconds()
    response = render(request, "exams/verify_limited.html", {"minutes": max(1, -(-seconds // 60))}, status=429)
    response["Retry-After"] = str(seconds)
    response["X-Robots-Tag"] = "noindex"
    return response


def verify_certificate(request, code: str):
    """The public verification of a certificate by its code (registered with core.verification, which asks every
    code that is not one of the Office's documents). Counted against the client's limit. A serial number that
    arrives here (typed into the generic form) leads to the page that asks for the holder's surname or date of
    birth as well; it never shows a certificate by itself."""
    serial = certificate_verification.serial_from_compact(code)
    if serial is not None:
        return HttpResponseRedirect(reverse("exams:verify_serial") + "?" + urlencode({"serial": serial}))
    if not certificate_verification.attempt_allowed(request):
        return too_many_verifications(request)
    certificate = (Certificate.objects.select_related("result__learner", "program", "issuer", "replaces")
                   .filter(code=code).first())
    if certificate is None:
        return None
    return _verification_page(request, certificate)


@never_cache
def verify_serial(request):
    """Verification by serial number: with the holder's surname or date of birth; the same answer for a serial that
    does not exist and for a wrong surname, so serials cannot be walked."""
    if request.method == "POST":
        form = VerifySerialForm(request.POST)
        if not certificate_verification.attempt_allowed(request):
            return too_many_verifications(request)
        if form.is_valid():
            certificate = certificate_verification.certificate_by_serial(
                form.cleaned_data["serial"], surname=form.cleaned_data["surname"],
                birth_date=form.cleaned_data["birth_date"])
            if certificate is not None:
                return _verification_page(request, certificate, by_serial=True)
            form.add_error(None, _("No certificate with this serial number matches the surname or date of birth "
                                   "given. Check both against the certificate."))
    else:
        form = VerifySerialForm(initial={"serial": request.GET.get("serial", "")[:40]})
    response = render(request, "exams/verify_serial.html", {"form": form})
    response["X-Robots-Tag"] = "noindex"
    return response
