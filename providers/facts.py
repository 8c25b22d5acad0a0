"""Turning the organization's records into rules facts (contract rules-facts-v1 with the v1.1 additions the portal
has data for, docs/rules/facts-v1.1.md), with a constant number of queries.

Ids in the facts are stable and point back at rows: staff ``S<pk>``, rooms ``R<pk>``, partners ``X<pk>``; the
application pages use them to link a finding to the page where it is fixed.
"""

from __future__ import annotations

from typing import Any

from providers.models import HygieneDeclaration, Organization

HYGIENE_KEYS = ("lighting", "visibility", "noise", "acoustics", "heating_cooling", "water", "electrical", "it", "fire")
ROOM_FIELDS = ("kind", "seats", "computers", "networked", "licensed_software", "natural_light", "natural_ventilation",
               "washbasin", "tenure", "accessible")


def staff_id(pk: int) -> str:
    return f"S{pk}"


def room_id(pk: int) -> str:
    return f"R{pk}"


def partner_id(pk: int) -> str:
    return f"X{pk}"


def _number(value) -> float | None:
    return None if value is None else float(value)


def organization_facts(organization: Organization, *, status_granted_on=None) -> dict[str, Any]:
    """The organization-level parts of a case: organization, staff, rooms, hygiene_technical, partners.

    Four queries whatever the size of the organization: staff, rooms, partners, hygiene declaration.
    """
    # Plain rows (values), not model instances: only the columns the facts use (bench/rules_facts_bench.py).
    staff = [
        {
            "id": staff_id(member["pk"]),
            "roles": list(member["roles"] or []),
            "engagement": member["engagement"],
            "education_matches": member["education_matches"],
            "adult_ed_competence": member["adult_ed_competence"],
            "cefr_calibration": member["cefr_calibration"],
        }
        for member in organization.staff.order_by("pk").values(
            "pk", "roles", "engagement", "education_matches", "adult_ed_competence", "cefr_calibration")
    ]
    rooms = [
        {
            **{key: room[key] for key in ROOM_FIELDS},
            "id": room_id(room["pk"]),
            "area_m2": _number(room["area_m2"]),
            "lease_until": room["lease_until"].isoformat() if room["lease_until"] else None,
        }
        for room in organization.rooms.order_by("pk").values("pk", "area_m2", "lease_until", *ROOM_FIELDS)
    ]
    partners = [
        {"id": partner_id(p["pk"]), "kind": p["kind"], "contract_signed": p["contract_signed"],
         "in_zuov_register": p["in_zuov_register"]}
        for p in organization.partners.order_by("pk").values("pk", "kind", "contract_signed", "in_zuov_register")
    ]
    hygiene = HygieneDeclaration.objects.filter(organization=organization).values(*HYGIENE_KEYS).first()
    return {
        "organization": {
            "kind": organization.kind,
            "name": organization.name_sr or organization.name,
            "pib": organization.pib,
            "mb": organization.mb,
            # The portal itself keeps the electronic records Art. 14.2 asks for (learners, results, exams,
            # program delivery, staff).
            "electronic_records": True,
            # v1.1: kind by kind, the portal's own records: learners and their results (exams.Learner /
            # ExamResult), exams (ExamSession), program delivery (Cohort), staff (StaffMember).
            "electronic_records_of": dict.fromkeys(("learners", "results", "exams", "program_delivery", "staff"),
                                                   True),
            "status_granted_on": status_granted_on.isoformat() if status_granted_on else None,
        },
        "staff": staff,
        "rooms": rooms,
        "hygiene_technical": dict(hygiene) if hygiene else None,
        "partners": partners,
    }
