"""Shared fixtures: the fixed cast of users, and the rule for tests that need real services."""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import socket
from urllib.parse import urlparse

import pytest

# Kept here (not imported from tests.factories) so that the pure-Python rules tests load without Django.
CAST_ROLES = ("anonymous", "owner", "colleague", "other", "school", "reviewer", "decider", "admin")

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _reachable(url: str | None, default_port: int) -> bool:
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def service_missing(name: str) -> str | None:
    """Why a service-backed test cannot run here, or None when it can."""
    if name == "redis" and not _reachable(os.environ.get("REDIS_URL"), 6379):
        return "REDIS_URL is not set or Redis does not answer"
    if name == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres") or not _reachable(url, 5432):
            return "DATABASE_URL does not point at a PostgreSQL that answers"
    if name == "chromium" and not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"):
        return "Debian's Chromium (/usr/bin/chromium) is not installed"
    return None


def require(name: str) -> None:
    """Skip, or under REQUIRE_SERVICES=1 fail, when a service is missing."""
    reason = service_missing(name)
    if reason:
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def cast(db):
    """The fixed cast: owner, colleague, other provider, school, reviewer, decider, admin (anonymous is None)."""
    from tests.factories import make_cast

    return make_cast()


@pytest.fixture(params=CAST_ROLES)
def role(request):
    return request.param


@pytest.fixture(autouse=True, scope="session")
def _throwaway_seal(tmp_path_factory):
    """Official PDFs are sealed (core.seal): the tests' own demo seal, made once per session in a temporary folder
    (SEAL_DIR in the environment too, for a Celery worker a test starts)."""
    from django.conf import settings

    if not settings.configured:  # `pytest -p no:django tests/rules`: the engine's tests need no Django
        yield None
        return
    from core import seal

    directory = tmp_path_factory.mktemp("seal")
    os.environ["SEAL_DIR"] = str(directory)
    settings.SEAL_DIR = directory
    seal.make_demo_seal(directory)
    yield directory
    seal.reset()


@pytest.fixture(autouse=True, scope="session")
def _throwaway_credential_key(tmp_path_factory):
    """Certificates are also verifiable credentials (exams.credentials): the tests' own Ed25519 key, made once per
    session in a temporary folder, as set-up makes one for the embedded default."""
    from django.conf import settings

    if not settings.configured:
        yield None
        return
    from django.core.management import call_command

    path = tmp_path_factory.mktemp("keys") / "credential-ed25519.pem"
    os.environ["CREDENTIAL_KEY_FILE"] = str(path)
    settings.CREDENTIAL_KEY_FILE = path
    call_command("make_credential_key", verbosity=0)
    yield path


@pytest.fixture(autouse=True, scope="session")
def _celery_in_process():
    """Tasks run in-process in tests; the one test of a real worker switches this off for itself."""
    from noks_portal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_truncate_trigger():
    """Transactional tests end by emptying every table with one TRUNCATE, which the audit table's trigger refuses
    on PostgreSQL (noks_portal/migrations/0004). The tests connect as a superuser: for that statement's transaction
    only, the flush sets session_replication_role = replica, under which no trigger fires — as only a superuser
    can (the portal's app role cannot; tests/core/test_audit_roles.py)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        return ["SET LOCAL session_replication_role = replica;", *statements] if statements else statements

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Serbian Cyrillic: a request in another language must not leak into the next test."""
    from django.utils import translation

    translation.activate("sr")
    yield
    translation.activate("sr")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_with_force_login():
    """`client.force_login(user)` stands for a finished sign-in: for the Office and administrators that includes
    the second factor, as if its code had been entered (their confirmed authenticator is made when missing). The
    tests of the second factor itself sign in through the pages (`client.post(login)`), which this leaves alone."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        from accounts import services

        if services.needs_second_factor(user):
            device = services.authenticator_of(user) or services.demo_enrol(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    with pytest.MonkeyPatch.context() as patch:  # its own: a test's monkeypatch.undo() must not drop it
        patch.setattr(Client, "force_login", force_login)
        yield


@pytest.fixture
def worker_on_test_database(transactional_db):
    """A `celery worker` process on its own queue, reading and writing the test database."""
    import subprocess
    import sys

    from django.conf import settings
    from django.db import connection

    from noks_portal.celery import app

    require("redis")
    require("postgres")
    # Tasks go to the configured default queue (Celery fixes its routing at start-up); drop anything left in it.
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    app.control.purge()
    database = connection.settings_dict
    url = (f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
           f"/{database['NAME']}")
    env = {**os.environ, "CELERY_QUEUE": queue, "CELERY_TASK_ALWAYS_EAGER": "0", "DATABASE_URL": url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "noks_portal", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=Path(__file__).resolve().parents[1], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield proc
    app.conf.task_always_eager = saved
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


