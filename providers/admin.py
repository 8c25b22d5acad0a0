from django import forms
from django.contrib import admin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.admin import UserAdmin as AccountsUserAdmin
from accounts.models import User

from core.scripts import ScriptSyncAdminMixin
from providers import services
from providers.models import (
    Document,
    HygieneDeclaration,
    Invitation,
    Membership,
    Municipality,
    Organization,
    Partner,
    Room,
    StaffMember,
)


@admin.register(Municipality)
class MunicipalityAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("name", "district")
    search_fields = ("name_sr", "name_sr_latn", "name_en")


class MembershipAdminForm(forms.ModelForm):
    """Office staff never join an organization; a membership's user is not swapped (remove it and add another, so
    that the past membership is kept for the conflict-of-interest check)."""

    class Meta:
        model = Membership
        fields = ("user", "role")

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.instance.pk and self.instance.user_id != user.pk:
            raise ValidationError(_("Remove this membership and add a new one instead of changing its user."))
        refusal = services.office_membership_refusal(user)
        if refusal:
            raise ValidationError(refusal)
        return user


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "pib", "mb", "municipality")
    list_filter = ("kind",)
    search_fields = ("name_sr", "name_sr_latn", "pib", "mb")
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:  # kept as past memberships, like a removal by the owner
            services.membership_end(membership, actor=request.user)
        for membership in memberships:
            membership.save()
        formset.save_m2m()


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "state", "expires_at")
    list_filter = ("state",)
    readonly_fields = ("token",)


@admin.register(StaffMember)
class StaffMemberAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("last_name", "first_name", "organization", "engagement", "adult_ed_competence")
    list_filter = ("engagement", "adult_ed_competence")
    search_fields = ("last_name_sr", "last_name_sr_latn", "first_name_sr", "first_name_sr_latn")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)


@admin.register(Room)
class RoomAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "organization", "area_m2", "seats", "tenure", "lease_until")
    list_filter = ("kind", "tenure")
    search_fields = ("name_sr", "name_sr_latn")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)


@admin.register(Partner)
class PartnerAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "organization", "contract_signed", "contract_until", "in_zuov_register")
    list_filter = ("kind", "contract_signed", "in_zuov_register")
    search_fields = ("name_sr", "name_sr_latn")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)


@admin.register(HygieneDeclaration)
class HygieneDeclarationAdmin(admin.ModelAdmin):
    list_display = ("organization", "updated_at")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: evidence is uploaded only through the checked upload service and read through the download view."""

    list_display = ("original_name", "kind", "organization", "content_type", "size", "created_at", "download")
    list_filter = ("kind", "content_type")
    search_fields = ("original_name", "sha256")
    list_select_related = ("organization",)
    fields = ("organization", "kind", "original_name", "content_type", "size", "sha256", "uploaded_by",
              "staff_member", "room", "partner", "hygiene_item", "created_at", "download")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("providers:document_download", kwargs={"pk": obj.pk}),
                           _("download"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # through the portal only: the service also removes the stored file


class UserWithoutConflictForm(UserChangeForm):
    def clean(self):
        """A member of a provider or school never becomes Office staff or an administrator (conflict of interest):
        the membership is removed first (and is then kept as a past membership, which still bars the organization's
        applications from them for two years)."""
        cleaned = super().clean()
        if any(cleaned.get(flag) for flag in ("is_office_reviewer", "is_office_decider", "is_superuser")):
            membership = Membership.objects.filter(user_id=self.instance.pk).select_related("organization").first()
            if membership:
                raise ValidationError(_("This user belongs to %(organization)s. Office staff and administrators may "
                                        "not be members of a provider or a school (conflict of interest): remove "
                                        "the membership first.") % {"organization": membership.organization})
        return cleaned


# The user admin lives in accounts, which knows nothing of organizations; the membership check is added here, one
# floor up, by registering the same admin again with the form above.
class UserAdmin(AccountsUserAdmin):
    form = UserWithoutConflictForm


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
