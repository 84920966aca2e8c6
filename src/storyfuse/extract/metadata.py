"""Article metadata from text: titles without site names, sites from URLs, dates (with method and
confidence), wire credits, language. The HTML page's own cues are read in html_meta.py.

Each field is decided from several cues, the surest first (news-please's comparer idea): explicit
dates before weekday-only mentions, content before page banners.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from storyfuse.extract import patterns
from storyfuse.lexicon.calendar import (
    MONTH_NAMES,
    MONTH_NUMBER,
    MONTHS,
    MONTHS_SHORT,
    WEEKDAY_NAMES,
    WEEKDAY_NUMBER,
    WEEKDAYS,
)
from storyfuse.lexicon.function_words import STOPWORDS
from storyfuse.model import DateGuess

# --- site and title -------------------------------------------------------------------------

_SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.", "edition.", "en.")


def host_name(url: str | None) -> str | None:
    """The host of `url` ("https://News.Example.org/a" → "news.example.org"), None when it has none."""
    if not url:
        return None
    try:
        return urlparse(url if "//" in url else f"//{url}").hostname or None
    except ValueError:  # "http://[oops/story": an unclosed IPv6 bracket, or a host NFKC turns into a URL
        return None


def site_from_url(url: str | None) -> str | None:
    """The publisher's registered domain: "https://news.example.co.uk/a" → "example.co.uk".

    The public suffix list is the snapshot bundled with the `tld` package (no network). A host under
    no known suffix (a test domain, an intranet name) keeps its name without www-like prefixes.
    """
    host = host_name(url)
    if not host:
        return None
    from tld import get_fld  # loads the suffix list, once per process

    registered = get_fld(host, fix_protocol=True, fail_silently=True)
    if isinstance(registered, str):
        return registered
    for prefix in _SITE_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host


TITLE_SEPARATORS = re.compile(r"\s+[|–—·:\-]\s+|\s+[|»«]\s*|\s*[|»«]\s+")


def clean_title(title: str | None, site: str | None = None) -> str | None:
    """Drop a site name glued to a title ("Talks resume - The Daily Example"); never return the site."""
    if not title:
        return None
    title = re.sub(r"\s+", " ", title).strip()
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        site_words = set(_words(site or ""))
        host_core = _host_core(site)

        def names_site(part: str) -> bool:
            words = set(_words(part))
            squashed = "".join(_words(part))
            return bool(words) and (words <= site_words or (host_core is not None and host_core in squashed))

        # A trailing part that names the site, or is as short as a site name, is dropped; a leading
        # part only when it names the site ("Example News | Talks resume").
        while (
            len(parts) > 1
            and len(parts[-1]) < len(parts[0])
            and (names_site(parts[-1]) or len(_words(parts[-1])) <= 3)
        ):
            parts.pop()
        while len(parts) > 1 and names_site(parts[0]) and len(parts[0]) < len(parts[-1]):
            parts.pop(0)
        title = " - ".join(parts) if len(parts) > 1 else parts[0]
    if site and squash(title) in {squash(site), _host_core(site) or ""}:
        return None
    return title or None


def _host_core(site: str | None) -> str | None:
    if not site:
        return None
    labels = site.lower().split(".")
    return labels[-2] if len(labels) >= 2 else labels[0]


def _words(text: str) -> list[str]:
    return patterns.WORD.findall(text.lower())


def squash(text: str) -> str:
    return "".join(_words(text))


# --- dates in URLs ----------------------------------------------------------------------------

_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])")


def url_date(url: str | None) -> str | None:
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    return _safe_iso(int(match[1]), int(match[2]), int(match[3]))


# --- date parsing ----------------------------------------------------------------------------

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{MONTHS}|(?:{MONTHS_SHORT})\.?)\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTHS}|(?:{MONTHS_SHORT})\.?),?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_WEEKDAY_DAY_MONTH = re.compile(
    rf"\b(?P<weekday>{WEEKDAYS}),?\s+(?:(?P<month1>{MONTHS})\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?:the\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{MONTHS}))\b(?!,?\s+\d{{4}})",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(rf"\b({WEEKDAYS})\b", re.IGNORECASE)


def _safe_iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTH_NUMBER[name.lower().rstrip(".")]


def to_iso_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date as written, or None when it cannot be read."""
    if not value:
        return None
    match = _ISO.match(value)
    if match:
        return _safe_iso(int(match[1]), int(match[2]), int(match[3]))
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        found = pattern.search(value)
        if found:
            return _safe_iso(int(found["year"]), _month(found["month"]), int(found["day"]))
    try:
        return datetime.strptime(value.strip()[:31], "%a, %d %b %Y %H:%M:%S %z").date().isoformat()
    except ValueError:
        pass
    import dateparser  # slow to import; only for dates written in unusual ways

    # Guessing the language among all of dateparser's locales costs up to seconds a call: English is
    # tried first, the other languages only for a short text with a year ("le 3 mars 2021").
    settings = {"STRICT_PARSING": True}
    parsed = dateparser.parse(value[:100], languages=["en"], settings=settings)
    if parsed is None and len(value) <= 40 and re.search(r"\b(?:19|20)\d{2}\b", value):
        parsed = dateparser.parse(value, settings=settings)
    return parsed.date().isoformat() if parsed else None


