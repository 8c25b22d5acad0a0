"""Migrations are complete, and run on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.django_db
def test_makemigrations_check_is_clean():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_and_demo_data_on_sqlite(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "VAR_DIR": str(tmp_path)}
    migrate = _manage("migrate", "--noinput", **env)
    assert migrate.returncode == 0, migrate.stderr
    seed = _manage("seed_demo", **env)
    assert seed.returncode == 0, seed.stderr
    assert "Demo data ready" in seed.stdout
    again = _manage("seed_demo", **env)  # idempotent
    assert again.returncode == 0, again.stderr
    assert seed.stdout.split(":")[1] == again.stdout.split(":")[1]


@pytest.mark.services
def test_migrations_on_fresh_postgresql():
    require("postgres")
    import psycopg

    base = os.environ["DATABASE_URL"]
    name = f"noks_migrate_{uuid.uuid4().hex[:8]}"
    admin_url = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        result = _manage("migrate", "--noinput", DATABASE_URL=base.rsplit("/", 1)[0] + f"/{name}")
        assert result.returncode == 0, result.stderr
        with psycopg.connect(base.rsplit("/", 1)[0] + f"/{name}") as conn:
            levels = conn.execute("SELECT count(*) FROM qualifications_nokslevel").fetchone()[0]
        assert levels == 10
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_the_demo_is_refused_with_debug_off(settings):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", verbosity=0)
    assert not get_user_model().objects.filter(username="admin").exists()
