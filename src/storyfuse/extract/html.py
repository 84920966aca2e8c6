"""Extract an article from an HTML page: trafilatura for the main content, then our post-filters.

trafilatura runs with precision-oriented settings and comments off. What it still lets through is
filtered here with the same line classifier as plain text (text.py): "read also" teasers, blocks
of other stories, interface strings, credit lines (kept as structured credits), the title repeated
into the body. Pages whose content is a list of links (index pages) give no article at all.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from storyfuse.extract import metadata
from storyfuse.extract.flatten import flatten_html
from storyfuse.extract.text import (
    MIN_BODY_WORDS,
    Line,
    clean_text,
    clutter_kind,
    document_function_words,
    drop_other_story_blocks,
    similar_title,
)
from storyfuse.model import Block, BlockKind, Extracted

# trafilatura's precision mode drops more boilerplate than our filters would catch, at a small cost in speed.
FAVOR_PRECISION = True
_SPACES = re.compile(r"\s+")
# trafilatura elements that hold one block of text each.
_BLOCK_TAGS = {"p": "paragraph", "head": "heading", "quote": "paragraph", "code": "paragraph"}


def _parse(html: str) -> etree._Element | None:
    # trafilatura's loader parses the decoded string (lxml would guess a byte encoding wrongly)
    # and copes with XML declarations and broken markup.
    try:
        tree = load_html(html)
    except (etree.ParserError, ValueError):
        return None
    return tree if isinstance(tree, lxml_html.HtmlElement) else None


def _text_of(element: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(str(piece) for piece in element.itertext())).strip()


def _blocks_of(body: etree._Element) -> tuple[list[Block], set[int]]:
    """trafilatura's body element as storyfuse blocks (paragraphs, headings, list items, table rows),
    with the indices of the blocks that are table rows."""
    blocks: list[Block] = []
    table_rows: set[int] = set()
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "list":
            items = [_text_of(item) for item in child.iter("item")]
            blocks.extend(Block(item) for item in items if item)
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_text_of(cell) for cell in row.iter("cell")]
                text = " | ".join(cell for cell in cells if cell)
                if text:
                    table_rows.add(len(blocks))
                    blocks.append(Block(text))
        else:
            text = _text_of(child)
            if text:
                kind: BlockKind = "heading" if _BLOCK_TAGS.get(tag) == "heading" else "paragraph"
                blocks.append(Block(text, kind))
    return blocks, table_rows


def _post_filter(
    blocks: list[Block], table_rows: set[int], title: str | None
) -> tuple[list[Block], list[Line], list[str], list[str]]:
    """Take out what trafilatura let through; return (body, its lines, removed, credits)."""
    function_words = document_function_words([block.text for block in blocks])
    lines = [Line(block.text, function_words) for block in blocks]
    for index, line in enumerate(lines):
        # Table rows are data the page chose to show; their cell separators are not breadcrumbs.
        line.clutter = None if index in table_rows else clutter_kind(line)
        # Interface words and dates are only clutter as whole short blocks; inside prose they are text.
        if line.clutter in {"date", "timestamp", "breadcrumb"} and line.is_prose:
            line.clutter = None
    drop_other_story_blocks(lines)
    body: list[Block] = []
    kept: list[Line] = []
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
    # After the last paragraph of prose, headings and short lines lead elsewhere (other stories, prompts).
    while (
        len(body) >= 2
        and not kept[-1].is_prose
        and (body[-1].kind == "heading" or not kept[-1].ends_sentence)
    ):
        removed.append(body.pop().text)
        kept.pop()
    return body, kept, removed, credits


def _is_index_page(body: list[Block], body_lines: list[Line]) -> bool:
    """Nothing left, or a page of links: almost only headline-like blocks and hardly any prose."""
    lines = [line for block, line in zip(body, body_lines, strict=True) if block.kind == "paragraph"]
    if sum(line.n_words for line in lines) < MIN_BODY_WORDS:
        return True
    prose = sum(line.is_prose for line in lines)
    headline_like = sum(
        3 <= line.n_words <= 15 and not line.ends_sentence and not line.text[:1].islower() for line in lines
    )
    return len(lines) >= 10 and prose <= 2 and headline_like >= 0.8 * len(lines)


def extract_html(html: str, *, url: str | None = None, crawled: str | None = None) -> Extracted | None:
    """The article of an HTML page, or None when the page holds no article (index page, empty page)."""
    tree = _parse(html)
    if tree is None:
        return None
    meta = metadata.meta_values(tree)
    ld = metadata.json_ld_fields(tree)
    site = metadata.html_site(meta, ld, url)
    title = metadata.clean_title(metadata.html_title(tree, meta, ld), site)
    language = metadata.html_language(tree, meta)
    published = metadata.html_date(tree, meta, ld, url, crawled)
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, favor_precision=FAVOR_PRECISION, with_metadata=False
    )
    body_element = getattr(document, "body", None) if document is not None else None
    blocks, table_rows = _blocks_of(body_element) if body_element is not None else ([], set())
    if not blocks:
        # trafilatura found nothing: the text cleaner over the flattened page may still find an article.
        fallback = clean_text(flatten_html(html), url=url, crawled=crawled)
        if fallback is None:
            return None
        fallback.title = title or fallback.title
        fallback.source = site or fallback.source
        fallback.language = language or fallback.language
        fallback.published = published or fallback.published
        return fallback
    body, body_lines, removed, credits = _post_filter(blocks, table_rows, title)
    if _is_index_page(body, body_lines):
        return None
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
    )
