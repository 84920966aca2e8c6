"""Clean an article that arrives as plain text: a line-level clutter classifier.

The markup is gone and the clutter stayed (and often the encoding went wrong: mojibake is repaired
first). Each line is judged by what it looks like (length, closing punctuation, share of function
words, list-ness, casing), by explicit clutter patterns (patterns.py), and by where it stands: the
article body is the stretch of the text where prose outweighs everything else (a maximum-sum segment
over per-line scores) below the second copy of the page title (the headline over the article) and
above any reader-comment thread; the title sits above it, credits and blocks of other stories below it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from storyfuse.bounds import LONG_LINE_NOTE, MAX_LINE_CHARS, bound_line
from storyfuse.extract import metadata, patterns
from storyfuse.extract.encoding import repair_mojibake
from storyfuse.lexicon.function_words import DANGLING_WORDS, FUNCTION_WORDS
from storyfuse.model import Block, Extracted

MIN_BODY_WORDS = 30  # less than this is not an article (a stub, an index page, nothing left)
COMMENT_GAP = 12  # most lines between two comment stamps of one thread


@dataclass
class Line:
    """One line of the input with the features the classifier looks at."""

    text: str
    function_words: frozenset[str] = FUNCTION_WORDS
    words: list[str] = field(default_factory=list)
    clutter: str | None = None  # which kind of clutter a pattern recognised, if any
    credits: list[str] = field(default_factory=list)
    n_words: int = 0
    function_share: float = 0.0
    ends_sentence: bool = False
    is_prose: bool = False

    def __post_init__(self) -> None:
        if not self.words:  # given when the caller split the text already (lines_of)
            self.words = patterns.WORD.findall(self.text)
        self.n_words = len(self.words)
        if self.words:
            found = map(self.function_words.__contains__, map(str.lower, self.words))
            self.function_share = sum(found) / self.n_words
        self.ends_sentence = bool(patterns.SENTENCE_END.search(self.text))
        self.is_prose = self._reads_as_prose()

    def _reads_as_prose(self) -> bool:
        """Running text, not a label, a headline or a menu item."""
        # Scripts written without spaces (Chinese, Japanese) count characters instead of words.
        unspaced = len(patterns.UNSPACED_SCRIPT.findall(self.text))
        size = self.n_words + unspaced // 2
        if size < 6 or (patterns.TRUNCATED.search(self.text) and size < 40):
            return False
        if size >= 25:
            return self.function_share >= 0.06 or len(patterns.INNER_SENTENCE_END.findall(self.text)) >= 1
        return self.ends_sentence and size >= 8 and (self.function_share >= 0.15 or size > self.n_words)


def document_function_words(lines: list[str]) -> frozenset[str]:
    """The document's own commonest short words (its language's function words) plus the known ones."""
    return _function_words([patterns.WORD.findall(line) for line in lines])


def _function_words(words: list[list[str]]) -> frozenset[str]:
    counts = Counter(w.lower() for line in words for w in line if len(w) <= 4)
    common = {w for w, n in counts.most_common(30) if n >= 3 and not w.isdigit()}
    return FUNCTION_WORDS | common


def lines_of(texts: list[str]) -> list[Line]:
    """The lines of one document, judged against its own function words; each text is split once."""
    words = [patterns.WORD.findall(text) for text in texts]
    function_words = _function_words(words)
    return [Line(text, function_words, found) for text, found in zip(texts, words, strict=True)]


# --- splitting and joining lines ------------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\u00a0\u200b]+", " ", raw).strip()
        if line:
            lines.append(line)
    return lines


def _split_social_attributions(lines: list[str], removed: list[str]) -> list[str]:
    """Cut embed attributions ("– Jane Roe (@janeroe) May 3, 2021") out of the text they are glued to."""
    out: list[str] = []
    for line in lines:
        if "(@" not in line and "pic.twitter" not in line.lower():  # what both patterns need: a fast skip
            out.append(line)
            continue
        line = patterns.TWITTER_PIC.sub("", line)
        while True:
            match = patterns.SOCIAL_ATTRIBUTION.search(line)
            if not match:
                break
            removed.append(match.group(0).strip())
            before, line = line[: match.start()].strip(), line[match.end() :].strip()
            if before:
                out.append(before)
        if line:
            out.append(line)
    return out


_JOINS_LEFT = re.compile(r"^[,.;:!?)\]}%’'”»]|^[a-z]")


def _continues(previous: str, current: str, following: str | None) -> bool:
    """Whether `current` is a piece of the paragraph `previous` (a link or an emphasis cut out of it)."""
    if patterns.SENTENCE_END.search(previous) and not previous.endswith((",", ":")):
        return bool(re.match(r"^[,;)\]%]", current))
    if _JOINS_LEFT.match(current) and not current.startswith(("•", "-")):
        return True
    last_word = previous.rsplit(" ", 1)[-1].lower()
    short = len(current.split()) <= 6
    if short and (last_word in DANGLING_WORDS or previous.endswith((",", "(", "“", '"', "—", "–"))):
        return True
    # "… the report by" / "Jane Roe" / ", a spokeswoman, said" — a short piece between two pieces.
    return short and following is not None and bool(re.match(r"^[,.;:)]", following))


_TAIL = 200  # what `_continues` reads of the paragraph so far: its last word and closing characters


def _join_fragments(lines: list[str]) -> list[str]:
    """Lines with the fragments cut out of a paragraph joined back to it; none grows past
    MAX_LINE_CHARS by joining. Each paragraph is assembled once, so the cost is linear."""
    joined: list[list[str]] = []  # each paragraph's pieces, glue included
    tail = ""
    length = 0
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if joined and length + 1 + len(line) <= MAX_LINE_CHARS and _continues(tail, line, following):
            glue = "" if re.match(r"^[,.;:!?)\]}%]", line) or tail.endswith(("(", "“")) else " "
            joined[-1] += [glue, line]
            length += len(glue) + len(line)
            tail = (tail + glue + line)[-_TAIL:]
        else:
            joined.append([line])
            length = len(line)
            tail = line[-_TAIL:]
    return ["".join(pieces) for pieces in joined]


# --- per-line classification --------------------------------------------------------------------


def clutter_kind(line: Line) -> str | None:
    text = line.text
    if patterns.COOKIE_BANNER.search(text):
        return "cookie"
    if line.n_words <= 25 and patterns.COMMENT_BOX.match(text):
        return "comment-box"
    if line.n_words <= 40 and (patterns.READ_ALSO.match(text) or patterns.LISTEN_TO.match(text)):
        return "read-also"
    if line.n_words <= 8 and patterns.PUBLISHED_STUB.match(text):
        return "published-stub"
    if line.n_words <= 8 and patterns.OTHER_STORIES_HEADER.match(text):
        return "other-stories"
    if line.n_words <= 10 and patterns.INTERFACE_LINE.match(text):
        return "interface"
    if line.n_words <= 60 and patterns.PROMOTION.search(text):
        return "promotion"
    if patterns.SPAM_LINE.search(text) and not line.is_prose:
        return "spam"
    if line.n_words <= 12 and patterns.DATE_ONLY_LINE.match(text):
        return "date"
    if patterns.TIME_STAMP.match(text) and line.n_words <= 6:
        return "timestamp"
    if line.n_words <= 12 and patterns.BREADCRUMB.match(text) and not line.ends_sentence:
        return "breadcrumb"
    if line.n_words <= 12 and patterns.BYLINE.match(text):
        return "byline"
    credits = metadata.credit_line(text)
    if credits:
        line.credits = credits
        return "credit"
    return None


def _score(line: Line) -> float:
    """How much a line pulls the body segment towards itself: prose positive, the rest negative."""
    if line.clutter is not None:
        return -3.0
    if line.is_prose:
        return float(min(line.n_words, 80))
    if patterns.TRUNCATED.search(line.text):
        return -4.0
    return -2.0 if line.n_words <= 3 else -1.0 - 0.1 * min(line.n_words, 20)


def _best_segment(scores: list[float]) -> tuple[int, int] | None:
    """The maximum-sum run of scores (Kadane), as [start, end)."""
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for index, value in enumerate(scores):
        if running <= 0:
            running, start = value, index
        else:
            running += value
        if running > best:
            best, best_span = running, (start, index + 1)
    return best_span


# --- title ------------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(patterns.WORD.findall(text.lower()))


def similar_title(line: str, title: str) -> bool:
    """The same title, a truncated copy of it, or the title glued to a breadcrumb."""
    a, b = _norm(line), _norm(title)
    if not a or not b:
        return False
    if a == b:
        return True
    trimmed = re.sub(r"(?:\.\.\.|…)\s*$", "", line).strip()
    ta = _norm(trimmed)
    shorter, longer = (ta, b) if len(ta) <= len(b) else (b, ta)
    if len(shorter) >= 0.5 * len(longer) and len(shorter.split()) >= 4:
        if shorter in longer:
            return True
        # Word overlap: a copy with a word or two lost or a prefix glued on.
        sa, sb = set(shorter.split()), set(longer.split())
        return len(sa & sb) >= 0.85 * len(sa)
    return False


def _is_title_like(line: Line) -> bool:
    return (
        line.clutter is None
        and 3 <= line.n_words <= 30
        and not line.text.endswith((".", ",", ";"))
        and not patterns.TRUNCATED.search(line.text)
        and not line.text[:1].islower()
    )


def _pick_title(header: list[Line]) -> Line | None:
    candidates = [line for line in header if _is_title_like(line)]
    if not candidates:
        return None
    # A line repeated in the header is the title (the page shows it twice: tab and headline).
    norms = [_norm(line.text) for line in candidates]
    for line, norm in zip(candidates, norms, strict=True):
        if norms.count(norm) > 1:
            return line
    # Otherwise the most complete one: a longer line that contains a shorter one wins.
    return max(candidates, key=lambda line: (line.n_words >= 5, line.n_words))


def _site_name(header: list[Line], title: Line | None) -> str | None:
    """A site name written above the title: a short capitalised label, not a date or a menu word."""
    for line in header:
        if line is title:
            return None
        if (
            line.clutter is None
            and 1 <= line.n_words <= 4
            and not re.search(r"[\d.,:;!?]", line.text)
            and all(w[:1].isupper() for w in line.words)
        ):
            return line.text
    return None


# --- the body ---------------------------------------------------------------------------------------


def _is_heading(lines: list[Line], index: int) -> bool:
    """A subheading: short, unpunctuated like a headline, with prose after it."""
    line = lines[index]
    if line.clutter is not None or not 1 <= line.n_words <= 15:
        return False
    if (
        re.search(r"[.,;][\"”’»]?$", line.text)
        or line.text[:1].islower()
        or patterns.TRUNCATED.search(line.text)
    ):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and following.clutter is None and following.is_prose


def drop_other_story_blocks(lines: list[Line]) -> None:
    """After a header like "Latest news", lines are other stories until the next real paragraph."""
    in_block = False
    for line in lines:
        if line.clutter == "other-stories":
            in_block = True
            continue
        if not in_block:
            continue
        if line.is_prose and line.n_words >= 25 and line.clutter is None:
            in_block = False
        elif line.clutter is None:
            line.clutter = "other-stories"


def is_company_profile(text: str) -> bool:
    """The "who we are" paragraph closing a press release: a company described with its facts."""
    return bool(patterns.COMPANY_PROFILE.match(text) and patterns.COMPANY_FACTS.search(text))


def _drop_link_lists(lines: list[Line], start: int, end: int) -> None:
    """Runs of three or more short non-prose lines inside the body are lists of links."""
    index = start
    while index < end:
        run_end = index
        while (
            run_end < end
            and not lines[run_end].is_prose
            and lines[run_end].n_words <= 15
            and not lines[run_end].ends_sentence
        ):
            run_end += 1
        if run_end - index >= 3:
            for line in lines[index:run_end]:
                if line.clutter is None:
                    line.clutter = "link-list"
        index = max(run_end, index + 1)


def _headline_anchor(lines: list[Line]) -> int | None:
    """Where the page shows its headline a second time (tab title, then the headline over the article).

    A scraped page starts with its title; the article follows the later copy of it, so everything up
    to that copy is header (menus, teasers of other stories). None when the title appears only once.
    """
    tops = [line for line in lines[:3] if line.clutter is None and 3 <= line.n_words <= 40][:1]
    for top in tops:
        for index in range(lines.index(top) + 1, len(lines)):
            line = lines[index]
            if line.n_words <= 40 and similar_title(line.text, top.text):
                return index
    return None


def _is_comment_mark(line: Line) -> bool:
    return line.n_words <= 14 and (
        line.clutter == "comment-box" or bool(patterns.COMMENT_STAMP.search(line.text))
    )


def _comment_section_start(lines: list[Line], start: int, end: int) -> int:
    """The first line of a reader-comment section inside the body segment, or `end` if there is none.

    Comments read like prose, but each sits under a stamp (name, date and time, "said:"): once the
    article has started, a run of such stamps means the rest of the segment is the comment thread.
    """
    marks = [index for index in range(start, end) if _is_comment_mark(lines[index])]
    prose_words = 0
    position = start
    for number, mark in enumerate(marks):
        prose_words += sum(
            line.n_words for line in lines[position:mark] if line.is_prose and line.clutter is None
        )
        position = mark
        if prose_words < MIN_BODY_WORDS:
            continue
        # A thread: this stamp and at least two more, each within a few lines of the one before.
        chain = [mark]
        for following in marks[number + 1 :]:
            if following - chain[-1] > COMMENT_GAP:
                break
            chain.append(following)
        if len(chain) >= 3:
            return mark
    return end


def clean_text(text: str, *, url: str | None = None, crawled: str | None = None) -> Extracted | None:
    """The article in a plain text: title, clean body, site, date and credits; None if no article is there."""
    removed: list[str] = []
    raw_lines = _split_social_attributions(_split_lines(repair_mojibake(text)), removed)
    joined = _join_fragments(raw_lines)
    notes = [LONG_LINE_NOTE] if any(len(line) > MAX_LINE_CHARS for line in joined) else []
    joined = [bound_line(line) for line in joined]
    lines = lines_of(joined)
    for line in lines:
        line.clutter = clutter_kind(line)
    drop_other_story_blocks(lines)
    scores = [_score(line) for line in lines]
    anchor = _headline_anchor(lines)
    if anchor is not None:
        # Nothing above the headline is the article.
        scores[: anchor + 1] = [min(score, -1.0) for score in scores[: anchor + 1]]
    span = _best_segment(scores)
    if span is None:
        return None
    start, end = span
    end = _comment_section_start(lines, start, end)
    _drop_link_lists(lines, start, end)

    header = lines[:start]
    title = _pick_title(header)
    credits: list[str] = []
    body: list[Block] = []
    # Credit lines just below the body belong to it ("With AFP" closes the article).
    tail_credit_zone = range(end, min(end + 3, len(lines)))
    for index, line in enumerate(lines):
        if line.clutter == "credit" and (start <= index < end or index in tail_credit_zone):
            credits.extend(line.credits)
            removed.append(line.text)
            continue
        if not start <= index < end or line.clutter is not None:
            if line is not title:
                removed.append(line.text)
            continue
        if title is not None and not line.is_prose and similar_title(line.text, title.text):
            removed.append(line.text)  # the title repeated into the body
            continue
        if line.is_prose:
            body.append(Block(line.text))
        elif _is_heading(lines, index):
            body.append(Block(line.text, "heading"))
        elif line.n_words >= 4 and line.function_share >= 0.2 and not patterns.TRUNCATED.search(line.text):
            body.append(Block(line.text))  # a short paragraph ("He called for calm.")
        else:
            removed.append(line.text)
    # Drop header copies of the title that are not the title itself (truncated, breadcrumb-glued).
    if sum(len(patterns.WORD.findall(b.text)) for b in body if b.kind == "paragraph") < MIN_BODY_WORDS:
        return None
    for position in range(max(1, len(body) - 2), len(body)):
        if is_company_profile(body[position].text):
            removed.extend(block.text for block in body[position:])
            del body[position:]
            break
    while body and body[-1].kind == "heading":
        removed.append(body.pop().text)
    body_lines = [b.text for b in body]
    credits = list(dict.fromkeys([*credits, *metadata.inline_credits("\n".join(body_lines))]))
    site = metadata.site_from_url(url) or _site_name(header, title)
    # The byline over the article (or opening it) names its authors; "Edited by" names no author.
    bylines = [
        line.text
        for line in lines[:end]
        if line.clutter == "byline" and not line.text.lower().startswith("edited")
    ]
    return Extracted(
        title=metadata.clean_title(title.text, site) if title else None,
        body=body,
        source=site,
        language=metadata.guess_language(" ".join(body_lines)),
        published=metadata.text_date(
            [line.text for line in header],
            body_lines,
            crawled,
            embedded=[d for line in removed if "(@" in line for d in metadata.full_dates(line)],
        ),
        credits=credits,
        removed=removed,
        notes=notes,
        authors=metadata.author_names(bylines[0], site) if bylines else [],
    )
