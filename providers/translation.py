from modeltranslation.translator import TranslationOptions, register

from providers.models import Municipality, Organization


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "district")
