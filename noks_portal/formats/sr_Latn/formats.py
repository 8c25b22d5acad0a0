# Serbian: the month in the genitive ("4. децембра 2026."), a numeric date with spaces ("4. 12. 2026."), the decimal
# comma and the point between thousands (Django's defaults for Serbian). See noks_portal/formats/__init__.py.
DATE_FORMAT = "j. E Y."
DATETIME_FORMAT = "j. E Y. H:i"
MONTH_DAY_FORMAT = "j. E"
SHORT_DATE_FORMAT = "j. n. Y."
SHORT_DATETIME_FORMAT = "j. n. Y. H:i"
