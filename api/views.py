"""The open-data API: thin read-only views over the apps' selectors.

Every GET answers JSON (or CSV, or JSON-LD) whatever the Accept header says, with ``Cache-Control: public,
max-age=300``; a malformed query parameter is a 400 naming it (api.params); unknown parameters are ignored. The list
endpoints run a constant number of queries whatever the page size.
"""

from __future__ import annotations

import csv
import functools
import re

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils import translation
from django.utils.translation import gettext as _, gettext_noop, pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from api import elm, params as api_params, serializers as s
from core import exports
from applications import selectors_jpoa, views_jpoa
from applications.enums import AccreditationState
from programs import search
from programs.enums import Activity, DeliveryLanguage, ProgramKind
from programs.models import Program
from programs.selectors import approved_versions
from qualifications import selectors as qualifications_selectors
from qualifications.models import QualificationStandard

CACHE_SECONDS = 300


class FirstRenderer(BaseContentNegotiation):
    """The view's first renderer, whatever the client asks for (and whatever ``?format=`` says): an open-data
    endpoint has one representation, so an unusual Accept header is never a 406 and ``format`` is not special."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class PublicCache:
    """Shared caches may keep a GET answer for five minutes (the data change by the Office's decisions, not by the
    second); the language of labels and messages follows Accept-Language, which LocaleMiddleware adds to Vary."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code < 500:
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response


class ApiView(PublicCache, APIView):
    content_negotiation_class = FirstRenderer


class SchemaView(PublicCache, SpectacularAPIView):
    """The OpenAPI 3 schema: YAML, or JSON with ?format=json or Accept: application/json."""


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _envelope(request, page, page_size: int, results) -> dict:
    url = request.build_absolute_uri()
    previous = None
    if page.has_previous():
        number = page.previous_page_number()
        previous = remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": page_size,
        "next": replace_query_param(url, "page", page.next_page_number()) if page.has_next() else None,
        "previous": previous,
        "results": results,
    }


def _page(queryset, pagination: api_params.Page):
    """The asked page of a queryset; a page past the last one is a 400 (page 1 of nothing is an empty page)."""
    paginator = Paginator(queryset, pagination.size)
    try:
        return paginator.page(pagination.number)
    except EmptyPage:
        raise api_params.ParameterErrors({"page": [_("Out of range.")]}) from None


def _open_data(filename: str, header: list[str], rows, fmt: str):
    """The open-data file: the documented CSV (comma, field keys) or its XLSX twin with the same columns."""
    if fmt == "xlsx":
        return exports.response(exports.Table(title=filename, header=header, rows=rows), filename=filename,
                                fmt="xlsx")
    return _stream_csv(filename, header, rows)


def _stream_csv(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """UTF-8 with a byte-order mark (so spreadsheet programs read the Cyrillic), a header row, one row per record,
    written as it is read from the database."""

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate().isoformat()}.csv"'
    return response


# --- documented parameters (the schema and the docs page) -------------------------------------------------------------
# The schema is English. Each summary and description is marked with gettext_noop (extracted, its value unchanged), and
# the documentation page (docs()) translates it into the page's language when it renders.

FORMATTED: dict[str, tuple[str, dict]] = {}


