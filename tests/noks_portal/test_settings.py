"""Settings read the environment strictly: a bad value stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_url

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY")}
    clean.update(env)
    return subprocess.run([sys.executable, "-c", "import noks_portal.settings"], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe': expected one of"),
        ({"DATABASE_URL": "mysql://db/noks"}, "DATABASE_URL='mysql://db/noks': expected a URL starting with"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL='localhost:6379': expected a URL starting with redis://"),
        ({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT='twenty-five': expected a whole number"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off"),
    ],
)
def test_settings_bad_environment_value_stops_startup(env, message):
    result = _import_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_settings_good_production_environment_starts():
    result = _import_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="noks.gov.rs",
                              DATABASE_URL="postgres://u@db.internal:5432/noks", REDIS_URL="redis://cache:6379/1")
    assert result.returncode == 0, result.stderr


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False), ("", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG", default=not expected) is expected
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", default=True) is True


def test_env_int_enforces_bounds(monkeypatch):
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="X_NUM=0: must be at least 1"):
        env_int("X_NUM", 5, minimum=1)
    monkeypatch.setenv("X_NUM", "7")
    assert env_int("X_NUM", 5, minimum=1) == 7


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.rs, ,b.rs ")
    assert env_list("X_LIST", []) == ["a.rs", "b.rs"]


def test_env_url_requires_a_host(monkeypatch):
    monkeypatch.setenv("X_URL", "redis://")
    with pytest.raises(ImproperlyConfigured, match="the URL has no host"):
        env_url("X_URL", None, schemes=("redis",))


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "k" * 20 + "-production-secret-from-the-environment-" + "x" * 20,
              "ALLOWED_HOSTS": "noks.example.rs", "SECURE_COOKIES": "1", "SECURE_SSL_REDIRECT": "1",
              "SECURE_HSTS_SECONDS": "31536000", "BEHIND_TLS_PROXY": "1"}


def test_the_deploy_check_is_clean_with_production_values():
    # Production has no test-only switches (the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is refused by the check).
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env={**clean, **PRODUCTION}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client, db):
    response = client.get("/sr/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'"
    assert "unsafe" not in policy["default-src"] and policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'" and policy["object-src"] == "'none'"
