"""Find DATE expressions in English news text and normalise them against the article's date.

Rule-based and fast: the patterns in `date_patterns` are compiled once; each match is resolved by one
function per rule. Values follow TimeML conventions: "YYYY-MM-DD", "YYYY-MM", "YYYY" for day, month and
year granularity, and where none of those fits "YYYY-Www" (week), "YYYY-Www-WE" (weekend), "YYYY-Qn"
(quarter), "YYYY-Hn" (half), "YYYY-SU" (season), "199" (decade), "19" (century), and
"PRESENT_REF" / "PAST_REF" / "FUTURE_REF".

News conventions (as in TimeBank): a bare weekday names a day of the reference week, in the past
unless the clause looks forward; a month or month-day without a year is in the reference year unless
the tense says otherwise; "a year ago" in an earnings report means the same quarter a year before.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from storyfuse.analyse.date_patterns import (
    ADJACENT_FUTURE_CUE,
    DECADE_WORDS,
    DIGIT_RULES,
    FUTURE_CUE,
    LONGER_PERIOD,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PAST_CUE,
    RULES,
    SEASONS,
    SENTENCE_END,
    TRIGGERS,
    UNITS,
    UNITS_TENS,
    WEEKDAYS,
    WORD,
)
from storyfuse.lexicon.numbered import NUMBERED_KINDS
from storyfuse.model import Granularity

Direction = Literal["past", "future", "none"]

# How far back (characters) a quarter mentioned earlier still anchors "a year ago" and "the quarter".
QUARTER_ANCHOR_REACH = 900
# Characters around a trigger word searched for a match; longer than any expression the rules match.
TRIGGER_REACH = 60


@dataclass
class DateMention:
    """A DATE expression: its span in the text and, when it could be normalised, its TimeML value."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: Granularity | None
    relative: bool  # resolved against the reference date


@dataclass
class _Context:
    """What resolving one expression may need: the text, the reference date, and earlier anchors."""

    text: str
    reference: datetime.date | None
    last_quarter: tuple[int, int] | None = None  # (year, quarter) of the latest quarter mentioned
    last_quarter_end: int = -(10**9)
    last_year: int | None = None  # the latest explicit year mentioned, for "that year"
    # (start, end) of a match -> its direction; a property of the text alone, so shared by every
    # reading of it (a story reads an undated article against each candidate day)
    direction_cache: dict[tuple[int, int], Direction] = field(default_factory=dict)


_Resolved = tuple[str | None, Granularity | None, bool]


def find_dates(text: str, reference: datetime.date | None) -> list[DateMention]:
    """DATE expressions in `text`, normalised against `reference` (the article's date) when given."""
    found, directions = _text_candidates(text)
    candidates = list(found)
    # A rejected match (e.g. "may" the verb) gives way to the shorter matches it covered: select again
    # without it. Rejections are decided per match, so this settles in one or two rounds.
    while True:
        chosen = _longest_non_overlapping(candidates)
        context = _Context(text=text, reference=reference, direction_cache=directions)
        mentions: list[DateMention] = []
        rejected: set[int] = set()
        for start, end, name, match in chosen:
            resolved = _RESOLVERS[name](match, context)
            if resolved is None:
                rejected.add(id(match))
                continue
            value, granularity, relative = resolved
            if relative and reference is None:
                value, granularity, relative = None, None, False
            mentions.append(DateMention(start, end, text[start:end], value, granularity, relative))
        if not rejected:
            return mentions
        candidates = [c for c in candidates if id(c[3]) not in rejected]


@lru_cache(maxsize=2048)  # a large story's articles, each read against several dates
def _text_candidates(
    text: str,
) -> tuple[tuple[tuple[int, int, str, re.Match[str]], ...], dict[tuple[int, int], Direction]]:
    """The rules' matches in `text` and a cache of their directions: neither depends on the reference
    date, and one text is often read against several (a story's undated articles, its timeline)."""
    return tuple(_candidates(text)), {}


