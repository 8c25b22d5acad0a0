"""Data Europe can harvest: the JPOA register and the accredited programs as ELM 3 datasets, and a DCAT-AP catalogue
of every open-data download.

``/api/v1/elm/accreditations/``
    The JPOA register as ELM ``Accreditation`` nodes (one per organization and activity, in every state: a revoked
    or expired status stays in the dataset with its ``expiryDate`` and ``status``, so a harvester learns that it
    ended).
``/api/v1/elm/learning-opportunities/``
    The public programs as ELM ``LearningOpportunity`` nodes (api.elm.program_jsonld).

Both are paged JSON-LD collections in the Hydra vocabulary (``member``, ``totalItems``, ``view`` with ``first``,
``next``, ``previous`` and ``last``), ordered by their change date and id so that paging is stable, with the
dataset's own ``dateModified``; ``?modified_since=YYYY-MM-DD`` gives only what changed on or after that day (an
incremental harvest). The pages are the same for every language: texts are language maps.

``/api/v1/catalog.jsonld``
    A DCAT-AP catalogue (``dcat:Catalog``) with one ``dcat:Dataset`` per public list (the JPOA register, accredited
    programs, NOKS qualification standards) and one ``dcat:Distribution`` per download (CSV, XLSX, JSON, ELM
    JSON-LD), with media types and EU file-type, theme, frequency, country and language concepts.

Validation: the ELM 3 SHACL shapes and the EDC JSON-LD context are published by the European Commission but are not
obtainable from the package registries this project can reach, so the tests check the output against the mandatory
and allowed properties of the LOQ application profile's Accreditation and LearningOpportunity shapes as listed in
``docs/open-data-harvest.md``, not with a SHACL engine.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import CharField, Exists, Max, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from api import elm
from applications.enums import AccreditationState
from applications.models import Accreditation
from applications.selectors_jpoa import PUBLIC_ACTIONS, RegisterFilters, STATE_ALL, public_history, \
    register_accreditations
from core.models import AuditEvent
from programs import search
from programs.enums import Activity
from programs.models import Program

PAGE_SIZE = 100
HYDRA = "http://www.w3.org/ns/hydra/core#"
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
DATA_THEME_EDUCATION = "http://publications.europa.eu/resource/authority/data-theme/EDUC"
FREQUENCY_CONTINUOUS = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
LANGUAGES = [f"{elm.LANGUAGE_SCHEME}/SRP", f"{elm.LANGUAGE_SCHEME}/ENG"]
# The kind of accreditation: the JPOA status of the Adult Education Act and Pravilnik 89/2015, a concept of the
# portal's own (no EU controlled list names it).
ACCREDITATION_TYPE = {"sr": "Статус јавно признатог организатора активности образовања одраслих (ЈПОА)",
                      "sr-Latn": "Status javno priznatog organizatora aktivnosti obrazovanja odraslih (JPOA)",
                      "en": "Status of publicly recognized organizer of adult-education activities (JPOA)"}
STATUS = {AccreditationState.ACTIVE: "active", AccreditationState.EXPIRED: "expired",
          AccreditationState.REVOKED: "revoked"}


class BadParameter(ValueError):
    """A malformed query parameter: the view answers the API's 400 naming it."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


