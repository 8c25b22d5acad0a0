from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from applications import services, tasks  # noqa: F401  (code check; tasks by name)
        from applications.enums import AccreditationState, ApplicationState
        from core.models import STATE_LABELS

        STATE_LABELS.update(ApplicationState.choices)
        STATE_LABELS.update(AccreditationState.choices)