def _candidates(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """Matches of every rule, each rule looked for only around its own trigger words."""
    stretches: dict[str, list[list[int]]] = {}  # rule -> [start, end] stretches, merged when they touch
    for word in WORD.finditer(text):
        token = word.group(0)
        rules = DIGIT_RULES if token[0].isdigit() else TRIGGERS.get(token.lower())
        if not rules:
            continue
        start, end = max(0, word.start() - TRIGGER_REACH), min(len(text), word.end() + TRIGGER_REACH)
        for name in rules:
            spans = stretches.setdefault(name, [])
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
    found: dict[tuple[int, int, str], re.Match[str]] = {}
    for name, spans in stretches.items():
        pattern = RULES[name]
        for start, end in spans:
            for match in pattern.finditer(text, start, end):
                if match.end() > match.start():
                    found.setdefault((match.start(), match.end(), name), match)
    return [(key[0], key[1], key[2], match) for key, match in found.items()]


def _longest_non_overlapping(
    candidates: list[tuple[int, int, str, re.Match[str]]],
) -> list[tuple[int, int, str, re.Match[str]]]:
    """Keep the longest of overlapping matches (earlier rule on ties), in text order."""
    order = {name: index for index, name in enumerate(RULES)}
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], order[c[2]]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        chosen.append(candidate)
    chosen.sort(key=lambda c: c[0])
    return chosen


# --- helpers ----------------------------------------------------------------


def _day(date: datetime.date) -> str:
    return date.isoformat()


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _week(date: datetime.date) -> str:
    iso = date.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_number(token: str) -> int | None:
    """Month of a matched name; None when it is not capitalised (then it is a word, not a month)."""
    if not token[:1].isupper():
        return None
    return MONTHS.get(token.rstrip(".").lower())


def _number(token: str) -> int | None:
    token = re.sub(r"\s+", " ", token.lower())
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def _spelled_year(words: str) -> int | None:
    """ "nineteen ninety-six" -> 1996."""
    parts = re.split(r"[\s-]+", words.lower())
    if len(parts) < 2 or parts[0] != "nineteen":
        return None
    rest = UNITS_TENS.get(parts[1])
    if rest is None:
        return None
    if len(parts) > 2:
        rest += UNITS.get(parts[2], 0)
    return 1900 + rest


def _quarter_of(date: datetime.date) -> int:
    return (date.month - 1) // 3 + 1


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a match, bounded to 160 characters each side to keep it cheap."""
    left = max(0, start - 160)
    right = min(len(text), end + 160)
    ends_before = list(SENTENCE_END.finditer(text, left, start))
    if ends_before:
        left = ends_before[-1].end()
    end_after = SENTENCE_END.search(text, end, right)
    if end_after:
        right = end_after.start() + 1
    return left, right


def _direction(context: _Context, match: re.Match[str]) -> Direction:
    """Whether the clause around the match looks forward or back: the cue nearest to it decides."""
    span = match.span()
    cached = context.direction_cache.get(span)
    if cached is not None:
        return cached
    if ADJACENT_FUTURE_CUE.search(context.text, max(0, match.start() - 40), match.start()):
        context.direction_cache[span] = "future"
        return "future"
    clause_start, clause_end = _clause_bounds(context.text, match.start(), match.end())
    nearest: tuple[int, Direction] | None = None
    cues: tuple[tuple[re.Pattern[str], Direction], ...] = ((FUTURE_CUE, "future"), (PAST_CUE, "past"))
    for pattern, kind in cues:
        for cue in pattern.finditer(context.text, clause_start, clause_end):
            if match.start() <= cue.start() < match.end():
                continue
            distance = match.start() - cue.end() if cue.end() <= match.start() else cue.start() - match.end()
            if nearest is None or distance < nearest[0]:
                nearest = (distance, kind)
    direction: Direction = nearest[1] if nearest else "none"
    context.direction_cache[span] = direction
    return direction


def _word_before(context: _Context, start: int) -> str:
    found = re.search(r"(\S+)\s*$", context.text[max(0, start - 30) : start])
    return found.group(1).lower() if found else ""


def _char_before(context: _Context, start: int) -> str:
    return context.text[start - 1] if start > 0 else ""


# --- resolvers: one per rule --------------------------------------------------


def _resolve_iso_date(match: re.Match[str], context: _Context) -> _Resolved | None:
    date = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    return (_day(date), "day", False) if date else None


def _resolve_slash_date(match: re.Match[str], context: _Context) -> _Resolved | None:
    year = int(match["y"])
    if year < 100:
        base = context.reference.year if context.reference else 2000
        century = base - base % 100
        candidates = [century - 100 + year, century + year, century + 100 + year]
        year = min(candidates, key=lambda c: abs(c - base))
    date = _safe_date(year, int(match["m"]), int(match["d"]))
    return (_day(date), "day", False) if date else None


def _month_day(month: int, day: int, match: re.Match[str], context: _Context) -> _Resolved | None:
    """A month and day without a year: the reference year, moved by the clause's tense."""
    reference = context.reference
    if reference is None:
        return None, None, True
    date = _safe_date(reference.year, month, day)
    if date is None:
        return None
    direction = _direction(context, match)
    if direction == "future" and (reference - date).days > 60:
        date = _safe_date(reference.year + 1, month, day) or date
    elif direction != "future" and (date - reference).days > 60:
        date = _safe_date(reference.year - 1, month, day) or date
    return _day(date), "day", True


