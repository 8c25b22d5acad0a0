"""Public program search at scale: our search against a naive `icontains` baseline, on the same data, in one run.

Run (PostgreSQL for the real figures, in a database of its own):
    createdb -h 127.0.0.1 -U postgres noks_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/noks_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/search_bench.py --programs 20000 [--repeat 5] [--reseed]

The database is first made to hold exactly --programs generated programs (manage.py seed_scale; reused when the
count already matches). Each of the 32 queries below is run once to warm up, then --repeat times per method:

  request   GET /sr/search/?... through the Django test client: the whole request (parse, search_programs(): the
            read of the matches up to the exact limit, the page rows, the facets (exact, or from a sample when too
            many match), rendering the template)
  sql_all   the very SQL statements search_programs() issued for that query (captured once), executed bare on a
            cursor: what the database costs, without Python
  sql_page  the statement that gives the page's ids alone, bare (the read of the matches, ranked in Python; or,
            when too many match, the newest-first page walked along the primary key)
  naive     what a Django admin `search_fields = ["name_sr", "name_sr_latn", "name_en"]` would run on the same data
            (it finds no word form and no typo: a baseline of cost, not of quality):
            per word Q(name_sr__icontains) | Q(name_sr_latn__icontains) | Q(name_en__icontains), the same simple
            filters, ordered by the model's ordering, a count and the same page (through the ORM)
  ours      what gives our count and page, bare (the read of the matches; plus the newest-first page when too
            many match, whose total is then estimated with the facets): the like-for-like comparison with naive

Ratios: request / sql_all (how much Python and rendering add to the database work), naive / ours.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import database_label, ensure_scale, ms, percentile, setup_django, table  # noqa: E402

# (label, query string); "{muni}" is replaced by the pk of a municipality with generated providers.
QUERIES = [
    ("cyr word", "q=кувар"),
    ("lat word", "q=kuvar"),
    ("upper ascii", "q=KUVAR"),
    ("ascii-folded", "q=zavarivac"),
    ("cyr diacritics", "q=заваривач"),
    ("lat two words", "q=engleski+jezik"),
    ("cyr + level", "q=енглески+језик+б1"),
    ("lat diacritics", "q=računovođa"),
    ("phrase", "q=osnovi+rada+na+racunaru"),
    ("misspelled", "q=konbar"),
    ("misspelled 2", "q=elektricr"),
    ("provider word", "q=centar"),
    ("town", "q=novi+sad"),
    ("kind filter", "q=pekar&kind=1"),
    ("activity, deep", "q=jezik&activity=A-PERS&page=5"),
    ("hours filter", "q=frizer&min_hours=300"),
    ("municipality", "municipality={muni}"),
    ("standard filter", "standard=SCALE-001&page=2"),
    ("browse all", ""),
    ("browse deep", "page=200"),
    # issue 19: word forms, typos, English, content
    ("cyr genitive", "q=кувара"),
    ("lat plural", "q=kuvari"),
    ("cyr gen. 2", "q=заваривача"),
    ("lat instrumental", "q=računarom"),
    ("two word forms", "q=engleskog+jezika"),
    ("cyr two forms", "q=прве+помоћи"),
    ("typo missing", "q=kuvr"),
    ("typo missing 2", "q=fotografja"),
    ("typo missing 3", "q=vodoinstalter"),
    ("typo swapped", "q=elektricra"),
    ("english", "q=plumber"),
    ("content word", "q=osposobljavanje+pekar"),
]


def _query_dict(query: str):
    from django.http import QueryDict

    return QueryDict(query)


def _naive(query: str, page_size: int):
    """The Django-admin way: icontains over the name fields, the model's ordering, a count and a page."""
    from django.db.models import Q

    from programs.models import Program
    from programs.search import SearchParams

    params = SearchParams.from_query(_query_dict(query))
    queryset = Program.objects.all()
    for word in params.q.split():
        queryset = queryset.filter(Q(name_sr__icontains=word) | Q(name_sr_latn__icontains=word)
                                   | Q(name_en__icontains=word))
    for name in ("kind", "activity"):
        if getattr(params, name) not in ("", None):
            queryset = queryset.filter(**{name: getattr(params, name)})
    if params.municipality:
        queryset = queryset.filter(organization__municipality_id=params.municipality)
    if params.standard:
        queryset = queryset.filter(qualification_standard__code=params.standard)
    if params.min_hours is not None:
        queryset = queryset.filter(duration_hours__gte=params.min_hours)
    count = queryset.count()
    start = (params.page - 1) * page_size
    rows = list(queryset.order_by("name", "pk")[start:start + page_size])
    return count, rows


