from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services as account_services
from core.audit import audit_trail
from core.forms import apply_validation_error
from core.http import private_file, safe_next
from core.permissions import anonymous_only, office_required
from providers import approval, selectors, services, uploads
from providers.forms import (
    AccountForm,
    DocumentUploadForm,
    HygieneForm,
    InvitationForm,
    OrganizationForm,
    PartnerForm,
    RoomForm,
    StaffMemberForm,
)
from providers.models import Document, Invitation, Membership, Organization, Partner, Room, StaffMember
from providers.permissions import membership_required


@anonymous_only
def register(request):
    account_form = AccountForm(request.POST or None, prefix="account")
    organization_form = OrganizationForm(request.POST or None, prefix="org")
    if request.method == "POST" and account_form.is_valid() and organization_form.is_valid():
        data = account_form.cleaned_data
        try:
            services.provider_register(organization_form.instance, email=data["email"], password=data["password1"],
                                       first_name=data["first_name"], last_name=data["last_name"],
                                       lang=get_language())
        except ValidationError as error:
            apply_validation_error(organization_form, error)
        else:
            # The same answer whether the address is new or has an account: the message tells its owner which.
            return redirect("providers:register_sent")
    return render(request, "providers/register.html",
                  {"account_form": account_form, "organization_form": organization_form})


