from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_office_reviewer", "is_office_decider",
                    "is_superuser", "is_active")
    list_filter = ("is_office_reviewer", "is_office_decider", "is_superuser", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Office roles"), {"fields": ("is_office_reviewer", "is_office_decider", "preferred_language")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Office roles"), {"fields": ("email", "first_name", "last_name", "is_office_reviewer",
                                        "is_office_decider")}),
    )
