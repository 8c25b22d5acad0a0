from modeltranslation.translator import TranslationOptions, register

from qualifications.models import NoksLevel, QualificationStandard, Sector


@register(NoksLevel)
class NoksLevelTranslation(TranslationOptions):
    fields = ("name", "typical", "knowledge", "skills", "abilities_attitudes")


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(QualificationStandard)
class QualificationStandardTranslation(TranslationOptions):
    fields = ("name", "purpose", "outcomes")
