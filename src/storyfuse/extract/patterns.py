"""Every clutter pattern of the extract stage in one place (like trafilatura's xpaths.py).

Patterns describe kinds of clutter, never the strings of one site: a "read also" teaser,
a comment box, a cookie banner, a block header introducing other stories.
"""

from __future__ import annotations

import re

from storyfuse.lexicon.calendar import MONTHS, MONTHS_SHORT, WEEKDAYS

_I = re.IGNORECASE

_MONTH_ANY = rf"(?:{MONTHS}|(?:{MONTHS_SHORT})\.?)"

# "Read also: …", ">> See also …", "Also Read …", "• Listen to …", "RELATED: …" — teasers for other content.
READ_ALSO = re.compile(
    r"^[\W_]*(?:(?:read|see|also\s+read|also\s+see|read\s+more|more\s+on\s+this|watch|listen(?:\s+to)?"
    r"|related(?:\s+(?:articles?|stories|story|news|content|coverage|reading))?|recommended|"
    r"suggested\s+reading|further\s+reading|don'?t\s+miss|must\s+read|click\s+here|"
    r"more\s+from|also\s+on|also\s+watch|video)\b"
    r"(?:\s+(?:also|more|too|this|next|here))?\s*(?:[:>»\-–—|]+|\s{2,}|\s+(?=[A-Z“\"'‘])))",
    _I,
)
# Lines that start like a read-also teaser but are prose: "Read more about it in our report." is rare;
# a verb phrase with a lower-case continuation ("see also that …") is prose.
LISTEN_TO = re.compile(r"^[\W_]*(?:listen\s+to|watch)\b.*(?:interview|podcast|radio|video|episode|live)", _I)

# "Published on :", "Updated :" stubs whose date was lost with the markup, and bylines of time.
PUBLISHED_STUB = re.compile(
    r"^(?:published|updated|posted|last\s+updated|modified|created|date|first\s+published)"
    r"(?:\s+(?:on|at|in))?\s*[:\-–]?\s*(?:\S{0,12}\s*){0,6}$",
    _I,
)

# A publication stamp's label before its date: "Published on : 13/09/2021", "Updated: 27/02/2025 08:14".
DATE_STAMP_LINE = re.compile(
    r"^(?P<label>published|posted|first\s+published|updated|last\s+updated|modified|date)"
    r"(?:\s+(?:on|at))?\s*[:\-–]?\s*(?=\S*\d)",
    _I,
)

# Comment boxes and their forms.
COMMENT_BOX = re.compile(
    r"^(?:leave\s+a\s+(?:reply|comment)|comments?\s+are\s+closed|post\s+a\s+comment|add\s+a\s+comment"
    r"|\d*\s*comments?$|no\s+comments?(?:\s+yet)?|be\s+the\s+first\s+to\s+comment|join\s+the\s+(?:conversation|discussion)"
    r"|your\s+email\s+address\s+will\s+not\s+be\s+published|required\s+fields\s+are\s+marked"
    r"|cancel\s+reply|you\s+must\s+be\s+logged\s+in\s+to\s+post|log\s+in\s+to\s+comment"
    r"|save\s+my\s+name,\s+email|notify\s+me\s+of\s+(?:follow-up|new)|show\s+comments|view\s+comments"
    r"|comment\s+policy|reply$|report\s+abuse)",
    _I,
)

# The stamp over each reader comment: "Jane on May 3, 2021 at 6:34 am said:", "2 days ago at 07:52 am",
# "john42 says:". A date together with a clock time, or a closing "said:"; one alone is an article's byline.
COMMENT_STAMP = re.compile(
    rf"(?:(?:{_MONTH_ANY})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTH_ANY})\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    r"|\b\d+\s+(?:minute|hour|day|week|month|year)s?\s+ago)\s*(?:at|,|@|-|\|)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:said|says|wrote|writes|replied|replies)\s*:\s*$",
    _I,
)

# Cookie and consent banners.
COOKIE_BANNER = re.compile(
    r"(?:\b(?:this|our)\s+(?:web)?site\s+uses\s+cookies|\bwe\s+use\s+cookies|\buse\s+of\s+cookies"
    r"|\bcookie\s+(?:policy|settings|preferences|consent|notice)|\baccept\s+(?:all\s+)?cookies"
    r"|you\s+can\s+opt-out\s+if\s+you\s+wish|by\s+continuing\s+to\s+(?:use|browse)\s+(?:this|our)\s+(?:web)?site"
    r"|we\s+value\s+your\s+privacy|manage\s+(?:your\s+)?(?:privacy|consent)\s+(?:settings|preferences))",
    _I,
)

