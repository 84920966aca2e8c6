"""Every word list and regular expression the date finder uses, compiled once at import.

Patterns are matched case-insensitively; where capitals matter (month and weekday names, to tell
"May" the month from "may" the verb) the resolver checks the matched text itself.
"""

from __future__ import annotations

import re

from storyfuse.lexicon.calendar import MONTH_NUMBER as MONTHS
from storyfuse.lexicon.calendar import WEEKDAY_NUMBER as WEEKDAYS

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a couple of": 2, "a dozen": 12,
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4,
}  # fmt: skip
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
UNITS_TENS: dict[str, int] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
UNITS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.?|Sept\.?|Sep\.|Oct\.?|Nov\.?|Dec\.?)(?!\w|'(?!s\b))"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d,.]\d|%|s\b|'s\b)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|%|\.\d)"
_NUMBER = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|a couple of|a dozen)"
)
_ROUGHLY = r"(?:(?:about|almost|nearly|roughly|around|some|just|more than|less than|only|over)\s+)?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_SPELLED_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_SPELLED_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SPELLED_YEAR = (
    rf"nineteen\s+(?:{_SPELLED_TENS}(?:[- ]{_SPELLED_UNIT})?|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen)"
)
_QUARTER_ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"

# Each rule: name -> pattern. The resolver in dates.py has one function per name. When matches overlap,
# the longest wins, so specific patterns need no ordering against general ones.
RULE_SOURCES: dict[str, str] = {
    "iso_date": r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b",
    "slash_date": r"\b(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})\b",
    "month_day": (
        rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+|(?P<rel>last|this|next|this\s+past|this\s+coming)\s+)?(?P<month>{_MONTH})\s+(?P<d>{_DAY})"
        rf"(?:(?:,\s*|\s+)(?P<y>{_YEAR}))?"
    ),
    "day_month": (
        rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})"
        rf"(?:,?\s+(?P<y>{_YEAR}))?"
    ),
    "month_year": (
        rf"\b(?:(?P<mod>early|late|mid|the\s+(?:middle|beginning|start|end)\s+of)[- ]?\s*)?"
        rf"(?P<month>{_MONTH}),?\s+(?:of\s+)?(?:(?P<y>{_YEAR})|(?P<spelled>{_SPELLED_YEAR})"
        r"|(?P<rel>this|last|next)\s+year)"
    ),
    "month": (
        r"\b(?:(?P<mod>early|late|mid|the\s+(?:middle|beginning|start|end)\s+of)[- ]?\s*)?"
        r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|past|coming)\s+)?"
        rf"(?P<month>{_MONTH})"
    ),
    "year": (
        rf"\b(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|fiscal)[- ]?\s*)?(?P<y>{_YEAR})"
    ),
    "spelled_year": (
        rf"\b(?:the\s+year\s+)?(?:(?P<spelled>{_SPELLED_YEAR})|(?P<two_thousand>two\s+thousand))\b"
    ),
    "decade": (
        r"\b(?:the\s+)?(?:(?:early|mid|late)[- ]?\s*)?(?:(?P<y>1[6-9]\d0|20\d0)'?s|'(?P<yy>\d0)'?s"
        r"|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"
    ),
    "century": r"\b(?:the\s+)?(?P<n>1\d|20|21|\d)(?:st|nd|rd|th)[- ]century\b",
    "weekday": (
        r"\b(?:(?P<rel>last|next|this|this\s+coming|this\s+past|coming|previous|early|late|earlier|later)\s+)?"
        rf"(?P<wd>{_WEEKDAY}){_PART_OF_DAY}"
    ),
    "day_word": (
        r"\b(?:(?:early|late|earlier|later)\s+)?(?P<word>today|tonight|yesterday|tomorrow|"
        r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)(?!\w)(?:'s)?" + _PART_OF_DAY
    ),
    "this_part_of_day": r"\bthis\s+(?:morning|afternoon|evening)\b",
    "ago": (
        rf"\b{_ROUGHLY}(?P<n>{_NUMBER}|several|a\s+few|few|many)\s+(?P<unit>day|week|month|year|decade)s?"
        r"(?:\s+or\s+(?:so|two|more))?\s+(?P<dir>ago|earlier|before|later|from\s+now|hence)\b"
    ),
    "relative_unit": (
        r"\b(?:(?P<mod>early|late|earlier|later|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)\s+)?"
        r"(?P<rel>last|this|next|the\s+past|the\s+last|the\s+previous|the\s+next|the\s+coming|the\s+current|"
        r"the\s+present)\s+(?P<unit>week|month|year|decade|century)\b"
        r"|(?:(?<=\bfor\s)|(?<=\bof\s))(?P<for_the>the)\s+year\b(?!\s+(?:before|earlier|ago|after|two|2))"
        r"|\b(?P<fiscal>the\s+full|the\s+(?:(?:current|full|latest)\s+)?fiscal|(?:this|last|next)\s+fiscal)\s+year\b"
    ),
    "in_the_unit": r"\b(?P<mod>earlier|later)\s+in\s+the\s+(?P<unit>week|month|year)\b",
    "unit_end": (
        r"\b(?:(?:at|by|around)\s+)?"
        r"(?:year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+(?P<unit>year|month))\b"
    ),
    "that_year": (
        r"\b(?P<rel>that|the\s+following|the\s+next|the\s+previous|the\s+preceding|the\s+same)\s+year\b"
        r"|\b(?:later|earlier)\s+that\s+year\b|\bthe\s+year\s+(?P<after>before|after)\b"
    ),
    "quarter": (
        r"\b(?:(?:the|its|a)\s+)?(?:(?P<y1>\d{4})\s+|(?P<rel1>this|last|next)\s+year's\s+|"
        r"(?P<cur>current|latest|past|year-ago|year-earlier)\s+)?(?:fiscal[- ])?(?P<q>"
        + _QUARTER_ORDINAL
        + r")[- ](?:fiscal[- ])?quarter(?:\s+of\s+(?:(?P<y2>\d{4})|(?P<rel2>this|last|next)\s+year))?\b"
    ),
    "half": (
        r"\b(?:the\s+)?(?P<h>first|second|last|latter)\s+(?:half|two\s+quarters)\s+of\s+"
        r"(?:(?P<y>\d{4})|(?P<rel>this|last|next)\s+year)\b"
    ),
    "anaphoric_quarter": (
        r"\b(?:the|this|that|its)\s+(?:(?P<kind>latest|recent|most\s+recent|current|latest\s+fiscal|"
        r"comparable|year-ago|year-earlier|comparable\s+year-ago|comparable\s+year-earlier|"
        r"year-before|same)\s+)?(?P<unit>quarter|period)\b(?:\s+(?P<ago>a\s+year\s+(?:ago|earlier)|"
        r"last\s+year))?"
        r"|\bthe\s+(?:corresponding|comparable|same)\s+(?:quarter|period)\s+(?:of\s+)?last\s+year\b"
        r"|\blast\s+year's\s+(?:quarter|period)\b"
        r"|\bthe\s+(?P<y>\d{4})\s+(?:quarter|period)\b"
    ),
    "year_ago_adjective": r"\b(?:year-earlier|year-ago)(?!\s+(?:quarter|period))\b",
    "season": (
        r"\b(?:(?P<rel>this|last|next|this\s+past|this\s+coming|the|early|late|the\s+early|the\s+late)\s+)?"
        rf"(?P<season>{_SEASON})\b(?:\s+of\s+(?:(?P<y>{_YEAR})|(?P<spelled>{_SPELLED_YEAR})))?"
    ),
    "weekend": r"\b(?P<rel>the|this|last|next|this\s+past|over\s+the)\s+weekend\b",
    "holiday": (
        r"\b(?:(?P<rel>last|next|this)\s+)?(?P<name>Thanksgiving(?:\s+Day)?|Christmas(?:\s+Day|\s+Eve)?|"
        r"New\s+Year's\s+(?:Day|Eve)|Election\s+Day|Independence\s+Day|Halloween|Valentine's\s+Day|"
        r"Labor\s+Day|Memorial\s+Day|Veterans\s+Day)\b"
    ),
    "present_ref": (
        r"\b(?:right\s+now|now|currently|presently|at\s+present|these\s+days|nowadays|at\s+the\s+moment|"
        r"the\s+present|current(?!\s+(?:account|events|affairs|law|rules|system|policy|policies|levels?|"
        r"rates?|and|dollars|prices|members?|president|chairman|leaders?|state)))\b"
    ),
    "past_ref": (
        r"\b(?:recently|(?:more|most|until|only|just)\s+recently|lately|(?:in\s+)?recent\s+"
        r"(?:years|months|weeks|days|decades|times)|(?:in\s+)?the\s+past(?!\s+(?:\d|few|several|two|three|four|"
        r"five|six|seven|eight|nine|ten|year|month|week|decade|day|quarter|century))|"
        r"(?:the\s+)?(?:last|past)\s+(?:few|several)\s+(?:years|months|weeks|days|decades|quarters)|past\s+years|"
        r"(?:several|a\s+few|some|many)\s+years\s+ago|years\s+ago)\b"
    ),
    "future_ref": (
        r"\b(?:the\s+(?:(?:near|foreseeable|distant)\s+)?future|(?:the\s+)?future\s+(?:quarters|years|months)|"
        r"(?:the\s+)?coming\s+(?:years|months|weeks|days|quarters|decades)|(?:the\s+)?near\s+term|"
        r"a\s+later\s+date|as\s+soon\s+as\s+possible|(?:the\s+)?years\s+ahead)\b"
    ),
}

