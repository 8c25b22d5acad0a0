"""Certificate rendering: one task per certificate (ids only, idempotent, retried), and the sweep."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from exams.enums import RenderState


@shared_task(name="exams.render_certificate", bind=True, acks_late=True, max_retries=5, retry_backoff=True,
             retry_backoff_max=300, retry_jitter=True)
def render_certificate(self, certificate_id: int) -> str:
    from exams.documents import certificate_failed, certificate_render

    try:
        certificate = certificate_render(certificate_id)
    except Exception as error:  # noqa: BLE001 — retried, then recorded on the row (never silently missing)
        if self.request.retries >= self.max_retries or self.request.is_eager:
            certificate_failed(certificate_id, f"{type(error).__name__}: {error}")
            if self.request.is_eager:
                return "failed"
            raise
        raise self.retry(exc=error) from error
    return "missing" if certificate is None else certificate.state


@shared_task(name="exams.certificates_sweep")
def certificates_sweep() -> int:
    from exams.models import Certificate

    cutoff = timezone.now() - timedelta(minutes=settings.DOCUMENT_SWEEP_AFTER_MINUTES)
    ids = list(Certificate.objects.filter(state=RenderState.PENDING, updated_at__lt=cutoff)
               .values_list("pk", flat=True)[:1000])
    for pk in ids:
        render_certificate.delay(pk)
    return len(ids)
