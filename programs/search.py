"""Public program search: one box and filters, script- and diacritics-insensitive through rules.translit.fold,
the same normalization for the stored search text and for the query. Only programs in an accreditation in force
today are public.

Two ways to answer, chosen by one read of the matches that stops after EXACT_LIMIT + 1:
- up to EXACT_LIMIT matches (selective queries): ranked (name starts with the first word, then the phrase, then
  the rest, alphabetical by the folded name within), the exact count, and exact counts per filter value;
- more (a common word at national scale, or browsing everything): newest first, read backwards along the primary
  key (which, unlike the names, does not follow what is searched for, so a page costs about page size ÷ share of
  matches rows); paging reaches the first EXACT_LIMIT programs; on PostgreSQL the total and the counts per filter
  value are estimated from a sample of the table (TABLESAMPLE), and say so.
The cost of a search is thus bounded by EXACT_LIMIT rows or a fixed sample, not by the size of the register.

On PostgreSQL the search text has a trigram GIN index (migration programs 0003), so the `LIKE '%word%'` of each
query word is an index scan; on SQLite the same queries are plain matching.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.enums import Activity, DeliveryLanguage, ProgramKind
from programs.models import Program
from rules.translit import fold

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
STARTING_SOON_DAYS = 60
MAX_QUERY = 200
EXACT_LIMIT = 2_000  # settings.SEARCH_EXACT_LIMIT overrides (tests)
SAMPLE_ROWS = 10_000  # the estimates read about this many rows of the table (settings.SEARCH_SAMPLE_ROWS)


def exact_limit() -> int:
    return getattr(settings, "SEARCH_EXACT_LIMIT", EXACT_LIMIT)


def program_search_text(program: Program) -> tuple[str, str]:
    """(search_text, search_name) of a program: what a query word is matched against, and what ranks first."""
    organization = program.organization
    standard = program.qualification_standard
    name = " ".join(filter(None, (program.name_sr, program.name_sr_latn, program.name_en)))
    parts = [name, organization.name_sr or "", organization.name_en or "", organization.pib or ""]
    if organization.municipality_id:
        parts.append(organization.municipality.name_sr or "")
    if standard is not None:
        parts += [standard.code, standard.name_sr or "", standard.name_en or ""]
    return fold(" ".join(parts)), fold(name)


def program_refresh_search(program: Program) -> None:
    program.search_text, program.search_name = program_search_text(program)


def organization_programs_refresh(organization) -> int:
    """After an organization's particulars change, its programs' search text follows (providers hook)."""
    programs = list(Program.objects.filter(organization=organization).select_related(
        "organization__municipality", "qualification_standard"))
    for program in programs:
        program_refresh_search(program)
    Program.objects.bulk_update(programs, ["search_text", "search_name"])
    return len(programs)


def public_programs(today: dt.date | None = None) -> QuerySet[Program]:
    """Programs in an accreditation in force today (active, today within its validity), read from the copy of the
    validity on the program itself (programs_refresh_public)."""
    today = today or timezone.localdate()
    return Program.objects.filter(public_from__lte=today, public_until__gte=today)


def programs_refresh_public(program_ids) -> None:
    """Copy onto each program the span of the active accreditations covering it (after a grant, a revocation or an
    expiry); a program with none is not public."""
    from django.db.models import Max, Min

    ids = list(program_ids)
    spans = {row["program_id"]: row for row in Program.accreditations.through.objects.filter(
        program_id__in=ids, accreditation__state="active").values("program_id").annotate(
        start=Min("accreditation__valid_from"), end=Max("accreditation__valid_until"))}
    programs = list(Program.objects.filter(pk__in=ids).only("pk", "public_from", "public_until"))
    for program in programs:
        span = spans.get(program.pk)
        program.public_from, program.public_until = (span["start"], span["end"]) if span else (None, None)
    Program.objects.bulk_update(programs, ["public_from", "public_until"])


def whole_number(data, name: str, errors: dict, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    """``data[name]`` as a whole number in ASCII digits, at most nine (``²``, ``١٢`` and ``-1`` are refused), within
    bounds; None when absent. A bad value is reported under its name in ``errors`` (the page's and the API's 400)."""
    raw = str(data.get(name) or "").strip()
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        errors[name] = [_("Enter a whole number.")]
        return None
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        errors[name] = [_("Out of range.")]
        return None
    return value


@dataclass
class SearchParams:
    q: str = ""
    level: str = ""
    sector: str = ""
    standard: str = ""
    kind: int | None = None
    activity: str = ""
    municipality: int | None = None
    provider: int | None = None
    min_hours: int | None = None
    max_hours: int | None = None
    language: str = ""
    starting_soon: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE

    FIELDS = ("q", "level", "sector", "standard", "kind", "activity", "municipality", "provider", "min_hours",
              "max_hours", "language", "starting_soon", "page", "page_size")

    @classmethod
    def from_query(cls, data) -> SearchParams:
        """Read and check the query string; every malformed value is reported by name (a 400 for the API)."""
        errors: dict[str, list[str]] = {}
        params = cls()

        def integer(name, minimum=0, maximum=None):
            return whole_number(data, name, errors, minimum=minimum, maximum=maximum)

        params.q = (data.get("q") or "").strip()[:MAX_QUERY]
        if any(ord(ch) < 32 and ch not in "\t" for ch in params.q):
            params.q = "".join(ch for ch in params.q if ord(ch) >= 32)
        params.level = (data.get("level") or "").strip()[:10]
        params.sector = (data.get("sector") or "").strip()[:20]
        params.standard = (data.get("standard") or "").strip()[:30]
        params.kind = integer("kind", 1, 10)
        activity = (data.get("activity") or "").strip()
        if activity and activity not in Activity.values:
            errors["activity"] = [_("Unknown activity.")]
        params.activity = activity if activity in Activity.values else ""
        params.municipality = integer("municipality", 1)
        params.provider = integer("provider", 1)
        params.min_hours = integer("min_hours", 0, 100000)
        params.max_hours = integer("max_hours", 0, 100000)
        language = (data.get("language") or "").strip()
        if language and language not in DeliveryLanguage.values:
            errors["language"] = [_("Unknown language.")]
        params.language = language if language in DeliveryLanguage.values else ""
        soon = (data.get("starting_soon") or "").strip().lower()
        if soon not in ("", "0", "1", "true", "false", "on"):
            errors["starting_soon"] = [_("Use 1 or 0.")]
        params.starting_soon = soon in ("1", "true", "on")
        params.page = integer("page", 1, 100000) or 1
        params.page_size = integer("page_size", 1, MAX_PAGE_SIZE) or PAGE_SIZE
        if errors:
            raise ValidationError(errors)
        return params

    def words(self) -> list[str]:
        return [w for w in fold(self.q).split() if w][:10]

    def query_string(self, **changes) -> str:
        from urllib.parse import urlencode

        values = {name: getattr(self, name) for name in self.FIELDS}
        values.update(changes)
        values.pop("page_size", None) if values.get("page_size") == PAGE_SIZE else None
        if values.get("page") == 1:
            values.pop("page")
        return urlencode({k: ("1" if v is True else v) for k, v in values.items() if v not in ("", None, False)})


@dataclass
class Facet:
    name: str
    values: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)
    estimated: bool = False  # the counts come from a sample of the register


@dataclass
class SearchResult:
    page: object
    count: int
    facets: list[Facet]
    count_exact: bool = True  # False: ``count`` and the facets' counts are estimates
    ranked: bool = True  # False: too many matches to rank; newest first, paging reaches the first ``window``
    window: int | None = None


class _CountedPaginator(Paginator):
    """A paginator told its count (already known, or the reachable window), so it runs no COUNT of its own."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:
        return self._known


