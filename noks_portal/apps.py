from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "noks_portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from noks_portal import formfixes
        from noks_portal.middleware import session_started

        formfixes.install()

        user_logged_in.connect(session_started, dispatch_uid="noks_session_started")
