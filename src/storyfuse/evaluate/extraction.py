"""`storyfuse eval extraction`: article-body extraction against the article-extraction-benchmark.

HTML mode compares extract_html with trafilatura (include_comments=False, defaults otherwise);
text mode flattens each page as a naive scraper does and compares clean_text with jusText on the
same text, also reporting the raw flattened text. Both systems are timed on the same pages.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.datasets.extraction import ExtractionPage, iter_pages
from storyfuse.evaluate.metrics_tokens import averaged_prf, page_counts
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.extract.flatten import flatten_html
from storyfuse.extract.html import extract_html
from storyfuse.extract.text import clean_text

MODES = ("html", "text")

Extractor = Callable[[ExtractionPage, str], str]  # (page, page input) -> body text


def _storyfuse_html(page: ExtractionPage, html: str) -> str:
    extracted = extract_html(html, url=page.url)
    return extracted.text if extracted else ""


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


def _figures(pages: list[ExtractionPage], outputs: list[str], elapsed: float) -> dict[str, float]:
    prf = averaged_prf(
        [page_counts(page.gold_body, output) for page, output in zip(pages, outputs, strict=True)]
    )
    return {
        "precision": round(prf.precision, 4),
        "recall": round(prf.recall, 4),
        "f1": round(prf.f1, 4),
        "pages_per_s": round(len(pages) / elapsed, 2) if elapsed > 0 else 0.0,
    }


def _measure(
    pages: list[ExtractionPage], inputs: list[str], extractors: list[Extractor]
) -> list[dict[str, float]]:
    """Run every extractor on every page, page by page in turn, so that a busy machine slows all alike."""
    outputs: list[list[str]] = [[] for _ in extractors]
    elapsed = [0.0 for _ in extractors]
    for page, given in zip(pages, inputs, strict=True):
        for index, extractor in enumerate(extractors):
            started = time.perf_counter()
            outputs[index].append(extractor(page, given))
            elapsed[index] += time.perf_counter() - started
    return [_figures(pages, out, seconds) for out, seconds in zip(outputs, elapsed, strict=True)]


def run(data: Path, options: EvalOptions) -> EvalReport:
    if options.mode not in MODES:
        raise StoryfuseError(f"unknown extraction mode {options.mode!r}; choose html or text")
    pages = list(iter_pages(data, options.limit))
    if not pages:
        raise StoryfuseError(f"{data}: no benchmark pages found")
    notes = ["bag-of-tokens (lower-cased \\w+) P/R per page, averaged over pages; F1 of the averages"]
    if options.mode == "html":
        inputs = [page.html for page in pages]
        system, baseline = _measure(pages, inputs, [_storyfuse_html, _trafilatura])
        baseline_name = "trafilatura"
        notes.append("baseline: trafilatura.extract(html, include_comments=False)")
    else:
        inputs = [flatten_html(page.html) for page in pages]
        system, baseline, raw = _measure(pages, inputs, [_storyfuse_text, _justext, _raw])
        baseline["raw_f1"] = raw["f1"]
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
