from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.scripts import ScriptSyncAdminMixin, sync_scripts
from programs.models import Module, Program, TaskList


class ModuleInline(TranslationStackedInline):
    model = Module
    extra = 0


class TaskListInline(TranslationStackedInline):
    model = TaskList
    extra = 0


@admin.register(Program)
class ProgramAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("name", "organization", "activity", "kind", "duration_hours", "updated_at")
    list_filter = ("activity", "kind", "organization__kind")
    search_fields = ("name_sr", "name_sr_latn", "name_en", "organization__name_sr")
    raw_id_fields = ("organization", "qualification_standard")
    filter_horizontal = ("rooms", "instructors", "partners")
    inlines = [ModuleInline, TaskListInline]

    def save_formset(self, request, form, formset, change):
        rows = formset.save(commit=False)
        for row in rows:
            sync_scripts(row)
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()
