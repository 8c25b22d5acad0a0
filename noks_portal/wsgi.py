import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noks_portal.settings")
application = get_wsgi_application()

from noks_portal.gcfreeze import freeze_startup_objects  # noqa: E402  (after the application is loaded)

freeze_startup_objects()