def _resolve_month_day(match: re.Match[str], context: _Context) -> _Resolved | None:
    month = _month_number(match["month"])
    if month is None:
        return None
    day = int(re.sub(r"\D", "", match["d"]))
    rel = re.sub(r"\s+", " ", (match["rel"] or "").lower()) if "rel" in match.re.groupindex else ""
    if rel and not match["y"]:
        return _month_day_relative(month, day, rel, context)
    if match["y"]:
        year = int(match["y"])
        context.last_year = year
        date = _safe_date(year, month, day)
        return (_day(date), "day", False) if date else None
    return _month_day(month, day, match, context)


_resolve_day_month = _resolve_month_day


def _month_day_relative(month: int, day: int, rel: str, context: _Context) -> _Resolved | None:
    """ "last Oct. 23": the latest such day before the reference; "next"/"this coming": the first after."""
    reference = context.reference
    if reference is None:
        return None, None, True
    date = _safe_date(reference.year, month, day)
    if date is None:
        return None
    if rel in {"last", "this past"} and date >= reference:
        date = _safe_date(reference.year - 1, month, day) or date
    elif rel in {"next", "this coming"} and date <= reference:
        date = _safe_date(reference.year + 1, month, day) or date
    return _day(date), "day", True


def _resolve_month_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    month = _month_number(match["month"])
    if month is None:
        return None
    if match["y"] or match["spelled"]:
        year = int(match["y"]) if match["y"] else _spelled_year(match["spelled"])
        if year is None:
            return None
        context.last_year = year
        return _month(year, month), "month", False
    if context.reference is None:
        return None, None, True
    offset = {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]
    return _month(context.reference.year + offset, month), "month", True


_MONTH_PREPOSITIONS = {
    "in", "since", "until", "till", "by", "from", "to", "through", "during", "before", "after", "of",
    "last", "next", "this", "early", "late", "mid", "and", "or", "between", "around", "that",
    "past", "coming", "mid-", "the", "end", "beginning", "middle", "start", "on", "for", "as",
}  # fmt: skip


def _resolve_month(match: re.Match[str], context: _Context) -> _Resolved | None:
    token = match["month"]
    month = _month_number(token)
    if month is None:
        return None
    has_modifier = bool(match["mod"] or match["rel"])
    if not has_modifier:
        if token.endswith(".") or token.lower() in {"jan", "mar", "jun", "jul", "sep", "oct", "nov", "dec"}:
            return None  # an abbreviation on its own is more often a name or a word
        ambiguous = token.lower() in {"may", "march", "june", "april", "august"}
        if ambiguous and _word_before(context, match.start()) not in _MONTH_PREPOSITIONS:
            return None  # "may" the verb, "April" the name: a month only after a preposition
        following = context.text[match.end() : match.end() + 2]
        if re.match(r"\s[A-Z]", following):
            return None  # "April Glaspie", "June Carter"
    reference = context.reference
    if reference is None:
        return None, None, True
    rel = (match["rel"] or "").lower().split()
    year = reference.year
    if (rel and rel[0] in {"last", "past"}) or rel[-1:] == ["past"]:
        year = reference.year if month < reference.month else reference.year - 1
    elif (rel and rel[0] in {"next", "coming"}) or rel[-1:] == ["coming"]:
        year = reference.year if month > reference.month else reference.year + 1
    elif not rel:
        direction = _direction(context, match)
        if direction == "future" and month < reference.month - 2:
            year += 1
        elif direction != "future" and month > reference.month + 2:
            year -= 1
    return _month(year, month), "month", True


_CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|Z\b|hours?\b|hrs\b|local\s+time|[ECMP][SD]T\b|BST\b)|\s+block\b")


def _resolve_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    if (
        _char_before(context, match.start()) in {"$", "#", ".", ",", "/"}
        or _char_before(context, match.start()).isdigit()
    ):
        return None
    year = int(match["y"])
    word_before = _word_before(context, match.start())
    if not match["mod"] and (word_before in NUMBERED_KINDS or _CLOCK_AFTER.match(context.text, match.end())):
        return None  # a number that names something ("Resolution 1973", "Flight 1549") or a time (1900 GMT)
    context.last_year = year
    return str(year), "year", False


def _resolve_spelled_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    if match["two_thousand"]:
        if not match.group(0).lower().startswith("the year"):
            return None
        year: int | None = 2000
    else:
        year = _spelled_year(match["spelled"])
    if year is None:
        return None
    context.last_year = year
    return str(year), "year", False


def _resolve_decade(match: re.Match[str], context: _Context) -> _Resolved | None:
    if match["y"]:
        return match["y"][:3], None, False
    if match["yy"]:
        return "19" + match["yy"][0], None, False
    if match["word"]:
        if not match.group(0).lower().startswith("the"):
            return None
        return f"19{DECADE_WORDS[match['word'].lower()]}", None, False
    return None


def _resolve_century(match: re.Match[str], context: _Context) -> _Resolved | None:
    return f"{int(match['n']) - 1:02d}", None, False


def _resolve_weekday(match: re.Match[str], context: _Context) -> _Resolved | None:
    token = match["wd"]
    if not token[:1].isupper():
        return None
    reference = context.reference
    if reference is None:
        return None, None, True
    weekday = WEEKDAYS[token.lower()]
    rel = (match["rel"] or "").lower()
    rel = re.sub(r"\s+", " ", rel)
    back = (reference.weekday() - weekday) % 7  # days since the latest such day (0 = today)
    ahead = (weekday - reference.weekday()) % 7
    if rel in {"last", "this past", "previous"}:
        date = reference - datetime.timedelta(days=back or 7)
    elif rel in {"next", "this coming", "coming"}:
        date = reference + datetime.timedelta(days=ahead or 7)
    elif back == 0:
        date = reference
    elif context.text.startswith("'s", match.end()):
        date = reference - datetime.timedelta(days=back)  # "Wednesday's ruling": an event already reported
    elif rel == "this" or _direction(context, match) == "future":
        date = reference + datetime.timedelta(days=ahead)
    else:
        date = reference - datetime.timedelta(days=back)
    return _day(date), "day", True


def _resolve_day_word(match: re.Match[str], context: _Context) -> _Resolved | None:
    reference = context.reference
    if reference is None:
        return None, None, True
    word = re.sub(r"\s+", " ", match["word"].lower())
    offset = {
        "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
        "the day before yesterday": -2, "the day after tomorrow": 2,
    }[word]  # fmt: skip
    return _day(reference + datetime.timedelta(days=offset)), "day", True


def _resolve_this_part_of_day(match: re.Match[str], context: _Context) -> _Resolved | None:
    if context.reference is None:
        return None, None, True
    return _day(context.reference), "day", True


