"""English month and weekday names, their abbreviations and numbers: one table for every stage that
reads dates (the extractor's banners, the date finder, the link features, synthesis's datelines)."""

from __future__ import annotations

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# Abbreviations as news writes them; "sept" beside "sep".
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")
# Time zones a clock time is written with ("10:14 GMT", "9 p.m. ET"); alone they name nothing.
TIME_ZONES = (
    "gmt", "utc", "bst", "cet", "cest", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt",
    "ist", "jst", "hkt", "sgt", "aest", "aedt",
)  # fmt: skip

MONTH_NUMBER: dict[str, int] = {name: n for n, name in enumerate(MONTH_NAMES, 1)} | MONTH_ABBREVIATIONS
WEEKDAY_NUMBER: dict[str, int] = {name: n for n, name in enumerate(WEEKDAY_NAMES)}  # Monday is 0

# The same words as regular-expression alternations (lower case; match with re.IGNORECASE).
MONTHS = "|".join(MONTH_NAMES)
MONTHS_SHORT = "|".join(MONTH_ABBREVIATIONS)
WEEKDAYS = "|".join(WEEKDAY_NAMES)