def full_dates(text: str) -> list[str]:
    """Every complete date (day, month and year) written in `text`, in order."""
    found: list[tuple[int, str]] = []
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        for match in pattern.finditer(text):
            iso = _safe_iso(int(match["year"]), _month(match["month"]), int(match["day"]))
            if iso:
                found.append((match.start(), iso))
    return [iso for _, iso in sorted(found)]


def _year_for(weekday: int, month: int, day: int, near: int, ceiling: str) -> int | None:
    """The year nearest `near` in which day/month falls on `weekday`, never after `ceiling`.

    A weekday fits one year in about six: without the ceiling the nearest fit is as often a future
    year as a past one, and a story is never published after it is read.
    """
    for offset in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6):
        year = near + offset
        iso = _safe_iso(year, month, day)
        if iso and iso <= ceiling and date.fromisoformat(iso).weekday() == weekday:
            return year
    return None


def _weekday_dates(text: str, near_year: int, ceiling: str) -> list[str]:
    """Dates written as weekday + day + month without a year ("Friday January 21"), resolved."""
    found: list[str] = []
    for match in _WEEKDAY_DAY_MONTH.finditer(text):
        month = _month(match["month1"] or match["month2"])
        day = int(match["day1"] or match["day2"])
        year = _year_for(WEEKDAY_NUMBER[match["weekday"].lower()], month, day, near_year, ceiling)
        if year is not None:
            iso = _safe_iso(year, month, day)
            if iso:
                found.append(iso)
    return found


_DATELINE_PREFIX = 80  # a dateline date sits at the very start of a paragraph


def _dateline_date(body: list[str]) -> str | None:
    """A date opening one of the first paragraphs: "ELMSBY, March 3, 2023 (AFP) –", "March 3, 2023 —"."""
    for paragraph in body[:3]:
        head = paragraph[:_DATELINE_PREFIX]
        for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
            match = pattern.search(head)
            if match and re.match(r"\s*(?:\([^)]{1,30}\))?\s*[—–\-:|]", head[match.end() :]):
                return _safe_iso(int(match["year"]), _month(match["month"]), int(match["day"]))
    return None


WEEKDAY_GUESS_CONFIDENCE = 0.6  # a weekday date whose year no date of the page's own supports


