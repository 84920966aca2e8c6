"""Extract an article from an HTML page: trafilatura for the main content, then our post-filters.

trafilatura runs with precision-oriented settings and comments off; when that finds no article, its
default mode and then its recall mode get a look, and then the text cleaner over the flattened page
(`Extracted.method` says which found the body). What it still lets through is
filtered here with the same line classifier as plain text (text_mode.py): "read also" teasers, blocks
of other stories, interface strings, credit lines (kept as structured credits), the title repeated
into the body, a company profile closing a press release, headlines after the last paragraph (a list
closing the article stays). Pages whose content is a list of links (index pages) give no article at all.
"""

from __future__ import annotations

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from storyfuse.bounds import bound_html
from storyfuse.extract import html_meta, metadata, patterns
from storyfuse.extract.flatten import flatten_html
from storyfuse.extract.text_mode import (
    MIN_BODY_WORDS,
    Line,
    clean_text,
    clutter_kind,
    drop_other_story_blocks,
    is_company_profile,
    lines_of,
    similar_title,
)
from storyfuse.model import Block, BlockKind, Extracted

# trafilatura elements that hold one block of text each.
_BLOCK_TAGS = {"p": "paragraph", "head": "heading", "quote": "paragraph", "code": "paragraph"}


def parse_page(html: str) -> etree._Element | None:
    # trafilatura's loader parses the decoded string (lxml would guess a byte encoding wrongly)
    # and copes with XML declarations and broken markup.
    try:
        tree = load_html(html)
    except (etree.ParserError, ValueError):
        return None
    return tree if isinstance(tree, lxml_html.HtmlElement) else None


def _blocks_of(body: etree._Element) -> tuple[list[Block], set[int], set[int]]:
    """trafilatura's body element as storyfuse blocks (paragraphs, headings, list items, table rows),
    with the indices of the blocks that are table rows and of those that are list items."""
    blocks: list[Block] = []
    table_rows: set[int] = set()
    list_items: set[int] = set()
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "list":
            for item in child.iter("item"):
                text = html_meta.text_of(item)
                if text:
                    list_items.add(len(blocks))
                    blocks.append(Block(text))
        elif tag == "table":
            for row in child.iter("row"):
                cells = [html_meta.text_of(cell) for cell in row.iter("cell")]
                text = " | ".join(cell for cell in cells if cell)
                if text:
                    table_rows.add(len(blocks))
                    blocks.append(Block(text))
        else:
            text = html_meta.text_of(child)
            if text:
                kind: BlockKind = "heading" if _BLOCK_TAGS.get(tag) == "heading" else "paragraph"
                blocks.append(Block(text, kind))
    return blocks, table_rows, list_items


def _is_teaser_headline(line: Line) -> bool:
    """A headline of another story: most words capitalised, or a section label glued on with a bar."""
    if " | " in line.text:
        return True
    capitalised = sum(word[:1].isupper() for word in line.words if len(word) > 3)
    return capitalised >= 0.6 * max(1, sum(len(word) > 3 for word in line.words))


def _post_filter(
    blocks: list[Block], table_rows: set[int], list_items: set[int], title: str | None
) -> tuple[list[Block], list[Line], list[str], list[str]]:
    """Take out what trafilatura let through; return (body, its lines, removed, credits)."""
    lines = lines_of([block.text for block in blocks])
    for index, line in enumerate(lines):
        # Table rows are data the page chose to show; their cell separators are not breadcrumbs.
        line.clutter = None if index in table_rows else clutter_kind(line)
        # Interface words and dates are only clutter as whole short blocks; inside prose they are text.
        if line.clutter in {"date", "timestamp", "breadcrumb"} and line.is_prose:
            line.clutter = None
    drop_other_story_blocks(lines)
    body: list[Block] = []
    kept: list[Line] = []
    kept_in_list: list[bool] = []
    removed: list[str] = []
    credits: list[str] = []
    for index, (block, line) in enumerate(zip(blocks, lines, strict=True)):
        if line.clutter == "credit":
            credits.extend(line.credits)
            removed.append(block.text)
        elif line.clutter is not None:
            removed.append(block.text)
        elif index < 3 and title and not line.is_prose and similar_title(block.text, title):
            removed.append(block.text)  # the title repeated as the first block
        else:
            body.append(block)
            kept.append(line)
            kept_in_list.append(index in list_items or index in table_rows)
    # A press release closes with the company's profile, which is not news.
    for position in range(max(1, len(body) - 2), len(body)):
        if is_company_profile(body[position].text):
            removed.extend(block.text for block in body[position:])
            del body[position:], kept[position:], kept_in_list[position:]
            break
    # After the last paragraph of prose, headings and short lines lead elsewhere (other stories, prompts);
    # the items of a list or table closing the article are its own, unless they read as headlines.
    while (
        len(body) >= 2
        and not kept[-1].is_prose
        and (body[-1].kind == "heading" or not kept[-1].ends_sentence)
        and not (kept_in_list[-1] and not _is_teaser_headline(kept[-1]))
    ):
        removed.append(body.pop().text)
        kept.pop()
        kept_in_list.pop()
    return body, kept, removed, credits


