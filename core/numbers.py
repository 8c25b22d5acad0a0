"""Numbers as a Serbian user types them (issue 16: "numbers never change magnitude"), for every form of the portal.

One reading, whatever the page's language (people switch language; a number typed on /en/ means what it means on
/sr/), described with the table of plausibility bounds in docs/numbers.md:

- The **comma** is the decimal separator: ``42,5`` is 42.5. A number has at most one.
- A **point** alone is a decimal point too: ``42.5`` is 42.5 — except ``1.234`` (one to three digits, not starting
  with 0, a point, exactly three digits), which a Serbian reads as 1234 and others as 1.234: it is refused as
  ambiguous, with a message offering both spellings.
- **Thousands** are grouped by a point, a space or a no-break space (``1.234,5``, ``1 234,5``, ``1.234.567``), in
  groups of exactly three digits; one kind of separator per number. A point grouping thousands needs a decimal
  comma after it or a second point (``1.234.567``), otherwise it is the ambiguous case above.
- Mixed styles (``1,234.5``: a point after the comma; ``1.234 567``) and two commas are refused; so is anything but
  ASCII digits, the separators and a leading sign (no exponents, ``NaN``, ``1_000`` or other scripts' digits).
- A **whole-number** field refuses a decimal part other than zeros (``42,5`` seats), never rounds.

Nothing is dropped silently: each separator either has the one meaning above or the input is refused with a
translated message, and the form is shown again with what was typed.

Django's own localisation (``localize=True`` and ``formats.sanitize_separators``) reads numbers by the *page's*
language: on /en/ it refuses ``42,5``, and it strips a thousands separator only with ``USE_THOUSAND_SEPARATOR``
(then ``42.5`` on /sr/ becomes 425). That is the magnitude change this module exists to prevent, so the reading
here replaces it for every integer, decimal and float form field (``install()``, called by core.formfixes).

Display: ``NumberInput`` renders a plain text box (``type="text"`` with ``inputmode``): a browser's
``type="number"`` box reads "42,5" by the browser's own locale (Chromium in English turns it into 425 before the
server sees it). A stored value is shown without thousands grouping and without trailing zeros, with the decimal
comma on Serbian pages (``42,5``) and the point on English ones (``42.5``, but ``1,234`` where the point would be
ambiguous), so whatever is shown is read back as the same number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_INPUT_LENGTH = 40  # characters: more than any plausible number of the portal, far less than a hostile one
SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
MINUSES = "\u2212\u2013"  # minus sign, en dash (typed for a minus by word processors)
ALLOWED = re.compile(r"[0-9.,\u0020\u00a0\u202f\u2009]*")
AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")
GROUPED = {".": re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+"), " ": re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")}

MESSAGES = {
    "ambiguous": _("“%(typed)s” can be read as %(thousands)s or as %(decimal)s. Write %(thousands)s without the "
                   "point, or %(decimal)s with the decimal comma."),
    "ambiguous_whole": _("“%(typed)s” can be read as %(thousands)s or as a decimal number. Write %(thousands)s "
                         "without the point."),
    "mixed": _("The number mixes two ways of writing. Use the comma for decimals and a point or a space only between "
               "thousands, for example 1234,5 or 1.234,5."),
    "two_commas": _("A number has at most one decimal comma."),
    "grouping": _("Thousands are separated in groups of three digits, for example 1.234.567 or 1 234 567."),
    "whole": _("Enter a whole number, without a decimal part."),
}


def _refuse(key: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[key], code=f"number_{key}", params=params or None)


def parse_number(text: str, *, whole: bool = False, invalid=None) -> Decimal:
    """The number ``text`` says, by the rules of the module docstring; ``ValidationError`` otherwise.

    ``whole``: the field takes whole numbers (a decimal part other than zeros is refused). ``invalid``: the
    message for input that is not a number at all (the field's own "Enter a number." by default)."""
    invalid = ValidationError(invalid or _("Enter a number."), code="invalid")
    typed = str(text).strip(SPACES + "\t\r\n")
    if not typed or len(typed) > MAX_INPUT_LENGTH:
        raise invalid
    sign = ""
    if typed[0] in "+-" + MINUSES:
        sign = "-" if typed[0] != "+" else ""
        typed_body = typed[1:].lstrip(SPACES)
    else:
        typed_body = typed
    if not typed_body or ALLOWED.fullmatch(typed_body) is None:
        raise invalid
    body = "".join(" " if ch in SPACES else ch for ch in typed_body)
    if body.count(",") > 1:
        raise _refuse("two_commas")
    if "," in body:
        integer, fraction = body.split(",")
        if "." in fraction:
            raise _refuse("mixed")
    elif body.count(".") == 1 and GROUPED[" "].fullmatch(body.split(".")[0]) is None:
        integer, fraction = body.split(".")
        if AMBIGUOUS.fullmatch(body):
            thousands = integer + fraction
            if whole:
                raise _refuse("ambiguous_whole", typed=typed, thousands=thousands)
            raise _refuse("ambiguous", typed=typed, thousands=thousands, decimal=f"{integer},{fraction}")
    elif body.count(".") == 1:  # "1 234.5": spaces group the thousands, so the point is the decimal point
        integer, fraction = body.split(".")
    else:
        integer, fraction = body, None
    if fraction is not None and not fraction.isdigit():
        raise _refuse("mixed") if " " in fraction else invalid
    if "." in integer and " " in integer:
        raise _refuse("mixed")
    for separator, pattern in GROUPED.items():
        if separator in integer:
            if pattern.fullmatch(integer) is None:
                raise _refuse("grouping") if integer.strip(separator + "0123456789") == "" else invalid
            integer = integer.replace(separator, "")
    if integer == "" and fraction is None:
        raise invalid
    if not (integer == "" or integer.isdigit()):
        raise invalid
    if whole and fraction and fraction.strip("0"):
        raise _refuse("whole")
    try:
        return Decimal(f"{sign}{integer or '0'}" + (f".{fraction}" if fraction else ""))
    except InvalidOperation:  # pragma: no cover - the checks above leave only digits
        raise invalid from None


def format_number(value, language: str | None = None) -> str:
    """``value`` as the portal shows it in a form: no thousands grouping, no trailing zeros, the decimal comma on
    Serbian pages and the point on English ones (the comma where the point would read as ambiguous)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return "" if value is None else str(value)
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if "." in text:
        language = (language or get_language() or "sr").lower()
        if not language.startswith("en") or AMBIGUOUS.fullmatch(text.lstrip("-")):
            text = text.replace(".", ",")
    return text


# --- plausibility bounds (model validators: the admin and every form enforce them) -----------------------------

@deconstructible
class AtLeast(MinValueValidator):
    """``MinValueValidator`` whose message shows the limit as the portal writes numbers (``%(limit_value)s``)."""

    message = _("Enter a number of at least %(limit_value)s.")

    def __call__(self, value):
        _raise_if(self, value)


@deconstructible
class AtMost(MaxValueValidator):
    """``MaxValueValidator`` whose message shows the limit as the portal writes numbers (``%(limit_value)s``)."""

    message = _("Enter a number of at most %(limit_value)s.")

    def __call__(self, value):
        _raise_if(self, value)


def _raise_if(validator, value) -> None:
    cleaned = validator.clean(value)
    limit = validator.limit_value() if callable(validator.limit_value) else validator.limit_value
    if validator.compare(cleaned, limit):
        raise ValidationError(validator.message, code=validator.code,
                              params={"limit_value": format_number(limit), "show_value": format_number(cleaned),
                                      "value": format_number(value)})


# --- installed for every form -----------------------------------------------------------------------------------

def _numeric_text(value) -> str | None:
    """The text to parse, or None when the value is not typed text (a number set by code keeps Django's path)."""
    return value if isinstance(value, str) else None


def install() -> None:
    """Replace the reading of typed text by integer, decimal and float form fields, and render every
    ``NumberInput`` (the admin's included) as a text box; once per process (core.formfixes.install)."""
    if getattr(forms.IntegerField, "_noks_numbers", False):
        return
    integer_to_python = forms.IntegerField.to_python
    decimal_to_python = forms.DecimalField.to_python
    float_to_python = forms.FloatField.to_python

    def integer(self, value):
        text = _numeric_text(value)
        if text is None or text.strip(SPACES) == "":
            return integer_to_python(self, value)
        return int(parse_number(text, whole=True, invalid=self.error_messages["invalid"]))

    def decimal(self, value):
        text = _numeric_text(value)
        if text is None or text.strip(SPACES) == "":
            return decimal_to_python(self, value)
        return parse_number(text, invalid=self.error_messages["invalid"])

    def floating(self, value):
        text = _numeric_text(value)
        if text is None or text.strip(SPACES) == "":
            return float_to_python(self, value)
        return float(parse_number(text, invalid=self.error_messages["invalid"]))

    forms.IntegerField.to_python = integer  # FloatField subclasses IntegerField: it gets its own below
    forms.FloatField.to_python = floating
    forms.DecimalField.to_python = decimal

    integer_widget_attrs = forms.IntegerField.widget_attrs

    def widget_attrs(self, widget):
        attrs = integer_widget_attrs(self, widget)
        if isinstance(widget, forms.NumberInput) and "inputmode" not in widget.attrs:
            whole = not isinstance(self, (forms.DecimalField, forms.FloatField))
            attrs["inputmode"] = "numeric" if whole else "decimal"
        return attrs

    forms.IntegerField.widget_attrs = widget_attrs

    number_context = forms.NumberInput.get_context

    def get_context(self, name, value, attrs):
        context = number_context(self, name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        step = widget_attrs.pop("step", None)
        widget_attrs.pop("min", None)
        widget_attrs.pop("max", None)
        widget_attrs.setdefault("inputmode", "numeric" if step in (1, "1") else "decimal")
        return context

    def format_value(self, value):
        if value is None or value == "":
            return None
        return format_number(value)

    forms.NumberInput.input_type = "text"
    forms.NumberInput.get_context = get_context
    forms.NumberInput.format_value = format_value
    forms.IntegerField._noks_numbers = True