def text_date(
    header: list[str], body: list[str], crawled: str | None = None, embedded: list[str] | None = None
) -> DateGuess | None:
    """The publication date of a plain-text article, with how it was found.

    `header` holds the lines above the body (banners, stubs), `body` the article's own lines and
    `embedded` the dates of social-media embeds cut out of it. Dates written in the prose are often
    history ("the summit of June 16, 2021"): they only tell which year weekday mentions belong to.
    A header date is a page banner, possibly the day the page was scraped: it counts only when the
    story itself does not point elsewhere.
    """
    # A story is not published after it was crawled, nor after today.
    ceiling = (to_iso_date(crawled) if crawled else None) or date.today().isoformat()

    def possible(day: str) -> bool:
        return day <= ceiling

    body_text = "\n".join(body)
    dateline = _dateline_date(body)
    if dateline and possible(dateline):
        return DateGuess(dateline, "dateline", 0.85)
    stamped = [(d, label) for d, label in _stamp_dates(header) if possible(d)]
    if stamped and stamped[0][1] == "published":
        return DateGuess(stamped[0][0], "published-line", 0.85)
    cues = sorted(d for d in (embedded or []) if possible(d))
    mentioned = [d for d in full_dates(body_text) if possible(d)]
    hint = max(cues or [d for d, _ in stamped] or mentioned or [ceiling])
    weekday_dated = [d for d in _weekday_dates(body_text, int(hint[:4]), ceiling) if possible(d)]
    if weekday_dated:
        # The weekday fixes the year only near a year the page gives of itself (an embed, a stamp) or
        # the day it was crawled. Near a date of the prose (maybe a birth date: "April 22, 1923") or
        # near today (the page may be years old) it is a guess, and a guess must not gate linking.
        own_year = bool(cues or stamped or crawled)
        return DateGuess(max(weekday_dated), "weekday+month", 0.8 if own_year else WEEKDAY_GUESS_CONFIDENCE)
    if stamped:
        return DateGuess(stamped[0][0], "updated-line", 0.7)
    if cues:
        latest = date.fromisoformat(cues[-1])
        named = {m.lower() for m in _WEEKDAY.findall(body_text)}
        # An embed is posted shortly before the story: the story's own weekday, if named, dates it.
        for shift in (3, 2, 1):
            day = latest + timedelta(days=shift)
            if WEEKDAY_NAMES[day.weekday()] in named and possible(day.isoformat()):
                return DateGuess(day.isoformat(), "dated-embed+weekday", 0.6)
        return DateGuess(latest.isoformat(), "dated-embed", 0.5)
    dated_lines = [d for d in _header_dates(header) if possible(d)]
    if dated_lines:
        # A complete date standing alone over the story ("Saturday 1 March 2025") is its date line.
        return DateGuess(dated_lines[0], "page-header", 0.6)
    banners = [d for line in header for d in _weekday_dates(line, int(hint[:4]), ceiling) if possible(d)]
    if banners:
        # A yearless banner ("Friday, May 27") may be the day the page was scraped, not the story's.
        banner = banners[0]
        if _contradicts(banner, body_text):
            return None
        return DateGuess(banner, "page-header", 0.4)
    return None


def _header_dates(header: list[str]) -> list[str]:
    """Complete dates on header lines that hold nothing else (a weekday, a time may go with them)."""
    found: list[str] = []
    for line in header:
        if patterns.DATE_ONLY_LINE.match(line.strip()):
            found.extend(full_dates(line))
    return found


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def _numeric_date(text: str) -> str | None:
    """A date written in digits: ISO, or day/month/year (month/day/year when the first number is no month)."""
    match = _NUMERIC_DATE.search(text)
    if not match:
        return None
    if match[4]:
        return _safe_iso(int(match[4]), int(match[5]), int(match[6]))
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    # Day first unless that is impossible: most of the world writes 13/09/2021.
    return _safe_iso(year, second, first) or _safe_iso(year, first, second)


def _stamp_dates(header: list[str]) -> list[tuple[str, str]]:
    """Dates on "Published on : 13/09/2021" or "Updated: 27/02/2025 08:14" lines, with their label."""
    found: list[tuple[str, str]] = []
    for line in header:
        match = patterns.DATE_STAMP_LINE.match(line.strip())
        if not match:
            continue
        rest = line[match.end() :]
        written = full_dates(rest)
        value = written[0] if written else _numeric_date(rest)
        if value:
            updated = match["label"].lower().startswith(("updated", "last", "modified"))
            found.append((value, "updated" if updated else "published"))
    # Published dates first: an update says when the page changed, not when the story came out.
    return sorted(found, key=lambda item: item[1] != "published")


def _contradicts(banner: str, body_text: str) -> bool:
    """Whether the story's own cues disagree with a banner date.

    The story names months as its present ("exercises in January and February", "Friday 21 January"):
    when it names other months and never the banner's month, the banner is the page's day, not the story's.
    """
    named = Counter(m.lower() for m in re.findall(rf"\b({MONTHS})\b", body_text, re.IGNORECASE))
    if not named:
        return False
    banner_month = MONTH_NAMES[int(banner[5:7]) - 1]
    return banner_month not in named


