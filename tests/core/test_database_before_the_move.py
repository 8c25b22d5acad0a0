"""A database made before the ground floor was split from the project package (issue 15) carries on.

``data/database_before_the_move.sql`` is a SQLite database migrated by the code of the commit before the move,
dumped with its schema and the rows that name apps: the recorded migrations, the content types, one user and two
audit rows written by ``noks_portal.audit.audit_log`` as it was then. (The reference data the migrations load is
left out of the dump to keep it small; no migration runs again to need it.) With today's code, ``migrate`` finds
nothing to redo, the audit rows are read through ``core``'s model and their hash chain still verifies.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]
DUMP = Path(__file__).with_name("data") / "database_before_the_move.sql"


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


def _database(tmp_path: Path) -> dict:
    path = tmp_path / "before.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(DUMP.read_text(encoding="utf-8"))
    return {"DATABASE_URL": f"sqlite:///{path}", "VAR_DIR": str(tmp_path), "DEBUG": "1"}


def test_the_ground_floor_keeps_the_label_and_the_migrations_of_before():
    """The recorded migrations of the old app are exactly the ground floor's first four: none is new or renamed."""
    with sqlite3.connect(":memory:") as db:
        db.executescript(DUMP.read_text(encoding="utf-8"))
        recorded = {name for (name,) in db.execute("SELECT name FROM django_migrations WHERE app = 'noks_portal'")}
        types = {model for (model,) in db.execute(
            "SELECT model FROM django_content_type WHERE app_label = 'noks_portal'")}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert recorded == {"0001_initial", "0002_alter_auditevent_actor", "0003_audit_append_only",
                        "0004_audit_hash_chain"}
    assert recorded <= {name for app, name in loader.disk_migrations if app == "noks_portal"}
    assert loader.disk_migrations[("noks_portal", "0001_initial")].__module__ == "core.migrations.0001_initial"
    assert types == {"auditevent"}


def test_migrate_on_the_database_of_before_redoes_nothing_and_the_trail_verifies(tmp_path):
    env = _database(tmp_path)
    plan = _manage("migrate", "--plan", env=env)
    assert plan.returncode == 0, plan.stderr
    # migrations added after the move may run; none of those recorded before runs again
    assert "noks_portal.0001_initial" not in plan.stdout and "accounts.0001_initial" not in plan.stdout
    result = _manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    check = _manage("migrate", "--check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    verify = _manage("audit_verify", env=env)
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.startswith("Audit chain intact: 2 rows. Head: 2:")
    read = _manage("shell", "-c", "from core.models import AuditEvent; "
                   "print(*AuditEvent.objects.order_by('seq').values_list('note', flat=True), sep='|')", env=env)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == "Ред записан пре селидбе (issue 15).|Second row."
