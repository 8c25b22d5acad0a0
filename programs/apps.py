from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self):
        from programs.search import organization_programs_refresh
        from providers.services import ORGANIZATION_UPDATED_HOOKS

        if organization_programs_refresh not in ORGANIZATION_UPDATED_HOOKS:
            ORGANIZATION_UPDATED_HOOKS.append(organization_programs_refresh)
