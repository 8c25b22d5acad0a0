"""The audit table is append-only: on PostgreSQL a trigger refuses UPDATE and DELETE of any row.

TRUNCATE is left to the database owner (the test runner empties tables that way between transactional tests);
the application never issues it. A user with audit rows cannot be deleted (the foreign key protects them):
accounts are deactivated instead.

SQLite (the embedded default) has no such guard in the database; there the code path is the only writer
(core.audit.audit_log creates rows and nothing updates or deletes them).
"""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION noks_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'noks_portal_auditevent is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS noks_audit_append_only ON noks_portal_auditevent;
CREATE TRIGGER noks_audit_append_only BEFORE UPDATE OR DELETE ON noks_portal_auditevent
    FOR EACH ROW EXECUTE FUNCTION noks_audit_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS noks_audit_append_only ON noks_portal_auditevent;
DROP FUNCTION IF EXISTS noks_audit_append_only();
"""


def forbid(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID, params=None)


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW, params=None)


class Migration(migrations.Migration):
    dependencies = [("noks_portal", "0002_alter_auditevent_actor")]

    operations = [migrations.RunPython(forbid, allow, elidable=False)]
