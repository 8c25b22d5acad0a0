from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The roof: settings, URLs, the Celery app, sitemaps, context processors, management commands and demo data. It
    may import every app; no app imports it. (Label ``portal``: ``noks_portal`` is the ground floor's, core/apps.py.)"""

    name = "noks_portal"
    label = "portal"
    verbose_name = _("Portal")