def filtered_programs(params: SearchParams) -> QuerySet[Program]:
    """Every public program the query and filters select, unordered and unpaginated (open-data exports)."""
    return _filtered(params)


def _filtered(params: SearchParams, *, without: str = "") -> QuerySet[Program]:
    queryset = public_programs()
    for word in params.words():
        queryset = queryset.filter(search_text__contains=word)
    today = timezone.localdate()
    filters = {
        "level": lambda qs: qs.filter(qualification_standard__level__code=params.level),
        "sector": lambda qs: qs.filter(qualification_standard__sector__code=params.sector),
        "standard": lambda qs: qs.filter(qualification_standard__code=params.standard),
        "kind": lambda qs: qs.filter(kind=params.kind),
        "activity": lambda qs: qs.filter(activity=params.activity),
        "municipality": lambda qs: qs.filter(organization__municipality_id=params.municipality),
        "provider": lambda qs: qs.filter(organization_id=params.provider),
        "language": lambda qs: qs.filter(language_of_delivery=params.language),
    }
    for name, apply in filters.items():
        if name != without and getattr(params, name) not in ("", None):
            queryset = apply(queryset)
    if params.min_hours is not None:
        queryset = queryset.filter(duration_hours__gte=params.min_hours)
    if params.max_hours is not None:
        queryset = queryset.filter(duration_hours__lte=params.max_hours)
    if params.starting_soon and without != "starting_soon":
        soon = today + dt.timedelta(days=STARTING_SOON_DAYS)
        cohorts = Program.cohorts.rel.related_model.objects.filter(program_id=OuterRef("pk"),
                                                                  starts_on__range=(today, soon))
        queryset = queryset.filter(Q(starts_on__range=(today, soon)) | Exists(cohorts))
    return queryset


