"""The whole case of an application as rules facts: the organization's records plus the programs it covers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from programs.facts import programs_facts
from providers.facts import organization_facts


def status_granted_on(organization) -> dt.date | None:
    """When the organization gained JPOA status (Art. 7.4 deadline); None before its first approval."""
    from providers.selectors import status_granted_on as granted_on

    return granted_on(organization)


def application_case(application, *, on_date: dt.date) -> dict[str, Any]:
    """Contract rules-facts-v1 for an application, judged on ``on_date``; a constant number of queries."""
    organization = application.organization
    case = {"date": on_date.isoformat()}
    case.update(organization_facts(organization, status_granted_on=status_granted_on(organization)))
    case["activities"] = list(application.activities)
    case["programs"] = programs_facts(application.programs.all())
    if application.is_amendment:
        # Art. 8 counts the organization's programs in force, not only the changed ones; the report keeps only the
        # findings on the changed programs (applications.amendments.amendment_report_scope).
        from applications.amendments import amendment_programs_in_force

        case["programs"] += programs_facts(amendment_programs_in_force(application))
    deviations = {role: text for role, text in (application.associate_deviations or {}).items() if text}
    if deviations:
        case["associate_deviations"] = deviations
    return case
