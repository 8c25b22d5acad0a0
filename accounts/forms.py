from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LoginForm(AuthenticationForm):
    """The e-mail address (self-registered accounts have no other name) or the username, and the password."""

    error_messages = {
        "invalid_login": _("The e-mail address, username or password is wrong. The password is case-sensitive."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address or username")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "maxlength": 254})


class SecondFactorForm(forms.Form):
    """One code: 6 digits from the authenticator app, or (when allowed) a recovery code."""

    code = forms.CharField(
        label=pgettext_lazy("one-time password", "Code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )

    def __init__(self, *args, recovery_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        if recovery_allowed:
            self.fields["code"].help_text = _("The 6 digits your authenticator app shows now, or one of your "
                                              "recovery codes.")
        else:
            self.fields["code"].help_text = _("The 6 digits your authenticator app shows now.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not self.recovery_allowed and not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the 6 digits the app shows."), code="format")
        return code
