from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.models import Notice, User


@admin.action(description=_("Reset two-factor authentication (lost phone)"), permissions=["change"])
def reset_second_factor(modeladmin, request, queryset):
    """The users set up a new authenticator at their next sign-in; each reset is in the audit trail."""
    users = list(queryset)
    for user in users:
        services.second_factor_reset(user, actor=request.user)
    modeladmin.message_user(request, ngettext(
        "Two-factor authentication reset for %(count)d user: they set it up again at their next sign-in.",
        "Two-factor authentication reset for %(count)d users: they set it up again at their next sign-in.",
        len(users)) % {"count": len(users)})


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_office_reviewer", "is_office_decider",
                    "is_superuser", "is_active")
    list_filter = ("is_office_reviewer", "is_office_decider", "is_superuser", "is_active", "email_confirmed")
    actions = [reset_second_factor]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Office roles"), {"fields": ("is_office_reviewer", "is_office_decider", "preferred_language",
                                        "email_confirmed")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Office roles"), {"fields": ("email", "first_name", "last_name", "is_office_reviewer",
                                        "is_office_decider")}),
    )


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The inbox notices, to look into ("was the provider told?"): read-only — a notice is written only through
    accounts.notices.notice_send, and what a person was told is not rewritten afterwards."""

    list_display = ("created", "user", "subject", "read_at", "key")
    list_filter = (("read_at", admin.EmptyFieldListFilter), "created", "user__is_office_reviewer",
                   "user__is_office_decider")
    search_fields = ("subject", "user__username", "user__email", "key")
    date_hierarchy = "created"
    list_select_related = ("user",)
    ordering = ("-created", "-pk")
    fields = ("user", "created", "subject", "body", "link", "read_at", "key")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
