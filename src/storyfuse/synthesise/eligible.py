"""Which sentences can be shown as news: one decision for the summary, the timeline and the quotes.

Scraped text keeps things that are sentences to a splitter but not news to a reader: the stamp and
dateline a wire page opens with ("Tue Apr 28, 2009 6:19 am EDT MEXICO CITY (Reuters) -"), bylines and
editing credits, transcript and editor's notes, navigation ("Full Article"), reader comments and their
stamps, site footers (copyright, comment policy), headings in capitals, stray punctuation. A leading
stamp or dateline is cut from the sentence it opens (`trim_lead`); what is clutter as a whole is named
by `clutter_kind`. Lines that recur across several otherwise different articles of one source are that
site's boilerplate (`boilerplate`), whatever their wording.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from storyfuse.analyse.split import RUN_IN_LANGUAGES, run_in_starts
from storyfuse.extract.patterns import (
    BREADCRUMB,
    BYLINE,
    COMMENT_BOX,
    COMMENT_STAMP,
    COOKIE_BANNER,
    INTERFACE_LINE,
    LISTEN_TO,
    PROMOTION,
    READ_ALSO,
    WIRE_NAME_ONLY,
    dateline_length,
)
from storyfuse.lexicon.calendar import MONTHS, MONTHS_SHORT, TIME_ZONES, WEEKDAY_ABBREVIATIONS, WEEKDAYS
from storyfuse.lexicon.function_words import (
    ANAPHORIC_SUBJECTS,
    CONNECTIVES,
    DANGLING_WORDS,
    MENU_LABELS,
    SENTENCE_OPENERS,
)

_I = re.IGNORECASE
_WEEKDAY = rf"(?:{WEEKDAYS}|(?:{'|'.join(WEEKDAY_ABBREVIATIONS)})\.?)"
_MONTH = rf"(?:{MONTHS}|(?:{MONTHS_SHORT})\.?)"
_DAY_MONTH_YEAR = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
_DATE = rf"(?:{_WEEKDAY},?\s+)?{_DAY_MONTH_YEAR}"
_ZONE = rf"(?:{'|'.join(z.upper() for z in TIME_ZONES)})"
_CLOCK = rf"\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?\s?m\.?)?(?:\s+{_ZONE})?|\d{{4}}\s+{_ZONE}"
_LABEL = (
    r"(?:(?:page\s+)?last\s+updated|updated|update|published|posted|first\s+published)(?:\s+(?:at|on))?\s*:?"
)
# A stamp opening a sentence: a date, a clock time or both, with a label or a weekday before them.
_LEAD_STAMP = re.compile(
    rf"^(?:{_LABEL}\s*)?(?:{_DATE}(?:\s*[;,|]?\s*(?:at\s+)?(?:{_CLOCK}))?|(?:{_CLOCK})(?:\s*[;,|]?\s*{_DATE})?)"
    rf"(?:\s*[;,|]?\s*{_LABEL}\s*(?:{_CLOCK}))?[\s;,|:.-]*",
    _I,
)
# A date with a clock time inside a page's opening line: what comes before it is the page header
# ("Full Article Philippines says … MANILA | Sun May 24, 2009 12:02 pm IST MANILA (Reuters) - …").
_HEADER_STAMP = re.compile(rf"(?:{_DATE})\s*[;,|]?\s*(?:at\s+)?(?:{_CLOCK})[\s;,|:.-]*", _I)
HEADER_CHARACTERS = 200
COMMENT_STAMP_AT = 60  # characters a comment's stamp opens it within
# A labelled stamp is a page's whatever follows: "… 6 January 2011 Last updated at 01:53 GMT …"
_SHORT_DATE = rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
_LABELLED_STAMP = re.compile(
    rf"(?:{_DATE})?\s*{_LABEL}\s*(?:(?:{_CLOCK})(?:\s*,?\s*{_DATE})?|{_SHORT_DATE}\s*(?:at\s+)?(?:{_CLOCK}))"
    r"[\s;,|:.-]*",
    _I,
)
# "HOUSTON/LONDON (Reuters) -", "Jan 11 (Reuters) -": whatever opens a sentence before a wire's dash
_WIRE_LEAD = re.compile(rf"^[^()\n]{{1,60}}?\((?:{WIRE_NAME_ONLY.pattern})\)\s*[-–—:]+\s*", _I)
_HAS_CLOCK = re.compile(rf"{_CLOCK}|{_LABEL}", _I)
# a wire page's numeric stamp: "2031 03 11 06:19 JST", "2031-03-11 06:19" (a clock makes it one)
_NUMERIC_STAMP = re.compile(
    rf"^(?:19|20)\d\d([ ./-])\d{{1,2}}\1\d{{1,2}}\s+\d{{1,2}}[:.]\d{{2}}(?:\s+{_ZONE}\b)?[\s;,|:.-]*"
)
# A heading in capitals a flattened page ran into the sentence after it ("NEW CAP FOR THE WELL In
# June, BP …"): three or more words in capitals filling at least the first fourteen characters, then a
# word in lower case after its capital. Fewer or shorter words are acronyms opening a sentence ("UN
# WHO Chief …").
_LEAD_CAPITALS = re.compile(
    r"^(?=(?:[^a-z\s]*[A-Z][^a-z\s]*\s+){3})(?=[^a-z]{14})(?:[A-Z0-9][A-Z0-9'’&.:-]*\s+){3,}(?=[A-Z][a-z])"
)
_LEAD_WORDS = re.compile(r"^(?:full\s+article|advertisement|breaking(?:\s+news)?\s*:)\s+", _I)
# A photograph's credit run into the sentence after it ("Photograph: Ada Vell/AP A killer virus …"), or
# one naming only an agency ("Photograph: AP Nine new cases …")
_LEAD_CREDIT = re.compile(
    r"^(?:photograph|photo|picture|image)s?\s*:\s*"
    rf"(?:(?:[^.:/]|(?<=\b(?-i:[A-Z]))\.){{2,60}}(?:/\s*\w+)+|(?:{WIRE_NAME_ONLY.pattern}))"
    r"(?:\s+(?:images|features|pictures|photos))?\s+(?=(?-i:[A-Z]))"
    # a photographer's name alone, up to a capitalised word no sentence has second ("… Ada Vell When …")
    rf"|^(?:photograph|photo|picture)s?\s*:\s*(?-i:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,2}})\s+"
    rf"(?=(?-i:{'|'.join(sorted(SENTENCE_OPENERS))}|Of)\s)",
    _I,
)
# A gallery's caption: a day, a colon, what the picture shows, in the present ("May 28: The chief executive
# speaks …"); a chronology's entry tells what happened ("March 17: The council voted …")
_DATED_CAPTION = re.compile(rf"^{_SHORT_DATE}\s*:\s+(?-i:[A-Z])", _I)
# A picture's or a video's caption names what it shows, telling no past ("Satellite image of the port
# taken on 13 January.", "Footage from the air shows the damage"); "Images of the flood have shocked …",
# with its auxiliary, is news
_PICTURE_OF = re.compile(
    r"^(?:\w+\s+)?(?:image|photo|photograph|picture|video|footage)s?\s+(?:of|from)\b", _I
)
# an agency's credit closing a caption, or opening the line after it
_CREDIT_AT_END = re.compile(rf"\((?:{WIRE_NAME_ONLY.pattern})\)\s*\.?\s*$", _I)
_CREDIT_OPENING = re.compile(r"^\(?(?-i:AP|AFP|Reuters|Getty Images|EPA)\)?\s")
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could)\b", _I)
# the tail of a sentence split inside a ticker: "N) said on Thursday …" of "BP Plc (BP.L)(BP.N) said"
_SPLIT_TAIL = re.compile(r"^[A-Z]{1,2}\)\s")
# A verb in the past: "-ed" only as a verb of its own, not a participle of the present ("is lowered",
# "has leaked", "video provided by BP") nor an adjective opening the caption ("Weathered oil is seen")
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|made|took|came|went|began|hit|struck|left|met)\b"
    r"|(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bhas )(?<!\bhave )"
    r"\b(?-i:[a-z])\w{2,}ed\b(?!\s+by\b)",
    _I,
)
# What a picture shows, in the present: "A pump is lowered", "Workers are seen", "This image shows"
_SHOWN = re.compile(r"\b(?:is|are)\s+(?:being\s+)?(?-i:[a-z])\w+(?:ed|en|wn)\b|\b(?:shows|pictured)\b", _I)
# A page's menu label run into the sentence after it ("Help A key aide told the trial …"): only before a
# capitalised function word, which no sentence has in second place ("Help Haitian children" keeps it).
_MENU = "|".join(sorted(MENU_LABELS))
_LEAD_MENU = re.compile(
    rf"^(?i:{_MENU}|skip\s+to\s+content)\s+(?=(?:{'|'.join(sorted(SENTENCE_OPENERS))})\s)"
)
_MENU_AFTER_STAMP = re.compile(rf"^(?i:{_MENU})\s+(?=(?-i:[A-Z]))")
TITLE_RUN_IN_WORDS = (3, 15)  # the words a run-in title may have

# "MEXICO CITY |" or "LONDON, June 3 |" before a stamp: the wire page's dateline
_LEAD_PLACE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?\s*\|\s*"
)

_TRANSCRIPT = re.compile(
    r"\b(?:this\s+is\s+a\s+(?:rush\s+)?transcript|this\s+copy\s+may\s+not\s+be\s+in\s+its\s+final\s+form"
    r"|transcript\s+(?:provided|courtesy)\s+by|unedited\s+transcript)\b",
    _I,
)
_EDITORS_NOTE = re.compile(r"^\W*(?:editor'?s|editors’|editor’s)\s+note\b", _I)
_CREDITS = re.compile(
    r"^\W*(?:(?:additional\s+)?reporting\s+by|writing\s+by|editing\s+by|compiled\s+by|produced\s+by)\b"
    r"|;\s*editing\s+by\b",
    _I,
)
_FOOTER = re.compile(
    r"\b(?:all\s+rights\s+reserved|copyright\s+(?:©\s*)?\d{4}|©\s*\d{4}|may\s+not\s+be\s+(?:published|reproduced|"
    r"redistributed|rewritten)|views\s+expressed\s+in\s+the\s+comments|we\s+welcome\s+comments|your\s+comments\s+may"
    r"|this\s+discussion\s+is\s+now\s+closed|moderators?\s+retain|trust\s+principles|terms\s+of\s+(?:use|service)"
    r"|privacy\s+policy|javascript\s+must\s+be|flash\s+player|(?:leave|post)\s+a\s+comment|have\s+your\s+say)\b",
    _I,
)
# A reader's comment under its stamp: "At 11:49 am on 28 May 2010, paul wrote: …"
_COMMENT_HEAD = re.compile(r"^.{0,80}?\b\d{1,2}[:.]\d{2}\b.{0,60}?\b[\w.-]+\s+(?:wrote|said|says)\s*:", _I)
# Calls to the reader: the page asking for comments, photographs, shares
_CALL_TO_READER = re.compile(
    r"\b(?:share\s+your\s+(?:thoughts|views|stories|experiences?|pictures|photos)|send\s+us\s+(?:your|a\s+response)"
    r"|tell\s+us\s+(?:what|your|about)|let\s+us\s+know|get\s+in\s+touch|get\s+involved|your\s+comments\b"
    r"|follow\s+us\s+on|sign\s+up\s+for|an\s+error\s+occurred\s+while\s+processing)",
    _I,
)
_REPLY = re.compile(r"(?:^|\s)\|\s*reply\b|\breply\s*\|\s|\breport\s+abuse\b|\brecommend\s*\(\d+\)", _I)
_CLOCK_ANYWHERE = re.compile(rf"\b(?:{_CLOCK})", _I)
STAMP_WORDS = 8
# "Reply …", "said: …" left by a trimmed stamp, or a user name before "said:" ("quellfan77 said:")
_REPLY_OPENING = re.compile(
    r"^(?:(?i:reply)\b|(?:(?=\S*\d|[a-z])\S{2,30}\s+)?(?i:said|says|wrote|writes)\s*:)"
)
_LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 12  # fewer letters is a fragment: "*", "--", "co."
CAPITALS_SHARE = 0.8  # a heading in capitals: this share of its letters or more
BOILERPLATE_ARTICLES = 3  # a line this many articles of one source repeat...
BOILERPLATE_OVERLAP = 0.5  # ...which otherwise share less than this share of their lines
GALLERY_CAPTIONS = 3  # dated captions that make an article's dated lines a gallery


def trim_lead(text: str) -> str:
    """The sentence without the stamps, datelines and navigation words opening it ("" if nothing is left)."""
    previous = None
    while text != previous:
        previous = text
        for pattern in (_LEAD_WORDS, _LEAD_MENU, _LEAD_CREDIT, _LEAD_PLACE, _NUMERIC_STAMP, _LEAD_CAPITALS):
            text = pattern.sub("", text, count=1)
        stamp = _LEAD_STAMP.match(text)
        if stamp and _HAS_CLOCK.search(stamp.group()):  # a date alone may open a sentence
            text = text[stamp.end() :]
        header = _HEADER_STAMP.search(text, 0, HEADER_CHARACTERS)
        # a page header only when a dateline follows the stamp or a "|" leads to it: a sentence may
        # say "began on March 3, 2031 at 10:30 a.m." itself
        if (
            header
            and header.end() < len(text)
            and (dateline_length(text[header.end() :]) or text[: header.start()].rstrip().endswith("|"))
        ):
            text = text[header.end() :]
        labelled = _LABELLED_STAMP.search(text, 0, HEADER_CHARACTERS)
        if labelled and labelled.end() < len(text):
            text = text[labelled.end() :]
        if text != previous and _HAS_CLOCK.search(previous[: len(previous) - len(text)]):
            # a menu's label after the page's stamp is the page's too ("… 01:53 GMT Help BP has …")
            text = _MENU_AFTER_STAMP.sub("", text.lstrip(), count=1)
        cut = dateline_length(text) or (wire.end() if (wire := _WIRE_LEAD.match(text)) else 0)
        if 0 < cut < len(text):
            text = text[cut:]
    return text.strip()


# A story asks again of every sentence at each synthesis, after the analysis asked of its names' sentences;
# a pure function of the text, so remembered (65,536 sentences: a few MB).
@lru_cache(maxsize=1 << 16)
def clutter_kind(sentence: str) -> str | None:
    """Why a sentence cannot be shown as news, or None when it can (its lead trimmed by `trim_lead`)."""
    if _REPLY.search(sentence) or _COMMENT_HEAD.match(sentence):
        return "comment"  # the stamp over a reader's comment is trimmed like a page's: look before
    text = trim_lead(sentence)
    stamp = COMMENT_STAMP.search(text, 0, COMMENT_STAMP_AT)
    if _REPLY_OPENING.match(text) or _REPLY_OPENING.match(sentence) or (stamp and stamp.start() == 0):
        return "comment"  # a comment opens with its stamp; prose may say "March 3, 2031 at 10:30 a.m."
    labelled = _LABELLED_STAMP.search(text)
    if labelled and labelled.end() >= len(text.rstrip(" .")):
        return "stamp"  # "Digging deep after the spill Update July 13 at 2:50 p.m.": a heading and its stamp
    letters = _LETTER.findall(text)
    words = text.split()
    if len(letters) < MIN_LETTERS or _SPLIT_TAIL.match(text):
        return "fragment"
    if _TRANSCRIPT.search(text):
        return "transcript"
    if _DATED_CAPTION.match(text) and not _PAST.search(text):
        return "caption"
    if _PICTURE_OF.match(text) and not _PAST.search(text) and not _AUXILIARY.search(text):
        return "caption"
    if _EDITORS_NOTE.match(text):
        return "editor's note"
    # a byline may name its outlet and place after a comma ("By Ada Vell BBC News, Washington")
    if _CREDITS.search(text) or (len(words) <= 12 and BYLINE.match(text.replace(",", " "))):
        return "byline"
    if len(words) <= 25 and COMMENT_BOX.match(text):
        return "comment"
    if (
        _FOOTER.search(text)
        or _CALL_TO_READER.search(text)
        or COOKIE_BANNER.search(text)
        or (len(words) <= 60 and PROMOTION.search(text))
    ):
        return "footer"
    if READ_ALSO.match(text) or LISTEN_TO.match(text) or (len(words) <= 10 and INTERFACE_LINE.match(text)):
        return "navigation"
    if len(words) <= 12 and BREADCRUMB.match(text):
        return "navigation"
    if len(words) <= STAMP_WORDS and _CLOCK_ANYWHERE.search(text):
        return "stamp"  # "Tuesday in Cairo, 9:08 p.m.": a live page's time stamp
    if sum(c.isupper() for c in letters) >= CAPITALS_SHARE * len(letters):
        return "heading"
    return None


def is_news(text: str) -> bool:
    return clutter_kind(text) is None


def boilerplate(lines: Sequence[tuple[str, str | None, str]]) -> set[str]:
    """Normalised lines that are a site's boilerplate: (article id, source, text) triples of a story.

    A line is boilerplate when at least BOILERPLATE_ARTICLES articles of one source carry it while
    those articles otherwise share little: copies of one report repeat every line, a site's footer
    or teaser repeats alone.
    """
    per_article: dict[str, set[str]] = defaultdict(set)
    source_of: dict[str, str] = {}
    for article_id, source, text in lines:
        per_article[article_id].add(line_key(text))
        source_of[article_id] = source or article_id
    carriers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for article_id, keys in per_article.items():
        for key in keys:
            carriers[(source_of[article_id], key)].append(article_id)
    found = set()
    for (_, key), articles in carriers.items():
        if len(articles) < BOILERPLATE_ARTICLES or not key:
            continue
        others = {a: per_article[a] - {key} for a in articles}  # what else the carriers say
        shared = [
            len(others[a] & others[b]) / max(1, min(len(others[a]), len(others[b])))
            for i, a in enumerate(articles)
            for b in articles[i + 1 :]
        ]
        if sorted(shared)[len(shared) // 2] < BOILERPLATE_OVERLAP:
            found.add(key)
    return found


def picture_captions(lines: Sequence[str]) -> set[int]:
    """Which of one article's dated lines ("May 8: A remote operated vehicle is lowered …") are pictures'
    captions, though a word reads as a past ("remote operated", "after officials closed them"): one
    that says what a picture shows ("is lowered", "are seen", "shows") or carries an agency's credit at
    its end or right after it ("… (Reuters).", "… swimmers. AP June 23 …"); and all of them when the
    article has GALLERY_CAPTIONS or more and at least half say what a picture shows or tell no past, a
    gallery. A chronology's entries tell what happened, uncredited."""
    dated = [i for i, line in enumerate(lines) if _DATED_CAPTION.match(line)]
    captions = {
        i
        for i in dated
        if _SHOWN.search(lines[i])
        or _CREDIT_AT_END.search(lines[i])
        or (i + 1 < len(lines) and _CREDIT_OPENING.match(lines[i + 1]))
    }
    plain = sum(1 for i in dated if not _PAST.search(lines[i]) or _SHOWN.search(lines[i]))
    if len(dated) >= GALLERY_CAPTIONS and plain * 2 >= len(dated):
        return set(dated)
    return captions


