"""Writing the audit trail. Call inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from noks_portal.models import AuditEvent


def audit_log(
    obj: models.Model,
    *,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


def audit_trail(obj: models.Model):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")
