"""Tasks of the portal itself. Tasks take plain values or ids and are named explicitly."""

from __future__ import annotations

import base64

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.pdf import render_pdf


@shared_task(name="noks_portal.render_test_pdf", acks_late=True)
def render_test_pdf(text: str, lang: str = "sr") -> str:
    """Render the renderer's test page with the given text; return the PDF as base64 (for health checks and tests)."""
    pdf = render_pdf("pdf/test_page.html", {"text": text, "now": timezone.now()}, lang=lang)
    return base64.b64encode(pdf).decode("ascii")


def enqueue_on_commit(task_name: str, *args) -> None:
    """Send the task registered under ``task_name`` once the current transaction commits (at once outside one).

    Services enqueue through the task's name, so a service module never imports its app's tasks module, which
    imports the services back (issue 15). The task is looked up now, so a wrong name fails in the request, not
    later; each app's ``ready()`` imports its tasks module, so its tasks are registered in every process. Through
    ``delay`` (not ``send_task``) the embedded default's in-process mode runs the task in process too."""
    from celery import current_app

    task = current_app.tasks[task_name]
    transaction.on_commit(lambda: task.delay(*args))
