from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from noks_portal.audit import audit_trail
from noks_portal.forms import apply_validation_error
from noks_portal.permissions import anonymous_only, office_required
from providers import selectors, services
from providers.forms import AccountForm, InvitationForm, OrganizationForm
from providers.models import Invitation, Membership, Organization
from providers.permissions import membership_required


@anonymous_only
def register(request):
    account_form = AccountForm(request.POST or None, prefix="account")
    organization_form = OrganizationForm(request.POST or None, prefix="org")
    if request.method == "POST" and account_form.is_valid() and organization_form.is_valid():
        data = account_form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_register(username=data["username"], email=data["email"],
                                              password=data["password1"], first_name=data["first_name"],
                                              last_name=data["last_name"])
                services.organization_register(organization_form.instance, owner=user)
        except ValidationError as error:
            apply_validation_error(organization_form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your organization is registered. Welcome to the NOKS portal."))
            return redirect("providers:organization")
    return render(request, "providers/register.html",
                  {"account_form": account_form, "organization_form": organization_form})


@membership_required
def organization(request):
    org = request.membership.organization
    return render(request, "providers/organization.html", {
        "organization": org,
        "membership": request.membership,
        "members": selectors.organization_members(org),
    })


@membership_required(owner=True)
def organization_edit(request):
    org = request.membership.organization
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The organization's particulars are saved."))
            return redirect("providers:organization")
    return render(request, "providers/organization_form.html", {"form": form, "organization": org})


@membership_required
def members(request):
    org = request.membership.organization
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not request.membership.is_owner:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(org, email=form.cleaned_data["email"], invited_by=request.user,
                                           lang=get_language())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The invitation is sent to %(email)s.") % form.cleaned_data)
                return redirect("providers:members")
    return render(request, "providers/members.html", {
        "organization": org,
        "membership": request.membership,
        "members": selectors.organization_members(org),
        "invitations": selectors.pending_invitations(org) if request.membership.is_owner else [],
        "form": form,
    })


@require_POST
@membership_required(owner=True)
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk, organization=request.membership.organization)
    try:
        services.invitation_revoke(invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation is revoked."))
    return redirect("providers:members")


@require_POST
@membership_required(owner=True)
def member_remove(request, pk: int):
    membership = get_object_or_404(Membership, pk=pk, organization=request.membership.organization)
    try:
        services.membership_remove(membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s no longer belongs to the organization.") % {"name": membership.user})
    return redirect("providers:members")


def invitation_accept(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), token=token)
    if not invitation.is_usable:
        return render(request, "providers/invitation_invalid.html", {"invitation": invitation}, status=410)
    if request.user.is_authenticated:
        form = None
        if request.method == "POST":
            try:
                services.invitation_accept(invitation, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("You have joined %(organization)s.")
                                 % {"organization": invitation.organization})
                return redirect("providers:organization")
    else:
        form = AccountForm(request.POST or None, initial={"email": invitation.email}, prefix="account")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    user = services.user_register(username=data["username"], email=data["email"],
                                                  password=data["password1"], first_name=data["first_name"],
                                                  last_name=data["last_name"])
                    services.invitation_accept(invitation, user=user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("You have joined %(organization)s.")
                                 % {"organization": invitation.organization})
                return redirect("providers:organization")
    return render(request, "providers/invitation_accept.html", {"invitation": invitation, "form": form})


@office_required
def office_organizations(request):
    page = Paginator(selectors.organization_list_for_office(), 25).get_page(request.GET.get("page"))
    return render(request, "providers/office_organizations.html", {"page": page})


@office_required
def office_organization(request, pk: int):
    org = get_object_or_404(Organization.objects.select_related("municipality"), pk=pk)
    return render(request, "providers/office_organization.html", {
        "organization": org,
        "members": selectors.organization_members(org),
        "trail": audit_trail(org)[:50],
    })
