from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from core.scripts import ScriptSyncAdminMixin
from qualifications.models import NoksLevel, QualificationStandard, Sector
from qualifications.services import standard_save


@admin.register(NoksLevel)
class NoksLevelAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "eqf_level", "training_min_hours", "training_max_hours", "training_min_months")
    ordering = ("order",)


@admin.register(Sector)
class SectorAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name_sr", "name_sr_latn", "name_en")


@admin.register(QualificationStandard)
class QualificationStandardAdmin(ScriptSyncAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "level", "sector", "is_published")
    list_filter = ("level", "sector", "is_published")
    search_fields = ("code", "search_text")
    list_select_related = ("level", "sector")

    def save_model(self, request, obj, form, change):
        standard_save(obj)
