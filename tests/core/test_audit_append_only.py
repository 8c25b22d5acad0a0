"""The audit table is append-only: PostgreSQL refuses UPDATE, DELETE and TRUNCATE of its rows (triggers), whoever
asks short of silencing the triggers (tests/core/test_audit_roles.py: the app role cannot)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError

from core.audit import audit_log
from core.models import AuditEvent
from tests.conftest import require
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.services]


def test_postgres_refuses_to_update_or_delete_audit_rows(cast):
    require("postgres")
    assert connection.vendor == "postgresql"
    event = audit_log(cast.organization, action="organization.updated", actor=cast.owner, note="first")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM noks_portal_auditevent")  # not even in raw SQL
    event.refresh_from_db()
    assert event.note == "first"
    audit_log(cast.organization, action="organization.updated", actor=cast.owner, note="second")  # appending works
    assert AuditEvent.objects.filter(object_id=str(cast.organization.pk), action="organization.updated").count() == 2


def test_postgres_refuses_to_truncate_the_audit_table(cast):
    require("postgres")
    audit_log(cast.organization, action="organization.updated", actor=cast.owner, note="kept")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the deferred foreign keys now, as a commit would
    for statement in ("TRUNCATE noks_portal_auditevent", "TRUNCATE accounts_user CASCADE"):  # also by cascade
        with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get(action="organization.updated").note == "kept"


def test_a_user_with_audit_rows_cannot_be_deleted_only_deactivated(db):
    user = UserFactory()
    audit_log(user, action="user.registered", actor=user)
    with pytest.raises(ProtectedError):
        user.delete()
    user.is_active = False
    user.save()
    assert AuditEvent.objects.get(action="user.registered").actor == user