def _is_link_page(body: list[Block], body_lines: list[Line]) -> bool:
    """A page of links: almost only headline-like blocks and hardly any prose."""
    lines = [line for block, line in zip(body, body_lines, strict=True) if block.kind == "paragraph"]
    prose = sum(line.is_prose for line in lines)
    headline_like = sum(
        3 <= line.n_words <= 15 and not line.ends_sentence and not line.text[:1].islower() for line in lines
    )
    return len(lines) >= 10 and prose <= 2 and headline_like >= 0.8 * len(lines)


def _paragraph_words(body: list[Block], body_lines: list[Line]) -> int:
    pairs = zip(body, body_lines, strict=True)
    return sum(line.n_words for block, line in pairs if block.kind == "paragraph")


def _trafilatura_blocks(
    tree: etree._Element, url: str | None, mode: str
) -> tuple[list[Block], set[int], set[int]]:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        favor_precision=mode == "trafilatura-precision",
        favor_recall=mode == "trafilatura-recall",
        with_metadata=False,
    )
    body_element = getattr(document, "body", None) if document is not None else None
    return _blocks_of(body_element) if body_element is not None else ([], set(), set())


def _has_sentences(text: str) -> bool:
    line = Line(text)
    return line.is_prose and (line.ends_sentence or bool(patterns.INNER_SENTENCE_END.search(text)))


def extract_html(html: str, *, url: str | None = None, crawled: str | None = None) -> Extracted | None:
    """The article of an HTML page, or None when the page holds no article (index page, empty page).

    The page is first cut to the bounds of `storyfuse.bounds` (elements, attributes per element), so
    that its cost stays linear in its size; the notes of the result say which bounds applied.
    """
    bounded, notes = bound_html(html)
    extracted = _extract_bounded(bounded, url=url, crawled=crawled)
    if extracted is not None:
        extracted.notes = [*notes, *extracted.notes]
    return extracted


# trafilatura's modes, tried in turn while the body found is too short to be an article: precision mode
# first (its extra filters suit news pages), then the default and recall modes.
_MODES = ("trafilatura-precision", "trafilatura", "trafilatura-recall")


def _body_of(
    tree: etree._Element, url: str | None, title: str | None
) -> tuple[str, list[Block], list[str], list[str]] | None:
    """(method, body, removed, credits) from the first trafilatura mode that finds an article in the
    page (`tree` is its parse, which trafilatura copies before pruning: every mode reads it as
    parsed); None when the modes found only a page of links; an empty body when they found nothing."""
    links_only = False
    for number, mode in enumerate(_MODES):
        blocks, table_rows, list_items = _trafilatura_blocks(tree, url, mode)
        # The later modes' last resort glues a whole page into one block: only sentences make it an article.
        if number > 0 and not any(_has_sentences(block.text) for block in blocks):
            continue
        body, body_lines, removed, credits = _post_filter(blocks, table_rows, list_items, title)
        if _paragraph_words(body, body_lines) < MIN_BODY_WORDS:
            continue
        if not _is_link_page(body, body_lines):
            return mode, body, removed, credits
        # Precision mode may keep a list of headlines beside the article: another mode may find it.
        links_only = True
    return None if links_only else ("", [], [], [])


def _extract_bounded(html: str, *, url: str | None, crawled: str | None) -> Extracted | None:
    tree = parse_page(html)
    if tree is None:
        return None
    cues = html_meta.page_cues(tree)
    site = html_meta.html_site(cues, tree, url)
    title = html_meta.html_title(cues, site)
    language = html_meta.html_language(tree, cues.meta)
    authors = html_meta.html_authors(cues, tree, site)
    found = _body_of(tree, url, title)
    if found is None:
        return None
    # Last, since it cuts the scripts out of the tree (JSON-LD was read with the cues).
    published = html_meta.html_date(tree, cues, url, crawled, last_use=True)
    method, body, removed, credits = found
    if not body:
        # No trafilatura mode found an article: the text cleaner over the flattened page may still.
        fallback = clean_text(flatten_html(html), url=url, crawled=crawled)
        # A lone paragraph found this way is a blurb around the page's pictures ("like my page here!").
        if fallback is None or sum(Line(block.text).is_prose for block in fallback.body) < 2:
            return None
        fallback.title = title or fallback.title
        fallback.source = site or fallback.source
        fallback.language = language or fallback.language
        fallback.published = published or fallback.published
        fallback.authors = authors or fallback.authors
        return fallback
    text = "\n".join(block.text for block in body)
    credits = list(dict.fromkeys([*credits, *metadata.inline_credits(text)]))
    return Extracted(
        title=title,
        body=body,
        source=site,
        language=language or metadata.guess_language(text),
        published=published,
        credits=credits,
        removed=removed,
        authors=authors,
        method=method,
    )
