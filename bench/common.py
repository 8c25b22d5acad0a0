"""Helpers shared by the benchmarks: Django set-up, percentiles, tables, scale data."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    """Configure Django from the environment (DATABASE_URL ...), unless it already is (pytest)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noks_portal.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(seconds: float) -> float:
    return seconds * 1000.0


def table(headers: list[str], rows: list[list], *, title: str = "") -> str:
    """A plain fixed-width table (numbers right-aligned)."""
    cells = [[_fmt(c) for c in row] for row in rows]
    numeric = [all(isinstance(row[i], (int, float)) or row[i] == "" for row in rows) for i in range(len(headers))]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def line(values):
        return "  ".join(v.rjust(w) if numeric[i] else v.ljust(w)
                         for i, (v, w) in enumerate(zip(values, widths))).rstrip()

    lines = [title] if title else []
    lines.append(line(headers))
    lines += [line(row) for row in cells]
    return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, float):
        if value != value:
            return "-"
        return f"{value:.2f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return f"PostgreSQL {version.split()[0]} ({connection.settings_dict['NAME']})"
    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


def scale_programs() -> int:
    """How many generated (seed_scale) programs the database holds."""
    from noks_portal.management.commands.seed_scale import EMAIL_DOMAIN, MB_PREFIX
    from programs.models import Program

    return Program.objects.filter(organization__mb__startswith=MB_PREFIX,
                                  organization__email__endswith="@" + EMAIL_DOMAIN).count()


def ensure_scale(programs: int, *, certificates: int = 0, reseed: bool = False, log=print) -> dict:
    """Make the database hold exactly `programs` generated programs (re-seeding if the count differs)."""
    from django.db import connection

    from noks_portal.management.commands.seed_scale import reset, seed_scale

    have = scale_programs()
    if have == programs and not reseed:
        log(f"using the {have} generated programs already in the database")
        return {"programs": have, "seconds": 0.0, "reused": True}
    t0 = time.perf_counter()
    reset()
    made = seed_scale(programs=programs, certificates=certificates, seed=1)
    seconds = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"seeded {programs} programs ({made.get('public programs')} public, {made.get('organizations')} "
        f"organizations) in {seconds:.1f} s")
    return {**made, "seconds": seconds, "reused": False}
