"""The program form, split into sections (programs.enums.SECTIONS) a person can save and come back to.

Translated content is typed in Cyrillic (the ``*_sr`` fields); services derive the Latin form. What the rules
forbid outright (an activity of Art. 2 the organization may not run, a kind outside Art. 3) is refused by
Program.clean() with the article in the message; what is merely missing is left to the rules engine.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.ordering import translated_order
from programs.enums import (
    ALL_KINDS,
    ELEMENT_BY_FIELD,
    Activity,
    CefrLevel,
    ProgramKind,
    allowed_activities,
    allowed_kinds,
)
from programs.models import Module, Program, TaskList
from qualifications.models import QualificationStandard

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def element_label(field: str):
    """ "2. Purpose of the program": the element's number and label of Art. 4 para 1."""
    element = ELEMENT_BY_FIELD[field]
    return f"{element.number}. {element.label}"


class OfferedChoiceField(forms.TypedChoiceField):
    """Offers the choices that make sense for this organization but accepts every known value, so that a refused
    one is explained by the model (with its article) instead of a bare "Select a valid choice"."""

    def __init__(self, *, known: list, **kwargs):
        self.known = {str(value) for value in known}
        super().__init__(**kwargs)

    def valid_value(self, value):
        return str(value) in self.known or super().valid_value(value)