def formatted(msgid: str, **values) -> str:
    """``msgid % values``, a schema text with a number in it, remembered so that the documentation page translates
    the msgid and fills in the same numbers."""
    text = msgid % values
    FORMATTED[text] = (msgid, values)
    return text


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description=gettext_noop("page number, from 1 (a page past the last one is a 400)")),
    OpenApiParameter("page_size", int, description=formatted(
        gettext_noop("rows per page, 1 to %(max)d (default %(default)d)"),
        max=search.MAX_PAGE_SIZE, default=search.PAGE_SIZE)),
]
PROGRAM_FILTERS = [
    OpenApiParameter("q", str, description=formatted(
        gettext_noop("words of the name, the provider, its municipality or PIB, or the standard, in either script, "
                     "with or without diacritics; at most %(max)d characters"), max=search.MAX_QUERY)),
    OpenApiParameter("level", str,
                     description=gettext_noop("NOKS level code of the qualification standard (1 … 8)")),
    OpenApiParameter("sector", str, description=gettext_noop("sector code of the qualification standard")),
    OpenApiParameter("standard", str, description=gettext_noop("qualification standard code")),
    OpenApiParameter("kind", int, enum=ProgramKind.values, description=gettext_noop("kind of program (Art. 3)")),
    OpenApiParameter("activity", str, enum=Activity.values, description=gettext_noop("activity (Art. 2)")),
    OpenApiParameter("municipality", int, description=gettext_noop("municipality id of the provider")),
    OpenApiParameter("provider", int, description=gettext_noop("organization id of the provider")),
    OpenApiParameter("min_hours", int, description=gettext_noop("duration at least (hours)")),
    OpenApiParameter("max_hours", int, description=gettext_noop("duration at most (hours)")),
    OpenApiParameter("language", str, enum=DeliveryLanguage.values, description=gettext_noop("language of delivery")),
    OpenApiParameter("starting_soon", str, enum=["1", "0", "true", "false", "on"],
                     description=gettext_noop("1: starting within 60 days (the program or one of its cohorts)")),
]
STANDARD_FILTERS = [
    OpenApiParameter("q", str, description=formatted(
        gettext_noop("words of the code, the name or the outcomes, in either script; at most %(max)d characters"),
        max=search.MAX_QUERY)),
    OpenApiParameter("level", str, description=gettext_noop("NOKS level code (1, 2, 3, 4, 5, 6.1, 6.2, 7.1, 7.2, 8)")),
    OpenApiParameter("sector", str, description=gettext_noop("sector code")),
]
REGISTER_FILTERS = [
    OpenApiParameter("state", str, enum=list(api_params.REGISTER_STATES),
                     description=gettext_noop("status in the register (default active)")),
    OpenApiParameter("activity", str, enum=Activity.values, description=gettext_noop("activity (Art. 2)")),
    OpenApiParameter("municipality", int, description=gettext_noop("municipality id of the organization")),
    OpenApiParameter("q", str, description=formatted(
        gettext_noop("organization name (either script) or its PIB or MB; at most %(max)d characters"),
        max=api_params.REGISTER_QUERY)),
]
ERRORS = {400: OpenApiResponse(s.ErrorsSerializer, description=gettext_noop("a malformed query parameter"))}
NOT_FOUND = {404: OpenApiResponse(s.NotFoundSerializer, description=gettext_noop("no such public record"))}
CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(
    OpenApiTypes.STR, description=gettext_noop("UTF-8 with a byte-order mark, a header row"))}
XLSX_RESPONSE = {(200, exports.XLSX_TYPE): OpenApiResponse(
    OpenApiTypes.BINARY, description=gettext_noop("one worksheet, the CSV's columns"))}
# The description drf-spectacular took from PublicCache's docstring for the views without one, kept as it is served.
CACHE_NOTE = gettext_noop("Shared caches may keep a GET answer for five minutes (the data change by the Office's "
                          "decisions, not by the\nsecond); the language of labels and messages follows "
                          "Accept-Language, which LocaleMiddleware adds to Vary.")


# --- programs ---------------------------------------------------------------------------------------------------------


PK_MAX = 2**31 - 1  # the largest id a row can have on both databases


def _public_program(pk: int, version: str | None = None) -> Program:
    """The public program with this id, in the version in force; ``version`` (the ``?version=`` parameter), when
    given, must be that version: a superseded, future or unknown version is the API's JSON 404, never another
    version silently. The id of a superseded version is a 404 that names the version in force."""
    program = None
    if 0 < pk <= PK_MAX:
        program = (search.public_programs().filter(pk=pk)
                   .select_related("organization__municipality", "qualification_standard__level",
                                   "qualification_standard__sector")
                   .prefetch_related("modules").first())
    if program is None:
        current = _version_in_force(pk) if 0 < pk <= PK_MAX else None
        if current is not None:
            raise NotFound(_("This version of the program is superseded; the version in force is %(version)s: "
                             "%(url)s") % {"version": current.version,
                                           "url": reverse("api:program", kwargs={"pk": current.pk})})
        raise NotFound(_("No public program has this id."))
    if version is not None and version != str(program.version):
        raise NotFound(_("The program has no version %(version)s in force; the version in force is %(current)s.")
                       % {"version": version[:20], "current": program.version})
    return program


