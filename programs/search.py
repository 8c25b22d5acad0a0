"""Public program search: one box and filters. Only programs in an accreditation in force today are public.

Matching (core.textsearch, the one normalization and matching of every search box): a query word matches when one
of its keys — its fold (either script, any case, no diacritics) and its Snowball Serbian stems — begins one of the
program's stored keys, so "кувара", "kuvari" and "KUVAR" find "Кувар". Every word must match. The stored keys
(``search_text``) come in three tiers, `` name | provider, municipality, standard | content ``, which rank the
matches: the query is a name of the program; every word in the name; in the name, provider or standard; in the
content too. A query that finds nothing as typed is corrected (``correct_typos``): words no public program holds are
replaced by the nearest words of the vocabulary (SearchWord), the matches of the corrected query are shown ranked
last, with "Did you mean: …".

Two ways to answer, chosen by one read of the matches that stops after EXACT_LIMIT + 1:
- up to EXACT_LIMIT matches (selective queries): ranked (tier, then the name begins with the first word, the
  shorter name, alphabetical by the folded name, the older program), the exact count, exact counts per filter value;
- more (a common word at national scale, or browsing everything): newest first, read backwards along the primary
  key (which, unlike the names, does not follow what is searched for, so a page costs about page size ÷ share of
  matches rows); paging reaches the first EXACT_LIMIT programs; on PostgreSQL the total and the counts per filter
  value are estimated from a sample of the table (TABLESAMPLE), and say so.
The cost of a search is thus bounded by EXACT_LIMIT rows or a fixed sample, not by the size of the register.

On PostgreSQL the search text's keys have a GIN index as lexemes (migration programs 0008): the read of the matches,
their exact facets and the checks of a correction ask it for the query's keys as prefixes (``kuvar:*``), which costs
the posting lists of the few keys that begin with each, whatever the words around them; the same condition also
holds the plain `` key`` substring test, cheap per row, which a read along the primary key (newest first) or of a
sample (the estimates) runs alone (``_filtered(indexed=False)``). The vocabulary has a trigram index (0007) for the
candidates of a correction. On SQLite the same queries are plain matching.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import BooleanField, CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.enums import Activity, DeliveryLanguage, ProgramKind
from programs.models import Program, SearchWord
from core import textsearch
from core.textsearch import folded_words
from rules.translit import cyr_to_lat, fold, has_cyrillic, lat_to_cyr

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
STARTING_SOON_DAYS = 60
MAX_QUERY = 200
EXACT_LIMIT = 2_000  # settings.SEARCH_EXACT_LIMIT overrides (tests)
SAMPLE_ROWS = 10_000  # the estimates read about this many rows of the table (settings.SEARCH_SAMPLE_ROWS)


def exact_limit() -> int:
    return getattr(settings, "SEARCH_EXACT_LIMIT", EXACT_LIMIT)


def _names(program: Program) -> list[str]:
    """The program's names, each as its folded words (the Cyrillic and Latin names fold alike)."""
    out: list[str] = []
    for name in (program.name_sr, program.name_sr_latn, program.name_en, program.name):
        folded = " ".join(folded_words(name))
        if folded and folded not in out:
            out.append(folded)
    return out


CONTENT_FIELDS = ("purpose", "goal", "general_outcomes", "specific_outcomes", "modules_content")


def program_search_text(program: Program) -> tuple[str, str]:
    """(search_text, search_name) of a program.

    search_text: the keys (core.textsearch) of three tiers, `` name keys | provider, place, standard keys | content
    keys ``: the names in both scripts and English; the provider's names, PIB and municipality and the standard's
    code and names; the purpose, goal, outcomes and content by module (with the modules' names, outcomes and content).
    search_name: the folded names, `` | ``-separated ("kuvar | cook"): the exact match and the alphabetical order."""
    core = organization_keys(program.organization)
    if program.qualification_standard is not None:
        core = core | standard_keys(program.qualification_standard)
    return (textsearch.keys_text(name_keys(program), core, content_keys(program)), " | ".join(_names(program)))


def name_keys(program: Program) -> set[str]:
    return textsearch.text_keys(program.name_sr, program.name_sr_latn, program.name) | textsearch.text_keys(
        program.name_en, english=True)


