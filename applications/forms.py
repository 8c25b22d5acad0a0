from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from providers.enums import StaffRole


class ScopeForm(forms.Form):
    activities = forms.MultipleChoiceField(label=_("Activities you apply for (Art. 2)"),
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages={"required": _("Choose at least one activity.")})
    programs = forms.ModelMultipleChoiceField(label=_("Programs the application covers"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Choose at least one program.")})

    def __init__(self, *args, activity_choices, program_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = activity_choices
        self.fields["programs"].queryset = program_queryset
        self.fields["programs"].label_from_instance = lambda p: f"{p.name} ({p.get_activity_display()})"


class DeviationsForm(forms.Form):
    """Art. 7.3: why an associate cannot be engaged; a justified absence is reviewed instead of failing."""

    andragogue = forms.CharField(label=StaffRole.ANDRAGOGUE.label, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    psychologist = forms.CharField(label=StaffRole.PSYCHOLOGIST.label, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    librarian = forms.CharField(label=StaffRole.LIBRARIAN.label, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that the information and evidence in this application are true and complete."),
        error_messages={"required": _("Confirm the declaration to submit.")},
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("Your answer"), required=False, initial=item.answer,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[int, str]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items()}