def line_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


_TAG = re.compile(r"<[^<>]{0,2000}>")
_TITLE_END = re.compile(r"(?P<sep>\s+[–—-]\s+|\s*\|\s*)(?P<part>[^|–—]+)$")
_TITLE_START = re.compile(r"^(?P<part>[^|–—]+?)(?P<sep>\s+[–—-]\s+|\s*\|\s*)(?=\S)")
SITE_NAME_WORDS = 3
MAX_TITLE_WORDS = 40  # longer "titles" are a page's text, not its headline


def clean_title(title: str | None, site: str | None = None) -> str | None:
    """A title fit to head a story: markup, a dateline and the site's name removed (None when nothing
    of a headline is left)."""
    if not title:
        return None
    text = " ".join(html.unescape(_TAG.sub(" ", title)).split())
    if "<" in text or ">" in text:
        return None  # markup that does not even close: not a title
    text = trim_lead(text)
    site_words = set(line_key(site or "").split()) - {"www", "com", "co", "uk", "org", "net", "news"}

    def site_like(part: str, separator: str) -> bool:
        words = set(line_key(part).split())
        return bool(words & site_words) or ("|" in separator and len(words) <= SITE_NAME_WORDS)

    # "Oil spill widens - BBC News", "Reuters | Oil spill widens": the site's name at either end goes;
    # a dash inside a headline stays ("Obama - Clinton talks")
    while (last := _TITLE_END.search(text)) and site_like(last.group("part"), last.group("sep")):
        text = text[: last.start()]
    while (first := _TITLE_START.match(text)) and site_like(first.group("part"), first.group("sep")):
        text = text[first.end() :]
    # a short title ("Haiti quake") is no fragment, though it would be as a sentence
    kind = clutter_kind(text) if text else "fragment"
    if len(_LETTER.findall(text)) < MIN_TITLE_LETTERS or kind not in {None, "heading", "fragment"}:
        return None
    if len(text.split()) > MAX_TITLE_WORDS:
        return None
    return shorten(text, MAX_TITLE_CHARACTERS)


