from __future__ import annotations

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.ordering import translated_order
from providers import uploads
from providers.enums import HYGIENE_ITEMS, DocumentKind, StaffRole
from providers.models import HygieneDeclaration, Municipality, Organization, Partner, Room, StaffMember

User = get_user_model()


class OrganizationForm(forms.ModelForm):
    """The organization's public particulars. Names are typed in Cyrillic; the Latin form is derived."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             widget=forms.URLInput(attrs={"autocomplete": "url"}))

    class Meta:
        model = Organization
        fields = ["kind", "name_sr", "name_en", "pib", "mb", "address_sr", "municipality", "email", "phone",
                  "website", "signatory_name", "signatory_function"]
        labels = {
            "name_sr": _("Name (Serbian, Cyrillic)"),
            "name_en": _("Name in English (optional)"),
            "address_sr": _("Address"),
            "signatory_name": _("Who signs the certificates"),
            "signatory_function": _("Function of the signatory"),
        }
        help_texts = {
            "signatory_name": _("Name and surname, printed under the signature line of the learners' certificates."),
            "signatory_function": _("For example “director”."),
            "name_sr": _("The Latin form is derived automatically."),
            "pib": _("9 digits; the last one is a check digit."),
            "mb": _("8 digits, as in the business register."),
        }
        widgets = {
            "pib": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 9}),
            "mb": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 8}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_sr"].required = True
        self.fields["address_sr"].required = True
        self.fields["municipality"].queryset = Municipality.objects.order_by(*translated_order("name"))

    def clean_pib(self):
        return (self.cleaned_data.get("pib") or "").strip()

    def clean_mb(self):
        return (self.cleaned_data.get("mb") or "").strip()


class AccountForm(forms.Form):
    """A new person's account: used at registration and when accepting an invitation. It asks for no username (the
    account signs in with its e-mail address) and never says whether an address has an account: registration
    answers the same either way (providers.services.provider_register)."""

    first_name = forms.CharField(label=_("First name"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mail address"), help_text=_("You sign in with it."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                help_text=_("At least 8 characters; not a common password."),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email_fixed: str | None = None, **kwargs):
        """``email_fixed``: the address an invitation was sent to, shown but not editable (the account gets it)."""
        super().__init__(*args, **kwargs)
        if email_fixed is not None:
            self.fields["email"].initial = email_fixed
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("The invitation was sent to this address; you sign in with it.")

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).strip()

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(email=cleaned.get("email", ""),
                         first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))


# --- the organization's records ----------------------------------------------------------------------------------

SCRIPT_HELP = _("Type in Cyrillic; the Latin form is derived automatically.")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class StaffMemberForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=StaffRole.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more roles in adult education."),
        error_messages={"required": _("Choose at least one role.")},
    )

    class Meta:
        model = StaffMember
        fields = ["first_name_sr", "last_name_sr", "roles", "engagement", "education_sr", "education_matches",
                  "adult_ed_competence", "cefr_calibration"]
        labels = {
            "first_name_sr": _("First name"),
            "last_name_sr": _("Last name"),
            "engagement": _("Engagement"),
            "education_sr": _("Education"),
            "education_matches": _("The education matches the programs the person works on"),
            "adult_ed_competence": _("Adult-education competence (Art. 7.4 and 7.5)"),
            "cefr_calibration": _("Calibrated to the CEFR (staff of foreign-language programs)"),
        }
        help_texts = {
            "first_name_sr": SCRIPT_HELP,
            "last_name_sr": SCRIPT_HELP,
            "education_sr": _("Degree, field and institution. Type in Cyrillic; the Latin form is derived."),
            "education_matches": _("Declared by you; the Office confirms it on the diploma (Art. 7.1.1)."),
            "adult_ed_competence": _("Attach the evidence (diploma, certificate) after saving."),
        }
        widgets = {
            "first_name_sr": forms.TextInput(attrs={"autocomplete": "off"}),
            "last_name_sr": forms.TextInput(attrs={"autocomplete": "off"}),
            "education_sr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name_sr", "last_name_sr", "education_sr"):
            self.fields[name].required = True
        self.helper = _helper()

    def clean_roles(self):
        chosen = set(self.cleaned_data["roles"])
        return [value for value, _label in StaffRole.choices if value in chosen]  # a stable order


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name_sr", "kind", "address_sr", "area_m2", "seats", "computers", "networked", "licensed_software",
                  "natural_light", "natural_ventilation", "washbasin", "accessible", "tenure", "lease_until"]
        labels = {
            "name_sr": _("Name or number"),
            "kind": _("Kind of room"),
            "address_sr": _("Address"),
            "area_m2": _("Area"),
            "seats": _("Seats (desk and chair)"),
            "computers": _("Computers"),
            "tenure": _("Owned or leased"),
            "lease_until": _("Lease valid until"),
        }
        help_texts = {
            "name_sr": SCRIPT_HELP,
            "address_sr": _("Only if different from the organization's address."),
            "area_m2": _("In square metres (m²), for example 42.5."),
            "lease_until": _("Required for a leased room. Attach the lease after saving."),
        }
        error_messages = {
            "seats": {"min_value": _("The number of seats cannot be negative.")},
            "computers": {"min_value": _("The number of computers cannot be negative.")},
        }
        # Numbers are typed as a Serbian writes them ("42,5", "1.234,5") into text boxes; their bounds are the
        # model's validators (core.numbers, docs/numbers.md).
        widgets = {
            "lease_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_sr"].required = True
        self.helper = _helper(
            Fieldset(_("The room"), "name_sr", "kind", "address_sr", AppendedText("area_m2", "m²"), "seats"),
            Fieldset(_("Computers"), "computers", "networked", "licensed_software"),
            Fieldset(_("Conditions"), "natural_light", "natural_ventilation", "washbasin", "accessible"),
            Fieldset(_("Ownership"), "tenure", Field("lease_until")),
        )


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name_sr", "kind", "contract_signed", "contract_until", "in_zuov_register"]
        labels = {
            "name_sr": _("Name"),
            "kind": _("Kind of partner"),
            "contract_signed": _("Contract signed"),
            "contract_until": _("Contract valid until"),
            "in_zuov_register": _("Listed in the ZUOV register of employers"),
        }
        help_texts = {
            "name_sr": SCRIPT_HELP,
            "contract_until": _("Leave empty for a contract without an end date. Attach the contract after saving."),
        }
        widgets = {"contract_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_sr"].required = True
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contract_until") and not cleaned.get("contract_signed"):
            self.add_error("contract_until", _("A contract end date is given only for a signed contract."))
        return cleaned


def _file_field(*, required: bool = True, label=None) -> forms.FileField:
    return forms.FileField(
        label=label or _("File"), required=required, allow_empty_file=True,  # emptiness is refused by the service
        help_text=_("PDF, JPEG or PNG."),
        error_messages={"required": _("Choose a file to upload."),
                        "invalid": _("No file was received. Choose the file again.")},
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}),
    )


class DocumentUploadForm(forms.Form):
    """Evidence for one staff member, room or partner; the kinds offered depend on what it proves."""

    kind = forms.ChoiceField(label=_("What the document proves"))
    file = _file_field()

    def __init__(self, *args, kinds=tuple(DocumentKind), **kwargs):
        kwargs.setdefault("prefix", "upload")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.helper = _helper()


class HygieneForm(forms.ModelForm):
    """Art. 10: nine declarations, each with an optional evidence file, in one form."""

    class Meta:
        model = HygieneDeclaration
        fields = [key for key, _label in HYGIENE_ITEMS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in HYGIENE_ITEMS:
            self.fields[key].label = format_lazy(_("The standard “{item}” is met"), item=label)
            self.fields[f"evidence_{key}"] = _file_field(
                required=False, label=format_lazy(_("Add evidence for “{item}”"), item=label))

    def items(self):
        """(key, title, declaration field, evidence field) for each standard, in the order of the Pravilnik."""
        return [(key, label, self[key], self[f"evidence_{key}"]) for key, label in HYGIENE_ITEMS]

    def evidence_files(self) -> dict:
        return {key: self.cleaned_data.get(f"evidence_{key}") for key, _label in HYGIENE_ITEMS
                if self.cleaned_data.get(f"evidence_{key}")}