FACETS = {
    "level": ("qualification_standard__level__code", "qualification_standard__level__code"),
    "sector": ("qualification_standard__sector__code", "qualification_standard__sector__name"),
    "activity": ("activity", None),
    "kind": ("kind", None),
    "municipality": ("organization__municipality_id", "organization__municipality__name"),
    "provider": ("organization_id", "organization__name"),
    "language": ("language_of_delivery", None),
}


def _in_language(label_field: str | None) -> str | None:
    """organization__name -> organization__name_sr_latn on a Latin page (the translated column of the language)."""
    from django.utils.translation import get_language

    if not label_field or not label_field.endswith("__name"):
        return label_field
    suffix = {"sr": "_sr", "sr-latn": "_sr_latn", "en": "_en"}.get(get_language() or "sr", "_sr")
    return label_field + suffix


def search_programs(params: SearchParams) -> SearchResult:
    """The page of public programs and the counts per filter value (each facet counts the programs that the other
    filters leave, so choosing a value shows how many there are)."""
    queryset = _filtered(params)
    limit = exact_limit()
    # One read of the matches, stopping after limit + 1: their ids and folded names, to rank and page here.
    matches = list(queryset.order_by().values_list("pk", "search_name")[:limit + 1])
    if len(matches) <= limit:
        return _ranked(params, queryset, matches)
    return _newest_first(params, queryset, limit)


WALK_PAGES = 3  # newest first: these first pages walk the primary key (see _page_of)
# The walk leaves the planner no other way; expecting to read the whole table, it would also start parallel workers.
WALK = (("enable_bitmapscan", "off"), ("enable_seqscan", "off"), ("enable_sort", "off"),
        ("max_parallel_workers_per_gather", "0"))