def _resolve_ago(match: re.Match[str], context: _Context) -> _Resolved | None:
    reference = context.reference
    direction = match["dir"].lower()
    if _word_before(context, match.start()) == "for" and direction in {"before", "earlier"}:
        return None  # "ran the school for fifteen years before retiring": how long, not when
    amount = _number(match["n"])
    unit = match["unit"].lower()
    if amount is None:
        return ("PAST_REF", None, True) if direction == "ago" and unit in {"year", "decade"} else None
    if direction in {"earlier", "before"} and unit == "year" and amount == 1:
        return _year_ago(match, context)
    if reference is None:
        return None, None, True
    sign = -1 if direction in {"ago", "earlier", "before"} else 1
    if unit == "day":
        return _day(reference + datetime.timedelta(days=sign * amount)), "day", True
    if unit == "week":
        return _week(reference + datetime.timedelta(weeks=sign * amount)), None, True
    if unit == "month":
        year, month = _shift_months(reference.year, reference.month, sign * amount)
        return _month(year, month), "month", True
    if unit == "year" and amount == 1 and direction == "ago":
        return _year_ago(match, context)
    years = amount * (10 if unit == "decade" else 1)
    return str(reference.year + sign * years), "year", True


def _year_ago(match: re.Match[str], context: _Context) -> _Resolved | None:
    """ "a year ago": the same quarter a year before when a quarter is being discussed, else last year."""
    anchor = _active_quarter(match, context)
    if anchor is not None:
        year, quarter = anchor
        return f"{year - 1}-Q{quarter}", None, True
    if context.reference is None:
        return None, None, True
    return str(context.reference.year - 1), "year", True


def _active_quarter(match: re.Match[str], context: _Context) -> tuple[int, int] | None:
    """The quarter being discussed: mentioned shortly before, with no longer period named since."""
    if context.last_quarter is None or match.start() - context.last_quarter_end > QUARTER_ANCHOR_REACH:
        return None
    if LONGER_PERIOD.search(context.text, context.last_quarter_end, match.start()):
        return None  # "net for the nine months ... a year earlier" compares years, not quarters
    return context.last_quarter


