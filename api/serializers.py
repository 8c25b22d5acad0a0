"""Read-only serializers of the open-data API. They also describe the responses in the OpenAPI schema.

Every translated text is an object ``{"sr": ..., "sr_latn": ..., "en": ...}`` (null where a language has no
text), whatever the language of the request; codes (activity, kind, language) are the portal's codes, their
labels are in the facets of /api/v1/programs/ and in docs/api.md. None of these serializers runs a query: the views
load what they read (select_related / prefetch_related).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api import elm
from programs.enums import ELEMENTS, NUMERIC_ELEMENT_FIELDS


def translations(obj, base: str) -> dict[str, str | None]:
    return {key: (getattr(obj, f"{base}_{key}", None) or None) for key in ("sr", "sr_latn", "en")}


class TranslatedTextSerializer(serializers.Serializer):
    sr = serializers.CharField(allow_null=True, help_text=gettext_noop("Serbian, Cyrillic script"))
    sr_latn = serializers.CharField(allow_null=True, help_text=gettext_noop("Serbian, Latin script"))
    en = serializers.CharField(allow_null=True, help_text=gettext_noop("English"))


@extend_schema_field(TranslatedTextSerializer)
class TranslatedField(serializers.Field):
    """A modeltranslation field in the three languages (``name`` -> name_sr, name_sr_latn, name_en)."""

    def __init__(self, base: str | None = None, **kwargs):
        self.base = base
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.base = self.base or field_name

    def to_representation(self, instance):
        return translations(instance, self.base)


def absolute(serializer: serializers.Field, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


# --- programs --------------------------------------------------------------------------------------------------------


class MunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedField()


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedField()
    pib = serializers.CharField(help_text=gettext_noop("tax identification number (PIB)"))
    municipality = MunicipalitySerializer()


class LevelBriefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_noop("NOKS level: 1, 2, 3, 4, 5, 6.1, 6.2, 7.1, 7.2 or 8"))
    eqf_level = serializers.IntegerField()
    name = TranslatedField()


class StandardBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = TranslatedField()
    noks_level = serializers.CharField(source="level.code")
    eqf_level = serializers.IntegerField(source="level.eqf_level")


class ProgramSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text=gettext_noop("the version of the program (1, 2, …): a change of an "
                                                              "accredited program is a new version the Office "
                                                              "approves"))
    name = TranslatedField()
    provider = ProviderSerializer(source="organization")
    activity = serializers.CharField(help_text=gettext_noop("activity of Art. 2 (A-COMP, A-PERS, A-CAREER, A-KEY-SEC, "
                                                            "A-KEY-PRI, A-QUAL, A-RPL)"))
    kind = serializers.IntegerField(allow_null=True, help_text=gettext_noop("kind of program of Art. 3 (1 to 10)"))
    qualification_standard = StandardBriefSerializer(allow_null=True)
    language_of_delivery = serializers.CharField()
    duration_hours = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    public_until = serializers.DateField(allow_null=True,
                                         help_text=gettext_noop("last day of the accreditation in force"))
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text=gettext_noop("the public page of the program (Serbian Cyrillic)"))
    jsonld = serializers.SerializerMethodField(
        help_text=gettext_noop("the program as JSON-LD (European Learning Model)"))

    def get_url(self, program) -> str:
        return absolute(self, elm.public_path("program_public", pk=program.pk))

    def get_jsonld(self, program) -> str:
        return absolute(self, reverse("api:program_elm", kwargs={"pk": program.pk}))


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=gettext_noop("rows matching the filters, on all pages"))
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class ProgramPageSerializer(PageSerializer):
    results = ProgramSerializer(many=True)
    count_exact = serializers.BooleanField(
        help_text=gettext_noop("false when so many programs match that `count` is estimated from a sample (paging "
                               "then reaches the first 2 000)"))
    ranked = serializers.BooleanField(
        help_text=gettext_noop("true: ranked as the search page ranks; false: too many matches to rank, newest first"))
    suggestion = serializers.CharField(
        allow_null=True, help_text=gettext_noop("when no program matches the words as typed but one matches them "
                                                "with a letter missing, added or swapped: the corrected query whose "
                                                "results these are; else null"))
    facets_estimated = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_noop("the facets whose counts are estimated from a sample"))
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True),
        help_text=gettext_noop("per filter (level, sector, activity, kind, municipality, provider, language: those "
                               "of the search page), its values with the number of programs the other filters leave"))


ElementsSerializer = type("ProgramElementsSerializer", (serializers.Serializer,), {
    "__doc__": gettext_noop("The elements of Art. 4 para 1 of Pravilnik 89/2015 (the name, duration and group size "
                            "are given beside them), keyed by the element's name in the rules contract."),
    **{element.name: TranslatedField(element.field) for element in ELEMENTS
       if element.field != "name" and element.field not in NUMERIC_ELEMENT_FIELDS},
})


class ModuleSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    name = TranslatedField()
    outcomes = TranslatedField()
    content = TranslatedField()
    hours = serializers.IntegerField(allow_null=True)


class MicrocredentialElementSerializer(serializers.Serializer):
    element = serializers.ChoiceField(choices=[key for key, _label in elm.MICROCREDENTIAL_ELEMENTS])
    label = serializers.CharField()
    present = serializers.BooleanField()
    source = serializers.CharField(help_text=gettext_noop("where the element is read from"))


class MicrocredentialSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    of = serializers.IntegerField()
    reference = serializers.CharField()
    elements = MicrocredentialElementSerializer(many=True)


class ProgramVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_noop("the version's own id (cohorts and certificates point at it)"))
    version = serializers.IntegerField()
    state = serializers.CharField(source="version_state", help_text=gettext_noop("approved (in force) or superseded"))
    approved_on = serializers.DateField(allow_null=True)
    superseded_on = serializers.DateField(allow_null=True)
    editorial = serializers.BooleanField(
        help_text=gettext_noop("an editorial correction that changed nothing accredited"))
    url = serializers.SerializerMethodField(
        help_text=gettext_noop("the version's public page (a superseded one is marked so)"))

    def get_url(self, program) -> str:
        return absolute(self, elm.public_path("program_public", pk=program.pk))


class ProgramDetailSerializer(ProgramSerializer):
    elements = ElementsSerializer(source="*")
    group_size = serializers.IntegerField(allow_null=True)
    modular = serializers.BooleanField()
    modules = ModuleSerializer(many=True)
    cefr_levels = serializers.ListField(child=serializers.CharField())
    ecdl_modules = serializers.ListField(child=serializers.CharField())
    exam_professional = serializers.BooleanField()
    exam_key_competences = serializers.BooleanField()
    microcredential = serializers.SerializerMethodField()
    versions = ProgramVersionSerializer(many=True, source="approved_versions",
                                        help_text=gettext_noop("the approved versions of the program, newest first"))

    @extend_schema_field(MicrocredentialSerializer)
    def get_microcredential(self, program) -> dict:
        return elm.microcredential(program, today=self.context.get("today") or timezone.localdate())


# --- qualification standards -----------------------------------------------------------------------------------------


class SectorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = TranslatedField()


class StandardSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = TranslatedField()
    level = LevelBriefSerializer()
    sector = SectorSerializer()
    min_hours = serializers.IntegerField(allow_null=True)
    max_hours = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(
        help_text=gettext_noop("the public page of the standard (Serbian Cyrillic)"))
    programs = serializers.SerializerMethodField(
        help_text=gettext_noop("the public programs written per the standard (API)"))

    def get_url(self, standard) -> str:
        return absolute(self, elm.public_path("qualifications:standard", code=standard.code))

    def get_programs(self, standard) -> str:
        return absolute(self, reverse("api:programs") + "?standard=" + standard.code)


class StandardDetailSerializer(StandardSerializer):
    purpose = TranslatedField()
    outcomes = TranslatedField(help_text=gettext_noop("one learning outcome per line"))
    min_months = serializers.IntegerField(allow_null=True)
    requires_level = serializers.CharField(source="requires_level.code", allow_null=True, default=None)


class StandardPageSerializer(PageSerializer):
    results = StandardSerializer(many=True)


# --- the JPOA register -----------------------------------------------------------------------------------------------


class ProgramBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text=gettext_noop("the version of the program the accreditation covers"))
    name = TranslatedField()


class OrganizationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = TranslatedField()


class RegisterRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_noop("the accreditation"))
    organization = OrganizationBriefSerializer()
    pib = serializers.CharField(source="organization.pib")
    mb = serializers.CharField(source="organization.mb")
    municipality = MunicipalitySerializer(source="organization.municipality")
    activity = serializers.CharField()
    state = serializers.CharField(source="register_state", help_text=gettext_noop(
        "active, expired or revoked (an active status past its last day is expired)"))
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    revoked_on = serializers.SerializerMethodField()
    programs = ProgramBriefSerializer(many=True, source="programs.all")
    url = serializers.SerializerMethodField(help_text=gettext_noop("the organization's page in the register"))

    def get_revoked_on(self, accreditation) -> str | None:
        if accreditation.register_state == "revoked" and accreditation.revoked_at:
            return timezone.localdate(accreditation.revoked_at).isoformat()
        return None

    def get_url(self, accreditation) -> str:
        return absolute(self, elm.public_path("jpoa:organization", pk=accreditation.organization_id))


class RegisterPageSerializer(PageSerializer):
    results = RegisterRowSerializer(many=True)


# --- errors ----------------------------------------------------------------------------------------------------------


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text=gettext_noop("per malformed query parameter, what is wrong with it"))


class NotFoundSerializer(serializers.Serializer):
    detail = serializers.CharField()
