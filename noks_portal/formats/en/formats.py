# English pages: dates that cannot be misread in either order ("4 December 2026", "4 Dec 2026"), 24-hour times as
# on the Serbian pages. See noks_portal/formats/__init__.py.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
