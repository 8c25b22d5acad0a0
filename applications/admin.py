from django.contrib import admin

from applications.models import Application, ChangeRequest, Submission


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: states change only through the workflow's transition function."""

    list_display = ("reference", "organization", "state", "submitted_at")
    list_filter = ("state",)
    readonly_fields = ("organization", "state", "activities", "associate_deviations", "created_by", "submitted_at")

    def has_add_permission(self, request):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("application", "number", "submitted_at", "regulation")
    readonly_fields = ("application", "number", "submitted_by", "regulation", "facts", "report", "records")

    def has_add_permission(self, request):
        return False


admin.site.register(ChangeRequest)
