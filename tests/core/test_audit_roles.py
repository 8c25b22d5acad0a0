"""The web and worker processes connect as an app role that can add audit rows and read them, and nothing more on
the audit table: no UPDATE, DELETE, TRUNCATE, no ALTER TABLE … DISABLE TRIGGER (not the owner), no
session_replication_role (not a superuser). The rights are the ones `manage.py grant_app_role` gives
(core.db_roles); the roles and the database are the ones docker/postgres/init-roles.sh makes for
docker-compose.yml. PostgreSQL only."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.audit import audit_log, chain_verify
from core.db_roles import app_role_grant, app_role_problems
from core.models import AuditEvent
from providers.models import Organization
from tests.conftest import REQUIRE_SERVICES, require

ROOT = Path(__file__).resolve().parents[2]
TABLE = AuditEvent._meta.db_table
REFUSED = [  # what the app role tries on the audit table, and PostgreSQL's answer
    (f"UPDATE {TABLE} SET note = 'rewritten'", "permission denied for table"),
    (f"DELETE FROM {TABLE}", "permission denied for table"),
    (f"TRUNCATE {TABLE}", "permission denied for table"),
    (f"ALTER TABLE {TABLE} DISABLE TRIGGER noks_audit_append_only", "must be owner of table"),
    (f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL", "must be owner of table"),
    (f"DROP TABLE {TABLE}", "must be owner of table"),
    ("SET session_replication_role = replica", 'permission denied to set parameter "session_replication_role"'),
]


@contextlib.contextmanager
def _as_role(role: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.mark.services
@pytest.mark.django_db
def test_the_app_role_adds_and_reads_audit_rows_and_can_do_nothing_else_to_them(cast):
    require("postgres")
    role = f"noks_test_app_{uuid.uuid4().hex[:8]}"  # made and dropped with the test's transaction
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    app_role_grant(connection, role)
    assert app_role_problems(connection, role) == []
    before = audit_log(cast.organization, action="organization.updated", actor=cast.owner, note="before")
    with _as_role(role):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == role
        event = audit_log(cast.organization, action="organization.updated", actor=cast.owner, note="as the app")
        assert list(AuditEvent.objects.order_by("seq").values_list("note", flat=True)) == ["before", "as the app"]
        for statement, refusal in REFUSED:
            with pytest.raises(DatabaseError, match=refusal), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
        # The rest of the portal's tables: read, write and delete as usual.
        Organization.objects.filter(pk=cast.organization.pk).update(email="office@example.rs")
        Session.objects.create(session_key="k" * 32, session_data="", expire_date=timezone.now())
        assert Session.objects.filter(session_key="k" * 32).delete()[0] == 1
        report = chain_verify()
    assert (report.ok, report.rows, report.head_hash) == (True, 2, event.row_hash)
    assert AuditEvent.objects.get(pk=before.pk).note == "before"


@pytest.mark.services
@pytest.mark.django_db
def test_a_role_with_too_much_is_named_with_what_is_wrong():
    require("postgres")
    role = f"noks_test_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN CREATEROLE")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, TRUNCATE ON {TABLE} TO {role}")
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    assert app_role_problems(connection, role) == [
        f"{role} may create roles (CREATEROLE), and so grant itself others",
        f"{role} has UPDATE on {TABLE}",
        f"{role} has TRUNCATE on {TABLE}",
    ]
    assert f"{owner} is a superuser" in app_role_problems(connection, owner)
    assert app_role_problems(connection, "nobody_here") == ["there is no role 'nobody_here'"]


@pytest.mark.services
@pytest.mark.django_db
def test_grant_app_role_needs_an_existing_role_other_than_its_own_login(settings):
    require("postgres")
    settings.DATABASE_APP_ROLE = None
    with pytest.raises(CommandError, match="No role: set DATABASE_APP_ROLE"):
        call_command("grant_app_role")
    with pytest.raises(CommandError, match="There is no role 'nobody_here': create it first"):
        call_command("grant_app_role", "--role", "nobody_here")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        login = cursor.fetchone()[0]
    with pytest.raises(CommandError, match=f"{login} is the role this command connects as"):
        call_command("grant_app_role", "--role", login)


# --- the docker compose setup, on a fresh database -----------------------------------------------------------------


def _manage(*args: str, url: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": url, **env}, capture_output=True, text=True, timeout=300)


def _login(url: str) -> str:
    return re.match(r"postgres://([^:@]+)[:@]", url)[1]  # the password is a ${…:?…} to be filled in


def test_compose_runs_migrations_as_the_owner_and_the_portal_as_the_app_role():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    db = services["db"]["environment"]
    owner, app = db["NOKS_DB_OWNER"], db["NOKS_DB_APP"]
    init = "./docker/postgres/init-roles.sh:/docker-entrypoint-initdb.d/10-noks-roles.sh:ro"
    assert init in services["db"]["volumes"]
    for name in ("web", "worker", "beat"):
        assert _login(services[name]["environment"]["DATABASE_URL"]) == app
    migrate = services["migrate"]
    assert _login(migrate["environment"]["DATABASE_URL"]) == owner
    assert migrate["environment"]["DATABASE_APP_ROLE"] == app
    assert migrate["command"][-1] == "python manage.py migrate --noinput && python manage.py grant_app_role"
    assert owner != app and "postgres" not in (owner, app)


@pytest.mark.services
def test_the_compose_roles_on_a_fresh_database():
    """As docker compose does it: init-roles.sh makes the database and the two roles, the `migrate` service runs
    migrate and grant_app_role as the owner (not a superuser), the app role's login then can add and read audit
    rows and nothing more, and the owner cannot TRUNCATE the table either (the trigger)."""
    require("postgres")
    if not shutil.which("psql"):
        reason = "psql is not on PATH (apt-get install postgresql-client)"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    import psycopg

    server = urlparse(os.environ["DATABASE_URL"])
    suffix = uuid.uuid4().hex[:8]
    db, owner, app = f"noks_roles_{suffix}", f"noks_owner_{suffix}", f"noks_app_{suffix}"
    passwords = {owner: uuid.uuid4().hex, app: uuid.uuid4().hex}
    host, port = server.hostname or "127.0.0.1", server.port or 5432
    admin_url = f"{server.scheme}://{server.netloc}/postgres"
    init = subprocess.run(
        ["sh", str(ROOT / "docker/postgres/init-roles.sh")], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PGHOST": host, "PGPORT": str(port), "PGPASSWORD": server.password or "",
             "POSTGRES_USER": server.username or "postgres", "NOKS_DB": db, "NOKS_DB_OWNER": owner,
             "NOKS_DB_APP": app, "NOKS_DB_OWNER_PASSWORD": passwords[owner], "NOKS_DB_APP_PASSWORD": passwords[app]})
    try:
        assert init.returncode == 0, init.stderr
        url = {role: f"postgres://{role}:{passwords[role]}@{host}:{port}/{db}" for role in (owner, app)}
        migrate = _manage("migrate", "--noinput", url=url[owner])
        assert migrate.returncode == 0, migrate.stderr
        grant = _manage("grant_app_role", url=url[owner], DATABASE_APP_ROLE=app)
        assert grant.returncode == 0, grant.stderr
        assert f"{app} is a safe app role" in grant.stdout
        check = _manage("grant_app_role", "--check", url=url[app])  # the web processes' own login
        assert check.returncode == 0, check.stderr
        owner_check = _manage("grant_app_role", "--check", url=url[owner])
        assert owner_check.returncode == 1
        assert f"{owner} is the owner of {TABLE}" in owner_check.stderr

        with psycopg.connect(url[app], autocommit=True) as conn:
            conn.execute(f"INSERT INTO {TABLE} (seq, at, action, object_type, object_id, from_state, to_state, "
                         f"note, data, prev_hash, row_hash) VALUES (1, now(), 'x', 'y', '1', '', '', '', '{{}}', "
                         f"'', '')")
            assert conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0] == 1
            for statement, refusal in REFUSED:
                with pytest.raises(psycopg.Error, match=refusal):
                    conn.execute(statement)
            conn.execute("INSERT INTO django_session VALUES ('k', '', now())")
            assert conn.execute("DELETE FROM django_session").rowcount == 1
            with pytest.raises(psycopg.Error, match="permission denied for schema public"):
                conn.execute("CREATE TABLE mine (id int)")
        with psycopg.connect(url[owner], autocommit=True) as conn:
            with pytest.raises(psycopg.Error, match="append-only: TRUNCATE refused"):
                conn.execute(f"TRUNCATE {TABLE}")
            with pytest.raises(psycopg.Error, match="permission denied to set parameter"):
                conn.execute("SET session_replication_role = replica")
            assert conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0] == 1
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{app}"')
            conn.execute(f'DROP ROLE IF EXISTS "{owner}"')
