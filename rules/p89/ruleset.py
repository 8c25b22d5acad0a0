"""The rule set of Pravilnik 89/2015 itself, which each chapter module registers its rules on (apart from the
package's __init__, so the chapters do not import the package that imports them)."""

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
