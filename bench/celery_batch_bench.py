"""A batch of certificates through a real Celery worker and Redis: wall time, certificates per second, and the
worker's memory at the end.

Run (a database of its own, with certificates from seed_scale; Redis running):
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/noks_bench
    export REDIS_URL=redis://127.0.0.1:6379/0
    .venv/bin/python manage.py seed_scale --programs 20000 --certificates 1000     # once
    .venv/bin/python bench/celery_batch_bench.py [--certificates 1000] [--concurrency 2]

The generated certificates (serials starting SCALE-) are set back to pending and their files forgotten; a worker
(`celery worker --pool=prefork --concurrency=N`, as docker-compose.yml runs it, on a queue of its own and with its
files in a temporary MEDIA_ROOT) is started and waited for; then the tasks are enqueued as the portal enqueues them
(exams.render_certificate, one per certificate) and the clock runs until the database shows every one ready.
The worker's start-up is not in the wall time; its processes' resident memory is read from /proc at the end.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, database_label, setup_django, table  # noqa: E402

QUEUE = "noks_bench_batch"


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def run(*, certificates: int = 1000, concurrency: int = 2, timeout: float = 1800, log=print) -> dict:
    setup_django()
    from django.conf import settings
    from django.db import connection

    from exams.enums import RenderState
    from exams.models import Certificate
    from exams.tasks import render_certificate
    from noks_portal.celery import app

    if not settings.REDIS_URL or connection.vendor != "postgresql":
        raise SystemExit("this benchmark needs PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and a real worker")
    database = connection.settings_dict  # the worker reads and writes the database this process uses (tests too)
    database_url = (f"postgres://{database['USER']}"
                    + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
                    + f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}")
    ids = list(Certificate.objects.filter(serial__startswith="SCALE-").order_by("pk")
               .values_list("pk", flat=True)[:certificates])
    if len(ids) < certificates:
        raise SystemExit(f"only {len(ids)} generated certificates: run seed_scale --certificates {certificates}")
    Certificate.objects.filter(pk__in=ids).update(state=RenderState.PENDING, file="", sha256="", error="",
                                                  attempts=0)
    with app.connection_for_write() as connection_:
        connection_.default_channel.queue_declare(queue=QUEUE, durable=True, auto_delete=False)
        connection_.default_channel.queue_purge(QUEUE)
    media = tempfile.mkdtemp(prefix="noks-batch-")
    env = {**os.environ, "MEDIA_ROOT": media, "CELERY_QUEUE": QUEUE, "CELERY_TASK_ALWAYS_EAGER": "0",
           "DATABASE_URL": database_url}
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "noks_portal", "worker", "--pool=prefork",
         f"--concurrency={concurrency}", "-Q", QUEUE, "--loglevel=WARNING", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", "bench@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0, destination=[f"bench@{socket.gethostname()}"]):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the worker did not start")
        started = time.perf_counter()
        for pk in ids:
            render_certificate.apply_async(args=[pk], queue=QUEUE)
        enqueued = time.perf_counter() - started
        done = 0
        while done < len(ids):
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"timed out with {done} of {len(ids)} ready")
            time.sleep(0.5)
            done = Certificate.objects.filter(pk__in=ids, state=RenderState.READY).count()
        wall = time.perf_counter() - started
        rss = {pid: _rss_mib(pid) for pid in [worker.pid, *_children(worker.pid)]}
        failed = Certificate.objects.filter(pk__in=ids, state=RenderState.FAILED).count()
        files = sum(1 for path in Path(media).rglob("*.pdf"))
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    result = {"certificates": len(ids), "concurrency": concurrency, "wall": wall, "enqueue": enqueued,
              "per_second": len(ids) / wall, "rss_parent": rss.get(worker.pid, 0.0),
              "rss_children": [v for pid, v in rss.items() if pid != worker.pid], "failed": failed, "files": files,
              "database": database_label()}
    log(table(["measure", "figure"], [
        ["certificates", result["certificates"]],
        ["worker", f"prefork, {concurrency} children"],
        ["enqueue time", f"{enqueued:.2f} s"],
        ["wall time (enqueue to all ready)", f"{wall:.1f} s"],
        ["certificates per second", f"{result['per_second']:.1f}"],
        ["files written", files],
        ["failed", failed],
        ["VmRSS parent / children", f"{result['rss_parent']:.0f} / "
                                    + ", ".join(f"{v:.0f}" for v in result["rss_children"]) + " MiB"],
    ], title=f"Celery batch — {result['database']}, Redis {settings.REDIS_URL}"))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    run(certificates=args.certificates, concurrency=args.concurrency)