RULES: dict[str, re.Pattern[str]] = {
    name: re.compile(source, re.IGNORECASE) for name, source in RULE_SOURCES.items()
}

# Words that make a clause point forward from, or back to before, the reference date. The cue nearest
# to a bare weekday or month decides which way it is resolved.
FUTURE_CUE = re.compile(
    r"\b(?:(?:was|were|is|are)\s+(?:planning|going|expected|scheduled|due|set|supposed|slated)|"
    r"(?:will|would|to)\s+(?:(?:not|still|also|then|now)\s+)?(?:be|have\s+been)\s+\w+|will|won't|shall|going\s+to|plans?\s+to|planned|planning|scheduled|expects?\s+to|expected\s+to|"
    r"due\s+to|set\s+to|slated|upcoming|next(?!\s+to)|is\s+to|are\s+to|would|ahead\s+of|as\s+soon\s+as|"
    r"hopes?\s+to|intends?\s+to)\b|'ll\b",
    re.IGNORECASE,
)
# Right before a date, these make it a deadline or a start ahead ("payable Jan. 2", "by August").
ADJACENT_FUTURE_CUE = re.compile(
    r"\b(?:by|through|until|till|payable|effective|starting|beginning)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?"
    r"(?:\d{1,2}(?::\d\d)?\s*[ap]\.m\.\s+(?:[A-Z]{3}\s+)?)?$",
    re.IGNORECASE,
)
PAST_CUE = re.compile(
    r"\b(?:said|told|was|were|had|did|ago|last|earlier|since|read|put|set|cut|began|took|made|met|went|came|left|gave|"
    r"held|won|lost|rose|fell|saw|sent|got|spoke|wrote|brought|thought|found|struck|shot|hit|paid|ran|"
    r"sold|bought|led|fled|began|became|grew|knew|broke|chose|drew|drove|flew|fought|froze|hung|kept|"
    r"laid|meant|quit|rang|sank|sought|stood|stole|swore|taught|threw|understood|woke|wore|"
    r"\w{3,}ed)\b",
    re.IGNORECASE,
)
# Periods longer than a quarter: once named, "a year ago" no longer means the same quarter a year before.
LONGER_PERIOD = re.compile(
    r"\b(?:nine|six)\s+months|\bfirst\s+half|\bfor\s+the\s+(?:full\s+)?year|\bfiscal\s+(?:year|19|20)|"
    r"\bthe\s+year\s+(?:ended|ending)",
    re.IGNORECASE,
)
# A full stop ends a sentence unless it closes an initial ("Daniel P. Davison") or a title ("Mr.").
SENTENCE_END = re.compile(
    r"(?:(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bSt|\bJr|\bSr|\bLt)(?<!\bMrs|\bGen|\bSen|\bRep|\bGov|\bCol)\.|[!?])"
    r"\s+(?=[A-Z\"'`])|\n\s*\n"
)

