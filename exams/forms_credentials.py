"""The form of the public verification of a credential: pasted, or uploaded as the file that was downloaded."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from exams.credentials import MAX_INPUT


class CredentialVerifyForm(forms.Form):
    credential = forms.CharField(
        label=_("Credential"), required=False, max_length=MAX_INPUT, strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Paste the content of the downloaded file (JSON), or the signed text (three parts separated "
                    "by dots)."))
    file = forms.FileField(label=_("or upload the credential file"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".json,.jwt,application/json"}))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_INPUT:
                raise forms.ValidationError(_("The file is too large for a credential (at most 64 KB)."),
                                            code="too_large")
            head = upload.read(5)
            upload.seek(0)
            if head == b"%PDF-":  # a certificate's PDF brought to the wrong check
                self.pdf_uploaded = True
                raise forms.ValidationError(_("This is a PDF file, not a credential. A certificate's PDF is checked "
                                              "on the page “Verify an official document”."), code="pdf")
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not a credential: it is not text."),
                                            code="not_text") from None
        else:
            data["text"] = data.get("credential") or ""
        if not data["text"].strip() and not self.errors:
            raise forms.ValidationError(_("Paste the credential or choose its file."), code="empty")
        return data