# Headers that open a block of other stories: everything until the next real paragraph is clutter.
OTHER_STORIES_HEADER = re.compile(
    r"^[\W_]*(?:latest(?:\s+(?:news|stories|articles|headlines|posts|videos))?|you\s+(?:might|may)\s+(?:also\s+)?like"
    r"|recommended(?:\s+(?:for|to)\s+you|\s+stories|\s+articles|\s+reading)?|related(?:\s+(?:articles?|stories|news|posts|content|topics|coverage))?"
    r"|more\s+(?:news|stories|articles|from|in|on)\b.*|most\s+(?:read|popular|viewed|shared|commented)(?:\s+\w+)?"
    r"|trending(?:\s+(?:now|stories|news))?|popular(?:\s+(?:now|stories|posts|news))?|top\s+stories|editor'?s\s+picks?"
    r"|what\s+to\s+read\s+next|read\s+next|up\s+next|don'?t\s+miss|in\s+other\s+news|around\s+the\s+web"
    r"|sponsored(?:\s+(?:content|stories|links))?|promoted(?:\s+stories|\s+content)?|from\s+around\s+the\s+web"
    r"|you\s+might\s+be\s+interested\s+in|see\s+more|more\s+like\s+this|previous\s+(?:post|article)|next\s+(?:post|article)"
    r"|tags?|topics?|share\s+this(?:\s+(?:article|story|post))?|follow\s+us(?:\s+on\s+\w+)?|newsletter|subscribe.*"
    r"|advertisement|sign\s+up.*|comments?)[\W_]*$",
    _I,
)

# Short interface strings a scraper keeps: share buttons, ads, skip links, photo credits.
INTERFACE_LINE = re.compile(
    r"^[\W_]*(?:advertisement|advertising|ad|sponsored|share(?:\s+(?:on|via)\s+\w+)?|tweet|email|print|copy\s+link"
    r"|facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram|messenger|skip\s+to\s+(?:main\s+)?content"
    r"|close|menu|search|home|login|log\s+in|sign\s+in|register|subscribe(?:\s+now)?|back\s+to\s+top|loading\.*"
    r"|image\s+(?:copyright|caption|source)\b.*|(?:photo|image|picture|credit)s?\s*:.*|getty\s+images|file\s+photo"
    r"|enlarge\s+this\s+image|toggle\s+caption|hide\s+caption|click\s+to\s+(?:enlarge|expand)|view\s+(?:gallery|image)"
    r"|play\s+video|watch\s+video|video|audio|listen|read\s+more|continue\s+reading|show\s+more|load\s+more"
    r"|all\s+rights\s+reserved.*|©.*|copyright\s+©?.*)[\W_]*$",
    _I,
)

# Newsletter and subscription promotions, and CMS shortcodes left in the text ("[button …]…[/button]").
PROMOTION = re.compile(
    r"\b(?:sign\s+up|subscribe|subscription)\b.{0,120}\b(?:newsletter|today|now|free|issues?|inbox|delivered)\b"
    r"|\bdelivered\s+(?:to|through)\s+your\s+(?:inbox|letterbox|door)|^click\s+here\b|^\[/?[A-Za-z_]\w*[^\]]*\]",
    _I,
)

# The company profile closing a press release: "Acme is a global provider of … headquartered in … employs …".
COMPANY_PROFILE = re.compile(
    r"^(?:about\s+[^.:]{1,40}[:.\-–]\s*)?[A-Z][\w&.'’\- ]{1,60}?(?:\s*\([^)]{1,40}\))?"
    r"\s+(?:is|are)\s+(?:a|an|the)\s+"
    r"(?:[\w\-’']+\s+){0,6}?(?:provider|company|firm|group|organi[sz]ation|manufacturer|developer|maker|supplier"
    r"|leader|platform|agency|network|publisher|operator|producer|brand|bank|retailer|specialist)s?\b"
)
COMPANY_FACTS = re.compile(
    r"\b(?:headquartered|head\s+office|subsidiaries|employs|employees|listed\s+on|founded\s+in|for\s+more"
    r"\s+information|www\.|stock\s+exchange)\b",
    _I,
)

# Spam lists pasted under articles: download/mp3/casino/loan advertising.
SPAM_LINE = re.compile(
    r"\b(?:mp3|zip|torrent|download\s+free|free\s+download|casino|viagra|payday\s+loans?|crack\s+keygen|porn)\b",
    _I,
)

# Embedded social-media attribution, e.g. "– Jane Roe (@janeroe) March 3, 2021" (tweet embeds).
SOCIAL_ATTRIBUTION = re.compile(
    rf"(?:^|(?<=\s))[—–\-]?\s*[^\n()]{{0,80}}?\(@\w{{1,30}}\)\s+{_MONTH_ANY}\s+\d{{1,2}},\s+\d{{4}}\s*",
    _I,
)
TWITTER_PIC = re.compile(r"\s*pic\.twitter\.com/\w+", _I)

