"""What the hardening of issue 14 costs and saves.

Run: .venv/bin/python bench/hardening_bench.py [rows]    (DATABASE_URL picks the database; the embedded SQLite
otherwise). The audit part writes its rows inside one transaction and rolls it back, so nothing stays behind.

- The script conversion of one unbroken word of 10 000, 100 000 and 1 000 000 characters, both ways: the time must
  grow with the length, not its square (before issue 14 a 40 000-character word took 7 s, 100 000 more than a
  gunicorn timeout).
- One audit row through core.audit.audit_log (lock, read the head, hash, insert) against a bare insert of the same
  row, and `audit_verify`'s walk over the rows written (rows per second).

Figures printed on the project machine: docs/performance.md, "Hardening (issue 14)".
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, setup_django, table  # noqa: E402


def conversion_table() -> list[list[str]]:
    from rules.translit import cyr_to_lat, lat_to_cyr

    rows = []
    for length in (10_000, 100_000, 1_000_000):
        cyrillic, latin = "ж" * length, "dž" * (length // 2)
        started = time.perf_counter()
        cyr_to_lat(cyrillic)
        middle = time.perf_counter()
        lat_to_cyr(latin)
        done = time.perf_counter()
        rows.append([f"{length:,}", f"{(middle - started) * 1000:.1f}", f"{(done - middle) * 1000:.1f}"])
    return rows


def audit_table(count: int) -> list[list[str]]:
    from django.db import transaction

    from accounts.models import User
    from core.audit import audit_log, chain_verify
    from core.models import AuditEvent

    chained, bare = [], []
    with transaction.atomic():
        user = User.objects.create_user("bench-audit", "bench-audit@example.invalid", "bench-Pass-2026")
        for i in range(count):
            started = time.perf_counter()
            audit_log(user, action="bench.chained", actor=user, note=f"row {i}", data={"i": i})
            chained.append(time.perf_counter() - started)
        first = AuditEvent.objects.filter(action="bench.chained").order_by("seq").values_list("seq", flat=True)[0]
        started = time.perf_counter()
        report = chain_verify(since=first)
        walk = time.perf_counter() - started
        for i in range(count):  # after the walk: these rows are outside the chain
            started = time.perf_counter()
            AuditEvent.objects.create(seq=10 ** 12 + i, action="bench.bare", object_type="accounts.user",
                                      object_id=str(user.pk), note=f"row {i}", data={"i": i}, row_hash="-")
            bare.append(time.perf_counter() - started)
        transaction.set_rollback(True)  # nothing stays (the audit table refuses DELETE on PostgreSQL anyway)
    rows = [[name, f"{percentile(values, 0.5) * 1000:.2f}", f"{percentile(values, 0.95) * 1000:.2f}"]
            for name, values in (("audit_log (chained)", chained), ("bare insert", bare))]
    if report.ok:
        rows.append([f"audit_verify over {report.rows} rows", f"{walk * 1000:.1f} total",
                     f"{report.rows / walk:,.0f} rows/s"])
    return rows


def main(argv: list[str]) -> None:
    count = int(argv[1]) if len(argv) > 1 else 500
    setup_django()
    from django.db import connection

    print("Script conversion of one unbroken word")
    print(table(["characters", "Cyrillic to Latin ms", "Latin to Cyrillic ms"], conversion_table()))
    print(f"\nAudit trail on {connection.vendor}, {count} rows")
    print(table(["step", "p50 ms", "p95 ms"], audit_table(count)))


if __name__ == "__main__":
    main(sys.argv)