def _resolve_relative_unit(match: re.Match[str], context: _Context) -> _Resolved | None:
    reference = context.reference
    if match["for_the"]:
        # "results for the year", "a high for the year": the reference year
        return (str(reference.year), "year", True) if reference else (None, None, True)
    if match["fiscal"]:
        # "the fiscal year", "the full year": the reference year; "the latest fiscal year": the one before
        words = match["fiscal"].lower().split()
        offset = {"last": -1, "latest": -1, "next": 1}.get(words[-2] if len(words) > 1 else "", 0)
        if words[0] in {"last", "next"}:
            offset = -1 if words[0] == "last" else 1
        if reference is None:
            return None, None, True
        return str(reference.year + offset), "year", True
    rel = re.sub(r"\s+", " ", match["rel"].lower())
    unit = match["unit"].lower()
    if rel in {"the next", "the coming"} and unit in {"decade", "century"}:
        return None  # a duration ("the next decade")
    if reference is None:
        return None, None, True
    offset = {
        "last": -1, "this": 0, "next": 1, "the past": -1, "the last": -1, "the previous": -1,
        "the next": 1, "the coming": 1, "the current": 0, "the present": 0,
    }[rel]  # fmt: skip
    if unit == "week":
        if rel in {"the past", "the last", "the coming", "the next"}:
            return None  # a duration ("the past week"), not a date
        return _week(reference + datetime.timedelta(weeks=offset)), None, True
    if unit == "month":
        year, month = _shift_months(reference.year, reference.month, offset)
        return _month(year, month), "month", True
    if unit == "year":
        return str(reference.year + offset), "year", True
    if unit == "decade":
        return str(reference.year // 10 + offset)[:3], None, True
    return f"{reference.year // 100 + offset:02d}", None, True


def _resolve_in_the_unit(match: re.Match[str], context: _Context) -> _Resolved | None:
    reference = context.reference
    if reference is None:
        return None, None, True
    unit = match["unit"].lower()
    if unit == "week":
        return _week(reference), None, True
    if unit == "month":
        return _month(reference.year, reference.month), "month", True
    return str(reference.year), "year", True


def _resolve_unit_end(match: re.Match[str], context: _Context) -> _Resolved | None:
    if context.reference is None:
        return None, None, True
    if (match["unit"] or "").lower() == "month":
        return _month(context.reference.year, context.reference.month), "month", True
    return str(context.reference.year), "year", True


def _resolve_that_year(match: re.Match[str], context: _Context) -> _Resolved | None:
    if context.last_year is None:
        return None
    phrase = match.group(0).lower()
    offset = 0
    if "following" in phrase or "next" in phrase or match["after"]:
        offset = 1
    elif "previous" in phrase or "preceding" in phrase or (match["after"] is None and "before" in phrase):
        offset = -1
    return str(context.last_year + offset), "year", True


def _resolve_quarter(match: re.Match[str], context: _Context) -> _Resolved | None:
    reference = context.reference
    quarter = ORDINALS[match["q"].lower()]
    year: int | None = None
    relative = False
    explicit = match["y1"] or match["y2"]
    if explicit:
        year = int(explicit)
    else:
        relative = True
        if reference is None:
            return None, None, True
        rel = (match["rel1"] or match["rel2"] or "").lower()
        if rel:
            year = reference.year + {"this": 0, "last": -1, "next": 1}[rel]
        elif (match["cur"] or "").lower() in {"year-ago", "year-earlier"}:
            year = reference.year - 1
        else:
            year = reference.year
            if quarter > _quarter_of(reference) and _direction(context, match) == "past":
                year -= 1
    if reference is None or (year, quarter) < (reference.year, _quarter_of(reference)):
        # only a quarter already over anchors "a year ago" ("a fourth-quarter charge" in October does not)
        context.last_quarter = (year, quarter)
        context.last_quarter_end = match.end()
    return f"{year}-Q{quarter}", None, relative


def _resolve_half(match: re.Match[str], context: _Context) -> _Resolved | None:
    half = 1 if match["h"].lower() == "first" else 2
    if match["y"]:
        return f"{match['y']}-H{half}", None, False
    if context.reference is None:
        return None, None, True
    year = context.reference.year + {"this": 0, "last": -1, "next": 1}[match["rel"].lower()]
    return f"{year}-H{half}", None, True


def _latest_quarter(match: re.Match[str], context: _Context) -> tuple[int, int] | None:
    """The quarter an earnings report is about: the one just mentioned, else the last one completed."""
    active = _active_quarter(match, context)
    if active is not None:
        return active
    if context.reference is None:
        return None
    quarter = _quarter_of(context.reference) - 1
    return (context.reference.year, quarter) if quarter else (context.reference.year - 1, 4)


def _resolve_anaphoric_quarter(match: re.Match[str], context: _Context) -> _Resolved | None:
    phrase = re.sub(r"\s+", " ", match.group(0).lower())
    unit = (match["unit"] or "").lower()
    kind = (match["kind"] or "").lower()
    year_before = bool(match["ago"]) or any(
        word in phrase for word in ("year-ago", "year-earlier", "year-before", "last year")
    )
    if match["y"]:
        if context.last_quarter is None:
            return (match["y"], "year", False) if "period" in phrase else None
        return f"{match['y']}-Q{context.last_quarter[1]}", None, True
    if unit == "period" and not kind and not year_before:
        return None  # "the period" alone is too vague
    if kind == "current" and context.reference is not None:
        anchor: tuple[int, int] | None = (context.reference.year, _quarter_of(context.reference))
    elif unit == "period" and not year_before and kind != "latest" and not _active_quarter(match, context):
        return None
    else:
        anchor = _latest_quarter(match, context)
    if anchor is None:
        return None, None, True
    year, quarter = anchor
    context.last_quarter = anchor
    context.last_quarter_end = match.end()
    if year_before:
        year -= 1
    return f"{year}-Q{quarter}", None, True


def _resolve_year_ago_adjective(match: re.Match[str], context: _Context) -> _Resolved | None:
    anchor = _active_quarter(match, context)
    if anchor is not None:
        return f"{anchor[0] - 1}-Q{anchor[1]}", None, True
    if context.reference is None:
        return None, None, True
    return str(context.reference.year - 1), "year", True


def _resolve_season(match: re.Match[str], context: _Context) -> _Resolved | None:
    season = SEASONS[match["season"].lower()]
    rel = re.sub(r"\s+", " ", (match["rel"] or "").lower())
    if match["y"] or match["spelled"]:
        year = int(match["y"]) if match["y"] else _spelled_year(match["spelled"])
        return (f"{year}-{season}", None, False) if year else None
    if not rel:
        return None  # a bare season word is too often not a date ("fall" the verb)
    if season == "FA" and rel == "the":
        return None
    if context.reference is None:
        return None, None, True
    offset = {"last": -1, "next": 1, "this past": 0, "this coming": 0}.get(rel, 0)
    if rel == "this past" and season == "WI" and context.reference.month >= 3:
        offset = 0
    return f"{context.reference.year + offset}-{season}", None, True


def _resolve_weekend(match: re.Match[str], context: _Context) -> _Resolved | None:
    reference = context.reference
    if reference is None:
        return None, None, True
    rel = re.sub(r"\s+", " ", match["rel"].lower())
    saturday = reference + datetime.timedelta(days=(5 - reference.weekday()) % 7)  # next or this Saturday
    if rel in {"last", "this past"} or (
        rel in {"the", "over the"} and reference.weekday() < 5 and _direction(context, match) != "future"
    ):
        saturday -= datetime.timedelta(weeks=1)
    elif rel == "next":
        saturday += datetime.timedelta(weeks=1) if reference.weekday() >= 5 else datetime.timedelta()
    return f"{_week(saturday)}-WE", None, True


def _holiday_date(name: str, year: int) -> datetime.date | None:
    name = re.sub(r"\s+", " ", name.lower())
    fixed = {
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
        "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
        "halloween": (10, 31), "valentine's day": (2, 14), "veterans day": (11, 11),
    }  # fmt: skip
    if name in fixed:
        month, day = fixed[name]
        return datetime.date(year, month, day)

    def nth_weekday(month: int, weekday: int, n: int) -> datetime.date:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))

    if name.startswith("thanksgiving"):
        return nth_weekday(11, 3, 4)
    if name == "labor day":
        return nth_weekday(9, 0, 1)
    if name == "memorial day":
        last = datetime.date(year, 5, 31)
        return last - datetime.timedelta(days=last.weekday())
    if name == "election day":
        return nth_weekday(11, 0, 1) + datetime.timedelta(days=1)
    return None


