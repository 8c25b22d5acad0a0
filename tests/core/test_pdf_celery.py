"""The shared PDF renderer, in-process and through a real Celery worker against Redis."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.pdf import font_config, render_pdf
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
CYRILLIC = "Уверење о положеном испиту: Љубица Ђорђевић, ЉУБОВИЈА, Џеп, Њива, Ћуприја"


def _text(pdf: bytes) -> str:
    """The PDF's text with line breaks folded into spaces (long lines wrap on the page)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_render_pdf_keeps_cyrillic_text():
    pdf = render_pdf("pdf/test_page.html", {"text": CYRILLIC}, lang="sr")
    assert pdf.startswith(b"%PDF-")
    assert CYRILLIC in _text(pdf)


def test_render_pdf_configures_fonts_once_per_process():
    assert font_config() is font_config()


def test_render_test_pdf_task_runs_in_process_by_default(settings):
    from core.tasks import render_test_pdf

    assert settings.CELERY_TASK_ALWAYS_EAGER or os.environ.get("REDIS_URL")
    result = render_test_pdf.apply(args=[CYRILLIC]).get()
    assert CYRILLIC in _text(base64.b64decode(result))


@pytest.fixture
def celery_worker_process():
    """A real `celery worker` process on its own queue, against the REDIS_URL broker."""
    require("redis")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "CELERY_QUEUE": queue, "CELERY_TASK_ALWAYS_EAGER": "0"}
    log = open(ROOT / "var" / f"celery-{queue}.log", "w") if (ROOT / "var").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "noks_portal", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    yield queue
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.services
def test_real_worker_renders_cyrillic_pdf_through_redis(celery_worker_process):
    from noks_portal.celery import app
    from core.tasks import render_test_pdf

    queue = celery_worker_process
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0, destination=None) and time.monotonic() < deadline:
            time.sleep(0.5)
        result = render_test_pdf.apply_async(args=[CYRILLIC], queue=queue)
        encoded = result.get(timeout=90)
    finally:
        app.conf.task_always_eager = was_eager
    assert result.status == "SUCCESS"
    assert CYRILLIC in _text(base64.b64decode(encoded))
