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

import datetime as dt

from ..registry import RuleSet, register

P89 = register(RuleSet(
    "P89-2015",
    in_force_from=dt.date(2015, 11, 4),
    title_sr="Правилник о ближим условима у погледу програма, кадра, простора, опреме и наставних средстава за "
             "стицање статуса јавно признатог организатора активности образовања одраслих",
    title_en="Rulebook on the detailed conditions regarding programs, staff, premises, equipment and teaching aids "
             "for acquiring the status of a publicly recognized organizer of adult-education activities",
    role="regulation",
    source="Службени гласник РС, бр. 89 од 27. октобра 2015; Art. 16: in force on the eighth day after publication",
))

from . import activities_programs, equipment_records, exams, premises, staff  # noqa: F401  (registers rules)
