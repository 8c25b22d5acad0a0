"""The query parameters of the API, read strictly: every malformed value is reported by name (HTTP 400 with
``{"errors": {parameter: [messages]}}``), unknown parameters are ignored, and nothing a client sends reaches the
database unchecked (a code is matched against its pattern before it is looked up, a free-text parameter longer
than its limit is refused, so a megabyte of text is a 400, never a database error; a control character anywhere
in the address is refused before the API, by core.input_guard)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, ngettext
from rest_framework.exceptions import APIException

from applications.enums import AccreditationState
from applications.selectors_jpoa import STATE_ALL, RegisterFilters
from programs.enums import Activity
from programs.search import MAX_PAGE_SIZE, MAX_QUERY, PAGE_SIZE, SearchParams, whole_number
from providers.models import Municipality, Organization
from qualifications.models import NoksLevel, QualificationStandard, Sector
from qualifications.selectors import StandardQuery

MAX_PAGE = 100000
REGISTER_QUERY = 100  # characters of the register's q (an organization's name, PIB or MB); the others: MAX_QUERY
# The shapes of the codes (a value of another shape is refused without a query).
_LEVEL_CODE = re.compile(r"[0-9]{1,2}(\.[0-9])?")
_SECTOR_CODE = re.compile(r"[A-Za-z0-9._\-]{1,8}")
_STANDARD_CODE = re.compile(r"[A-Za-z0-9.\-/]{1,32}")


class ParameterErrors(APIException):
    """HTTP 400: the body names each malformed parameter."""

    status_code = 400
    default_code = "invalid_parameters"

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(detail={"errors": {name: [str(m) for m in messages] for name, messages in errors.items()}})


def text(data, name: str, errors: dict, limit: int = MAX_QUERY) -> str:
    """A free-text parameter of at most ``limit`` characters (a longer one is reported in ``errors``); characters
    that are not printable and runs of white space become one space."""
    raw = str(data.get(name) or "")
    if len(raw) > limit:
        errors[name] = [ngettext("At most %(limit)d character.", "At most %(limit)d characters.", limit)
                        % {"limit": limit}]
        return ""
    value = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(value.split())


def code(data, name: str, pattern: re.Pattern, errors: dict) -> str:
    raw = str(data.get(name) or "").strip()
    if raw and not pattern.fullmatch(raw):
        errors[name] = [_("Unknown code.")]
        return ""
    return raw


def _known(errors: dict, name: str, value, queryset, message: str) -> None:
    """One query per parameter given: an unknown code or id is a 400 rather than a silently empty list."""
    if value not in ("", None) and name not in errors and not queryset.exists():
        errors[name] = [message]


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = PAGE_SIZE


def page(data, errors: dict) -> Page:
    number = whole_number(data, "page", errors, minimum=1, maximum=MAX_PAGE)
    size = whole_number(data, "page_size", errors, minimum=1, maximum=MAX_PAGE_SIZE)
    return Page(number or 1, size or PAGE_SIZE)


def program_params(data) -> SearchParams:
    """The search page's parameters (programs.search.SearchParams), with unknown codes and ids refused too."""
    errors: dict[str, list[str]] = {}
    level = code(data, "level", _LEVEL_CODE, errors)
    sector = code(data, "sector", _SECTOR_CODE, errors)
    standard = code(data, "standard", _STANDARD_CODE, errors)
    clean = {name: str(data.get(name) or "") for name in SearchParams.FIELDS if name not in errors}
    clean["q"] = text(data, "q", errors)
    params = SearchParams()
    try:
        params = SearchParams.from_query(clean)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    _known(errors, "level", level, NoksLevel.objects.filter(code=level), _("Unknown NOKS level."))
    _known(errors, "sector", sector, Sector.objects.filter(code=sector), _("Unknown sector."))
    _known(errors, "standard", standard, QualificationStandard.objects.filter(code=standard, is_published=True),
           _("Unknown qualification standard."))
    _known(errors, "municipality", params.municipality, Municipality.objects.filter(pk=params.municipality),
           _("Unknown municipality."))
    _known(errors, "provider", params.provider, Organization.objects.filter(pk=params.provider),
           _("Unknown provider."))
    if params.min_hours is not None and params.max_hours is not None and params.min_hours > params.max_hours:
        errors.setdefault("max_hours", []).append(_("The largest duration cannot be smaller than the smallest."))
    if errors:
        raise ParameterErrors(errors)
    return params


def standard_params(data) -> tuple[StandardQuery, Page]:
    errors: dict[str, list[str]] = {}
    level = code(data, "level", _LEVEL_CODE, errors)
    sector = code(data, "sector", _SECTOR_CODE, errors)
    query = text(data, "q", errors)
    pagination = page(data, errors)
    _known(errors, "level", level, NoksLevel.objects.filter(code=level), _("Unknown NOKS level."))
    _known(errors, "sector", sector, Sector.objects.filter(code=sector), _("Unknown sector."))
    if errors:
        raise ParameterErrors(errors)
    return StandardQuery(text=query, level=level, sector=sector), pagination


REGISTER_STATES = (*AccreditationState.values, STATE_ALL)


def register_params(data) -> tuple[RegisterFilters, Page]:
    """The register page's filters (state, activity, municipality, q); the page ignores a bad value, the API
    names it."""
    errors: dict[str, list[str]] = {}
    state = str(data.get("state") or "").strip() or AccreditationState.ACTIVE.value
    if state not in REGISTER_STATES:
        errors["state"] = [_("Use one of: %(values)s.") % {"values": ", ".join(REGISTER_STATES)}]
    activity = str(data.get("activity") or "").strip()
    if activity and activity not in Activity.values:
        errors["activity"] = [_("Unknown activity.")]
    municipality = whole_number(data, "municipality", errors, minimum=1)
    query = text(data, "q", errors, REGISTER_QUERY)
    pagination = page(data, errors)
    _known(errors, "municipality", municipality, Municipality.objects.filter(pk=municipality),
           _("Unknown municipality."))
    if errors:
        raise ParameterErrors(errors)
    filters = RegisterFilters(state=state, activity=activity, municipality=municipality, q=query)
    return filters, pagination
