"""Forms of the organization's exam records: cohorts, learners, the CSV import of learners, commissions.

Field-level validation only: the rules (identity of a learner, Art. 5.3-5.5 for a commission) are the services'.
"""

from __future__ import annotations

import base64
import binascii

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.ordering import translated_order
from exams.enums import CertificateLanguage, ExamKind, Script
from exams.models import Cohort
from programs.selectors import programs_for_teaching

IMPORT_MAX_BYTES = 1024 * 1024  # 1 MiB: some thousand learners; MAX_IMPORT_ROWS of the service is 2000
MEMBER_ROWS = 5


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CohortForm(forms.ModelForm):
    """A run of one of the organization's programs; rooms and instructors come from the organization's records."""

    class Meta:
        model = Cohort
        fields = ["program", "name", "starts_on", "ends_on", "rooms", "instructors"]
        labels = {
            "program": _("Program"),
            "name": _("Name of the cohort"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "rooms": _("Rooms"),
            "instructors": _("Instructors"),
        }
        help_texts = {
            "rooms": _("From the organization's premises."),
            "instructors": _("From the organization's staff."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "rooms": forms.CheckboxSelectMultiple,
            "instructors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs_for_teaching(organization).order_by(*translated_order("name"))
        self.fields["program"].empty_label = _("Choose the program")
        self.fields["rooms"].queryset = organization.rooms.order_by("kind", *translated_order("name"))
        self.fields["instructors"].queryset = organization.staff.order_by(*translated_order("last_name", "first_name"))
        self.helper = _helper(
            Fieldset(_("The cohort"), "program", "name", Row(Column("starts_on"), Column("ends_on"))),
            Fieldset(_("Where and with whom"), "rooms", "instructors"),
        )


class LearnerForm(forms.Form):
    """A learner's particulars. A plain form (not a ModelForm) so that the identity rules and their messages come
    from services.learner_clean alone, not from the database constraints' technical messages."""

    first_name = forms.CharField(label=_("First name"), max_length=80,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
    last_name = forms.CharField(label=_("Last name"), max_length=80,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    jmbg = forms.CharField(
        label=_("JMBG"), max_length=13, required=False,
        help_text=_("13 digits. For a learner without a JMBG, give a foreign document number instead."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 13}),
    )
    foreign_document = forms.CharField(
        label=_("Foreign document number"), max_length=40, required=False,
        help_text=_("Passport or identity card, for a learner without a JMBG."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, max_value=2100,
        help_text=_("Not needed when a JMBG is given: it is read from the JMBG."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_place = forms.CharField(
        label=_("Place of birth"), max_length=120, required=False,
        help_text=_("As in the identity document; printed on the certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    declared_sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", "—"), ("female", _("female")), ("male", _("male"))],
        help_text=_("For a learner without a JMBG: the Serbian wording of the certificate takes its female or male "
                    "forms from it; without it, both forms are printed. With a JMBG it is read from the JMBG."))
    email = forms.EmailField(label=_("E-mail address"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}))
    script = forms.ChoiceField(label=_("Script of the certificate"), choices=Script.choices, initial=Script.CYRILLIC,
                               widget=forms.RadioSelect)
    certificate_language = forms.ChoiceField(
        label=_("Language of the certificate"), choices=CertificateLanguage.choices, required=False,
        initial=CertificateLanguage.SERBIAN, widget=forms.RadioSelect,
        help_text=_("English on the learner's request: English text, the names in Serbian Latin."))

    FIELDS = ("first_name", "last_name", "jmbg", "foreign_document", "birth_year", "birth_place", "declared_sex",
              "email", "phone", "script", "certificate_language")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(_("Name"), Row(Column("first_name"), Column("last_name"))),
            Fieldset(_("Identity"), "jmbg", "foreign_document", Field("birth_year", css_class="w-auto"),
                     "birth_place", Field("declared_sex", css_class="w-auto")),
            Fieldset(_("Contact (optional)"), Row(Column("email"), Column("phone"))),
            Row(Column("script"), Column("certificate_language")),
        )

    def clean_certificate_language(self) -> str:
        return self.cleaned_data["certificate_language"] or CertificateLanguage.SERBIAN  # Serbian unless asked

    @classmethod
    def initial_from(cls, learner) -> dict:
        return {name: getattr(learner, name) for name in cls.FIELDS}

    def apply_to(self, learner) -> None:
        for name in self.FIELDS:
            setattr(learner, name, self.cleaned_data[name])


def _csv_size_error(size: int) -> forms.ValidationError:
    return forms.ValidationError(
        _("The file is %(size)s; at most %(max)s can be imported at once. Split it into smaller files."),
        code="too_large", params={"size": filesizeformat(size), "max": filesizeformat(IMPORT_MAX_BYTES)},
    )


class LearnerImportForm(forms.Form):
    """Step one: the uploaded CSV file."""

    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8 text, comma- or semicolon-separated, with a header row."),
        error_messages={"required": _("Choose a CSV file to upload."),
                        "invalid": _("No file was received. Choose the file again."),
                        "empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise _csv_size_error(upload.size)
        return upload

    def content(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(IMPORT_MAX_BYTES + 1)


class LearnerImportValidForm(forms.Form):
    """Step two: the same file's content, carried base64-encoded in a hidden field, to import its valid rows."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False,
                              error_messages={"required": _("The file was not received again. Upload it anew.")})

    @staticmethod
    def encode(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    def clean_content(self) -> bytes:
        text = self.cleaned_data["content"]
        if len(text) > (IMPORT_MAX_BYTES + 2) // 3 * 4:
            raise _csv_size_error(len(text) * 3 // 4)
        try:
            data = base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise forms.ValidationError(_("The file was not received intact. Upload it anew."),
                                        code="invalid") from None
        if len(data) > IMPORT_MAX_BYTES:
            raise _csv_size_error(len(data))
        return data


class CommissionForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=None, empty_label=_("Choose the program"))
    exam = forms.ChoiceField(label=_("Exam"), choices=ExamKind.choices, widget=forms.RadioSelect,
                             help_text=_("Professional competences (Art. 5.3) or key competences (Art. 5.4)."))
    name = forms.CharField(label=_("Name of the commission"), max_length=120,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs_for_teaching(organization).order_by(*translated_order("name"))
        self.helper = _helper()


class CommissionMemberForm(forms.Form):
    """One member; an untouched row is ignored."""

    first_name = forms.CharField(label=_("First name"), max_length=80,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
    last_name = forms.CharField(label=_("Last name"), max_length=80,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False,
                                   empty_label=_("Not on the staff"),
                                   help_text=_("If the member works for the organization."))
    identifier = forms.CharField(label=_("JMBG or identity document number"), max_length=40, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}),
                                 help_text=_("For a member not chosen from the staff list."))
    chair = forms.BooleanField(label=_("Chair"), required=False)
    expert = forms.BooleanField(label=_("Expert in the field"), required=False)
    teacher = forms.BooleanField(label=_("Teacher of the relevant subject"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = organization.staff.order_by(*translated_order("last_name", "first_name"))
        self.helper = _helper(
            Row(Column("first_name"), Column("last_name"), Column("staff"), Column("identifier")),
            Row(Column("chair"), Column("expert"), Column("teacher")),
        )

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("staff") and not (data.get("identifier") or "").strip():
            self.add_error("identifier", _("Give the JMBG or identity document number of a member who is not "
                                           "chosen from the staff list."))
        return data


class BaseCommissionMemberFormSet(forms.BaseFormSet):
    def members(self) -> list[dict]:
        """The filled rows, as services.commission_register takes them."""
        return [
            {key: form.cleaned_data[key]
             for key in ("first_name", "last_name", "staff", "identifier", "chair", "expert", "teacher")}
            for form in self.forms if form.has_changed() and form.cleaned_data
        ]


CommissionMemberFormSet = forms.formset_factory(CommissionMemberForm, formset=BaseCommissionMemberFormSet,
                                                extra=MEMBER_ROWS, max_num=20, validate_max=True)