def organization_keys(organization) -> set[str]:
    """The keys of a provider: its names, PIB and municipality."""
    keys = textsearch.text_keys(organization.name_sr, organization.name_sr_latn, organization.pib)
    keys |= textsearch.text_keys(organization.name_en, english=True)
    if organization.municipality_id:
        keys |= textsearch.text_keys(organization.municipality.name_sr)
    return keys


def standard_keys(standard) -> set[str]:
    return textsearch.text_keys(standard.code, standard.name_sr, standard.name_sr_latn) | textsearch.text_keys(
        standard.name_en, english=True)


def content_keys(program: Program) -> set[str]:
    """The keys of the purpose, goal, outcomes and content by module, and of the modules (a saved program's)."""
    texts = [getattr(program, f"{field}_{lang}", "") for field in CONTENT_FIELDS for lang in ("sr", "sr_latn")]
    english = [getattr(program, f"{field}_en", "") for field in CONTENT_FIELDS]
    if program.pk is not None:
        for module in program.modules.all():
            texts += [module.name_sr, module.outcomes_sr, module.content_sr]
            english += [module.name_en, module.outcomes_en, module.content_en]
    return textsearch.text_keys(*texts) | textsearch.text_keys(*english, english=True)


def program_vocabulary(program: Program) -> dict[str, str]:
    """Folded word -> its Latin spelling (with diacritics), of what a program is found by: what typos are corrected
    to ("kuvr" -> "kuvar")."""
    organization = program.organization
    standard = program.qualification_standard
    texts = [program.name_sr, program.name_sr_latn, program.name_en, organization.name_sr, organization.name_en]
    if organization.municipality_id:
        texts.append(organization.municipality.name_sr)
    if standard is not None:
        texts += [standard.name_sr, standard.name_en]
    texts += [getattr(program, f"{field}_{lang}", "") for field in CONTENT_FIELDS for lang in ("sr", "en")]
    return vocabulary_of(texts)


def vocabulary_of(texts) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in texts:
        for word in textsearch.words(text):
            form = cyr_to_lat(word).lower()
            key = fold(form)
            if 3 <= len(key) <= 40 and not key.isdigit() and key.isascii() and key.isalnum():
                out.setdefault(key, form)
    return out


def vocabulary_add(words: dict[str, str]) -> None:
    """Add words to the vocabulary of the search (existing ones are kept)."""
    from programs.models import SearchWord

    if words:
        SearchWord.objects.bulk_create([SearchWord(word=k, form=v[:40]) for k, v in words.items()],
                                       ignore_conflicts=True, batch_size=5_000)


def program_refresh_search(program: Program) -> None:
    program.search_text, program.search_name = program_search_text(program)
    vocabulary_add(program_vocabulary(program))


def organization_programs_refresh(organization) -> int:
    """After an organization's particulars change, its programs' search text follows (providers hook)."""
    programs = list(Program.objects.filter(organization=organization).select_related(
        "organization__municipality", "qualification_standard").prefetch_related("modules"))
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
    negative = raw.startswith("-") and raw[1:].isascii() and raw[1:].isdigit()
    if negative:  # a whole number, below any minimum here
        errors[name] = [_("Out of range.")]
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
    _keys: list | None = field(default=None, repr=False, compare=False)
    corrected: str = field(default="", compare=False)  # the query with its typos corrected (the suggestion)
    fuzzy: bool = field(default=False, compare=False)  # the matches are those of the corrected words
    errors: dict = field(default_factory=dict, repr=False, compare=False)  # from_query(lenient=True): left out

    FIELDS = ("q", "level", "sector", "standard", "kind", "activity", "municipality", "provider", "min_hours",
              "max_hours", "language", "starting_soon", "page", "page_size")

    @classmethod
    def from_query(cls, data, *, lenient: bool = False) -> SearchParams:
        """Read and check the query string; every malformed value is reported by name: a ValidationError (the API's
        400), or, ``lenient`` (the search page), left out of the search and kept in ``errors`` while every valid
        value still applies."""
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
        if errors and not lenient:
            raise ValidationError(errors)
        params.errors = errors
        return params

    def words(self) -> list[str]:
        """The query's words, folded."""
        return [fold(w) for w in textsearch.query_words(self.q)]

    def match_keys(self) -> list[tuple[str, ...]]:
        """Per query word, the keys that match it (core.textsearch): its own, or, once typos are corrected
        (``corrections``), those of the words it was corrected to."""
        if self._keys is None:
            self._keys = textsearch.query_keys(self.q)
        return self._keys

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
    suggestion: str = ""  # the query with its typos corrected, when the matches are those of the corrected query


