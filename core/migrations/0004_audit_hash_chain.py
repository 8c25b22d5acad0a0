"""The audit table refuses TRUNCATE too, and its rows form a hash chain (core.audit).

1. PostgreSQL: a BEFORE TRUNCATE trigger refuses TRUNCATE of the audit table (the UPDATE/DELETE trigger of 0003
   cannot see it; a role allowed to truncate — its owner — still cannot empty it by mistake or on purpose without
   first disabling the trigger, which only the owner or a superuser can, see docs/operations.md "Database roles").
2. `at` is set by audit_log before the row is hashed (no more auto_now_add), and three columns are added: seq,
   prev_hash, row_hash.
3. The existing rows are chained in id order. On PostgreSQL the append-only trigger refuses UPDATE: it is disabled
   for this migration's transaction only (migrations run as the table's owner) and enabled again before it ends; a
   failure rolls everything back, trigger included.
4. seq becomes required and unique.
"""

import django.utils.timezone
from django.db import migrations, models

TABLE = "noks_portal_auditevent"

FORBID_TRUNCATE = f"""
CREATE OR REPLACE FUNCTION noks_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{TABLE} is append-only: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS noks_audit_no_truncate ON {TABLE};
CREATE TRIGGER noks_audit_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION noks_audit_no_truncate();
"""

ALLOW_TRUNCATE = f"""
DROP TRIGGER IF EXISTS noks_audit_no_truncate ON {TABLE};
DROP FUNCTION IF EXISTS noks_audit_no_truncate();
"""


def forbid_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID_TRUNCATE, params=None)


def allow_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_TRUNCATE, params=None)


def chain_existing_rows(apps, schema_editor):
    from core.audit import row_digest

    AuditEvent = apps.get_model("noks_portal", "AuditEvent")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER noks_audit_append_only", params=None)
    prev_hash, batch = "", []
    for seq, event in enumerate(AuditEvent.objects.order_by("id").iterator(chunk_size=1000), start=1):
        event.seq, event.prev_hash = seq, prev_hash
        event.row_hash = prev_hash = row_digest(prev_hash, event)
        batch.append(event)
        if len(batch) == 1000:
            AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "row_hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "row_hash"])
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER noks_audit_append_only", params=None)


def unchain(apps, schema_editor):
    """Going back drops the columns; nothing to undo in the rows."""


class Migration(migrations.Migration):
    dependencies = [("noks_portal", "0003_audit_append_only")]

    operations = [
        migrations.RunPython(forbid_truncate, allow_truncate, elidable=False),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False,
                                       verbose_name="when"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64,
                                   verbose_name="hash of the previous row"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_rows, unchain, elidable=False),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="sequence number"),
        ),
    ]
