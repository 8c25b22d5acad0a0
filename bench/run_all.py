"""The whole suite at a small size, in one command, printing one combined table (well under 5 minutes).

Run (PostgreSQL, a database of its own — see bench/README.md):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/noks_bench .venv/bin/python bench/run_all.py
Opt-in bigger sizes: --programs 100000 (or 1000000), --renders 1000, --seconds 30, --repeat 5.
--details also prints each benchmark's own table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import documents_bench, load_bench, rules_facts_bench, search_bench  # noqa: E402
from bench.common import database_label, setup_django, table  # noqa: E402


def machine() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            ram = int(meminfo.readline().split()[1]) / 1024 / 1024
    except OSError:
        ram = float("nan")
    return (f"{os.cpu_count()} cores, {ram:.0f} GiB RAM, Python {platform.python_version()}, "
            f"{database_label()}")


def verdict(value: float, target: float, *, higher_is_better: bool = False) -> str:
    if value != value:
        return "-"
    return "met" if (value >= target if higher_is_better else value <= target) else "MISSED"


def run(*, programs: int = 20_000, repeat: int = 3, renders: int = 200, seconds: float = 10, details: bool = False,
        skip_load: bool = False, rule_sizes=rules_facts_bench.SIZES, log=print) -> list[list]:
    setup_django()
    started = time.perf_counter()
    rows: list[list] = []

    s = search_bench.run(programs=programs, repeat=repeat, log=log)
    if details:
        log(search_bench.report(s))
    size = f"{s['public']} public"
    rows += [
        ["search", f"request p50 ({size})", f"{s['p50']['request'] * 1000:.1f} ms", "", ""],
        ["search", f"request p95 ({size})", f"{s['p95']['request'] * 1000:.1f} ms", "< 100 ms at 1 M",
         verdict(s["p95"]["request"] * 1000, 100) + " at this size"],
        ["search", "bare SQL p95 (all queries / page)",
         f"{s['p95']['sql_all'] * 1000:.1f} / {s['p95']['sql_page'] * 1000:.1f} ms", "", ""],
        ["search", "request / bare SQL (p50)", f"{s['request_over_sql_all_p50']:.2f}x", "<= 2x",
         verdict(s["request_over_sql_all_p50"], 2)],
        ["search", "naive / ours, count+page (p95)", f"{s['naive_over_ours_p95']:.1f}x", ">= 20x at 1 M",
         verdict(s["naive_over_ours_p95"], 20, higher_is_better=True) + " at this size"],
        ["search", "naive / whole request (p95)", f"{s['naive_over_request_p95']:.2f}x", "", ""],
    ]

    r = rules_facts_bench.run(sizes=rule_sizes, repeat=20)
    if details:
        log(rules_facts_bench.report(r))
    queries = sorted({row[1] for row in r["rows"]})
    rows.append(["rules", "queries for " + "/".join(str(row[0]) for row in r["rows"]) + " programs",
                 "/".join(str(row[1]) for row in r["rows"]), "constant", "met" if len(queries) == 1 else "MISSED"])
    for row in r["rows"]:
        target = "< 50 ms" if row[0] == 50 else ""
        rows.append(["rules", f"{row[0]} programs p50 / p95", f"{row[5]:.1f} / {row[6]:.1f} ms", target,
                     verdict(row[6], 50) if target else ""])

    d = documents_bench.run(renders=renders)
    if details:
        log(documents_bench.report(d))
    rows += [
        ["documents", f"certificates/s ({renders} renders)", f"{d['per_second']:.1f}/s", ">= 20/s",
         verdict(d["per_second"], 20, higher_is_better=True)],
        ["documents", "render p50 / p95", f"{d['p50']:.1f} / {d['p95']:.1f} ms", "", ""],
        ["documents", f"VmRSS after first / after {renders}", f"{d['rss_first']:.0f} / {d['rss_end']:.0f} MiB",
         "bounded", ""],
    ]

    if not skip_load:
        load = load_bench.run(seconds=seconds)
        if details:
            log(load_bench.report(load))
        for row in load["rows"]:
            rows.append(["load", f"{row[0]}: req/s, p50 / p99", f"{row[2]:.1f}/s, {row[3]:.0f} / {row[4]:.0f} ms", "",
                         ""])
        rows.append(["load", "errors", str(load["errors"]), "0", "met" if load["errors"] == 0 else "MISSED"])
    rows.append(["suite", "wall time", f"{time.perf_counter() - started:.0f} s", "< 5 min (small size)",
                 verdict(time.perf_counter() - started, 300)])
    return rows


def report(rows: list[list]) -> str:
    return table(["bench", "measure", "figure", "target", "verdict"], rows, title=f"NOKS benchmarks — {machine()}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args(argv)
    rows = run(programs=args.programs, repeat=args.repeat, renders=args.renders, seconds=args.seconds,
               details=args.details)
    print(report(rows))


if __name__ == "__main__":
    main()
