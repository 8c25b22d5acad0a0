"""Pravilnik 89/2015 (Службени гласник РС, бр. 89/2015), one module per chapter.

| module                  | articles | chapter of the Pravilnik                                       |
|-------------------------|----------|----------------------------------------------------------------|
| ``activities_programs`` | 1–4      | scope, activities (Art. 2), I. programs (Art. 3–4)              |
| ``exams``               | 5–6      | I. exams, commissions, grading                                  |
| ``staff``               | 7–8      | II. staff                                                       |
| ``premises``            | 9–12     | III. premises, hygiene-technical standards, rooms, space        |
| ``equipment_records``   | 13–15    | III. equipment, teaching aids and records, practical partners   |

Published on 27 Oct 2015; Art. 16 puts it in force "on the eighth day from the day of publication": 4 Nov 2015.
"""

from .ruleset import P89

from . import activities_programs, equipment_records, exams, premises, staff  # noqa: F401  (registers rules)

__all__ = ["P89"]
