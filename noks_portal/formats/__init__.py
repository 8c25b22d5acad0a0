"""Date and number formats of the portal's three languages (FORMAT_MODULE_PATH), where Django's differ from how
Serbian institutions write (issue 18). Each module sets only what it changes; the rest comes from Django's locale.

Serbian writes a date with the month in the genitive: "4. децембра 2026.", "до 3. децембра 2031." Django's date
format character ``E`` gives a month's "alternative representation", translated under the context "alt. month";
Django's own Serbian catalog has none (``E`` gave "Децембар"), so the twelve are translated in ours (below: the
same msgids, extracted by makemessages into locale/, which Django reads before its own). English dates are written
unambiguously, day before month in words ("4 December 2026", "4 Dec 2026"), never "12/04/2026".
"""

from django.utils.translation import pgettext_lazy

GENITIVE_MONTHS = (
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"), pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"), pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
)