MAX_TITLE_CHARACTERS = 200
MIN_TITLE_LETTERS = 4


def run_in_title(text: str, language: str | None) -> str | None:
    """The title a flattened page ran into the sentence after it, when `text` opens with one of
    TITLE_RUN_IN_WORDS words; None otherwise, and for a language whose analysis does not cut run-ins
    (`analyse.split.RUN_IN_LANGUAGES`)."""
    starts = run_in_starts(text) if language in RUN_IN_LANGUAGES else []
    if not starts:
        return None
    title = text[: starts[0]].strip()
    low, high = TITLE_RUN_IN_WORDS
    words = title.split()
    # a title does not end on a word that needs more after it ("Officials said The quay …")
    ends = words[-1].lower().strip(",'’") if words else ""
    return title if low <= len(words) <= high and ends not in DANGLING_WORDS and ends else None


# A clause before a sentence's subject, to its comma: "Speaking to Channel 4, he …", "Months later, …"
_OPENING_PHRASE = re.compile(r"[^,;:.!?“”\"]{1,60},\s+")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


# "It is hoped …", "It was not clear …": an "it" that stands for nothing before it
_DUMMY_IT = re.compile(
    r"it\s+(?:is|was|has\s+been|had\s+been)\s+(?:not\s+)?(?:hoped|expected|thought|believed|feared|understood|"
    r"reported|estimated|likely|unlikely|unclear|clear|possible|too\s+early)\b",
    _I,
)


def stands_alone(sentence: str) -> bool:
    """Whether an English sentence reads without the one before it: it opens with no connective ("But
    …", "Months later, …") and its subject, past an opening phrase, is no pronoun ("Speaking to the
    council, he said …")."""
    opening = sentence.lstrip(" “\"'‘(")
    first = _FIRST_WORD.match(opening)
    if first is None or (
        first.group().lower() in CONNECTIVES | ANAPHORIC_SUBJECTS and not _DUMMY_IT.match(opening)
    ):
        return False
    phrase = _OPENING_PHRASE.match(sentence)
    if phrase is None:
        return True
    words = sentence[: phrase.end()].lower().split()
    subject = _FIRST_WORD.match(sentence, phrase.end())
    return not (
        words[-1].strip(",") in CONNECTIVES
        or (subject is not None and subject.group().lower() in ANAPHORIC_SUBJECTS)
    )


def shorten(text: str, limit: int) -> str:
    """`text` whole when it fits, else cut at the last word boundary before `limit`, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:-–—") + "…"