def modified_since(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameter("modified_since", "a date as YYYY-MM-DD") from None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def page_number(value: str | None) -> int:
    if value in (None, ""):
        return 1
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 1_000_000:
        raise BadParameter("page", "a page number from 1")
    return int(value)


def _context(extra: dict | None = None) -> list:
    return [elm.EDC_CONTEXT, {"@version": 1.1, "hydra": HYDRA, "member": {"@id": "hydra:member"},
                              "totalItems": {"@id": "hydra:totalItems"}, "view": {"@id": "hydra:view"},
                              "first": {"@id": "hydra:first", "@type": "@id"},
                              "next": {"@id": "hydra:next", "@type": "@id"},
                              "previous": {"@id": "hydra:previous", "@type": "@id"},
                              "last": {"@id": "hydra:last", "@type": "@id"}, **(extra or {})}]


def _collection(url_for, path: str, paginator: Paginator, number: int, members: list, params: dict,
                modified) -> dict:
    if number > max(1, paginator.num_pages):
        raise BadParameter("page", "past the last page")
    page = paginator.page(number) if paginator.count else None

    def page_url(n: int) -> str:
        query = "&".join(f"{k}={v}" for k, v in {**params, "page": n}.items() if v)
        return url_for(f"{path}?{query}")

    view = {"@id": page_url(number), "@type": "hydra:PartialCollectionView", "first": page_url(1),
            "last": page_url(max(1, paginator.num_pages))}
    if page is not None and page.has_next():
        view["next"] = page_url(number + 1)
    if number > 1:
        view["previous"] = page_url(number - 1)
    return {"@context": _context(), "@id": url_for(path), "@type": "hydra:Collection",
            "dateModified": modified.isoformat() if modified else None, "totalItems": paginator.count,
            "view": view, "member": members}


# --- accreditations ---------------------------------------------------------------------------------------------------


def accrediting_agent(url_for) -> dict:
    return {"@id": url_for(elm.public_path("home")) + "#authority", "@type": "Organisation",
            "legalName": {"sr": settings.AUTHORITY_NAME},
            "location": {"@type": "Location", "address": {"@type": "Address", "countryCode": elm.serbia_concept()}}}


def accreditation_node(accreditation: Accreditation, url_for, *, modified: dt.datetime | None) -> dict:
    organization = accreditation.organization
    register_page = url_for(elm.public_path("jpoa:organization", pk=organization.pk))
    activity = elm.labels(Activity(accreditation.activity).label) if accreditation.activity in Activity.values \
        else {"sr": accreditation.activity}
    node = {
        "@id": url_for(reverse("api:elm_accreditations")) + f"#accreditation-{accreditation.pk}",
        "@type": "Accreditation",
        "dcType": elm.concept(url_for(reverse("api:docs")) + "#accreditation-type", None, ACCREDITATION_TYPE,
                               notation="JPOA"),
        "title": {tag: f"{ACCREDITATION_TYPE[tag]}: {text}" for tag, text in activity.items()
                  if tag in ACCREDITATION_TYPE},
        "organisation": elm.organisation(organization, url_for),
        "accreditingAgent": accrediting_agent(url_for),
        "limitJurisdiction": [elm.serbia_concept()],
        "dateIssued": timezone.make_aware(dt.datetime.combine(accreditation.valid_from, dt.time())).isoformat(),
        "expiryDate": timezone.make_aware(dt.datetime.combine(accreditation.valid_until, dt.time())).isoformat(),
        "landingPage": [{"@type": "WebResource", "contentURL": register_page}],
        "status": STATUS.get(accreditation.register_state, accreditation.register_state),
        "dateModified": (modified or timezone.make_aware(
            dt.datetime.combine(accreditation.valid_from, dt.time()))).isoformat(),
    }
    programs = sorted(accreditation.programs.all(), key=lambda p: p.pk)
    if programs:
        node["additionalNote"] = [elm.note({"sr": "; ".join(p.name_sr or "" for p in programs),
                                             "sr-Latn": "; ".join(p.name_sr_latn or "" for p in programs)},
                                            elm.labels(Program._meta.verbose_name_plural))]
    if accreditation.register_state == AccreditationState.REVOKED and accreditation.revoked_at:
        node["expiryDate"] = accreditation.revoked_at.isoformat()
    return node


def accreditations_page(url_for, *, number: int = 1, since: dt.datetime | None = None) -> dict:
    events = AuditEvent.objects.filter(object_type=Accreditation._meta.label_lower,
                                       object_id=Cast(OuterRef("pk"), CharField()),
                                       action__in=list(PUBLIC_ACTIONS))
    rows = (register_accreditations(RegisterFilters(state=STATE_ALL))
            .select_related("organization__municipality").prefetch_related("programs").order_by("pk"))
    if since is not None:
        rows = rows.filter(Q(Exists(events.filter(at__gte=since))) | Q(valid_from__gte=since.date())
                           | Q(revoked_at__gte=since))
    paginator = Paginator(rows, PAGE_SIZE)
    members: list = []
    page_rows = list(paginator.page(number).object_list) if paginator.count and number <= paginator.num_pages \
        else []
    history = public_history(page_rows)
    for row in page_rows:
        changes = [entry.at for entry in history.get(row.pk, [])]
        members.append(accreditation_node(row, url_for, modified=max(changes) if changes else None))
    modified = AuditEvent.objects.filter(object_type=Accreditation._meta.label_lower,
                                         action__in=list(PUBLIC_ACTIONS)).aggregate(at=Max("at"))["at"]
    return _collection(url_for, reverse("api:elm_accreditations"), paginator, number, members,
                       {"modified_since": since.date().isoformat() if since else ""}, modified)


# --- learning opportunities -------------------------------------------------------------------------------------------


def learning_opportunities_page(url_for, *, number: int = 1, since: dt.datetime | None = None) -> dict:
    rows = (search.public_programs()
            .select_related("organization__municipality", "qualification_standard__level",
                            "qualification_standard__sector")
            .prefetch_related("modules").order_by("updated_at", "pk"))
    if since is not None:
        rows = rows.filter(updated_at__gte=since)
    paginator = Paginator(rows, PAGE_SIZE)
    page_rows = list(paginator.page(number).object_list) if paginator.count and number <= paginator.num_pages \
        else []
    today = timezone.localdate()
    members = []
    for program in page_rows:
        node = elm.program_jsonld(program, url_for, today=today)
        node.pop("@context", None)
        members.append(node)
    modified = search.public_programs().aggregate(at=Max("updated_at"))["at"]
    return _collection(url_for, reverse("api:elm_learning_opportunities"), paginator, number, members,
                       {"modified_since": since.date().isoformat() if since else ""}, modified)


# --- the DCAT-AP catalogue --------------------------------------------------------------------------------------------


def _distribution(url_for, name: str, kind: str, titles: dict, *, conforms_to: str | None = None) -> dict:
    media = {"CSV": "text/csv", "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "JSON": "application/json", "JSON_LD": "application/ld+json"}[kind]
    url = url_for(reverse(name))
    node = {"@id": url + "#distribution", "@type": "dcat:Distribution", "dct:title": _lang_values(titles),
            "dcat:accessURL": {"@id": url}, "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": {"@id": MEDIA_TYPE + media}, "dct:format": {"@id": FILE_TYPE + kind}}
    if conforms_to:
        node["dct:conformsTo"] = {"@id": conforms_to}
    return node


def _lang_values(texts: dict) -> list[dict]:
    return [{"@value": text, "@language": tag} for tag, text in texts.items() if text]


def catalog(url_for) -> dict:
    publisher = {"@id": url_for(elm.public_path("home")) + "#authority", "@type": "foaf:Agent",
                 "foaf:name": _lang_values({"sr": settings.AUTHORITY_NAME})}
    contact = {"@type": "vcard:Organization", "vcard:fn": settings.AUTHORITY_NAME,
               "vcard:hasURL": {"@id": url_for(reverse("api_docs"))}}
    program_modified = search.public_programs().aggregate(at=Max("updated_at"))["at"]
    register_modified = AuditEvent.objects.filter(object_type=Accreditation._meta.label_lower,
                                                  action__in=list(PUBLIC_ACTIONS)).aggregate(at=Max("at"))["at"]
    elm_profile = "http://data.europa.eu/snb/model/ap/loq-constraints"

    def dataset(key: str, titles: dict, descriptions: dict, landing: str, distributions: list, modified) -> dict:
        node = {"@id": url_for(reverse("api:catalog")) + f"#{key}", "@type": "dcat:Dataset",
                "dct:identifier": key, "dct:title": _lang_values(titles),
                "dct:description": _lang_values(descriptions), "dct:publisher": publisher,
                "dcat:contactPoint": contact, "dcat:theme": {"@id": DATA_THEME_EDUCATION},
                "dct:spatial": {"@id": elm.SERBIA}, "dct:language": [{"@id": code} for code in LANGUAGES],
                "dct:accrualPeriodicity": {"@id": FREQUENCY_CONTINUOUS}, "dcat:landingPage": {"@id": landing},
                "dcat:distribution": distributions}
        if modified:
            node["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
        return node

    register = dataset(
        "jpoa-register",
        {"sr": "Регистар ЈПОА", "sr-Latn": "Registar JPOA", "en": "JPOA register"},
        {"sr": "Јавно признати организатори активности образовања одраслих: активности за које имају статус, "
               "програми и период важења.",
         "en": "Publicly recognized organizers of adult-education activities: the activities for which each holds "
               "the status, its programs and the period of validity."},
        url_for(elm.public_path("jpoa:register")),
        [_distribution(url_for, "api:register_csv", "CSV", {"en": "JPOA register (CSV)"}),
         _distribution(url_for, "api:register_xlsx", "XLSX", {"en": "JPOA register (XLSX)"}),
         _distribution(url_for, "api:register", "JSON", {"en": "JPOA register (JSON API)"}),
         _distribution(url_for, "api:elm_accreditations", "JSON_LD", {"en": "JPOA register (ELM 3 Accreditation)"},
                       conforms_to=elm_profile)],
        register_modified)
    programs = dataset(
        "accredited-programs",
        {"sr": "Акредитовани програми образовања одраслих", "sr-Latn": "Akreditovani programi obrazovanja odraslih",
         "en": "Accredited adult-education programs"},
        {"sr": "Јавни програми организатора са статусом ЈПОА, са елементима члана 4. Правилника 89/2015.",
         "en": "Public programs of organizers with JPOA status, with the elements of Art. 4 of Rulebook 89/2015."},
        url_for(elm.public_path("program_search")),
        [_distribution(url_for, "api:programs_csv", "CSV", {"en": "Programs (CSV)"}),
         _distribution(url_for, "api:programs_xlsx", "XLSX", {"en": "Programs (XLSX)"}),
         _distribution(url_for, "api:programs", "JSON", {"en": "Programs (JSON API)"}),
         _distribution(url_for, "api:elm_learning_opportunities", "JSON_LD",
                       {"en": "Programs (ELM 3 LearningOpportunity)"}, conforms_to=elm_profile)],
        program_modified)
    standards = dataset(
        "noks-qualification-standards",
        {"sr": "Стандарди квалификација НОКС", "sr-Latn": "Standardi kvalifikacija NOKS",
         "en": "NOKS qualification standards"},
        {"sr": "Објављени стандарди квалификација Националног оквира квалификација Србије.",
         "en": "Published qualification standards of the National Qualifications Framework of Serbia."},
        url_for(elm.public_path("qualifications:standards")),
        [_distribution(url_for, "api:standards_csv", "CSV", {"en": "Standards (CSV)"}),
         _distribution(url_for, "api:standards_xlsx", "XLSX", {"en": "Standards (XLSX)"}),
         _distribution(url_for, "api:standards", "JSON", {"en": "Standards (JSON API)"})],
        None)
    return {"@context": DCAT_CONTEXT, "@id": url_for(reverse("api:catalog")), "@type": "dcat:Catalog",
            "dct:title": _lang_values({"sr": "Отворени подаци портала НОКС", "sr-Latn": "Otvoreni podaci portala NOKS",
                                       "en": "NOKS portal open data"}),
            "dct:description": _lang_values({
                "sr": "Регистар ЈПОА, акредитовани програми и стандарди квалификација НОКС.",
                "en": "The JPOA register, accredited programs and NOKS qualification standards."}),
            "dct:publisher": publisher, "dct:language": [{"@id": code} for code in LANGUAGES],
            "dct:spatial": {"@id": elm.SERBIA}, "foaf:homepage": {"@id": url_for(reverse("api_docs"))},
            "dcat:dataset": [register, programs, standards]}

