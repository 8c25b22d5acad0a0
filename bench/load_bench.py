"""The public search page and the program page under gunicorn (2 workers), loaded from loopback.

Run: .venv/bin/python bench/load_bench.py [--seconds 10] [--clients 8] [--port 8765]   (documented: --seconds 30)

Starts `gunicorn noks_portal.wsgi -w 2 -b 127.0.0.1:PORT` against the configured DATABASE_URL (DEBUG=0, so no
query log), waits until it answers, then runs --clients threads, each with its own http.client connection (kept
alive when the server allows it; gunicorn's sync workers close after each response, so the client reconnects),
for --seconds. Each client alternates a search (one of 8 queries, first pages and filters) and the page of a
public program (picked beforehand from the database). Reports requests/s, p50 / p99 latency and errors (a non-200
answer or a failed connection) per page and in total, then stops gunicorn. The generator shares the 2 cores with
the server, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, ms, percentile, setup_django, table  # noqa: E402

SEARCHES = ["q=kuvar", "q=%D0%BA%D1%83%D0%B2%D0%B0%D1%80",  # кувар, percent-encoded
            "q=engleski+jezik", "q=zavarivac&kind=1", "q=racunovodja", "q=osnovi+rada",
            "q=pekar&activity=A-COMP", ""]


def _program_ids(limit: int = 200) -> list[int]:
    setup_django()
    from programs.search import public_programs

    return list(public_programs().order_by("?").values_list("pk", flat=True)[:limit])


def start_gunicorn(port: int, workers: int = 2) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40), "LOG_LEVEL": "WARNING",
           "STATIC_ROOT": os.environ.get("STATIC_ROOT", "/tmp/noks_bench_static")}
    # Without DEBUG the pages link hashed static names: collect them once into a folder of the benchmark's own.
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "noks_portal.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited: " + proc.stderr.read().decode(errors="replace")[-2000:])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/sr/search/")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return proc
            stop_gunicorn(proc)
            raise RuntimeError(f"/sr/search/ answered {status} under gunicorn: "
                               + proc.stderr.read().decode(errors="replace")[-2000:])
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(proc)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _client(port: int, paths: list[tuple[str, str]], until: float, out: dict, lock: threading.Lock, seed: int):
    rng = random.Random(seed)
    conn = None
    local = {kind: [] for kind, _p in paths}
    errors = {kind: 0 for kind, _p in paths}
    i = rng.randrange(len(paths))
    while time.perf_counter() < until:
        kind, path = paths[i % len(paths)]
        i += 1 + rng.randrange(2)
        t0 = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Accept-Language": "sr"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            if response.getheader("Connection", "").lower() == "close" or response.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            ok = False
            if conn is not None:
                conn.close()
            conn = None
        elapsed = time.perf_counter() - t0
        if ok:
            local[kind].append(elapsed)
        else:
            errors[kind] += 1
    if conn is not None:
        conn.close()
    with lock:
        for kind in local:
            out["times"][kind] += local[kind]
            out["errors"][kind] += errors[kind]


def run(*, seconds: float = 10, clients: int = 8, port: int = 8765, workers: int = 2) -> dict:
    ids = _program_ids()
    if not ids:
        raise RuntimeError("No public programs: run manage.py seed_scale first.")
    paths = []
    for n, query in enumerate(SEARCHES):
        paths.append(("search", "/sr/search/" + (f"?{query}" if query else "")))
        paths.append(("program", f"/sr/program/{ids[n % len(ids)]}/"))
    paths += [("program", f"/sr/program/{pk}/") for pk in ids[len(SEARCHES):len(SEARCHES) * 4]]
    paths += [("search", "/sr/search/?" + q) for q in SEARCHES[:-1] for _k in range(2)]
    proc = start_gunicorn(port, workers)
    try:
        # Warm both workers (imports, fonts, connections).
        for _k, path in paths[:16]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
        out = {"times": {"search": [], "program": []}, "errors": {"search": 0, "program": 0}}
        lock = threading.Lock()
        started = time.perf_counter()
        until = started + seconds
        threads = [threading.Thread(target=_client, args=(port, paths, until, out, lock, k)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        stop_gunicorn(proc)
    rows = []
    for kind in ("search", "program"):
        times = out["times"][kind]
        rows.append([kind, len(times), len(times) / wall, ms(percentile(times, .5)), ms(percentile(times, .99)),
                     out["errors"][kind]])
    every = out["times"]["search"] + out["times"]["program"]
    errors = out["errors"]["search"] + out["errors"]["program"]
    rows.append(["total", len(every), len(every) / wall, ms(percentile(every, .5)), ms(percentile(every, .99)),
                 errors])
    return {"rows": rows, "seconds": seconds, "clients": clients, "workers": workers, "errors": errors,
            "rps": len(every) / wall, "p99": ms(percentile(every, .99)), "p50": ms(percentile(every, .5))}


def report(result: dict) -> str:
    return table(["page", "requests", "req/s", "p50 ms", "p99 ms", "errors"], result["rows"],
                 title=f"load: gunicorn -w {result['workers']}, {result['clients']} keep-alive clients on loopback, "
                       f"{result['seconds']:.0f} s")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    print(report(run(seconds=args.seconds, clients=args.clients, port=args.port)))


if __name__ == "__main__":
    main()