class _CountedPaginator(Paginator):
    """A paginator told its count (already known, or the reachable window), so it runs no COUNT of its own."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @property
    def count(self) -> int:
        return self._known


def _filtered(params: SearchParams, *, without: str = "", indexed: bool = False) -> QuerySet[Program]:
    """The public programs the query and the filters (but ``without``) select. ``indexed`` (PostgreSQL): the words
    are matched through the index of the keys (``_keys_condition``), for the reads that fetch the matches; otherwise
    each word is a substring test per row, for the reads that walk the table (newest first) or a sample of it."""
    queryset = public_programs()
    keys_per_word = params.match_keys()
    asked = _selective(keys_per_word) if indexed and keys_per_word and connection.vendor == "postgresql" else []
    if asked:
        queryset = queryset.filter(_keys_condition(keys_per_word, asked))
    else:
        for keys in keys_per_word:
            queryset = queryset.filter(_word_q(keys))
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


def _label_expression(path: str):
    """The label at ``path`` as the page shows it: a translated field (its last part ``name``) in the page's language
    with modeltranslation's fallback (core.ordering.shown_text), which a query of its columns does not get by itself
    — the municipalities have no English names, so an English page shows the Latin one instead of nothing."""
    from core.ordering import shown_text

    return shown_text(path) if path.rpartition("__")[2] == "name" else F(path)


def _word_q(keys: tuple[str, ...]) -> Q:
    """A query word matches a program when one of its keys begins one of the program's keys."""
    condition = Q()
    for key in keys:
        condition |= Q(search_text__contains=f" {key}")
    return condition


def _keys_condition(keys_per_word: list[tuple[str, ...]], asked: list[tuple[str, ...]]) -> RawSQL:
    """PostgreSQL: every word matches — the keys of the ``asked`` words as prefixes of the lexemes of the stored
    keys, which the GIN index of migration 0008 answers (the expression must stay the index's), and, per word (all
    of them), the substring `` key`` of
    ``_word_q`` (strpos, which the trigram index does not take: otherwise the planner would AND the two indexes, the
    trigram one costing the most). Both say the same; the substring test is the cheap one per row, run first when
    the planner reads the table itself (a word most programs hold)."""
    column = f'"{Program._meta.db_table}"."search_text"'
    parts, values = [f"to_tsvector('simple'::regconfig, {column}) @@ to_tsquery('simple'::regconfig, %s)"], [
        textsearch.prefix_tsquery(asked)]
    for keys in keys_per_word:
        parts.append("(" + " OR ".join(f"strpos({column}, %s) > 0" for _key in keys) + ")")
        values += [f" {key}" for key in keys]
    return RawSQL("(" + " AND ".join(parts) + ")", values, output_field=BooleanField())


COMMON_SHARE = 0.05  # a word the statistics say at least this share of the programs hold is not asked of the index
KEY_INDEX = "programs_program_search_keys"  # migration 0008
STATS_SECONDS = 600
SHORT_KEY = 4
_stats: dict = {"at": None, "shares": {}}


def _key_shares() -> dict[str, float]:
    """The share of programs holding each of the most common keys, from the statistics ANALYZE keeps on the index's
    expression (pg_stats), read again every STATS_SECONDS; empty before the table is analysed."""
    import time

    now = time.monotonic()
    if _stats["at"] is None or now - _stats["at"] > STATS_SECONDS:
        shares: dict[str, float] = {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT most_common_elems::text, most_common_elem_freqs FROM pg_stats "
                           "WHERE schemaname = current_schema() AND tablename = %s", [KEY_INDEX])
            row = cursor.fetchone()
        if row and row[0] and row[1]:
            elements = [element.strip('"') for element in row[0].strip("{}").split(",")]
            shares = dict(zip(elements, row[1]))  # the frequencies end with three summary numbers: left out by zip
        _stats.update(at=now, shares=shares)
    return _stats["shares"]


