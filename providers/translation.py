from modeltranslation.translator import TranslationOptions, register

from providers.models import Municipality, Organization, Partner, Room, StaffMember


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "district")


@register(StaffMember)
class StaffMemberTranslation(TranslationOptions):
    fields = ("first_name", "last_name", "education")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name", "address")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name",)