def _page_of(ordered, params: SearchParams, count: int, *, walk: bool = False):
    """The asked page of ``ordered`` ids, its rows fetched with what the results list shows.

    ``walk`` (newest first, PostgreSQL): the planner multiplies the selectivities of the words as if independent
    and, expecting a handful of matches, would fetch every candidate of the trigram index and sort them (≈ 180 ms at
    a million programs). We know better: more than the limit match, so walking the primary key backwards finds a
    page within WALK_PAGES × page size ÷ (limit ÷ programs) rows at worst; bitmap scans are switched off for the
    first WALK_PAGES pages (with sequential scans, sorts and parallel workers), in this statement's transaction
    only. Deeper pages are left to the planner."""
    page = _CountedPaginator(ordered, params.page_size, count=count).get_page(params.page)
    if walk and connection.vendor == "postgresql" and page.number <= WALK_PAGES:
        with transaction.atomic(), connection.cursor() as cursor:
            for name, value in WALK:
                cursor.execute(f"SET LOCAL {name} = {value}")
            try:
                ids = list(page.object_list)
            finally:  # within an outer transaction (tests), the settings would outlive this block
                for name, _value in WALK:
                    cursor.execute(f"SET LOCAL {name} TO DEFAULT")
    else:
        ids = list(page.object_list)
    rows = Program.objects.filter(pk__in=ids).select_related("organization__municipality",
                                                             "qualification_standard__level")
    by_id = {program.pk: program for program in rows}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def _ranked(params: SearchParams, queryset: QuerySet[Program], matches: list[tuple[int, str]]) -> SearchResult:
    """Programs whose name starts with the first word, then those whose name holds the phrase, then the rest;
    alphabetical by the folded name within each."""
    words = params.words()
    first, phrase = (words[0], " ".join(words)) if words else ("", "")

    def rank(match):
        pk, name = match
        if not words:
            return (0, name, pk)
        return (0 if name.startswith(first) else 1 if phrase in name else 2, name, pk)

    ordered = [pk for pk, _name in sorted(matches, key=rank)]
    page = _page_of(ordered, params, len(ordered))
    return SearchResult(page=page, count=len(ordered), facets=_facets(params, queryset)[0])


def _newest_first(params: SearchParams, queryset: QuerySet[Program], limit: int) -> SearchResult:
    """Too many matches to rank: the newest first, read backwards along the primary key, which does not follow the
    names or the filters, so the first page needs about page size ÷ share of matches rows whatever the query."""
    ordered = queryset.order_by("-pk").values_list("pk", flat=True)
    page = _page_of(ordered, params, limit, walk=True)
    if connection.vendor == "postgresql":
        percent = _sample_percent()
        facets, total = _facets(params, queryset, sample=percent)
        return SearchResult(page=page, count=max(total, limit + 1), facets=facets, count_exact=percent >= 100,
                            ranked=False, window=limit)
    return SearchResult(page=page, count=queryset.count(), facets=_facets(params, queryset)[0], ranked=False,
                        window=limit)


def _active_facets(params: SearchParams) -> list[str]:
    return [name for name in FACETS if getattr(params, name, None) not in ("", None)]


def _facets(params: SearchParams, queryset: QuerySet[Program], *, sample: float | None = None
            ) -> tuple[list[Facet], int]:
    """The counts per filter value, and the number of matches. The facets without a chosen value: one GROUPING
    SETS pass over the matches (PostgreSQL), from the sample when they are too many to count. A facet with a chosen
    value counts what the other filters leave, which can be far more (choosing one municipality leaves the whole
    register to the municipality facet): exact when that is within the limit, otherwise from the sample too.
    Elsewhere (SQLite) one exact query per facet."""
    if connection.vendor != "postgresql":
        return [_facet(name, _filtered(params, without=name)) for name in FACETS], 0
    facets, total = _facets_in_one_pass(queryset, sample=sample)
    by_name = dict(zip(FACETS, facets))
    limit = exact_limit()
    for name in _active_facets(params):
        others = _filtered(params, without=name)
        few = others.order_by()[:limit + 1].count() <= limit
        if not few and sample is None:
            sample = _sample_percent()
        by_name[name] = _facets_in_one_pass(others, only=(name,), sample=None if few else sample)[0][0]
    return [by_name[name] for name in FACETS], total


