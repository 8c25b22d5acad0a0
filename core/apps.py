from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: audit trail, base models, PDF rendering and QR codes, private file responses, permission
    helpers, verification codes, client address, environment helpers, script sync, form guards and the request
    middleware that needs no app. It imports no app (tests/test_layout.py).

    Its label stays ``noks_portal``, the label these models and migrations had before the ground floor was split
    from the project package (issue 15): the tables (``noks_portal_auditevent``), the recorded migrations and the
    content types of existing databases carry on unchanged. The project package on top is labelled ``portal``."""

    name = "core"
    label = "noks_portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from core import collation, formfixes
        from core.middleware import session_started

        formfixes.install()
        connection_created.connect(collation.install, dispatch_uid="noks_serbian_collations")

        user_logged_in.connect(session_started, dispatch_uid="noks_session_started")
