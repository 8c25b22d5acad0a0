from django import forms
from django.utils.translation import gettext_lazy as _

from core.ordering import translated_order
from qualifications.models import NoksLevel, Sector
from qualifications.selectors import StandardQuery


class StandardSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. kuvar")}))
    level = forms.ChoiceField(label=_("NOKS level"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels"))] + [
            (lvl.code, lvl.name) for lvl in NoksLevel.objects.order_by("order")
        ]
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s.code, s.name) for s in Sector.objects.order_by(*translated_order("name"))
        ]

    def to_query(self) -> StandardQuery:
        data = self.cleaned_data
        return StandardQuery(text=data.get("q", ""), level=data.get("level", ""), sector=data.get("sector", ""))
