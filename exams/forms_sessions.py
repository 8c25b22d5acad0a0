from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from exams.enums import Grade
from exams.models import Commission


class SessionForm(forms.Form):
    commission = forms.ModelChoiceField(label=_("Exam commission"), queryset=Commission.objects.none())
    held_on = forms.DateField(label=_("Date of the exam"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = Commission.objects.filter(
            organization=cohort.organization, program=cohort.program).order_by("-created_at")


class ResultForm(forms.Form):
    """One learner's exam: the tasks (key competences) or the drawn work tasks (professional), and every vote."""

    def __init__(self, *args, result, members, drawn, professional, **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.drawn, self.professional = members, drawn, professional
        if professional:
            for task in drawn:
                self.fields[f"task_{task.position}"] = forms.BooleanField(
                    label=_("Work task %(number)s performed to the criteria: %(task)s")
                    % {"number": task.position, "task": task.task},
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
                label=_("Vote of %(name)s (%(role)s)") % {"name": member, "role": role},
                choices=Grade.choices, widget=forms.RadioSelect, initial=existing.get(member.pk))

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
        return arguments


class RevokeCertificateForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons for revocation"), widget=forms.Textarea(attrs={"rows": 3}))
