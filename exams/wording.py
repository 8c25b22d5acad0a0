"""How the exams speak of a learner in Serbian, which marks the grammatical gender (issue 18).

A learner's grade reads "положила" for a woman and "положио" for a man; the certificate names a "полазница" or a
"полазник". The JMBG carries the sex (digits 10–12: 000–499 a man, 500–999 a woman); without a JMBG (a foreign
document) or with one that does not say, the neutral form is used ("положио/ла"). English has no such forms: its
three variants are the same text. Each variant is its own message with a context naming the gender, so the
translator gives each form and ``pgettext`` picks it; no Serbian word is put together in code. The certificate's
sentences about its holder (templates/pdf/certificate.html) follow the same contexts.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from exams.enums import Grade

FEMALE, MALE, UNKNOWN = "female", "male", ""


def sex_from_jmbg(jmbg: str | None) -> str:
    """``FEMALE``, ``MALE`` or ``UNKNOWN`` from the JMBG's digits 10–12 (the register number: 000–499 men,
    500–999 women)."""
    jmbg = (jmbg or "").strip()
    if len(jmbg) != 13 or not jmbg.isascii() or not jmbg.isdigit():
        return UNKNOWN
    return MALE if int(jmbg[9:12]) < 500 else FEMALE


GRADE_LABELS = {
    (Grade.PASSED, FEMALE): pgettext_lazy("grade of a woman", "Passed"),
    (Grade.PASSED, MALE): pgettext_lazy("grade of a man", "Passed"),
    (Grade.PASSED, UNKNOWN): pgettext_lazy("grade", "Passed"),
    (Grade.FAILED, FEMALE): pgettext_lazy("grade of a woman", "Failed"),
    (Grade.FAILED, MALE): pgettext_lazy("grade of a man", "Failed"),
    (Grade.FAILED, UNKNOWN): pgettext_lazy("grade", "Failed"),
}


def grade_label(grade: str, sex: str = UNKNOWN):
    """The grade as a person reads it, in the learner's grammatical gender (lazy: a PDF rendered in the learner's
    language translates it then); "—" when there is none yet."""
    label = GRADE_LABELS.get((grade, sex)) or GRADE_LABELS.get((grade, UNKNOWN))
    return label if label is not None else "—"


def grade_choices(sex: str = UNKNOWN) -> list[tuple[str, str]]:
    """The two grades as choices (a commission member's vote on this learner), in the learner's gender."""
    return [(grade, grade_label(grade, sex)) for grade in (Grade.PASSED, Grade.FAILED)]
