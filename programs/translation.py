from modeltranslation.translator import TranslationOptions, register

from programs.models import Module, Program, TaskList


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "purpose", "goal", "general_outcomes", "specific_outcomes", "enrolment_conditions",
              "modules_content", "organisation_methods", "accessibility", "materials", "assessment", "staff_needed",
              "premises_equipment", "publicity", "adaptation", "document_name")


@register(Module)
class ModuleTranslation(TranslationOptions):
    fields = ("name", "outcomes", "content")


@register(TaskList)
class TaskListTranslation(TranslationOptions):
    fields = ("title", "items")