# --- credits ---------------------------------------------------------------------------------


def credit_line(line: str) -> list[str] | None:
    """The agencies a standalone credit line names ("With AFP" → ["AFP"]), or None for other lines."""
    if len(line) > 80:
        return None
    match = patterns.WIRE_CREDIT_LINE.match(line)
    if not match:
        return None
    stripped = line.strip(" ()[]—–-.")
    # A bare "AP" or "PA" line is a credit only in upper case; "ap" could be anything.
    names = [patterns.WIRE_NAMES[n.lower()] for n in patterns.WIRE_NAME_ONLY.findall(match["names"])]
    if stripped.lower() in {"ap", "pa", "ats", "upi"} and not stripped.isupper():
        return None
    return _unique(names)


def inline_credits(text: str) -> list[str]:
    """Agencies credited inside paragraphs: datelines "GENEVA (Reuters) -", "AFP contributed to …"."""
    names: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        # both patterns need a word the paragraph rarely holds: look for it before the costly match
        match = patterns.WIRE_DATELINE.match(paragraph) if "(" in paragraph else None
        if match:
            names.append(patterns.WIRE_NAMES[match["names"].lower()])
        if "contributed" in paragraph.lower():
            for found in patterns.WIRE_CONTRIBUTED.finditer(paragraph):
                names.append(patterns.WIRE_NAMES[found["names"].lower()])
    return _unique(names)


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


# --- authors ---------------------------------------------------------------------------------

MAX_AUTHORS = 5
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:by|written\s+by|posted\s+by|reporting\s+by|author\s*:?)\s+", re.IGNORECASE
)
_NAME_PARTICLES = frozenset(
    {"de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "al", "bin", "ibn"}
)


def author_names(byline: str, site: str | None = None) -> list[str]:
    """The people a byline names ("By Jane Roe and John Doe" → both); the site itself is no author."""
    names: list[str] = []
    for piece in re.split(r"[,;]|\s+and\s+|\s*&\s*", _BYLINE_PREFIX.sub("", byline), flags=re.IGNORECASE):
        name = _person(piece)
        if name and site and squash(site) in squash(name):
            # "Mike Whalley BBC Sport": the site glued to the name; "BBC Sport" alone: no name
            name = _person(name[: len(name) - len(site)]) if name.endswith(site) else None
        if name and name.lower() not in {known.lower() for known in names}:
            names.append(name)
    return names[:MAX_AUTHORS]


def _person(text: str) -> str | None:
    text = _BYLINE_PREFIX.sub("", " ".join(text.split())).strip(" ,|-–—")
    words = text.split()
    if not 1 <= len(words) <= 6 or re.search(r"https?:|www\.|\.com\b|@|\d", text):
        return None
    # A name's words are capitalised but for particles ("Ludwig van Beethoven"); "Google profile" is a label.
    if any(word[:1].islower() and word.lower() not in _NAME_PARTICLES for word in words):
        return None
    return text


# --- language --------------------------------------------------------------------------------

LANGUAGE_SAMPLE = 2000  # characters identified: py3langid's time grows with them, its answer hardly does
MIN_LANGUAGE_PROBABILITY = 0.5


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the language of `text`, or None when too short to tell.

    py3langid (97 languages, its model inside the wheel; the `languages` extra) when installed: right
    on 2,494 of the 2,500 SemEval-2022 texts in eight languages, where the function-word cover below,
    which only knows seven European languages, is right on 1,694 (docs/BENCHMARKS.md).
    """
    sample = text[:LANGUAGE_SAMPLE]
    if len(sample.strip()) < 40:
        return None
    identifier = _language_identifier()
    if identifier is not None:
        language, probability = identifier.classify(sample)
        if probability >= MIN_LANGUAGE_PROBABILITY:
            return str(language)
    return _function_word_language(sample)


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    """py3langid's identifier with probabilities, loaded once per process; None when not installed."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _function_word_language(text: str) -> str | None:
    """The language whose commonest words cover most of `text` (a few European languages), or None."""
    words = _words(text)
    if len(words) < 8:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) / len(words) for lang, stop in STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 0.08 else None
