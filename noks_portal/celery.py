"""The Celery application. Tasks are found in each app's tasks.py; configuration comes from settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noks_portal.settings")

app = Celery("noks_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_startup_objects(**_kwargs):
    """Each pool process, once it has loaded the apps: see noks_portal.gcfreeze."""
    from noks_portal.gcfreeze import freeze_startup_objects

    freeze_startup_objects()
