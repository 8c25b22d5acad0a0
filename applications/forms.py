from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.enums import Outcome, Verdict
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


# --- The Office -------------------------------------------------------------------------------------------------

NO_CONFLICT_LABEL = _("I declare that I have no conflict of interest in this case: in the last two years I have not "
                      "been a member of this organization or worked for it under any contract, and neither I nor "
                      "anyone close to me has a private interest in its application.")


class NoConflictForm(forms.Form):
    """A reviewer's declaration of no conflict of interest: taking an application, or before reviewing one a
    colleague assigned."""

    declaration = forms.BooleanField(label=NO_CONFLICT_LABEL, error_messages={
        "required": _("Declare that you have no conflict of interest to work on the application.")})


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, **kwargs):
        from accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(is_office_reviewer=True, is_active=True).order_by(
            "last_name", "first_name", "username")
        from applications.selectors import reviewer_workload

        load = {reviewer.pk: count for reviewer, count in reviewer_workload()}  # shown beside each name
        self.fields["reviewer"].label_from_instance = lambda u: _("%(name)s (open: %(count)s)") % {
            "name": u.get_full_name() or u.get_username(), "count": load.get(u.pk, 0)}


class VerdictForm(forms.Form):
    provision = forms.CharField(widget=forms.HiddenInput)
    subject = forms.CharField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (the provider sees it only if you send it in a change request)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class OwnFindingForm(forms.Form):
    provision = forms.ChoiceField(label=_("Provision"))
    subject = forms.ChoiceField(label=_("Item"))
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, initial=Verdict.NOT_MET)
    comment = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, provisions, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provision"].choices = provisions
        self.fields["subject"].choices = subjects


class ChangeRequestForm(forms.Form):
    note = forms.CharField(label=_("Message to the provider"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    respond_by = forms.DateField(label=_("Answer by"), required=False,
                                 help_text=_("Left empty: 30 days from today."), widget=forms.DateInput(attrs={"type": "date"},
                                                                              format="%Y-%m-%d"),
                                 error_messages={"required": _("Give the day by which the provider must answer."),
                                                 "invalid": _("Enter a valid date.")})


class ChangeItemForm(forms.Form):
    subject = forms.ChoiceField(label=_("Item"), required=False)
    provision = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("What should change"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "---------")] + list(subjects)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("comment", "").strip() and not cleaned.get("subject"):
            self.add_error("subject", _("Choose the item the comment is about."))
        if cleaned.get("subject") and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what should change in this item."))
        return cleaned


class BaseChangeItemFormSet(forms.BaseFormSet):
    def items(self) -> list[tuple[str, str, str]]:
        return [(f.cleaned_data["subject"], f.cleaned_data["comment"].strip(), f.cleaned_data.get("provision", ""))
                for f in self.forms
                if f.cleaned_data.get("subject") and f.cleaned_data.get("comment", "").strip()]


CHANGE_ITEMS_MAX = 200
ChangeItemFormSet = forms.formset_factory(ChangeItemForm, formset=BaseChangeItemFormSet, extra=3,
                                          max_num=CHANGE_ITEMS_MAX, absolute_max=CHANGE_ITEMS_MAX, validate_max=True)


class BulkVerdictForm(forms.Form):
    """One verdict on several selected findings (``items``: "provision|subject" values of the checkboxes)."""

    items = forms.MultipleChoiceField(label=_("Selected requirements"), error_messages={
        "required": _("Choose the requirements the verdict is about.")})
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Choose a verdict.")})
    comment = forms.CharField(label=_("Comment (the provider sees it only if you send it in a change request)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, keys: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(f"{p}|{s}", f"{p} {s}") for p, s in keys]

    def pairs(self) -> list[tuple[str, str]]:
        return [tuple(value.split("|", 1)) for value in self.cleaned_data["items"]]


class RecommendForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Recommendation"), choices=Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Required for a rejection; they go into the decision."))


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Required for a rejection; printed in the decision."))
    declaration = forms.BooleanField(label=NO_CONFLICT_LABEL, error_messages={
        "required": _("Declare that you have no conflict of interest to decide.")})
    expected_state = forms.CharField(widget=forms.HiddenInput)
