"""A public program as JSON-LD in the shape of the European Learning Model (ELM 3), and how many of the mandatory
elements of an EU micro-credential it already carries.

The shape
---------
``LearningOpportunity`` (the program as offered by its provider)
  ``title``, ``homepage`` (the public page), ``providedBy`` (``Organisation``), ``temporal`` (planned start and end),
  ``dateModified`` and ``learningAchievementSpecification``:
``LearningAchievementSpecification`` (what a learner achieves)
  ``title``, ``description`` (purpose), ``learningOutcome`` (one ``LearningOutcome`` per line of the general and
  specific outcomes), ``volumeOfLearning`` (ISO 8601 duration from the hours: ``PT120H``), ``entryRequirement``
  (``Note``), ``language``, ``learningSetting`` (non-formal learning, for the program kinds of Art. 3),
  ``provenBy`` (``LearningAssessmentSpecification`` with the assessment procedure), ``additionalNote``
  (organisation and methods, the document issued), ``hasPart`` (one specification per module, with its outcomes
  and hours), ``awardingOpportunity`` (``AwardingOpportunity`` with the ``awardingBody``), and, when the program
  is written per a NOKS qualification standard, ``eqfLevel`` / ``nqfLevel`` and ``specialisationOf`` (the
  standard as a ``Qualification``).

Where it follows ELM and where it simplifies
--------------------------------------------
- Keywords are the JSON-LD ones (``@id``, ``@type``); the EDC context aliases ``id`` and ``type`` to them.
- Language-tagged text is a language map (``{"sr": ..., "sr-Latn": ..., "en": ...}``), as in the EDC examples;
  a language without text is left out.
- ELM 3 defines ``eqfLevel``/``nqfLevel`` on ``Qualification`` (a subclass of the specification). A program is
  not a qualification, so the standard it is written per is given as a ``Qualification`` in ``specialisationOf``
  carrying both levels; the levels are repeated on the specification itself for consumers that read one node.
  The NQF concept is the NOKS level's public page (there is no EU vocabulary for NOKS levels).
- ``mode`` (online / on-site / blended) is not recorded by the portal as a code; the text of Art. 4 element 9
  (organisation, forms and methods) is given as an ``additionalNote`` instead.
- Concepts use the EU vocabularies where their URIs are certain (EQF levels, the learning-setting "non-formal
  learning", the Publications Office country and language tables); a delivery language without an EU code
  (Rusyn) is left out.
- ``microcredential`` is an extension (a JSON literal, mapped in the inline context to the API documentation):
  the count of the Council Recommendation's mandatory elements the program carries.
- The document is not a credential: it describes the offer, so it has no learner, no issuance date, no proof.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import reverse
from django.utils import translation

from programs.enums import ELEMENT_BY_FIELD, DeliveryLanguage
from programs.microcredential import LANGUAGES, MICROCREDENTIAL_ELEMENTS, in_force, microcredential  # noqa: F401
from programs.models import Program

EDC_CONTEXT = "https://data.europa.eu/snb/model/context/edc-ap-context.jsonld"
EQF = "http://data.europa.eu/snb/eqf/"
EQF_SCHEME = "http://data.europa.eu/snb/eqf/25831c2"
LEARNING_SETTING_NON_FORMAL = "http://data.europa.eu/snb/learning-setting/e207a81fc7"
LEARNING_SETTING_SCHEME = "http://data.europa.eu/snb/learning-setting/25831c2"
COUNTRY_SCHEME = "http://publications.europa.eu/resource/authority/country"
SERBIA = f"{COUNTRY_SCHEME}/SRB"
LANGUAGE_SCHEME = "http://publications.europa.eu/resource/authority/language"
# programs.enums.DeliveryLanguage -> the Publications Office language table.
LANGUAGE_CODES = {"sr": "SRP", "hu": "HUN", "sk": "SLK", "ro": "RON", "hr": "HRV", "bs": "BOS", "sq": "SQI",
                  "bg": "BUL", "en": "ENG"}
UrlFor = Callable[[str], str]  # a path -> the absolute URL


# --- helpers ---------------------------------------------------------------------------------------------------------


def lang_map(obj, base: str) -> dict[str, str]:
    """{"sr": ..., "sr-Latn": ..., "en": ...} of a translated field, without the empty languages."""
    values = {tag: (getattr(obj, f"{base}_{suffix}", "") or "").strip() for suffix, tag in LANGUAGES}
    return {tag: value for tag, value in values.items() if value}


def labels(text) -> dict[str, str]:
    """A translatable label in the three languages (the portal's own catalogs)."""
    out = {}
    for language, tag in (("sr", "sr"), ("sr-latn", "sr-Latn"), ("en", "en")):
        with translation.override(language):
            out[tag] = str(text)
    return out


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-•*–").strip() for line in (text or "").splitlines() if line.strip(" -•*–")]


def line_maps(obj, base: str) -> list[dict[str, str]]:
    """A multi-line translated text as one language map per line; a translation with another number of lines than
    the Cyrillic text is left out of the maps rather than paired with the wrong line."""
    by_language = {tag: _lines(getattr(obj, f"{base}_{suffix}", "") or "") for suffix, tag in LANGUAGES}
    reference = by_language["sr"] or by_language["sr-Latn"] or by_language["en"]
    maps = []
    for index in range(len(reference)):
        maps.append({tag: lines[index] for tag, lines in by_language.items() if len(lines) == len(reference)})
    return maps


def public_path(name: str, **kwargs) -> str:
    """The path of a public page in Serbian Cyrillic (/sr/...), whatever the language of the request."""
    with translation.override("sr"):
        return reverse(name, kwargs=kwargs)


def hours_duration(hours: int | None) -> str | None:
    return f"PT{hours}H" if hours else None


# --- JSON-LD ---------------------------------------------------------------------------------------------------------


def concept(uri: str | None, scheme: str | None, pref_label: dict[str, str], notation: str | None = None) -> dict:
    node = {"@type": "Concept"}
    if uri:
        node["@id"] = uri
    if scheme:
        node["inScheme"] = {"@id": scheme, "@type": "ConceptScheme"}
    if notation:
        node["notation"] = notation
    node["prefLabel"] = pref_label
    return node


def note(text: dict[str, str], subject=None) -> dict:
    node = {"@type": "Note", "noteLiteral": text}
    if subject is not None:
        node["subject"] = concept(None, None, labels(subject))
    return node


def serbia_concept() -> dict:
    return concept(SERBIA, COUNTRY_SCHEME, {"sr": "Србија", "sr-Latn": "Srbija", "en": "Serbia"}, notation="RS")


def organisation(organization, url_for: UrlFor) -> dict:
    serbia = serbia_concept()
    municipality = organization.municipality
    address = {"@type": "Address", "countryCode": serbia}
    full_address = {tag: ", ".join(filter(None, (lang_map(organization, "address").get(tag),
                                                 lang_map(municipality, "name").get(tag) if municipality else None)))
                    for _suffix, tag in LANGUAGES}
    full_address = {tag: value for tag, value in full_address.items() if value}
    if full_address:
        address["fullAddress"] = note(full_address)
    node = {
        "@id": url_for(public_path("jpoa:organization", pk=organization.pk)),
        "@type": "Organisation",
        "legalName": lang_map(organization, "name"),
        "vatIdentifier": {"@type": "LegalIdentifier", "notation": organization.pib, "spatial": serbia},
        "registration": {"@type": "LegalIdentifier", "notation": organization.mb, "spatial": serbia},
        "location": {"@type": "Location", "address": address},
    }
    if organization.website:
        node["homepage"] = {"@type": "WebResource", "contentURL": organization.website}
    return node


def _levels(standard, url_for: UrlFor) -> dict:
    level = standard.level
    return {
        "eqfLevel": concept(f"{EQF}{level.eqf_level}", EQF_SCHEME, {"en": f"Level {level.eqf_level}"},
                             notation=str(level.eqf_level)),
        "nqfLevel": concept(url_for(public_path("qualifications:level", code=level.code)),
                             url_for(public_path("qualifications:levels")), lang_map(level, "name") or
                             {"en": f"NOKS level {level.code}"}, notation=level.code),
    }


def _outcomes(obj, bases: tuple[str, ...], prefix: str) -> list[dict]:
    nodes = []
    for base in bases:
        for text in line_maps(obj, base):
            nodes.append({"@id": f"{prefix}-{len(nodes) + 1}", "@type": "LearningOutcome", "title": text})
    return nodes


def program_jsonld(program: Program, url_for: UrlFor, *, today: dt.date | None = None) -> dict:
    """The program as an ELM LearningOpportunity; ``url_for`` makes absolute URLs (request.build_absolute_uri).

    Needs organization__municipality, qualification_standard__level and modules loaded: no query of its own.
    """
    self_url = url_for(reverse("api:program_elm", kwargs={"pk": program.pk}))
    page_url = url_for(public_path("program_public", pk=program.pk))
    provider = organisation(program.organization, url_for)
    standard = program.qualification_standard

    spec: dict = {
        "@id": f"{self_url}#specification",
        "@type": "LearningAchievementSpecification",
        "title": lang_map(program, "name"),
        "identifier": {"@type": "Identifier", "notation": str(program.pk), "schemeName": "NOKS portal program"},
    }
    if purpose := lang_map(program, "purpose"):
        spec["description"] = purpose
    if outcomes := _outcomes(program, ("general_outcomes", "specific_outcomes"), f"{self_url}#outcome"):
        spec["learningOutcome"] = outcomes
    if volume := hours_duration(program.duration_hours):
        spec["volumeOfLearning"] = volume
    if standard is not None:
        levels = _levels(standard, url_for)
        spec.update(levels)
        spec["specialisationOf"] = [{
            "@id": url_for(public_path("qualifications:standard", code=standard.code)),
            "@type": "Qualification",
            "title": lang_map(standard, "name"),
            "identifier": {"@type": "Identifier", "notation": standard.code,
                           "schemeName": "NOKS qualification standard"},
            **levels,
        }]
    if entry := lang_map(program, "enrolment_conditions"):
        spec["entryRequirement"] = note(entry)
    if code := LANGUAGE_CODES.get(program.language_of_delivery):
        spec["language"] = [concept(f"{LANGUAGE_SCHEME}/{code}", LANGUAGE_SCHEME,
                                     labels(DeliveryLanguage(program.language_of_delivery).label),
                                     notation=code)]
    if program.kind:  # the kinds of Art. 3 para 1 are non-formal programs
        spec["learningSetting"] = concept(LEARNING_SETTING_NON_FORMAL, LEARNING_SETTING_SCHEME,
                                           {"en": "non-formal learning"})
    if assessment := lang_map(program, "assessment"):
        spec["provenBy"] = [{"@id": f"{self_url}#assessment", "@type": "LearningAssessmentSpecification",
                             "title": labels(ELEMENT_BY_FIELD["assessment"].label), "description": assessment}]
    notes = [note(text, ELEMENT_BY_FIELD[field].label) for field in ("organisation_methods", "document_name")
             if (text := lang_map(program, field))]
    if notes:
        spec["additionalNote"] = notes
    modules = list(program.modules.all())
    if modules:
        spec["hasPart"] = []
        for module in modules:
            part = {"@id": f"{self_url}#module-{module.pk}", "@type": "LearningAchievementSpecification",
                    "title": lang_map(module, "name")}
            if module_outcomes := _outcomes(module, ("outcomes",), f"{self_url}#module-{module.pk}-outcome"):
                part["learningOutcome"] = module_outcomes
            if volume := hours_duration(module.hours):
                part["volumeOfLearning"] = volume
            spec["hasPart"].append(part)
    # The provider awards what it provides: the same node as providedBy, referenced by its @id (with its name, for
    # readers that do not follow references).
    awarding_body = {key: provider[key] for key in ("@id", "@type", "legalName")}
    spec["awardingOpportunity"] = [{"@type": "AwardingOpportunity", "awardingBody": [awarding_body]}]
    spec["dateModified"] = program.updated_at.isoformat()

    document: dict = {
        "@context": [EDC_CONTEXT, {
            "@version": 1.1,
            "microcredential": {"@id": url_for(reverse("api:docs")) + "#microcredential", "@type": "@json"},
        }],
        "@id": self_url,
        "@type": "LearningOpportunity",
        "title": lang_map(program, "name"),
        "homepage": [{"@type": "WebResource", "contentURL": page_url}],
        "providedBy": provider,
        "learningAchievementSpecification": spec,
        # The authoritative language of the texts (LOQ: exactly one): Serbian, in which the program was approved.
        "defaultLanguage": concept(f"{LANGUAGE_SCHEME}/SRP", LANGUAGE_SCHEME,
                                    {"sr": "српски", "sr-Latn": "srpski", "en": "Serbian"}, notation="SRP"),
    }
    if program.starts_on or program.ends_on:
        temporal = {"@type": "PeriodOfTime"}
        if program.starts_on:
            temporal["startDate"] = program.starts_on.isoformat()
        if program.ends_on:
            temporal["endDate"] = program.ends_on.isoformat()
        document["temporal"] = [temporal]
    document["dateModified"] = program.updated_at.isoformat()
    document["microcredential"] = microcredential(program, today=today)
    return document
