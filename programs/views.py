"""The provider's programs. Every page needs a membership; programs are looked up within the user's organization,
so another provider's ids are 404 and the Office (no membership) gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import apply_validation_error
from core.http import safe_next
from programs import selectors, services
from programs.enums import SECTION_BY_SLUG, SECTIONS
from programs.forms import SECTION_FORMS, SECTION_FORMSETS, SECTION_RELATIONS, BasicsForm
from programs.models import Program
from programs.versions import is_editorial, version_diff
from providers.permissions import membership_required


def _program(request, pk: int) -> Program:
    try:
        return selectors.program_for_overview(request.membership.organization, pk)
    except Program.DoesNotExist:
        raise Http404 from None


@membership_required
def program_list(request):
    organization = request.membership.organization
    programs = list(selectors.program_list(organization))
    rows = [(program, selectors.missing_elements(program)) for program in programs]
    return render(request, "programs/list.html", {"organization": organization, "items": rows})


@require_http_methods(["GET", "POST"])
@membership_required
def program_create(request):
    organization = request.membership.organization
    form = BasicsForm(request.POST or None, organization=organization, instance=Program(organization=organization))
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                organization, actor=request.user, values={name: form.cleaned_data[name] for name in form.Meta.fields}
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The program is created. Fill in the other sections when you can."))
            return redirect("programs:detail", pk=program.pk)
    return render(request, "programs/create.html", {"form": form, "section": SECTIONS[0]})


def _version_context(program: Program) -> dict:
    """What the pages of a program say about its version: frozen or not and why, the version in preparation, the
    approved version it would replace and what it changes."""
    predecessor = services.approved_predecessor(program) if program.lineage_root_id else None
    changes = version_diff(predecessor, program) if predecessor is not None else []
    return {
        "frozen_reason": services.frozen_refusal(program),
        "open_version": services.open_version(program) if program.is_frozen else None,
        "predecessor": predecessor,
        "changes": changes,
        "editorial_only": is_editorial(changes),
        "versions": list(services.program_versions(program)),
    }


def _frozen(request, program: Program, *, status: int = 200):
    """The edit pages of a frozen version: why it cannot be changed, and how to change the program."""
    return render(request, "programs/frozen.html", {"program": program, **_version_context(program)}, status=status)


@membership_required
def program_detail(request, pk: int):
    program = _program(request, pk)
    return render(request, "programs/detail.html", {
        **_version_context(program),
        "program": program,
        "sections": selectors.section_status(program),
        "checklist": selectors.element_checklist(program),
        "missing": selectors.missing_elements(program),
        "warnings": selectors.program_warnings(program),
    })


@require_http_methods(["GET", "POST"])
@membership_required
def program_section(request, pk: int, section: str):
    if section not in SECTION_BY_SLUG:
        raise Http404
    program = _program(request, pk)
    if program.is_frozen:
        if request.method == "POST":
            messages.error(request, services.frozen_refusal(program))
        return _frozen(request, program, status=409 if request.method == "POST" else 200)
    organization = request.membership.organization
    data = request.POST if request.method == "POST" else None
    form = SECTION_FORMS[section](data, organization=organization, instance=program)
    formsets = []
    if section in SECTION_FORMSETS:
        _relation, formset_class = SECTION_FORMSETS[section]
        formsets.append(formset_class(data, instance=program))
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets):
        try:
            services.program_save(
                form.instance, actor=request.user, section=section,
                relations={name: form.cleaned_data[name] for name in SECTION_RELATIONS.get(section, ())},
                formsets=formsets,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("“%(section)s” is saved.") % {"section": SECTION_BY_SLUG[section].title})
            if next_page := safe_next(request):
                return redirect(next_page)
            if "return" in request.POST:
                return redirect("programs:detail", pk=program.pk)
            return redirect("programs:section", pk=program.pk, section=section)
    return render(request, "programs/section.html", {
        "program": program,
        "section": SECTION_BY_SLUG[section],
        "sections": SECTIONS,
        "form": form,
        "formset": formsets[0] if formsets else None,
        "formset_relation": SECTION_FORMSETS.get(section, (None,))[0],
        "warnings": selectors.program_warnings(program) if request.method == "GET" else [],
    })


@require_http_methods(["GET", "POST"])
@membership_required
def program_delete(request, pk: int):
    program = _program(request, pk)
    if program.is_frozen:
        if request.method == "POST":
            messages.error(request, services.frozen_refusal(program))
        return _frozen(request, program, status=409 if request.method == "POST" else 200)
    if request.method == "POST":
        services.program_delete(program, actor=request.user)
        messages.success(request, _("The program “%(name)s” is deleted.") % {"name": program.name})
        return redirect("programs:list")
    return render(request, "programs/delete.html", {"program": program})


@require_POST
@membership_required
def program_version_start(request, pk: int):
    """Start a new version of a frozen program (a draft copy); the approved one stays public."""
    program = _program(request, pk)
    try:
        version = services.program_version_start(program, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:detail", pk=program.pk)
    messages.success(request, _("Version %(number)s of the program is started: change what you need, then submit "
                                "it for approval. Until the Office approves it, the public sees the approved "
                                "version.") % {"number": version.version})
    return redirect("programs:detail", pk=version.pk)


@membership_required
def program_changes(request, pk: int):
    """What a new version changes against the approved one: label, approved value, new value."""
    program = _program(request, pk)
    context = _version_context(program)
    if context["predecessor"] is None:
        raise Http404
    return render(request, "programs/changes.html", {"program": program, **context})
