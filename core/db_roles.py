"""The PostgreSQL role the web and worker processes connect as, and what it may do (docs/operations.md).

Two roles: the *owner* owns the database and its tables and runs the migrations; the *app role* (DATABASE_APP_ROLE)
is what gunicorn, the Celery worker and beat connect as. The app role may read and write every table, but on the
audit table only SELECT and INSERT: no UPDATE, DELETE, TRUNCATE, TRIGGER or REFERENCES. Not being the owner, it
cannot ALTER the table (DISABLE TRIGGER, DROP); not being a superuser, it cannot SET session_replication_role
(which would silence the triggers). So whatever the portal's code does, its database login cannot rewrite the
audit trail, and the hash chain (core.audit) shows what someone with more rights changed.

`app_role_grant` (run by `manage.py grant_app_role` after every `migrate`, as the owner) gives those rights on the
tables and sequences that exist; `app_role_problems` checks a role against them. There are deliberately no
default privileges: a table created later (a new migration, or every table of a restore) is closed to the app
role until grant_app_role runs — a restored audit table would otherwise come back with UPDATE and DELETE.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from core.models import AuditEvent

AUDIT_TABLE = AuditEvent._meta.db_table
TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_RIGHTS = ("SELECT", "INSERT")
AUDIT_REFUSED = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")


def app_role_grant(connection: BaseDatabaseWrapper, role: str) -> list[str]:
    """Grant `role` the app's rights in the current schema (idempotent); returns the statements run."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        who, audit = quote(role), quote(AUDIT_TABLE)
        statements = [
            f"GRANT USAGE ON SCHEMA {schema} TO {who}",
            f"GRANT {TABLE_RIGHTS} ON ALL TABLES IN SCHEMA {schema} TO {who}",
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {who}",
            f"REVOKE ALL ON TABLE {audit} FROM {who}",
            f"GRANT {', '.join(AUDIT_RIGHTS)} ON TABLE {audit} TO {who}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
        ]
        for statement in statements:
            cursor.execute(statement)
    return statements


def app_role_problems(connection: BaseDatabaseWrapper, role: str) -> list[str]:
    """Why `role` is not a safe app role (empty when it is): it must exist, be no superuser, not be able to create
    roles, not be (or be able to become) the audit table's owner, and hold exactly SELECT and INSERT on it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            return [f"there is no role {role!r}"]
        superuser, createrole, bypassrls = found
        problems = []
        if superuser:
            problems.append(f"{role} is a superuser")
        if createrole:
            problems.append(f"{role} may create roles (CREATEROLE), and so grant itself others")
        if bypassrls:
            problems.append(f"{role} bypasses row-level security (BYPASSRLS)")
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s AND schemaname = current_schema()",
                       [AUDIT_TABLE])
        owner = cursor.fetchone()
        if owner is None:
            return [*problems, f"the table {AUDIT_TABLE} does not exist (run manage.py migrate first)"]
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner[0]])
        if cursor.fetchone()[0]:
            problems.append(f"{role} is the owner of {AUDIT_TABLE} ({owner[0]}) or a member of that role")
        table = connection.ops.quote_name(AUDIT_TABLE)
        for right in (*AUDIT_RIGHTS, *AUDIT_REFUSED):
            cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, right])
            if cursor.fetchone()[0] != (right in AUDIT_RIGHTS):
                verb = "lacks" if right in AUDIT_RIGHTS else "has"
                problems.append(f"{role} {verb} {right} on {AUDIT_TABLE}")
        if connection.pg_version >= 150000:
            cursor.execute("SELECT has_parameter_privilege(%s, 'session_replication_role', 'SET')", [role])
            if cursor.fetchone()[0]:
                problems.append(f"{role} may SET session_replication_role (which switches the triggers off)")
        return problems