def _version_in_force(pk: int) -> Program | None:
    """For the id of a superseded version: the public version of the same program, if there is one."""
    from django.db.models import Q

    from programs.enums import VersionState

    old = Program.objects.filter(pk=pk, version_state=VersionState.SUPERSEDED).only("pk", "lineage_id").first()
    if old is None:
        return None
    root = old.lineage_id or old.pk
    return (search.public_programs().filter(Q(pk=root) | Q(lineage_id=root)).only("pk", "version")
            .order_by("-version").first())


VERSION_PARAMETER = OpenApiParameter(
    "version", int, description=gettext_noop("the version expected (1, 2, …): a version that is not the one in force "
                                             "(superseded or unknown) is a 404, never another version"))


class ProgramList(ApiView):
    @extend_schema(
        operation_id="programs_list", tags=["programs"], summary=gettext_noop("Public programs"),
        description=gettext_noop(
            "Programs in an accreditation in force today, ranked as on the search page, with the counts per filter "
            "value (facets). When more programs match than can be ranked (2 000), they come newest first, paging "
            "reaches the first 2 000, and `count` and the facets' counts may be estimates (`count_exact` false, "
            "`facets_estimated` names the facets)."),
        parameters=PROGRAM_FILTERS + PAGE_PARAMETERS, responses={200: s.ProgramPageSerializer, **ERRORS})
    def get(self, request):
        params = api_params.program_params(request.query_params)
        result = search.search_programs(params)
        page = result.page
        if params.page > page.paginator.num_pages and params.page > 1:
            raise api_params.ParameterErrors({"page": [_("Out of range.")]})
        data = _envelope(request, page, params.page_size,
                         s.ProgramSerializer(page.object_list, many=True, context={"request": request}).data)
        data["count"] = result.count
        data["count_exact"] = result.count_exact
        data["ranked"] = result.ranked
        # the query with its typos corrected, when the results are those of the corrected query (else null)
        data["suggestion"] = result.suggestion or None
        data["facets_estimated"] = [facet.name for facet in result.facets if facet.estimated]
        data["facets"] = {facet.name: [{"value": value, "label": label, "count": count}
                                       for value, label, count in facet.values] for facet in result.facets}
        return Response(data)


class ProgramDetail(ApiView):
    @extend_schema(
        operation_id="programs_retrieve", tags=["programs"], summary=gettext_noop("One public program"),
        description=gettext_noop("The program with the elements of Art. 4, its modules, and the count of the "
                                 "mandatory elements of an EU micro-credential it carries."),
        parameters=[VERSION_PARAMETER], responses={200: s.ProgramDetailSerializer, **NOT_FOUND})
    def get(self, request, pk: int):
        program = _public_program(pk, request.query_params.get("version"))
        program.approved_versions = approved_versions(program)
        return Response(s.ProgramDetailSerializer(program, context={"request": request}).data)


class ProgramElm(ApiView):
    renderer_classes = [JSONLDRenderer]

    @extend_schema(
        operation_id="programs_elm", tags=["programs"], summary=gettext_noop("One public program as JSON-LD (ELM 3)"),
        description=gettext_noop("A LearningOpportunity with its LearningAchievementSpecification in the shape of "
                                 "the European Learning Model, with the micro-credential elements as an extension "
                                 "property."),
        responses={(200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT,
                                                                 description=gettext_noop("JSON-LD")),
                   (404, "application/ld+json"): OpenApiResponse(s.NotFoundSerializer)},
        parameters=[VERSION_PARAMETER])
    def get(self, request, pk: int):
        program = _public_program(pk, request.query_params.get("version"))
        return Response(elm.program_jsonld(program, request.build_absolute_uri))