def _resolve_holiday(match: re.Match[str], context: _Context) -> _Resolved | None:
    if not match["name"][:1].isupper():
        return None
    reference = context.reference
    if reference is None:
        return None, None, True
    rel = (match["rel"] or "").lower()
    date = _holiday_date(match["name"], reference.year)
    if date is None:
        return None
    if rel == "last" or (not rel and date > reference and _direction(context, match) == "past"):
        date = _holiday_date(match["name"], reference.year - 1) or date
    elif rel == "next" and date <= reference:
        date = _holiday_date(match["name"], reference.year + 1) or date
    return _day(date), "day", True


def _resolve_present_ref(match: re.Match[str], context: _Context) -> _Resolved | None:
    return "PRESENT_REF", None, True


def _resolve_past_ref(match: re.Match[str], context: _Context) -> _Resolved | None:
    return "PAST_REF", None, True


def _resolve_future_ref(match: re.Match[str], context: _Context) -> _Resolved | None:
    return "FUTURE_REF", None, True


_RESOLVERS = {
    "iso_date": _resolve_iso_date,
    "slash_date": _resolve_slash_date,
    "month_day": _resolve_month_day,
    "day_month": _resolve_day_month,
    "month_year": _resolve_month_year,
    "month": _resolve_month,
    "year": _resolve_year,
    "spelled_year": _resolve_spelled_year,
    "decade": _resolve_decade,
    "century": _resolve_century,
    "weekday": _resolve_weekday,
    "day_word": _resolve_day_word,
    "this_part_of_day": _resolve_this_part_of_day,
    "ago": _resolve_ago,
    "relative_unit": _resolve_relative_unit,
    "in_the_unit": _resolve_in_the_unit,
    "unit_end": _resolve_unit_end,
    "that_year": _resolve_that_year,
    "quarter": _resolve_quarter,
    "half": _resolve_half,
    "anaphoric_quarter": _resolve_anaphoric_quarter,
    "year_ago_adjective": _resolve_year_ago_adjective,
    "season": _resolve_season,
    "weekend": _resolve_weekend,
    "holiday": _resolve_holiday,
    "present_ref": _resolve_present_ref,
    "past_ref": _resolve_past_ref,
    "future_ref": _resolve_future_ref,
}
assert set(_RESOLVERS) == set(RULES), "every rule in date_patterns needs a resolver"
