"""Reads the article-extraction-benchmark: gzipped HTML pages and their gold article bodies."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyfuse.errors import BadInput


@dataclass
class ExtractionPage:
    """One benchmark page: its HTML, its URL and the gold article body."""

    page_id: str
    url: str | None
    html: str
    gold_body: str


def _ground_truth(data: Path) -> dict[str, dict[str, str]]:
    path = data / "ground-truth.json"
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise BadInput(f"{path}: cannot read the benchmark's ground truth ({error})") from error
    if not isinstance(truth, dict):
        raise BadInput(f"{path}: expected an object mapping page ids to gold bodies")
    return truth


def iter_pages(data: Path, limit: int | None = None) -> Iterator[ExtractionPage]:
    """The benchmark's pages in id order (at most `limit`), each with its decoded HTML and gold body."""
    truth = _ground_truth(data)
    for count, page_id in enumerate(sorted(truth)):
        if limit is not None and count >= limit:
            return
        entry = truth[page_id]
        path = data / "html" / f"{page_id}.html.gz"
        try:
            raw = gzip.decompress(path.read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise BadInput(f"{path}: cannot read the page ({error})") from error
        yield ExtractionPage(
            page_id=page_id,
            url=entry.get("url"),
            html=raw.decode("utf-8", errors="replace"),
            gold_body=entry.get("articleBody") or "",
        )