class ProgramCsv(ApiView):
    @extend_schema(
        operation_id="programs_csv", tags=["open data"], summary=gettext_noop("Public programs (CSV)"),
        description=gettext_noop("Every public program matching the filters (page and page_size are ignored)."),
        parameters=PROGRAM_FILTERS, responses={**CSV_RESPONSE, **ERRORS})
    def get(self, request, fmt: str = "csv"):
        params = api_params.program_params(request.query_params)
        # programs.search applies the filters of the search page; the CSV wants every matching row, not a page.
        rows = (search.filtered_programs(params)
                .select_related("organization__municipality", "qualification_standard__level",
                                "qualification_standard__sector")
                .order_by("name_sr", "pk"))
        # The public page's address, reversed once: /sr/program/<pk>/.
        page_url = _absolute(request, elm.public_path("program_public", pk=0)).removesuffix("0/")

        def records():
            for p in rows.iterator(chunk_size=500):
                standard = p.qualification_standard
                yield [p.pk, p.name_sr, p.name_sr_latn, p.name_en, p.organization_id, p.organization.name_sr,
                       p.organization.pib, p.organization.municipality.name_sr, p.activity, p.kind,
                       standard.code if standard else "", standard.name_sr if standard else "",
                       standard.level.code if standard else "", standard.level.eqf_level if standard else "",
                       p.language_of_delivery, p.duration_hours, p.starts_on, p.ends_on, p.public_until,
                       f"{page_url}{p.pk}/"]

        return _open_data("noks-programs", PROGRAM_CSV_COLUMNS, records(), fmt)


class ProgramXlsx(ProgramCsv):
    @extend_schema(
        operation_id="programs_xlsx", tags=["open data"], summary=gettext_noop("Public programs (XLSX)"),
        description=gettext_noop("The CSV's rows and columns as a spreadsheet."), parameters=PROGRAM_FILTERS,
        responses={**XLSX_RESPONSE, **ERRORS})
    def get(self, request, fmt: str = "xlsx"):
        return super().get(request, fmt="xlsx")


PROGRAM_CSV_COLUMNS = ["id", "name_sr", "name_sr_latn", "name_en", "provider_id", "provider", "provider_pib",
                       "municipality", "activity", "kind", "standard_code", "standard_name", "noks_level",
                       "eqf_level", "language_of_delivery", "duration_hours", "starts_on", "ends_on",
                       "public_until", "url"]


# --- qualification standards ------------------------------------------------------------------------------------------


class StandardList(ApiView):
    @extend_schema(
        operation_id="standards_list", tags=["qualification standards"],
        summary=gettext_noop("Published qualification standards"), description=CACHE_NOTE,
        parameters=STANDARD_FILTERS + PAGE_PARAMETERS, responses={200: s.StandardPageSerializer, **ERRORS})
    def get(self, request):
        query, pagination = api_params.standard_params(request.query_params)
        page = _page(qualifications_selectors.standard_search(query), pagination)
        return Response(_envelope(request, page, pagination.size, s.StandardSerializer(
            page.object_list, many=True, context={"request": request}).data))


class StandardDetail(ApiView):
    @extend_schema(
        operation_id="standards_retrieve", tags=["qualification standards"],
        summary=gettext_noop("One published standard"), description=CACHE_NOTE,
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                     description=gettext_noop("the standard's code"))],
        responses={200: s.StandardDetailSerializer, **NOT_FOUND})
    def get(self, request, code: str):
        standard = (QualificationStandard.objects.filter(code=code, is_published=True)
                    .select_related("level", "sector", "requires_level").first())
        if standard is None:
            raise NotFound(_("No published qualification standard has this code."))
        return Response(s.StandardDetailSerializer(standard, context={"request": request}).data)