# Words that can occur in a match of each rule. The finder runs a rule only on stretches of text around
# such a word, which keeps it fast on sentences without dates. Every rule's matches contain one of its
# trigger words (or a digit, for the rules listed under DIGIT_RULES).
_DATE_NUMBER_RULES = ("month_day", "day_month", "month_year", "month")
_UNIT_RULES = (
    "ago", "relative_unit", "in_the_unit", "unit_end", "that_year", "past_ref", "future_ref", "present_ref",
    "year_ago_adjective", "half", "holiday", "anaphoric_quarter", "quarter",
)  # fmt: skip
_UNIT_WORDS = (
    "day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "century",
    "centuries", "end", "quarter", "quarters", "period", "half",
)  # fmt: skip
_HOLIDAY_WORDS = (
    "thanksgiving", "christmas", "election", "independence", "halloween", "valentine", "labor", "memorial",
    "veterans",
)  # fmt: skip
_TRIGGER_GROUPS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (tuple(MONTHS), _DATE_NUMBER_RULES),
    (tuple(WEEKDAYS), ("weekday", "month_day", "day_month")),
    (("today", "tonight", "yesterday", "tomorrow"), ("day_word",)),
    (("morning", "afternoon", "evening", "night"), ("this_part_of_day", "weekday", "day_word")),
    (
        _UNIT_WORDS,
        _UNIT_RULES,
    ),
    (("century",), ("century", "relative_unit")),
    (tuple(SEASONS), ("season",)),
    (("weekend",), ("weekend",)),
    (
        _HOLIDAY_WORDS,
        ("holiday",),
    ),
    (("now", "currently", "presently", "present", "nowadays", "moment", "current"), ("present_ref",)),
    (("recently", "recent", "lately", "past"), ("past_ref",)),
    (("future", "coming", "term", "later", "possible", "ahead"), ("future_ref",)),
    (("nineteen", "thousand"), ("spelled_year", "month_year", "season")),
    (tuple(DECADE_WORDS), ("decade",)),
]
TRIGGERS: dict[str, frozenset[str]] = {}
for _words, _rules in _TRIGGER_GROUPS:
    for _word in _words:
        TRIGGERS[_word] = TRIGGERS.get(_word, frozenset()) | frozenset(_rules)
DIGIT_RULES = frozenset(
    {"iso_date", "slash_date", "month_day", "day_month", "month_year", "year", "decade", "century",
     "ago", "quarter", "half", "anaphoric_quarter", "relative_unit"}
)  # fmt: skip
WORD = re.compile(r"\w+")