def _selective(keys_per_word: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The words to ask the index for: those not held by most programs. The index answers a word every program
    holds ("osposobljavanje" of a content) with a bitmap of the whole table (≈ 130 ms at a million programs) before it
    can intersect it with a rare one, while the substring test beside it (``_keys_condition``) checks that word on
    the rare word's few rows for nothing. None when every word is common (most programs match: reading the table
    until the first matches is cheaper than any index; the planner sees it from the substring tests alone)."""
    shares = _key_shares()

    def share(keys):
        return min(1.0, sum(f for element, f in shares.items() if element.startswith(keys)))

    # A key of a few letters ("na", "rad") begins a great many keys, each list read: as good as common.
    estimated = [1.0 if min(map(len, keys)) < SHORT_KEY else share(keys) for keys in keys_per_word]
    return [keys for keys, s in zip(keys_per_word, estimated) if s < COMMON_SHARE]


def _tier_sql(keys_per_word: list[tuple[str, ...]]) -> tuple[str, list[str]]:
    """SQL giving 1 when every word matches the name, 2 when every word matches the name or the provider, place or
    standard, 3 otherwise (a word found only in the content): the stored keys are `` name | core | content ``, so a
    key followed by two marks is in the name, by one at least in the name or the core."""
    column = f'"{Program._meta.db_table}"."search_text"'

    def every(pattern: str) -> tuple[str, list[str]]:
        parts, values = [], []
        for keys in keys_per_word:
            parts.append("(" + " OR ".join(f"{column} LIKE %s" for _key in keys) + ")")
            values += [pattern.format(key) for key in keys]
        return " AND ".join(parts), values

    in_name, name_values = every("% {}%|%|%")
    in_core, core_values = every("% {}%|%")
    return f"CASE WHEN {in_name} THEN 1 WHEN {in_core} THEN 2 ELSE 3 END", name_values + core_values


def search_programs(params: SearchParams) -> SearchResult:
    """The page of public programs and the counts per filter value (each facet counts the programs that the other
    filters leave, so choosing a value shows how many there are). A query that finds nothing as typed is corrected
    (``correct_typos``): the programs of the corrected words are shown, ranked last, with the suggestion."""
    limit = exact_limit()
    queryset = _filtered(params, indexed=True)
    matches = _read_matches(params, queryset, limit)
    if not matches:
        # One word and no filter: the read just made says no public program holds the word (no check again).
        alone = len(params.match_keys()) == 1 and not _narrowed(params)
        corrected = correct_typos(params, read=lambda: _read_matches(params, _filtered(params, indexed=True), limit),
                                  unmatched=(0,) if alone else ())
        if corrected:
            queryset, matches = _filtered(params, indexed=True), corrected
    if len(matches) <= limit:
        return _ranked(params, queryset, matches)
    return _newest_first(params, _filtered(params), limit)


def _read_matches(params: SearchParams, queryset: QuerySet[Program], limit: int) -> list[tuple]:
    """One read of the matches, stopping after limit + 1: their ids, folded names and tiers, to rank and page here."""
    keys = params.match_keys()
    if keys and not params.fuzzy:
        sql, values = _tier_sql(keys)
        queryset = queryset.annotate(tier=RawSQL(sql, values, output_field=IntegerField()))
    else:
        queryset = queryset.annotate(tier=Value(4 if params.fuzzy else 1, output_field=IntegerField()))
    # Executed bare: the ORM's (and modeltranslation's) row iteration cost as much as the statement for 2 000 rows.
    sql, values = queryset.order_by().values_list("pk", "search_name", "tier")[:limit + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        order = [column[0] for column in cursor.description]
        at = [order.index(name) for name in ("pk", "search_name", "tier")]
        return [(row[at[0]], row[at[1]], row[at[2]]) for row in cursor.fetchall()]


def filtered_programs(params: SearchParams) -> QuerySet[Program]:
    """Every public program the query and filters select, unordered and unpaginated (open-data exports); a query
    that finds nothing as typed is corrected as on the search page."""
    queryset = _filtered(params, indexed=True)
    if params.match_keys() and not queryset.exists() and correct_typos(params):
        queryset = _filtered(params, indexed=True)
    return queryset


def _narrowed(params: SearchParams) -> bool:
    """Whether anything besides the words narrows the search (a filter, hours, starting soon)."""
    return bool(_active_facets(params)) or params.min_hours is not None or params.max_hours is not None or bool(
        params.starting_soon)


def correct_typos(params: SearchParams, *, read=None, unmatched: tuple[int, ...] = ()) -> list:
    """Correct the query words that no public program holds to the nearest words of the vocabulary (at most one
    edit for short words, two for longer ones); the words of the corrected query match their alternatives (up to
    FUZZY_ALTERNATIVES each). Sets ``params.corrected`` (the suggestion, a query that finds a program, in the
    script typed) and ``params.fuzzy``. Returns the matches of the corrected query (``read()``: the caller's read of
    the matches, (pk, folded name, tier) rows; by default a read of a few), empty when there is nothing to correct
    or nothing near. ``unmatched``: the positions of words the caller knows no public program holds (not checked
    again). The suggestion follows the first of the matches read by folded name and pk (all of them when
    they are within the exact limit) — one row fetched by its key, not a sort of every match."""
    typed = textsearch.query_words(params.q)
    keys = params.match_keys()
    if not typed or len(typed) != len(keys):
        return []
    public = public_programs()
    indexed = connection.vendor == "postgresql"
    replaced: dict[int, list[tuple[int, str]]] = {}
    for index, word_keys in enumerate(keys):
        # Through the index of the keys: a word no program holds is an empty posting list, where the planner read
        # the whole table for the substring (1.5 s at a million programs).
        if index not in unmatched and public.filter(
                _keys_condition([word_keys], [word_keys]) if indexed else _word_q(word_keys)).exists():
            continue
        near = textsearch.close_words(fold(typed[index]), _candidates(fold(typed[index])))
        if not near:
            return []
        replaced[index] = near[:FUZZY_ALTERNATIVES]
    if not replaced:
        return []
    alternatives = list(keys)
    for index, near in replaced.items():
        alternatives[index] = textsearch.minimal_keys(key for _d, word in near for key in textsearch.word_keys(word))
    params._keys, params.fuzzy = alternatives, True
    # The suggestion: for each corrected word, the nearest alternative that the best match holds.
    if read is None:
        read = lambda: _read_matches(params, _filtered(params, indexed=True), FUZZY_READ)  # noqa: E731
    matches = read()
    if not matches:
        params._keys, params.fuzzy = keys, False
        return []
    best_pk = min(matches, key=lambda match: (match[1], match[0]))[0]
    best = Program.objects.filter(pk=best_pk).values_list("search_text", flat=True).first() or ""
    forms = dict(SearchWord.objects.filter(word__in=[w for near in replaced.values() for _d, w in near])
                 .values_list("word", "form"))
    out = []
    for index, word in enumerate(typed):
        if index in replaced:
            chosen = next((w for _d, w in sorted(replaced[index], key=lambda dw: (dw[0], dw[1]))
                           if textsearch.keys_match(textsearch.word_keys(w), best)), replaced[index][0][1])
            form = forms.get(chosen, chosen)
            word = lat_to_cyr(form) if has_cyrillic(word) else form
        out.append(word)
    params.corrected = " ".join(out)
    return matches


FUZZY_ALTERNATIVES = 5
FUZZY_READ = 200  # the matches of a correction read to choose the suggestion from, when the caller reads none


def _candidates(word: str) -> list[str]:
    """Words of the vocabulary that may be within the allowed edits of ``word``: on PostgreSQL those pg_trgm finds
    similar (a low threshold, this statement only), elsewhere those of about the same length."""
    from django.db.models.functions import Length

    limit = textsearch.allowed_edits(word)
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = 0.2")
            cursor.execute(f"SELECT word FROM {SearchWord._meta.db_table} WHERE word %% %s "
                           f"AND length(word) BETWEEN %s AND %s ORDER BY similarity(word, %s) DESC LIMIT 200",
                           [word, len(word) - limit, len(word) + limit, word])
            found = [row[0] for row in cursor.fetchall()]
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold TO DEFAULT")
        return found
    return list(SearchWord.objects.annotate(n=Length("word")).filter(
        n__gte=len(word) - limit, n__lte=len(word) + limit).values_list("word", flat=True))


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


def _ranked(params: SearchParams, queryset: QuerySet[Program], matches: list[tuple]) -> SearchResult:
    """Relevance: the query is a name of the program; every word in the name; in the name, provider, place or
    standard; in the content too; corrected typos. Within each: the name begins with the first word, the shorter
    name, alphabetical by the folded name, the older program."""
    phrase = " ".join(params.words())
    first = params.match_keys()[0] if params.match_keys() else ()

    def rank(match):
        pk, name, tier = match
        names = name.split(" | ")
        if not phrase:
            return (0, 0, 0, name, pk)
        if tier < 4 and phrase in names:
            tier = 0
        begins = any(n.startswith(key) for n in names[:1] for key in first)
        return (tier, 0 if begins else 1, len(names[0]), name, pk)

    ordered = [match[0] for match in sorted(matches, key=rank)]
    page = _page_of(ordered, params, len(ordered))
    return SearchResult(page=page, count=len(ordered), facets=_facets(params, queryset, ids=ordered)[0],
                        suggestion=params.corrected)


def _newest_first(params: SearchParams, queryset: QuerySet[Program], limit: int) -> SearchResult:
    """Too many matches to rank: the newest first, read backwards along the primary key, which does not follow the
    names or the filters, so the first page needs about page size ÷ share of matches rows whatever the query."""
    ordered = queryset.order_by("-pk").values_list("pk", flat=True)
    page = _page_of(ordered, params, limit, walk=True)
    if connection.vendor == "postgresql":
        percent = _sample_percent()
        facets, total = _facets(params, queryset, sample=percent)
        return SearchResult(page=page, count=max(total, limit + 1), facets=facets, count_exact=percent >= 100,
                            ranked=False, window=limit, suggestion=params.corrected)
    facets, total = _facets(params, queryset)
    return SearchResult(page=page, count=total, facets=facets, ranked=False, window=limit,
                        suggestion=params.corrected)


def _active_facets(params: SearchParams) -> list[str]:
    return [name for name in FACETS if getattr(params, name, None) not in ("", None)]


def _facets(params: SearchParams, queryset: QuerySet[Program], *, sample: float | None = None,
            ids: list[int] | None = None) -> tuple[list[Facet], int]:
    """The counts per filter value, and the number of matches (``_count_facets``). The facets without a chosen
    value count the matches: by their ``ids`` when every match has already been read (a ranked result), instead of
    matching the words again; on PostgreSQL from the sample when they are too many to count. A facet with a chosen
    value counts what the other filters leave, which can be far more (choosing one municipality leaves the whole
    register to the municipality facet): exact when that is within the limit (always on SQLite), otherwise from the
    sample too."""
    postgresql = connection.vendor == "postgresql"
    active = _active_facets(params)
    base = Program.objects.filter(pk__in=ids) if ids is not None else queryset
    by_name, total = _count_facets(base, [name for name in FACETS if name not in active], sample=sample)
    limit = exact_limit()
    for name in active:
        others = _filtered(params, without=name, indexed=True)
        few = not postgresql or others.order_by()[:limit + 1].count() <= limit
        if not few and sample is None:
            sample = _sample_percent()
        if not few:  # a sample is read row by row: the substring test alone
            others = _filtered(params, without=name)
        by_name.update(_count_facets(others, [name], sample=None if few else sample)[0])
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


def _facet_path(name: str) -> tuple[str, str | None, str, str | None]:
    """Where a facet's value lives: the program's own column, or a related row reached by that column (the
    standard, the organization) and the value's and the label's paths from it. ``("organization_id",
    "organization", "municipality_id", "municipality__name")`` for the municipality (a label in the page's
    language: ``_label_expression``)."""
    value_field, label_field = FACETS[name]
    relation, _sep, value_path = value_field.partition("__")
    if not value_path:  # on the program: activity, kind, language, or organization_id itself
        if value_field.endswith("_id") and label_field:
            relation = value_field[:-3]
            return value_field, relation, "pk", label_field.partition("__")[2]
        return value_field, None, "", None
    label_path = label_field.partition("__")[2] if label_field else value_path
    return f"{relation}_id", relation, value_path, label_path


def _count_facets(queryset: QuerySet[Program], names: list[str], *, sample: float | None = None
                  ) -> tuple[dict[str, Facet], int]:
    """The facets ``names`` over ``queryset``, and the number of its programs. The matches' own columns
    (organization, standard, activity, kind, language) are counted — by one GROUP BY GROUPING SETS on PostgreSQL,
    by one read counted here elsewhere — and what is reached through the organization or the standard (municipality,
    level, sector) and every label is then looked up for the values that occur (``_facet_values``), not joined to
    every match: at a million programs, joining every sampled match to the 20 000 organizations was a third of a
    broad search. With ``sample`` (a percentage, PostgreSQL), the rows come from TABLESAMPLE SYSTEM (the table's
    pages, a fixed seed) and the counts are scaled estimates."""
    paths = {name: _facet_path(name) for name in names}
    columns = sorted({path[0] for path in paths.values()})
    estimated = sample is not None and sample < 100
    try:
        # values_list with the names: modeltranslation's values() with expressions only selects every column.
        inner, values = queryset.order_by().values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # nothing can match (an empty list of ids)
        counts, total, related = {column: {} for column in columns}, 0, {}
    else:
        if estimated:
            table = connection.ops.quote_name(Program._meta.db_table)
            head = f"FROM {table}"
            assert head in inner, inner
            inner = inner.replace(head, f"{head} TABLESAMPLE SYSTEM ({float(sample):.3f}) REPEATABLE (1)", 1)
        if connection.vendor == "postgresql":
            through = sorted({(path[1], path[2], path[3], path[0]) for path in paths.values()
                              if path[1] is not None and path[2] != "pk"})
            counts, total, related = _counts_grouped(inner, values, columns, through)
        else:
            (counts, total), related = _counts_read(inner, values, columns), {}
    facets = {}
    for name in names:
        facet = Facet(name, estimated=estimated)
        for value, label, count in _facet_values(name, paths[name], counts[paths[name][0]], related):
            facet.values.append((value, label, _estimate(count, sample) if estimated else count))
        facets[name] = facet
    return facets, (_estimate(total, sample) if estimated else total)


def _counts_grouped(inner: str, values, columns: list[str], through: list[tuple]
                    ) -> tuple[dict[str, dict], int, dict]:
    """PostgreSQL: per column, the count of each value, from one GROUP BY GROUPING SETS (GROUPING() tells which
    column a row counts), and the number of rows (the empty grouping set). ``through``: (relation, value path,
    label path, column) of the facets whose value is reached through a related row (the municipality of the
    organization, the level and sector of the standard): their counts per (value, label) are summed in the same
    statement from the per-column counts joined to the related rows — a join of the distinct organizations that
    occur, not of every match (the planner hashed all 20 000 organizations for every sampled match)."""
    from django.db.models.functions import Cast

    quoted = [connection.ops.quote_name(column) for column in columns]
    sets = "".join(f"({name}), " for name in quoted) + "()"
    grouping = f"GROUPING({', '.join(quoted)})" if quoted else "0"
    # Per column, its FACET_SIZE largest counts only (ties by the value as text, as _facet_values orders them): a
    # provider facet needs 30 of the thousands of organizations that occur.
    ranked = ", ".join(f"{name}::text" for name in quoted) or "NULL"
    parts = [f"SELECT 0 AS part, {''.join(f'{name}, ' for name in quoted)}NULL AS v, NULL AS l, n, gr FROM ("
             f"SELECT *, ROW_NUMBER() OVER (PARTITION BY gr ORDER BY n DESC, {ranked}) AS rank FROM g) AS top "
             f"WHERE rank <= {FACET_SIZE}"]
    values = list(values)
    for index, (relation, value_path, label_path, column) in enumerate(through, start=1):
        model = Program._meta.get_field(relation).related_model
        rel_sql, rel_values = model.objects.order_by().annotate(
            k=F("pk"), v=Cast(value_path, CharField()), l=Cast(_label_expression(label_path), CharField())
        ).values_list("k", "v", "l").query.sql_with_params()
        mask = ((1 << len(columns)) - 1) ^ (1 << (len(columns) - 1 - columns.index(column)))
        nulls = "".join("NULL, " for _name in quoted)
        parts.append(f"SELECT {index}, {nulls}r.v, r.l, SUM(g.n), NULL FROM g JOIN ({rel_sql}) AS r "
                     f"ON r.k = g.{connection.ops.quote_name(column)} WHERE g.gr = {mask} GROUP BY r.v, r.l")
        values += list(rel_values)
    sql = (f"WITH g AS MATERIALIZED (SELECT {''.join(f'{name}, ' for name in quoted)}COUNT(*) AS n, {grouping} AS gr "
           f"FROM ({inner}) AS matches GROUP BY GROUPING SETS ({sets})) " + " UNION ALL ".join(parts))
    counts: dict[str, dict] = {column: {} for column in columns}
    related: dict = {key[:3]: {} for key in through}
    everything, total = (1 << len(columns)) - 1, 0
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        for row in cursor.fetchall():
            part, count = row[0], int(row[-2])  # SUM() makes the column numeric
            if part:
                if row[-4] is not None:
                    related[through[part - 1][:3]][(row[-4], row[-3])] = count
                continue
            mask = row[-1]
            if mask == everything:
                total = count
                continue
            index = next(i for i in range(len(columns)) if not mask & (1 << (len(columns) - 1 - i)))
            counts[columns[index]][row[1 + index]] = count
    return counts, total, related


def _counts_read(inner: str, values, columns: list[str]) -> tuple[dict[str, dict], int]:
    """Elsewhere (SQLite, which has no GROUPING SETS): one read of the columns, counted here (seven GROUP BY
    queries, each re-running the word matching over the table, cost 143 of a 163 ms browse of 18 000 programs)."""
    counts: dict[str, dict] = {column: {} for column in columns}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(inner, values)
        order = [description[0] for description in cursor.description]
        at = [(order.index(column), counts[column]) for column in columns]
        for row in cursor.fetchall():
            total += 1
            for index, per_value in at:
                value = row[index]
                per_value[value] = per_value.get(value, 0) + 1
    return counts, total


def _facet_values(name: str, path: tuple, counts: dict, related: dict) -> list[tuple[str, str, int]]:
    """A facet's (value, label, count), the largest counts first (then by value), at most FACET_SIZE, from the counts
    of the program's column. A value reached through the organization or the standard is summed over the related
    rows that share it (``related``: already summed by the database, per (relation, value path, label path), or
    summed here and kept there); labels are read for the values shown only (a provider: 30 names, not one per
    match)."""
    column, relation, value_path, label_path = path
    choices = _FACET_LABELS.get(name, {})
    present = [(value, count) for value, count in counts.items() if value is not None]
    if relation is None:
        top = sorted(present, key=lambda item: (-item[1], str(item[0])))[:FACET_SIZE]
        return _by_count_and_label([(str(value), str(choices.get(value, value)), count) for value, count in top])
    model = Program._meta.get_field(relation).related_model
    if value_path == "pk":  # the related row is the value (a provider): rank first, then read 30 labels
        top = sorted(present, key=lambda item: (-item[1], str(item[0])))[:FACET_SIZE]
        labels = dict(model.objects.filter(pk__in=[value for value, _count in top]).annotate(
            facet_label=_label_expression(label_path)).values_list("pk", "facet_label"))
        return _by_count_and_label([(str(value), str(labels.get(value, value)), count) for value, count in top
                                    if value in labels])
    totals = related.get((relation, value_path, label_path))
    if totals is None:  # not summed in the database: the related rows of the values that occur
        through = {row[0]: (row[1], row[2]) for row in model.objects.filter(
            pk__in=[value for value, _count in present]).annotate(
            facet_value=F(value_path), facet_label=_label_expression(label_path)).values_list(
            "pk", "facet_value", "facet_label")}
        totals = {}
        for value, count in present:
            found = through.get(value)
            if found is not None and found[0] is not None:
                totals[found] = totals.get(found, 0) + count
        related[(relation, value_path, label_path)] = totals
    top = sorted(totals.items(), key=lambda item: (-item[1], str(item[0][0])))[:FACET_SIZE]
    return _by_count_and_label([(str(value), str(choices.get(value, label)), count) for (value, label), count in top])


def _by_count_and_label(values: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The largest counts first; equal counts in the Serbian alphabet of the page's script (core.collation)."""
    from django.utils.translation import get_language

    from core.collation import sort_key

    script = "Cyrl" if (get_language() or "sr") == "sr" else "Latn"
    return sorted(values, key=lambda item: (-item[2], sort_key(item[1], script), item[0]))