class StandardCsv(ApiView):
    @extend_schema(
        operation_id="standards_csv", tags=["open data"],
        summary=gettext_noop("Published qualification standards (CSV)"),
        description=gettext_noop("Every published standard matching the filters (page and page_size are ignored)."),
        parameters=STANDARD_FILTERS, responses={**CSV_RESPONSE, **ERRORS})
    def get(self, request, fmt: str = "csv"):
        query, _pagination = api_params.standard_params(request.query_params)
        rows = qualifications_selectors.standard_search(query)
        page_url = _absolute(request, elm.public_path("qualifications:standard", code="-")).removesuffix("-/")

        def records():
            for st in rows.iterator(chunk_size=500):
                yield [st.code, st.name_sr, st.name_sr_latn, st.name_en, st.level.code, st.level.eqf_level,
                       st.sector.code, st.sector.name_sr, st.min_hours, st.max_hours, f"{page_url}{st.code}/"]

        return _open_data("noks-standards", STANDARD_CSV_COLUMNS, records(), fmt)


class StandardXlsx(StandardCsv):
    @extend_schema(
        operation_id="standards_xlsx", tags=["open data"],
        summary=gettext_noop("Published qualification standards (XLSX)"),
        description=gettext_noop("The CSV's rows and columns as a spreadsheet."), parameters=STANDARD_FILTERS,
        responses={**XLSX_RESPONSE, **ERRORS})
    def get(self, request, fmt: str = "xlsx"):
        return super().get(request, fmt="xlsx")


STANDARD_CSV_COLUMNS = ["code", "name_sr", "name_sr_latn", "name_en", "noks_level", "eqf_level", "sector_code",
                        "sector", "min_hours", "max_hours", "url"]


# --- the JPOA register ------------------------------------------------------------------------------------------------


class RegisterList(ApiView):
    @extend_schema(
        operation_id="register_list", tags=["JPOA register"], summary=gettext_noop("The JPOA register"),
        description=gettext_noop("Accreditations (JPOA status per activity) with their organization and programs; "
                                 "by default those active today."),
        parameters=REGISTER_FILTERS + PAGE_PARAMETERS, responses={200: s.RegisterPageSerializer, **ERRORS})
    def get(self, request):
        filters, pagination = api_params.register_params(request.query_params)
        rows = (selectors_jpoa.register_accreditations(filters)
                .select_related("organization__municipality").prefetch_related("programs")
                .order_by("organization__name_sr", "organization_id", "activity", "-valid_from", "pk"))
        page = _page(rows, pagination)
        return Response(_envelope(request, page, pagination.size, s.RegisterRowSerializer(
            page.object_list, many=True, context={"request": request}).data))


class RegisterCsv(ApiView):
    @extend_schema(
        operation_id="register_csv", tags=["open data"], summary=gettext_noop("The JPOA register (CSV)"),
        description=gettext_noop("The register page's export (jpoa-register.csv) for the same filters."),
        parameters=REGISTER_FILTERS, responses={**CSV_RESPONSE, **ERRORS})
    def get(self, request):
        api_params.register_params(request.query_params)  # a malformed value is a 400 here, ignored on the page
        return views_jpoa.register_csv(request._request)


class RegisterXlsx(ApiView):
    @extend_schema(
        operation_id="register_xlsx", tags=["open data"], summary=gettext_noop("The JPOA register (XLSX)"),
        description=gettext_noop("The register CSV's rows and columns as a spreadsheet."), parameters=REGISTER_FILTERS,
        responses={**XLSX_RESPONSE, **ERRORS})
    def get(self, request):
        api_params.register_params(request.query_params)
        columns, rows = views_jpoa.register_data(request._request)
        return _open_data("jpoa-register", columns, rows, "xlsx")


# --- documentation ----------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


# `code` in the schema's descriptions (OpenAPI's CommonMark): shown as code, never as raw backticks. One negated,
# bounded class: linear time.
_CODE_SPAN = re.compile(r"`([^`\n]{1,200})`")
# A name with an underscore (page_size, count_exact) is never a word of prose: shown as code wherever it stands.
_UNDERSCORED = r"[a-z]+(?:_[a-z0-9]+)+"
# Where the schema says where a parameter goes.
LOCATIONS = {"query": pgettext_lazy("where an API parameter goes", "query"),
             "path": pgettext_lazy("where an API parameter goes", "path")}


def _code(value: str) -> str:
    return f'<code translate="no">{escape(value)}</code>'


