"""The harvest endpoints (api.harvest): ELM 3 datasets of the register and the programs, and the DCAT-AP catalogue."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from django.utils.translation import gettext_noop
from rest_framework.response import Response

from api import harvest, params as api_params
from api.views import ERRORS, ApiView, JSONLDRenderer, formatted

HARVEST_PARAMETERS = [
    OpenApiParameter("page", int, description=formatted(gettext_noop("page number, from 1 (%(size)d items a page)"),
                                                        size=harvest.PAGE_SIZE)),
    OpenApiParameter("modified_since", OpenApiTypes.DATE, description=gettext_noop(
        "only what changed on or after this day (YYYY-MM-DD): an incremental harvest")),
]
JSONLD = {(200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_noop("JSON-LD"))}


def _page_params(request):
    try:
        return harvest.page_number(request.query_params.get("page")), \
            harvest.modified_since(request.query_params.get("modified_since"))
    except harvest.BadParameter as error:
        raise api_params.ParameterErrors({error.name: [str(error)]}) from None


class ElmAccreditations(ApiView):
    renderer_classes = [JSONLDRenderer]

    @extend_schema(
        operation_id="elm_accreditations", tags=["open data"],
        summary=gettext_noop("The JPOA register as ELM 3 accreditations"),
        description=gettext_noop("A paged JSON-LD collection (Hydra) of ELM Accreditation nodes, every state "
                                 "included, ordered by id, with the dataset's change date: for the Europass "
                                 "Qualification Dataset Register."),
        parameters=HARVEST_PARAMETERS, responses={**JSONLD, **ERRORS})
    def get(self, request):
        number, since = _page_params(request)
        try:
            return Response(harvest.accreditations_page(request.build_absolute_uri, number=number, since=since))
        except harvest.BadParameter as error:
            raise api_params.ParameterErrors({error.name: [str(error)]}) from None


class ElmLearningOpportunities(ApiView):
    renderer_classes = [JSONLDRenderer]

    @extend_schema(
        operation_id="elm_learning_opportunities", tags=["open data"],
        summary=gettext_noop("Public programs as ELM 3 learning opportunities"),
        description=gettext_noop("A paged JSON-LD collection (Hydra) of ELM LearningOpportunity nodes, ordered by "
                                 "change date and id, with the dataset's change date."),
        parameters=HARVEST_PARAMETERS, responses={**JSONLD, **ERRORS})
    def get(self, request):
        number, since = _page_params(request)
        try:
            return Response(harvest.learning_opportunities_page(request.build_absolute_uri, number=number,
                                                                since=since))
        except harvest.BadParameter as error:
            raise api_params.ParameterErrors({error.name: [str(error)]}) from None


class Catalog(ApiView):
    renderer_classes = [JSONLDRenderer]

    @extend_schema(
        operation_id="catalog", tags=["open data"], summary=gettext_noop("DCAT-AP catalogue of the open data"),
        description=gettext_noop("Every dataset (JPOA register, accredited programs, NOKS standards) and each of "
                                 "its downloads."),
        responses=JSONLD)
    def get(self, request):
        return Response(harvest.catalog(request.build_absolute_uri))
