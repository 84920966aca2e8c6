"""The extract stage: a RawDocument becomes a clean body with title, site, language, date and credits.

HTML goes through trafilatura and our post-filters (html.py), plain text through the line-level
clutter classifier (text_mode.py). Fields the input already gives (title, date, source) win over guesses.
"""

from __future__ import annotations

import logging

from storyfuse.errors import BadInput, StoryfuseError
from storyfuse.extract.flatten import flatten_html
from storyfuse.extract.html import extract_html
from storyfuse.extract.metadata import to_iso_date
from storyfuse.extract.text_mode import clean_text
from storyfuse.model import DateGuess, Extracted, RawDocument

__all__ = ["clean_text", "extract", "extract_html", "flatten_html"]

INPUT_DATE_CONFIDENCE = 0.9

log = logging.getLogger(__name__)


def extract(doc: RawDocument) -> Extracted | None:
    """Clean one document; None when it holds no article (an index page, a stub, nothing left).

    BadInput for a document the cleaners fail on, whatever the failure: it costs that document alone.
    """
    try:
        return _extract(doc)
    except StoryfuseError:
        raise
    except Exception as exc:
        # The exception speaks of the cleaners' internals; the traceback goes to the debug log.
        log.debug("unexpected error cleaning %s", doc.origin, exc_info=exc)
        raise BadInput("article could not be cleaned") from None


def _extract(doc: RawDocument) -> Extracted | None:
    if doc.format == "html":
        extracted = extract_html(doc.content, url=doc.url, crawled=doc.crawled)
    else:
        extracted = clean_text(doc.content, url=doc.url, crawled=doc.crawled)
    if extracted is None:
        return None
    if doc.source:
        extracted.source = doc.source
    if doc.title and doc.title.strip():
        extracted.title = " ".join(doc.title.split())
    if doc.published and doc.published.strip():
        iso = to_iso_date(doc.published)
        if iso is not None:
            extracted.published = DateGuess(iso, "input", INPUT_DATE_CONFIDENCE)
    return extracted