def _prose(text: str, code_words=()) -> SafeString:
    """A schema text for the page, escaped: its `code spans`, and outside them each of ``code_words`` standing as a
    word and each name with an underscore, as <code translate="no"> (typed as shown, never translated)."""
    words = sorted(set(code_words), key=len, reverse=True)
    bare = "|".join([*(re.escape(word) for word in words), _UNDERSCORED])
    # A word ends where no letter, digit, hyphen or dot-and-letter follows ("6" is not a word of "6.1").
    pattern = re.compile(rf"`([^`\n]{{1,200}})`|(?<![\w.-])({bare})(?![\w-]|\.\w)")
    parts, last = [], 0
    text = text or ""
    for match in pattern.finditer(text):
        parts += [escape(text[last:match.start()]), _code(match.group(1) or match.group(2))]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def _translated(text: str) -> SafeString:
    """A text of the schema (English) in the page's language, rendered by _prose. The identifiers in it are those its
    Serbian translation marks as `code`: the English source cannot mark them without changing the served schema, so
    the Serbian catalog says which words of the English (and, through the derived catalog, the Latin) are code."""
    if not text:
        return mark_safe("")
    msgid, values = FORMATTED.get(text, (text, {}))
    shown = _(msgid)
    with translation.override("sr"):
        serbian = _(msgid)
    if values:
        shown, serbian = shown % values, serbian % values
    return _prose(shown, _CODE_SPAN.findall(serbian))


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = []
            for status, response in operation.get("responses", {}).items():
                responses.append({"status": status, "media_types": sorted(response.get("content", {})),
                                  "description": _translated(response.get("description", ""))})
            operations.append({
                "method": method.upper(), "path": path, "id": operation.get("operationId", ""),
                "summary": _translated(operation.get("summary", "")),
                "description": _translated(operation.get("description", "")),
                "tags": operation.get("tags", []),
                "parameters": [{"name": p["name"], "in": LOCATIONS.get(p["in"], p["in"]),
                                "required": p.get("required", False),
                                "type": p.get("schema", {}).get("type", ""),
                                "enum": p.get("schema", {}).get("enum", []),
                                "description": _translated(p.get("description", ""))}
                               for p in operation.get("parameters", [])],
                "responses": responses, "linkable": "{" not in path,
            })
    return operations


def docs(request):
    """The API documentation, rendered here from the OpenAPI schema (no Swagger UI or ReDoc from a CDN: the portal
    works on a closed network), its texts in the page's language (the schema itself stays English)."""
    schema = _schema()
    info = schema.get("info", {})
    info = {**info, "title": _translated(info.get("title", "")),
            "description": _translated(info.get("description", ""))}
    response = render(request, "api/docs.html", {
        "info": info, "operations": _operations(schema),
        "schema_url": reverse("api:schema"),
        "states": AccreditationState.values, "activities": Activity.choices, "kinds": ProgramKind.choices,
        "languages": DeliveryLanguage.choices,
    })
    if not request.user.is_authenticated:  # a signed-in visitor's copy: private, no-store (the middleware)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


ENDPOINTS = ("programs", "programs_csv", "programs_xlsx", "standards", "standards_csv", "standards_xlsx", "register",
             "register_csv", "register_xlsx", "elm_accreditations", "elm_learning_opportunities", "catalog", "schema",
             "docs")


def index(request):
    """``/api/v1/``: what the API offers, each with its address (the names are the API's own, not translated)."""
    response = JsonResponse({
        "name": "NOKS portal open data",
        "version": "v1",
        "documentation": _absolute(request, reverse("api:docs")),
        "schema": _absolute(request, reverse("api:schema")),
        "endpoints": {name: _absolute(request, reverse(f"api:{name}")) for name in ENDPOINTS},
    }, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def not_found(request, rest: str = ""):
    """Any other address under ``/api/v1/``: a JSON 404 like the API's own (``{"detail": ...}``), not an HTML page."""
    return JsonResponse({"detail": _("There is no such address in the API. Its index: %(url)s")
                         % {"url": _absolute(request, reverse("api:index"))}},
                        status=404, json_dumps_params={"ensure_ascii": False})
