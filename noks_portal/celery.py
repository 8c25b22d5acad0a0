"""The Celery application. Tasks are found in each app's tasks.py; configuration comes from settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noks_portal.settings")

app = Celery("noks_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