def _sample_percent() -> float:
    """The share of the programs table (in %) that holds about SAMPLE_ROWS rows, from the planner's row count."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Program._meta.db_table])
        rows = cursor.fetchone()[0] or 0
    wanted = getattr(settings, "SEARCH_SAMPLE_ROWS", SAMPLE_ROWS)
    if rows <= wanted:
        return 100.0
    return max(0.1, round(100.0 * wanted / rows, 3))


def _estimate(count: int, percent: float) -> int:
    """A sampled count scaled to the table, to two significant digits (it is an estimate)."""
    if percent >= 100:
        return count
    value = count * 100.0 / percent
    if value < 100:
        return int(round(value))
    digits = len(str(int(value))) - 2
    return int(round(value, -digits))


_FACET_LABELS = {"activity": dict(Activity.choices), "kind": dict(ProgramKind.choices),
                 "language": dict(DeliveryLanguage.choices)}
FACET_SIZE = 30


def _facet(name: str, base: QuerySet[Program]) -> Facet:
    """Counts per value of one facet over ``base`` (the programs the other filters leave)."""
    value_field, label_field = FACETS[name]
    label_field = _in_language(label_field)
    fields = [value_field] + ([label_field] if label_field and label_field != value_field else [])
    rows = base.exclude(**{f"{value_field}__isnull": True}).values(*fields).annotate(n=Count("pk")).order_by("-n")
    facet = Facet(name)
    for row in rows[:FACET_SIZE]:
        value = row[value_field]
        label = row.get(label_field) if label_field and label_field != value_field else value
        facet.values.append((str(value), str(_FACET_LABELS.get(name, {}).get(value, label)), row["n"]))
    return facet


def _facets_in_one_pass(queryset: QuerySet[Program], *, only=None, sample: float | None = None
                        ) -> tuple[list[Facet], int]:
    """The facets (all, or ``only`` these) from one GROUP BY GROUPING SETS over the matching programs (PostgreSQL),
    and the number of matches; GROUPING() tells which facet a row counts for. With ``sample`` (a percentage), the
    rows come from TABLESAMPLE SYSTEM (the table's pages, a fixed seed) and the counts are scaled estimates."""
    names = list(only or FACETS)
    columns = {}
    for name in names:
        value_field, label_field = FACETS[name]
        label_field = _in_language(label_field)
        columns[f"f_{name}"] = F(value_field)
        columns[f"l_{name}"] = F(label_field) if label_field and label_field != value_field else F(value_field)
    inner_sql, params = queryset.order_by().values(**columns).query.sql_with_params()
    if sample is not None and sample < 100:
        table = connection.ops.quote_name(Program._meta.db_table)
        head = f"FROM {table}"
        assert head in inner_sql, inner_sql
        inner_sql = inner_sql.replace(head, f"{head} TABLESAMPLE SYSTEM ({float(sample):.3f}) REPEATABLE (1)", 1)
    sets = ", ".join(f"(f_{n}, l_{n})" for n in names) + ", ()"
    grouping = ", ".join(f"f_{n}" for n in names)
    sql = (f"SELECT {', '.join(f'f_{n}, l_{n}' for n in names)}, COUNT(*) AS n, GROUPING({grouping}) AS g "
           f"FROM ({inner_sql}) AS matches GROUP BY GROUPING SETS ({sets}) ORDER BY n DESC")
    estimated = sample is not None and sample < 100
    facets = {name: Facet(name, estimated=estimated) for name in names}
    everything = (1 << len(names)) - 1
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            mask, count = row[-1], row[-2]
            if mask == everything:  # the grand total: the () grouping set
                total = count
                continue
            # GROUPING() sets a bit for every column not grouped; exactly one facet is grouped per row.
            index = next(i for i in range(len(names)) if not mask & (1 << (len(names) - 1 - i)))
            name = names[index]
            value, label = row[2 * index], row[2 * index + 1]
            if value is None or len(facets[name].values) >= FACET_SIZE:
                continue
            if estimated:
                count = _estimate(count, sample)
            facets[name].values.append((str(value), str(_FACET_LABELS.get(name, {}).get(value, label)), count))
    if estimated:
        total = _estimate(total, sample)
    return [facets[name] for name in names], total