class LinesField(forms.CharField):
    """A list of strings edited as one line each."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data or "")


def _positive(form: forms.BaseForm, *names: str) -> None:
    """Hours and group sizes are positive numbers (Art. 4): say so to the browser too."""
    for name in names:
        form.fields[name].min_value = 1
        form.fields[name].widget.attrs["min"] = 1


class SectionForm(forms.ModelForm):
    """One section of the program form, bound to an organization."""

    required_fields: tuple[str, ...] = ()

    def __init__(self, *args, organization, **kwargs):
        self.organization = organization
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            self.fields[name].required = True
        for name, field in self.fields.items():
            base = name.removesuffix("_sr")
            if base in ELEMENT_BY_FIELD:
                field.label = element_label(base)

    def _update_errors(self, errors):
        # Program.clean() sees the whole program; its errors about fields of another section go to the top.
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list] = {}
            for field, messages in errors.error_dict.items():
                key = field if field in self.fields else NON_FIELD_ERRORS
                remapped.setdefault(key, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)


class BasicsForm(SectionForm):
    required_fields = ("name_sr",)

    activity = OfferedChoiceField(label=_("Activity (Art. 2)"), known=Activity.values, choices=())
    kind = OfferedChoiceField(label=_("Kind of program (Art. 3)"), known=ALL_KINDS, choices=(), coerce=int,
                              empty_value=None, required=False,
                              help_text=_("For professional competences and for personal and professional "
                                          "development programs only."))
    cefr_levels = forms.MultipleChoiceField(
        label=_("CEFR levels"), choices=CefrLevel.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Foreign-language programs only (kind 5, Art. 4.2)."),
    )
    ecdl_modules = LinesField(
        label=_("ECDL modules"), required=False,
        help_text=_("Computer-training programs only (kind 4, Art. 4.3). One module per line."),
    )

    class Meta:
        model = Program
        fields = ["name_sr", "name_en", "activity", "kind", "qualification_standard", "language_of_delivery",
                  "cefr_levels", "ecdl_modules"]
        labels = {"name_en": _("Name in English (optional)")}
        help_texts = {
            "name_sr": _("In Serbian, Cyrillic; the Latin form is derived automatically."),
            "qualification_standard": _("The NOKS qualification standard the program follows (Art. 2.1.1, "
                                        "2.2.3, 2.2.4)."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        offered = allowed_activities(organization.kind)
        self.fields["activity"].choices = [("", "---------")] + [
            (value, label) for value, label in Activity.choices if value in offered
        ]
        kinds = sorted({kind for activity in offered for kind in allowed_kinds(organization.kind, activity)})
        self.fields["kind"].choices = [("", "---------")] + [
            (value, f"{value}. {label}") for value, label in ProgramKind.choices if value in kinds
        ]
        standard = self.fields["qualification_standard"]
        standard.queryset = QualificationStandard.objects.filter(is_published=True).select_related("level")
        standard.required = False


class AimsForm(SectionForm):
    class Meta:
        model = Program
        fields = ["purpose_sr", "goal_sr", "general_outcomes_sr", "specific_outcomes_sr", "enrolment_conditions_sr"]
        widgets = {name: TEXTAREA for name in fields}
        help_texts = {
            "general_outcomes_sr": _("Key and/or professional competences the program develops."),
            "specific_outcomes_sr": _("Knowledge, skills and attitudes, per module where the program is modular."),
            "enrolment_conditions_sr": _("Prior education or training, age, health or other conditions."),
        }


class ContentForm(SectionForm):
    class Meta:
        model = Program
        fields = ["modular", "modules_content_sr"]
        widgets = {"modules_content_sr": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "modular": _("Element 7 (content by module) is required only of a modular program."),
            "modules_content_sr": _("An overview of the content; list each module below."),
        }


class DeliveryForm(SectionForm):
    class Meta:
        model = Program
        fields = ["duration_hours", "organisation_methods_sr", "accessibility_sr", "materials_sr", "group_size",
                  "staff_needed_sr", "premises_equipment_sr", "rooms", "instructors", "partners", "individual_work",
                  "starts_on", "ends_on"]
        widgets = {
            "organisation_methods_sr": TEXTAREA,
            "accessibility_sr": TEXTAREA,
            "materials_sr": TEXTAREA,
            "staff_needed_sr": TEXTAREA,
            "premises_equipment_sr": TEXTAREA,
            "rooms": forms.CheckboxSelectMultiple,
            "instructors": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "duration_hours": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "group_size": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "materials_sr": _("Including the guide for the exam."),
            "rooms": _("Rooms of your organization where the program is held (Art. 12, 13)."),
            "instructors": _("Staff of your organization who deliver the program (Art. 7.1.1)."),
            "partners": _("Employers or other JPOAs where learners do practical work (Art. 15)."),
            "individual_work": _("Then a room for individual work is needed (Art. 12.1.2)."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["rooms"].queryset = organization.rooms.order_by(*translated_order("name"))
        self.fields["instructors"].queryset = organization.staff.order_by(*translated_order("last_name", "first_name"))
        self.fields["partners"].queryset = organization.partners.order_by(*translated_order("name"))
        none_yet = {
            "rooms": _("No room of your organization is recorded yet; record its rooms first."),
            "instructors": _("No staff member of your organization is recorded yet; record its staff first."),
            "partners": _("No practical-work partner of your organization is recorded yet."),
        }
        for name, message in none_yet.items():
            if not self.fields[name].queryset.exists():
                self.fields[name].help_text = message
        _positive(self, "duration_hours", "group_size")


class AssessmentForm(SectionForm):
    class Meta:
        model = Program
        fields = ["assessment_sr", "exam_professional", "work_tasks_min", "work_tasks_max", "exam_key_competences",
                  "key_tasks", "document_name_sr"]
        widgets = {"assessment_sr": TEXTAREA, "document_name_sr": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "exam_professional": _("A program giving professional competences ends with this exam (Art. 5.1)."),
            "work_tasks_min": _("Each learner performs 2 to 4 work tasks (Art. 6.2)."),
            "key_tasks": _("6 to 12 tasks and their defence (Art. 6.1)."),
            "document_name_sr": _("Certificate (uverenje), public document (javna isprava), or a confirmation "
                                  "where no competence or qualification is gained."),
        }


class PublicityForm(SectionForm):
    class Meta:
        model = Program
        fields = ["publicity_sr", "adaptation_sr"]
        widgets = {"publicity_sr": TEXTAREA, "adaptation_sr": TEXTAREA}


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["name_sr", "outcomes_sr", "content_sr", "hours"]
        labels = {"name_sr": _("Name of the module"), "outcomes_sr": _("Outcomes of the module"),
                  "content_sr": _("Content of the module")}
        widgets = {"outcomes_sr": forms.Textarea(attrs={"rows": 3}), "content_sr": forms.Textarea(attrs={"rows": 3}),
                   "hours": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_sr"].required = True
        _positive(self, "hours")


class TaskListForm(forms.ModelForm):
    class Meta:
        model = TaskList
        fields = ["kind", "title_sr", "items_sr", "published_on"]
        labels = {"title_sr": _("Title"), "items_sr": _("Tasks")}
        help_texts = {"items_sr": _("One task per line."),
                      "published_on": _("Must be before the program starts (Art. 6.3).")}
        widgets = {"items_sr": forms.Textarea(attrs={"rows": 4}),
                   "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_sr"].required = True
        self.fields["items_sr"].required = True


ModuleFormSet = forms.inlineformset_factory(Program, Module, form=ModuleForm, extra=1, can_delete=True)
TaskListFormSet = forms.inlineformset_factory(Program, TaskList, form=TaskListForm, extra=1, can_delete=True)

SECTION_FORMS: dict[str, type[SectionForm]] = {
    "basics": BasicsForm,
    "aims": AimsForm,
    "content": ContentForm,
    "delivery": DeliveryForm,
    "assessment": AssessmentForm,
    "publicity": PublicityForm,
}
# Rows edited on a section's page, as (relation name, formset class).
SECTION_FORMSETS: dict[str, tuple[str, type[forms.BaseInlineFormSet]]] = {
    "content": ("modules", ModuleFormSet),
    "assessment": ("task_lists", TaskListFormSet),
}
# Many-to-many relations saved by the service with the section.
SECTION_RELATIONS: dict[str, tuple[str, ...]] = {"delivery": ("rooms", "instructors", "partners")}
