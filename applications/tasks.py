"""Celery tasks of the Office: rendering official documents, the sweep that re-enqueues stuck ones, and the daily
accreditation job. Tasks take ids, look the row up, call a service, and are enqueued after the commit."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from applications.enums import RenderState


@shared_task(name="applications.render_official_document", bind=True, acks_late=True, max_retries=5,
             retry_backoff=True, retry_backoff_max=300, retry_jitter=True)
def render_official_document(self, document_id: int) -> str:
    from applications.documents import official_document_attempt, official_document_failed, official_document_render

    official_document_attempt(document_id)
    try:
        document = official_document_render(document_id)
    except Exception as error:  # noqa: BLE001 — any failure is retried, then recorded on the row
        if self.request.retries >= self.max_retries or self.request.is_eager:
            official_document_failed(document_id, f"{type(error).__name__}: {error}")
            if self.request.is_eager:
                return "failed"
            raise
        raise self.retry(exc=error) from error
    return "missing" if document is None else document.state


@shared_task(name="applications.official_documents_sweep")
def official_documents_sweep() -> int:
    """Re-enqueue documents still pending a few minutes after they were created (a lost message loses nothing)."""
    from applications.models import OfficialDocument

    cutoff = timezone.now() - timedelta(minutes=settings.DOCUMENT_SWEEP_AFTER_MINUTES)
    ids = list(OfficialDocument.objects.filter(state=RenderState.PENDING, updated_at__lt=cutoff)
               .values_list("pk", flat=True)[:500])
    for pk in ids:
        render_official_document.delay(pk)
    return len(ids)


@shared_task(name="applications.accreditations_daily")
def accreditations_daily() -> dict:
    from applications.services import accreditations_expire_and_remind

    return accreditations_expire_and_remind()


@shared_task(name="applications.change_requests_remind")
def change_requests_remind() -> int:
    """Daily: remind providers of change requests whose answer is due within CHANGE_REQUEST_REMINDER_DAYS days."""
    from applications.services import change_requests_remind as remind

    return remind()
