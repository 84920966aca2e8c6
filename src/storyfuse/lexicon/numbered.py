"""Words before a number that make it a label, not an amount or a year: "Resolution 1973", "year seven"."""

from __future__ import annotations

# Kinds of things named by a number: "Resolution 1973", "Flight 1549", "Route 1066", "Article 1950".
NUMBERED_KINDS = {
    "no.", "number", "route", "flight", "room", "model", "about", "resolution", "resolutions", "article",
    "section", "chapter", "bill", "law", "act", "highway", "interstate", "gate", "platform", "terminal",
    "bus", "train", "unit", "ward", "block", "channel", "page", "item", "code", "decree", "directive",
    "regulation", "motion", "amendment", "proposition", "measure", "paragraph", "clause", "track", "hr",
    "h.r.", "s.", "suite", "apartment", "box", "pier", "berth", "runway", "exit", "version", "rule",
}  # fmt: skip

# Places in a sequence, whose number orders rather than counts ("year seven pupils", "level 3 labs",
# "day 15 of the spill", "a category 4 storm"); not year labels for dates, since "the year 1973" is one.
SEQUENCE_LABELS = {
    "year", "grade", "form", "class", "level", "stage", "phase", "round", "day", "week", "game", "match",
    "category", "tier", "series", "season", "episode", "part", "volume", "lane", "zone", "sector", "district",
}  # fmt: skip
