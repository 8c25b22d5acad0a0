from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from noks_portal.scripts import ScriptSyncAdminMixin
from providers.models import Invitation, Membership, Municipality, Organization


@admin.register(Municipality)
class MunicipalityAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("name", "district")
    search_fields = ("name_sr", "name_sr_latn", "name_en")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("name", "kind", "pib", "mb", "municipality")
    list_filter = ("kind",)
    search_fields = ("name_sr", "name_sr_latn", "pib", "mb")
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "state", "expires_at")
    list_filter = ("state",)
    readonly_fields = ("token",)