# Standalone wire credit lines: "With AFP", "(and with agencies)", "— Reuters", "Source: AP".
WIRE_NAMES: dict[str, str] = {
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "bloomberg": "Bloomberg",
    "upi": "UPI",
    "pa": "PA",
    "press association": "PA",
    "adnkronos": "Adnkronos",
    "belga": "Belga",
    "ats": "ATS",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "anadolu": "Anadolu",
    "agencies": "agencies",
    "wires": "agencies",
    "wire services": "agencies",
    "news agencies": "agencies",
}
_WIRE_ALT = "|".join(sorted((re.escape(k) for k in WIRE_NAMES), key=len, reverse=True))
WIRE_CREDIT_LINE = re.compile(
    rf"^[\s(\[—–\-]*(?:(?:and\s+)?with|source[s]?\s*:?|by|via|from|\(?c\)?|©)?\s*(?:the\s+)?"
    rf"(?P<names>(?:{_WIRE_ALT})(?:\s*(?:,|/|and|&)\s*(?:the\s+)?(?:{_WIRE_ALT}))*)"
    rf"(?:\s+contributed(?:\s+to\s+this\s+report)?)?[\s)\].]*$",
    _I,
)
WIRE_NAME_ONLY = re.compile(rf"(?:{_WIRE_ALT})", _I)
# Datelines naming a wire: "GENEVA (Reuters) -", "Paris, Jan 21 (AFP) —".
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'\-]{1,40}(?:,\s*[A-Za-z]{3,9}\.?\s+\d{1,2})?\s*"
    rf"\((?i:(?P<names>{_WIRE_ALT}))\)\s*[—–\-:]",
)
# A dateline or byline opening a paragraph, before its first sentence: "WASHINGTON |", "NEW ORLEANS --",
# "VENICE, Louisiana |", "GENEVA (Reuters) -", "Paris, Jan 21 (AFP) —", "Geneva | …". A single dash
# needs a wire in brackets or a place in capitals: "Moscow - Washington talks" opens a sentence.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"(?:\s*,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:\s+\d{1,2})?)?"
    r"\s*(?P<wire>\([^()\n]{2,30}\))?"
    r"\s*(?:(?P<strong>\||--)|(?P<dash>[—–-]))\s+(?=[\"“‘'(]?[A-Z0-9])"
)
# "… reported by Reuters" / "Reuters contributed reporting" inside a closing line.
WIRE_CONTRIBUTED = re.compile(rf"\b(?P<names>{_WIRE_ALT})\s+contributed\s+(?:to\s+)?(?:this\s+)?report", _I)


def dateline_length(paragraph: str) -> int:
    """Characters of the dateline or byline opening `paragraph` (see DATELINE), 0 when none."""
    match = DATELINE.match(paragraph)
    if match is None:
        return 0
    place = match.group("place")
    if match.group("dash") and not (match.group("wire") or (place.isupper() and len(place) >= 5)):
        return 0  # "US - Russia talks", "NATO - …": an acronym and a dash may open a sentence
    return match.end()


# A line that is only a date, like a page banner: "Friday, May 27", "27 May 2022", "2022-05-27".
DATE_ONLY_LINE = re.compile(
    rf"^(?:(?:{WEEKDAYS}),?\s+)?(?:{_MONTH_ANY}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_ANY})"
    rf"(?:,?\s+\d{{4}})?(?:\s*[,|\-–]?\s*\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?)?\s*$"
    r"|^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$",
    _I,
)
# A time stamp or an ago-stamp: "10:53 a.m.", "3 hours ago".
TIME_STAMP = re.compile(
    r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?\s*[:\-–]?\s*|^\d+\s+(?:second|minute|hour|day|week|month)s?\s+ago$",
    _I,
)

# A line ending like a sentence.
SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]。！？」』]\s*$")
# Scripts written without spaces between words.
UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# A sentence boundary inside a line: "… end. Next …".
INNER_SENTENCE_END = re.compile(r"\w[.!?。！？][\"”’»)]?\s+\S|[。！？]")
# Teaser text cut by the site: ends with an ellipsis.
TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
# Breadcrumb trails: "Home > World > Europe", "News / World".
BREADCRUMB = re.compile(r"^(?:[\w&' ]{1,25}\s*(?:>|»|/|›|\|)\s*){1,6}[\w&' ]{1,40}$")
# Bylines and author stubs.
BYLINE = re.compile(r"^(?:by|written\s+by|author|reporting\s+by|edited\s+by)\s*:?\s+[\w.'\- ]{2,60}$", _I)

# A word: a run of letters and digits, except that each Chinese or Japanese character counts as one,
# since those scripts put no spaces between words: a 300-character Chinese report is some 200 words,
# not the dozen runs between its commas (6 of the 31 Chinese texts of bench/translations.py were
# dropped as stubs; none is now).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
