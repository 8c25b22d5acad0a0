from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.ordering import translated_order, typed_order
from core.scripts import for_page
from exams.enums import REVOCATION_CHOICES, CertificateStatus
from exams.models import Cohort, Commission
from exams.wording import grade_choices


class SessionForm(forms.Form):
    commission = forms.ModelChoiceField(label=_("Exam commission"), queryset=Commission.objects.none())
    held_on = forms.DateField(label=_("Date of the exam"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = Commission.objects.filter(
            organization=cohort.organization, program=cohort.program).order_by(*typed_order("name"))
        self.fields["commission"].label_from_instance = for_page  # its name, in the page's script


class ResultForm(forms.Form):
    """One learner's exam: the tasks (key competences) or the drawn work tasks (professional), and every vote."""

    def __init__(self, *args, result, members, drawn, professional, certificate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.drawn, self.professional = members, drawn, professional
        self.certificate = certificate
        if professional:
            for task in drawn:
                self.fields[f"task_{task.position}"] = forms.BooleanField(
                    label=_("Work task %(number)s performed to the criteria: %(task)s")
                    % {"number": task.position, "task": for_page(task.task)},
                    required=False, initial=bool(task.performed_to_criteria))
        else:
            self.fields["tasks_set"] = forms.IntegerField(label=_("Tasks set (6 to 12)"), min_value=0,
                                                          initial=result.tasks_set)
            self.fields["tasks_solved"] = forms.IntegerField(label=_("Tasks solved"), min_value=0,
                                                             initial=result.tasks_solved)
        existing = {vote.member_id: vote.vote for vote in result.votes.all()}
        for member in members:
            role = _("chair") if member.chair else _("member")
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=_("Vote of %(name)s (%(role)s)") % {"name": for_page(member), "role": role},
                choices=grade_choices(result.learner.sex), widget=forms.RadioSelect, initial=existing.get(member.pk))

        if certificate is not None:
            # A change of this result revokes its certificate in the same step: the reason is asked for here.
            self.fields["reason"] = forms.ChoiceField(
                label=_("Reason for revoking the certificate"), required=False,
                choices=[("", "—"), *REVOCATION_CHOICES])
            self.fields["reasons"] = forms.CharField(
                label=pgettext_lazy("certificate", "Reasons for revocation"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def revocation_fields(self):
        return [self["reason"], self["reasons"]] if self.certificate is not None else []

    def task_fields(self):
        return [self[f"task_{t.position}"] for t in self.drawn] if self.professional else [
            self["tasks_set"], self["tasks_solved"]]

    def vote_fields(self):
        return [self[f"vote_{m.pk}"] for m in self.members]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {"votes": {m.pk: data[f"vote_{m.pk}"] for m in self.members}}
        if self.professional:
            arguments["performed"] = {t.position: data[f"task_{t.position}"] for t in self.drawn}
        else:
            arguments.update(tasks_set=data["tasks_set"], tasks_solved=data["tasks_solved"])
        if self.certificate is not None and (data.get("reason") or data.get("reasons", "").strip()):
            from exams.services import revocation_clean

            arguments["revoke"] = revocation_clean(data.get("reason", ""), data.get("reasons", ""))
        return arguments


class RevokeCertificateForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for revocation"), choices=REVOCATION_CHOICES, widget=forms.RadioSelect,
                               help_text=_("Shown on the public verification page, with the date."))
    reasons = forms.CharField(label=pgettext_lazy("certificate", "Reasons for revocation"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Kept in the records; not shown to the public."))


class DuplicateCertificateForm(forms.Form):
    reasons = forms.CharField(
        label=_("How the loss was reported"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the holder's statement or the notice in the Official Gazette. The lost original "
                    "stops being valid."))


class VerifySerialForm(forms.Form):
    """Verification by serial number: something only the holder or an employer who has the paper knows, too."""

    serial = forms.CharField(label=_("Serial number"), max_length=40,
                             help_text=_("As printed on the certificate, for example 17123456-2026-00001."))
    surname = forms.CharField(label=_("Holder's surname"), max_length=80, required=False,
                              help_text=_("In Cyrillic or Latin script."))
    birth_date = forms.DateField(label=_("or the holder's date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if not (data.get("surname") or "").strip() and not data.get("birth_date") and not self.has_error("birth_date"):
            raise forms.ValidationError(_("Give the holder's surname or date of birth, as on the certificate."),
                                        code="second_factor")
        return data


class CertificateFilterForm(forms.Form):
    """Filters of the school's list of issued certificates (a GET form: the address keeps them)."""

    program = forms.ModelChoiceField(label=_("Program"), queryset=None, required=False, empty_label=_("All programs"))
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, required=False, empty_label=_("All cohorts"))
    status = forms.ChoiceField(label=_("State"), required=False,
                               choices=[("", _("All certificates")), *CertificateStatus.choices])
    issued_from = forms.DateField(label=_("Issued from"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    issued_until = forms.DateField(label=_("Issued until"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = organization.programs.order_by(*translated_order("name"))
        self.fields["cohort"].queryset = Cohort.objects.filter(organization=organization).select_related("program").order_by(
            *typed_order("name"))
        self.fields["cohort"].label_from_instance = for_page  # "program — cohort", in the page's script

    def clean(self):
        data = super().clean()
        start, end = data.get("issued_from"), data.get("issued_until")
        if start and end and end < start:
            self.add_error("issued_until", _("The end of the period cannot be before its start."))
        return data
