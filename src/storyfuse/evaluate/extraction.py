"""`storyfuse eval extraction`: article-body extraction against a page set with gold bodies (the
article-extraction-benchmark, Dragnet: the same layout).

HTML mode compares extract_html with trafilatura (include_comments=False, defaults otherwise);
text mode flattens each page as a naive scraper does and compares clean_text with jusText on the
same text, also reporting the raw flattened text. Both systems are timed on the same pages.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.datasets.extraction import ExtractionPage, iter_pages
from storyfuse.evaluate.metrics_tokens import averaged_prf, page_counts
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.extract.flatten import flatten_html
from storyfuse.extract.html import extract_html
from storyfuse.extract.text_mode import clean_text

MODES = ("html", "text")

Extractor = Callable[[ExtractionPage, str], str]  # (page, page input) -> body text


def _storyfuse_html_counting(methods: Counter[str]) -> Extractor:
    """storyfuse's HTML mode, tallying which extractor found each body ("none" for no article)."""

    def extractor(page: ExtractionPage, html: str) -> str:
        extracted = extract_html(html, url=page.url)
        methods[extracted.method if extracted else "none"] += 1
        return extracted.text if extracted else ""

    return extractor


def _trafilatura(page: ExtractionPage, html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def _storyfuse_text(page: ExtractionPage, text: str) -> str:
    extracted = clean_text(text, url=page.url)
    return extracted.text if extracted else ""


def _justext(page: ExtractionPage, text: str) -> str:
    import justext

    # jusText reads HTML: each flattened block becomes one paragraph element.
    html = "".join(f"<p>{_escape(block)}</p>" for block in text.split("\n\n"))
    paragraphs = justext.justext(html, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _raw(page: ExtractionPage, text: str) -> str:
    return text


def _figures(
    pages: list[ExtractionPage], outputs: list[str], elapsed: float, first_call: float
) -> dict[str, float]:
    prf = averaged_prf(
        [page_counts(page.gold_body, output) for page, output in zip(pages, outputs, strict=True)]
    )
    return {
        "precision": round(prf.precision, 4),
        "recall": round(prf.recall, 4),
        "f1": round(prf.f1, 4),
        "pages_per_s": round(len(pages) / elapsed, 2) if elapsed > 0 else 0.0,
        "first_call_s": round(first_call, 2),
    }


def _measure(
    pages: list[ExtractionPage], inputs: list[str], extractors: list[Extractor]
) -> list[dict[str, float]]:
    """Run every extractor on every page, page by page in turn, so that a busy machine slows all alike.

    Each extractor first reads the first page once, untimed in pages/s: what a process loads once
    (models, word lists, lazy imports) is its `first_call_s`, and pages/s is the rate after it.
    """
    first_calls = []
    for extractor in extractors:
        started = time.perf_counter()
        extractor(pages[0], inputs[0])
        first_calls.append(time.perf_counter() - started)
    outputs: list[list[str]] = [[] for _ in extractors]
    elapsed = [0.0 for _ in extractors]
    for page, given in zip(pages, inputs, strict=True):
        for index, extractor in enumerate(extractors):
            started = time.perf_counter()
            outputs[index].append(extractor(page, given))
            elapsed[index] += time.perf_counter() - started
    return [
        _figures(pages, out, seconds, first)
        for out, seconds, first in zip(outputs, elapsed, first_calls, strict=True)
    ]


def _flattened(pages: list[ExtractionPage]) -> list[str]:
    return [flatten_html(page.html) for page in pages]


def _pages(data: Path, mode: str, limit: int | None) -> list[ExtractionPage]:
    if mode not in MODES:
        raise StoryfuseError(f"unknown extraction mode {mode!r}; choose html or text")
    pages = list(iter_pages(data, limit))
    if not pages:
        raise StoryfuseError(f"{data}: no benchmark pages found")
    return pages


def system_figures(data: Path, mode: str, limit: int | None = None) -> dict[str, float]:
    """storyfuse's figures alone (no baseline run): what the eval gate compares with its floors."""
    pages = _pages(data, mode, limit)
    if mode == "html":
        return _measure(pages, [page.html for page in pages], [_storyfuse_html_counting(Counter())])[0]
    return _measure(pages, _flattened(pages), [_storyfuse_text])[0]


def run(data: Path, options: EvalOptions) -> EvalReport:
    pages = _pages(data, options.mode, options.limit)
    notes = ["bag-of-tokens (lower-cased \\w+) P/R per page, averaged over pages; F1 of the averages"]
    if options.mode == "html":
        inputs = [page.html for page in pages]
        methods: Counter[str] = Counter()
        extractors = [_storyfuse_html_counting(methods), *([_trafilatura] if options.baseline else [])]
        system, *others = _measure(pages, inputs, extractors)
        baseline = others[0] if others else {}
        baseline_name = "trafilatura"
        notes.append("baseline: trafilatura.extract(html, include_comments=False)")
        notes.append("bodies found by: " + ", ".join(f"{name} {n}" for name, n in methods.most_common()))
    else:
        inputs = _flattened(pages)
        extractors = [_storyfuse_text, *([_justext, _raw] if options.baseline else [])]
        system, *others = _measure(pages, inputs, extractors)
        baseline = {**others[0], "raw_f1": others[1]["f1"]} if others else {}
        baseline_name = "justext"
        notes.append(
            "pages flattened like a naive scraper; baseline: jusText (English stoplist) on the same text"
        )
    return EvalReport(
        task="extraction",
        n=len(pages),
        system=system,
        baseline_name=baseline_name,
        baseline=baseline,
        notes=notes,
    )
