"""The 11 mandatory elements of a micro-credential (Council Recommendation 2022/C 243/02, Annex I): which of them
a program already carries, and where each is read from. Shown on the public program page and in the API/JSON-LD."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Program

# Portal language -> (modeltranslation suffix, BCP 47 tag).
LANGUAGES = (("sr", "sr"), ("sr_latn", "sr-Latn"), ("en", "en"))
RECOMMENDATION = "Council Recommendation of 16 June 2022 on a European approach to micro-credentials " \
                 "(2022/C 243/02), Annex I, mandatory elements"


def in_force(program: Program, today: dt.date) -> bool:
    """Is the program in an active accreditation today (the span programs.search.programs_refresh_public copies)?"""
    return bool(program.public_from and program.public_until and program.public_from <= today <= program.public_until)


def _has_text(program, field: str) -> bool:
    return any((getattr(program, f"{field}_{suffix}", "") or "").strip() for suffix, _tag in LANGUAGES)


# --- micro-credential elements ---------------------------------------------------------------------------------------

MICROCREDENTIAL_ELEMENTS = (
    ("learner_identification", _("Identification of the learner")),
    ("title", _("Title of the micro-credential")),
    ("issuer_country", _("Country or region of the issuer")),
    ("awarding_body", _("Awarding body")),
    ("date_of_issue", _("Date of issue")),
    ("learning_outcomes", _("Learning outcomes")),
    ("notional_workload", _("Notional workload")),
    ("level", _("Level (and cycle) of the learning experience")),
    ("assessment", _("Type of assessment")),
    ("form_of_participation", _("Form of participation")),
    ("quality_assurance", _("Type of quality assurance")),
)


ON_THE_CERTIFICATE = {"learner_identification", "date_of_issue"}  # on each certificate, never on the program


def microcredential(program: Program, *, today: dt.date | None = None) -> dict:
    """Which of the 11 mandatory elements of Annex I the program carries, and where each is read from.

    Needs the program's organization (with municipality), standard (with level) and modules loaded: no query.
    The learner and the date of issue belong to a certificate issued to a learner, never to a program.
    """
    today = today or timezone.localdate()
    standard = program.qualification_standard
    modules = list(program.modules.all())
    module_outcomes = any(_has_text(module, "outcomes") for module in modules)
    accredited = in_force(program, today)
    found = {
        "learner_identification": (False, "on the certificate issued to the learner, not on the program"),
        "title": (_has_text(program, "name"), "name"),
        "issuer_country": (program.organization.municipality_id is not None,
                           "organization.municipality (Serbia, RS)"),
        "awarding_body": (True, "organization (name, PIB, MB)"),
        "date_of_issue": (False, "on the certificate (its date of issue), not on the program"),
        "learning_outcomes": (_has_text(program, "general_outcomes") or _has_text(program, "specific_outcomes")
                              or module_outcomes,
                              "general_outcomes, specific_outcomes, modules.outcomes (Art. 4 elements 4, 5, 7)"),
        "notional_workload": (bool(program.duration_hours), "duration_hours (Art. 4 element 8)"),
        "level": (bool(standard is not None and standard.level_id) or bool(program.cefr_levels),
                  "qualification_standard.level (NOKS and EQF level); cefr_levels for a language program"),
        "assessment": (_has_text(program, "assessment"), "assessment (Art. 4 element 12)"),
        "form_of_participation": (_has_text(program, "organisation_methods"),
                                  "organisation_methods (Art. 4 element 9)"),
        "quality_assurance": (accredited,
                              f"accreditation: JPOA status granted by the Office, in force until "
                              f"{program.public_until.isoformat()}" if accredited
                              else "accreditation: no JPOA status in force for this program"),
    }
    elements = [{"element": key, "label": str(label), "present": found[key][0], "source": found[key][1],
                 "on_certificate": key in ON_THE_CERTIFICATE}
                for key, label in MICROCREDENTIAL_ELEMENTS]
    return {"present": sum(1 for e in elements if e["present"]), "of": len(elements), "reference": RECOMMENDATION,
            "elements": elements}