@anonymous_only
def register_sent(request):
    return render(request, "providers/register_sent.html",
                  {"days": account_services.EMAIL_CONFIRMATION_DAYS})


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
    refusal = None
    if request.user.is_authenticated:
        form = None
        refusal = services.office_membership_refusal(request.user)
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
        # The account gets the address the invitation was sent to: the link proved it, so it counts as confirmed.
        form = AccountForm(request.POST or None, email_fixed=invitation.email, prefix="account")
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    user = services.user_register(email=invitation.email, password=data["password1"],
                                                  first_name=data["first_name"], last_name=data["last_name"],
                                                  email_confirmed=True, lang=get_language())
                    services.invitation_accept(invitation, user=user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
                messages.success(request, _("You have joined %(organization)s.")
                                 % {"organization": invitation.organization})
                return redirect("providers:organization")
    return render(request, "providers/invitation_accept.html", {"invitation": invitation, "form": form,
                                                                 "refusal": refusal})


@office_required
def office_organizations(request):
    q = (request.GET.get("q") or "")[:100]
    page = Paginator(selectors.organization_list_for_office(q), 25).get_page(request.GET.get("page"))
    return render(request, "providers/office_organizations.html", {
        "page": page, "q": q, "querystring": urlencode({"q": q}) if q else ""})


@office_required
def office_organization(request, pk: int):
    org = get_object_or_404(Organization.objects.select_related("municipality"), pk=pk)
    return render(request, "providers/office_organization.html", {
        "organization": org,
        "members": selectors.organization_members(org),
        "trail": audit_trail(org)[:50],
        "since_approval": approval.records_since_approval(org),
    })


@office_required
def office_organization_records(request, pk: int):
    """The staff, rooms and partners as the Office last approved them, beside the changes made since (dated)."""
    org = get_object_or_404(Organization.objects.select_related("municipality"), pk=pk)
    return render(request, "providers/office_records.html", {
        "organization": org, "since_approval": approval.records_since_approval(org),
    })


# --- the organization's records: staff, rooms, hygiene, partners, and their evidence -------------------------------
# Every record is looked up within request.membership.organization: another organization's id is a 404, exactly
# like an id that does not exist. The Office (no membership) gets 403 here; it reads evidence through document_download.


@dataclass(frozen=True)
class RecordType:
    key: str  # "staff", "room", "partner": also the URL-name prefix and the document target
    model: type
    form: type
    lookup: Callable[[Organization, int], Any]
    save: Callable
    delete: Callable
    title_list: Any
    title_new: Any
    title_edit: Any
    title_delete: Any
    saved: Any
    deleted: Any

    def url(self, action: str, obj=None) -> str:
        return reverse(f"providers:{self.key}_{action}", kwargs={"pk": obj.pk} if obj is not None else None)


STAFF = RecordType(
    "staff", StaffMember, StaffMemberForm, selectors.staff_of, services.staff_save, services.staff_delete,
    gettext_lazy("Staff"), gettext_lazy("New staff member"), gettext_lazy("Staff member"),
    gettext_lazy("Delete the staff member"),
    gettext_lazy("“%(name)s” is saved."), gettext_lazy("“%(name)s” is deleted with the attached evidence."),
)
ROOM = RecordType(
    "room", Room, RoomForm, selectors.room_of, services.room_save, services.room_delete,
    gettext_lazy("Premises and rooms"), gettext_lazy("New room"), gettext_lazy("Room"),
    gettext_lazy("Delete the room"),
    gettext_lazy("“%(name)s” is saved."), gettext_lazy("“%(name)s” is deleted with the attached evidence."),
)
PARTNER = RecordType(
    "partner", Partner, PartnerForm, selectors.partner_of, services.partner_save, services.partner_delete,
    gettext_lazy("Practical-work partners"), gettext_lazy("New practical-work partner"),
    gettext_lazy("Practical-work partner"), gettext_lazy("Delete the practical-work partner"),
    gettext_lazy("“%(name)s” is saved."), gettext_lazy("“%(name)s” is deleted with the attached evidence."),
)
DOCUMENT_TARGET = {"staff": "staff_member", "room": "room", "partner": "partner"}
SECTION_OF = {"staff": "staff", "room": "rooms", "partner": "partners"}


def _list_page(request, record: RecordType, template: str, items, **extra):
    """A list of records; each one that differs from what the Office approved carries a note (editing stays open)."""
    organization = request.membership.organization
    since = approval.records_since_approval(organization)
    section = SECTION_OF[record.key]
    items = list(items)
    for item in items:
        item.approval_change = since.change_of(section, item.pk) if since else None
    return render(request, template, {
        "organization": organization, "record": record, "items": items, "since_approval": since,
        "removed_since_approval": since.removed(section) if since else [], **extra,
    })


def _record(request, record: RecordType, pk: int):
    try:
        return record.lookup(request.membership.organization, pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _form_page(request, record: RecordType, obj, form, upload_form=None):
    organization = request.membership.organization
    context = {
        "record": record,
        "object": obj,
        "form": form,
        "title": record.title_edit if obj.pk else record.title_new,
        "list_url": record.url("list"),
        "organization": organization,
    }
    if obj.pk:
        context.update({
            "documents": list(obj.documents.all()),
            "upload_form": upload_form or DocumentUploadForm(kinds=selectors.DOCUMENT_KINDS_FOR[record.key]),
            "upload_url": record.url("document_upload", obj),
            "max_bytes": settings.DOCUMENT_MAX_BYTES,
            "delete_url": record.url("delete", obj),
        })
    if record is STAFF:
        context["competence_deadline"] = selectors.competence_deadline(organization)
    if obj.pk:
        since = approval.records_since_approval(organization)
        context["approval_change"] = since.change_of(SECTION_OF[record.key], obj.pk) if since else None
    return render(request, "providers/record_form.html", context)


def _save_page(request, record: RecordType, obj):
    form = record.form(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            record.save(form.instance, actor=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, record.saved % {"name": form.instance})
            return redirect(safe_next(request) or record.url("edit", form.instance))
    return _form_page(request, record, obj, form)


def _delete_page(request, record: RecordType, pk: int):
    obj = _record(request, record, pk)
    if request.method == "POST":
        name = str(obj)
        record.delete(obj, actor=request.user)
        messages.success(request, record.deleted % {"name": name})
        return redirect(record.url("list"))
    return render(request, "providers/record_delete.html", {
        "record": record, "object": obj, "documents": list(obj.documents.all()),
        "cancel_url": record.url("edit", obj),
    })


def _upload(request, record: RecordType, pk: int):
    obj = _record(request, record, pk)
    form = DocumentUploadForm(request.POST, request.FILES, kinds=selectors.DOCUMENT_KINDS_FOR[record.key])
    if form.is_valid():
        try:
            document = services.document_upload(
                request.membership.organization, file=form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                actor=request.user, **{DOCUMENT_TARGET[record.key]: obj},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("“%(name)s” is attached.") % {"name": document.original_name})
            return redirect(record.url("edit", obj) + "#documents")
    messages.error(request, _("The file is not attached. See the message next to the upload form."))
    return _form_page(request, record, obj, record.form(instance=obj), upload_form=form)


@membership_required
def records(request):
    organization = request.membership.organization
    return render(request, "providers/records.html", {
        "organization": organization,
        "overview": selectors.records_overview(organization),
    })


@membership_required
def staff_list(request):
    organization = request.membership.organization
    return _list_page(request, STAFF, "providers/staff_list.html", selectors.staff_list(organization),
                      competence_deadline=selectors.competence_deadline(organization))


@require_http_methods(["GET", "POST"])
@membership_required
def staff_create(request):
    return _save_page(request, STAFF, StaffMember(organization=request.membership.organization))


@require_http_methods(["GET", "POST"])
@membership_required
def staff_edit(request, pk: int):
    return _save_page(request, STAFF, _record(request, STAFF, pk))


@require_http_methods(["GET", "POST"])
@membership_required
def staff_delete(request, pk: int):
    return _delete_page(request, STAFF, pk)


@membership_required
@require_POST
def staff_document_upload(request, pk: int):
    return _upload(request, STAFF, pk)


@membership_required
def room_list(request):
    return _list_page(request, ROOM, "providers/room_list.html",
                      selectors.room_list(request.membership.organization))


@require_http_methods(["GET", "POST"])
@membership_required
def room_create(request):
    return _save_page(request, ROOM, Room(organization=request.membership.organization))


@require_http_methods(["GET", "POST"])
@membership_required
def room_edit(request, pk: int):
    return _save_page(request, ROOM, _record(request, ROOM, pk))


@require_http_methods(["GET", "POST"])
@membership_required
def room_delete(request, pk: int):
    return _delete_page(request, ROOM, pk)


@membership_required
@require_POST
def room_document_upload(request, pk: int):
    return _upload(request, ROOM, pk)


@membership_required
def partner_list(request):
    return _list_page(request, PARTNER, "providers/partner_list.html",
                      selectors.partner_list(request.membership.organization))


@require_http_methods(["GET", "POST"])
@membership_required
def partner_create(request):
    return _save_page(request, PARTNER, Partner(organization=request.membership.organization))


@require_http_methods(["GET", "POST"])
@membership_required
def partner_edit(request, pk: int):
    return _save_page(request, PARTNER, _record(request, PARTNER, pk))


@require_http_methods(["GET", "POST"])
@membership_required
def partner_delete(request, pk: int):
    return _delete_page(request, PARTNER, pk)


@membership_required
@require_POST
def partner_document_upload(request, pk: int):
    return _upload(request, PARTNER, pk)


@require_http_methods(["GET", "POST"])
@membership_required
def hygiene(request):
    organization = request.membership.organization
    declaration = selectors.hygiene_declaration(organization)
    form = HygieneForm(request.POST or None, request.FILES or None, instance=declaration)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.hygiene_save(form.instance, actor=request.user, files=form.evidence_files())
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    error = ValidationError({f"evidence_{key}" if f"evidence_{key}" in form.fields else key: value
                                             for key, value in error.error_dict.items()})
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The hygiene-technical declaration is saved."))
                return redirect(safe_next(request) or "providers:hygiene")
        if form.errors:
            messages.error(request, _("Nothing is saved. Correct the marked items; choose the files again."))
    return render(request, "providers/hygiene.html", {
        "organization": organization,
        "form": form,
        "documents": selectors.hygiene_documents(organization),
        "max_bytes": settings.DOCUMENT_MAX_BYTES,
    })


def _document_home(document: Document) -> str:
    if document.staff_member_id:
        return reverse("providers:staff_edit", kwargs={"pk": document.staff_member_id}) + "#documents"
    if document.room_id:
        return reverse("providers:room_edit", kwargs={"pk": document.room_id}) + "#documents"
    if document.partner_id:
        return reverse("providers:partner_edit", kwargs={"pk": document.partner_id}) + "#documents"
    if document.hygiene_item:
        return reverse("providers:hygiene") + f"#item-{document.hygiene_item}"
    return reverse("providers:records")


def document_download(request, pk: int):
    """Members of the owning organization and the Office get the file; everyone else a 404, as if it did not exist."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = selectors.document_for_user(request.user, pk)
    if document is None:
        raise Http404
    inline = request.GET.get("inline") == "1" and document.content_type in uploads.INLINE_CONTENT_TYPES
    return private_file(document.file, filename=document.original_name, content_type=document.content_type,
                        inline=inline)


@membership_required
@require_POST
def document_delete(request, pk: int):
    try:
        document = selectors.document_of(request.membership.organization, pk)
    except Document.DoesNotExist:
        raise Http404 from None
    home = _document_home(document)
    services.document_delete(document, actor=request.user)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": document.original_name})
    return redirect(home)
