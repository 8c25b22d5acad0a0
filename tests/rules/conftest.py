"""The rules tests run without Django (``-p no:django``). tests/conftest.py has autouse fixtures that need Django
(language activation, Celery, password hashers); they are overridden here by name with no-ops, so the rules suite
also runs in a checkout without the web app's dependencies configured."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _celery_in_process():
    yield


@pytest.fixture(autouse=True)
def _default_language():
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    yield


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_truncate_trigger():
    yield
