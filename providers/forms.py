from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from providers.models import Municipality, Organization

User = get_user_model()


class OrganizationForm(forms.ModelForm):
    """The organization's public particulars. Names are typed in Cyrillic; the Latin form is derived."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             widget=forms.URLInput(attrs={"autocomplete": "url"}))

    class Meta:
        model = Organization
        fields = ["kind", "name_sr", "name_en", "pib", "mb", "address_sr", "municipality", "email", "phone",
                  "website"]
        labels = {
            "name_sr": _("Name (Serbian, Cyrillic)"),
            "name_en": _("Name in English (optional)"),
            "address_sr": _("Address"),
        }
        help_texts = {
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
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")

    def clean_pib(self):
        return (self.cleaned_data.get("pib") or "").strip()

    def clean_mb(self):
        return (self.cleaned_data.get("mb") or "").strip()


class AccountForm(forms.Form):
    """A new person's account: used at registration and when accepting an invitation."""

    first_name = forms.CharField(label=_("First name"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only."),
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(label=_("Password"), strip=False,
                                help_text=_("At least 8 characters; not a common password."),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address exists already. Sign in instead."))
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""),
                         first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