def _captured(query: str) -> dict[str, list[str]]:
    """The SQL statements search_programs() runs for this query: "all" of them; "page", those that give the page's
    ids (the read of the matches, ranked in Python when they are few, or the alphabetical page when they are many);
    "core", those that give the count and the page's ids (like-for-like with the naive count + page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs.search import SearchParams, search_programs

    params = SearchParams.from_query(_query_dict(query))
    with CaptureQueriesContext(connection) as ctx:
        result = search_programs(params)
        list(result.page.object_list)
    statements = [q["sql"] for q in ctx.captured_queries]
    matches = [s for s in statements if '"search_name"' in s and " LIMIT " in s and " ORDER BY " not in s][:1]
    newest = [s for s in statements if 'ORDER BY "programs_program"."id" DESC' in s][:1]
    walk = [s for s in statements if s.startswith("SET LOCAL") and "TO DEFAULT" not in s] if newest else []
    page = walk + newest if newest else matches
    return {"all": statements, "page": page, "core": matches + walk + newest}


def _run_sql(statements: list[str]) -> None:
    """Replay statements bare, in one transaction (so the search's SET LOCAL planner settings apply as they did)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            if sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
                continue
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()


def run(*, programs: int | None = None, repeat: int = 5, reseed: bool = False, log=print) -> dict:
    """Seed (when `programs` is given), time the 32 queries, return {"rows": [...], "summary": [...], ...}."""
    setup_django()
    from django.test import Client
    from django.utils import translation

    from programs.search import PAGE_SIZE
    from providers.models import Municipality

    seeded = ensure_scale(programs, reseed=reseed, log=log) if programs is not None else None
    from programs.search import public_programs

    n_public = public_programs().count()
    muni = (Municipality.objects.filter(organizations__mb__startswith="9").values_list("pk", flat=True)
            .order_by("pk").first()) or 1
    client = Client()
    methods = ("request", "sql_all", "sql_page", "ours", "naive")
    times: dict[str, list[float]] = {m: [] for m in methods}
    rows = []
    for label, raw in QUERIES:
        query = raw.replace("{muni}", str(muni))
        with translation.override("sr"):
            statements = _captured(query)
        url = "/sr/search/" + (f"?{query}" if query else "")
        actions = {
            "request": lambda: client.get(url),
            "sql_all": lambda: _run_sql(statements["all"]),
            "sql_page": lambda: _run_sql(statements["page"]),
            "ours": lambda: _run_sql(statements["core"]),
            "naive": lambda: _naive(query, PAGE_SIZE),
        }
        response = client.get(url)  # warm-up, and a check that the page works
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        for action in actions.values():
            action()
        per_query = {m: [] for m in methods}
        for _r in range(repeat):
            for method, action in actions.items():
                t0 = time.perf_counter()
                action()
                per_query[method].append(time.perf_counter() - t0)
        for method in methods:
            times[method] += per_query[method]
        hits = _hits(query)
        rows.append([label, hits] + [ms(percentile(per_query[m], 0.5)) for m in methods])
    summary = []
    for q, name in ((0.5, "p50"), (0.95, "p95")):
        summary.append([name, ""] + [ms(percentile(times[m], q)) for m in methods])
    p50 = {m: percentile(times[m], 0.5) for m in methods}
    p95 = {m: percentile(times[m], 0.95) for m in methods}
    result = {
        "programs": programs, "public": n_public, "repeat": repeat, "rows": rows, "summary": summary,
        "p50": p50, "p95": p95, "database": database_label(), "seeded": seeded,
        "request_over_sql_all_p50": p50["request"] / p50["sql_all"] if p50["sql_all"] else float("nan"),
        "naive_over_ours_p50": p50["naive"] / p50["ours"] if p50["ours"] else float("nan"),
        "naive_over_ours_p95": p95["naive"] / p95["ours"] if p95["ours"] else float("nan"),
        "naive_over_request_p95": p95["naive"] / p95["request"] if p95["request"] else float("nan"),
    }
    return result


def _hits(query: str) -> int:
    from programs.search import SearchParams, filtered_programs

    return filtered_programs(SearchParams.from_query(_query_dict(query))).count()


def report(result: dict) -> str:
    headers = ["query (p50 ms)", "hits", "request", "sql_all", "sql_page", "ours", "naive"]
    out = [table(headers, result["rows"] + result["summary"],
                 title=f"search: {result['public']} public programs, {result['database']}, "
                       f"{result['repeat']} runs per query after a warm-up")]
    out.append(f"request / sql_all (p50): {result['request_over_sql_all_p50']:.2f}x;  "
               f"naive / ours (count + page, p50): {result['naive_over_ours_p50']:.2f}x, "
               f"p95: {result['naive_over_ours_p95']:.2f}x;  naive / whole request (p95): "
               f"{result['naive_over_request_p95']:.2f}x")
    return "\n".join(out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    print(report(run(programs=args.programs, repeat=args.repeat, reseed=args.reseed)))


if __name__ == "__main__":
    main()
