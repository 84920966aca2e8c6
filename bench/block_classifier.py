"""A learned block classifier for HTML extraction (issue #22), trained on one dev set, checked on the other.

The candidates are the blocks of trafilatura's recall mode (the widest of its three modes); each block
gets features the rules also read (length, prose, sentence end, function words, clutter kind, list or
table, title repeat, position) and whether trafilatura's precision and default modes kept it. Its label
is whether at least half of its tokens are in the page's gold body. A logistic regression and a
gradient-boosted tree are trained on every block of one set and applied to the other set's pages,
keeping the blocks over a probability threshold; both directions are reported, beside:

- storyfuse's HTML mode as it ships (`extract_html`);
- each trafilatura mode's raw blocks;
- the oracle: the blocks a perfect classifier would keep, the ceiling of any choice among these
  candidates;
- trafilatura with `include_comments=True`, since Dragnet's gold bodies hold the pages' reader comments.

Page blocks are computed once per set and kept in `--cache` (a pickle; a few minutes for Dragnet).

    .venv/bin/python bench/block_classifier.py --shared ../shared --cache /tmp/blocks [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import trafilatura
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from storyfuse.bounds import bound_html
from storyfuse.evaluate.datasets.extraction import iter_pages
from storyfuse.evaluate.metrics_tokens import averaged_prf, page_counts, tokens
from storyfuse.extract import html as html_mode
from storyfuse.extract.text_mode import clutter_kind, lines_of, similar_title
from storyfuse.model import Block

SETS = {"benchmark": "extraction/article-extraction-benchmark", "dragnet": "extraction/dragnet"}
CANDIDATES = "trafilatura-recall"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
GOLD_SHARE = 0.5  # a block is article text when this share of its tokens is in the gold body


@dataclass
class Page:
    gold: str
    title: str | None
    storyfuse: str
    with_comments: str
    modes: dict[str, tuple[list[Block], set[int], set[int]]]


def read_pages(data: Path) -> list[Page]:
    pages = []
    for page in iter_pages(data, None):
        bounded, _ = bound_html(page.html)
        tree = html_mode.parse_page(bounded)
        nothing: tuple[list[Block], set[int], set[int]] = ([], set(), set())
        modes = {
            mode: html_mode._trafilatura_blocks(tree, page.url, mode) if tree is not None else nothing
            for mode in html_mode._MODES
        }
        extracted = html_mode.extract_html(page.html, url=page.url)
        comments = trafilatura.extract(page.html, include_comments=True) or ""
        pages.append(
            Page(
                gold=page.gold_body,
                title=extracted.title if extracted else None,
                storyfuse=extracted.text if extracted else "",
                with_comments=comments,
                modes=modes,
            )
        )
    return pages


def features(page: Page) -> tuple[list[Block], np.ndarray]:
    blocks, tables, lists = page.modes[CANDIDATES]
    precision = {block.text for block in page.modes["trafilatura-precision"][0]}
    default = {block.text for block in page.modes["trafilatura"][0]}
    lines = lines_of([block.text for block in blocks])
    kept = [block.text in precision for block in blocks]
    indices = [index for index, inside in enumerate(kept) if inside]
    first, last = (indices[0], indices[-1]) if indices else (len(blocks), -1)
    rows = []
    for index, (block, line) in enumerate(zip(blocks, lines, strict=True)):
        words = line.words or [""]
        clutter = clutter_kind(line)
        rows.append([
            kept[index], block.text in default, math.log1p(line.n_words), line.is_prose, line.ends_sentence,
            line.function_share, block.kind == "heading", index in lists, index in tables,
            clutter is not None, clutter == "credit",
            bool(index < 3 and page.title and similar_title(block.text, page.title)),
            index / max(1, len(blocks)), index < first, index > last,
            sum(word[:1].isupper() for word in words) / len(words),
            sum(word.isdigit() for word in words) / len(words),
            index > 0 and kept[index - 1], index + 1 < len(blocks) and kept[index + 1],
            index > 0 and lines[index - 1].is_prose, index + 1 < len(blocks) and lines[index + 1].is_prose,
            sum(kept) / max(1, len(blocks)), math.log1p(len(blocks)), math.log1p(len(block.text)),
        ])  # fmt: skip
    return blocks, np.array(rows, dtype=float).reshape(-1, 24)


def labels(page: Page, blocks: list[Block]) -> np.ndarray:
    gold = Counter(tokens(page.gold))
    found = []
    for block in blocks:
        words = tokens(block.text)
        found.append(bool(words) and sum(gold[word] > 0 for word in words) / len(words) >= GOLD_SHARE)
    return np.array(found, dtype=bool)


def figures(pages: list[Page], outputs: list[str]) -> dict[str, float]:
    prf = averaged_prf([page_counts(page.gold, output) for page, output in zip(pages, outputs, strict=True)])
    return {"precision": round(prf.precision, 4), "recall": round(prf.recall, 4), "f1": round(prf.f1, 4)}


def joined(blocks: list[Block]) -> str:
    return "\n".join(block.text for block in blocks)


def run(shared: Path, cache: Path) -> dict[str, Any]:
    cache.mkdir(parents=True, exist_ok=True)
    pages: dict[str, list[Page]] = {}
    for name, folder in SETS.items():
        stored = cache / f"{name}.pickle"
        if stored.exists():
            pages[name] = pickle.loads(stored.read_bytes())
        else:
            pages[name] = read_pages(shared / "data" / folder)
            stored.write_bytes(pickle.dumps(pages[name]))
    table: dict[str, Any] = {}
    prepared = {}
    for name, found in pages.items():
        rows = [features(page) for page in found]
        prepared[name] = [
            (blocks, x, labels(page, blocks)) for page, (blocks, x) in zip(found, rows, strict=True)
        ]
        own: dict[str, Any] = {
            "storyfuse": figures(found, [page.storyfuse for page in found]),
            "trafilatura with comments": figures(found, [page.with_comments for page in found]),
        }
        for mode in html_mode._MODES:
            own[f"{mode} raw"] = figures(found, [joined(page.modes[mode][0]) for page in found])
        oracle = [
            joined([b for b, keep in zip(blocks, y, strict=True) if keep]) for blocks, _, y in prepared[name]
        ]
        own["oracle over the candidates"] = figures(found, oracle)
        table[name] = own
    for kind in ("logistic", "boosted trees"):
        for train, test in (("benchmark", "dragnet"), ("dragnet", "benchmark")):
            x = np.vstack([x for blocks, x, _ in prepared[train] if blocks])
            y = np.concatenate([y for blocks, _, y in prepared[train] if blocks])
            model = (
                LogisticRegression(max_iter=2000)
                if kind == "logistic"
                else HistGradientBoostingClassifier(max_iter=200, max_depth=4, random_state=0)
            )
            model.fit(x, y)
            for threshold in THRESHOLDS:
                for where in (test, train):
                    outputs = []
                    for blocks, features_of, _ in prepared[where]:
                        chance = model.predict_proba(features_of)[:, 1] if blocks else []
                        kept = [b for b, p in zip(blocks, chance, strict=True) if p >= threshold]
                        outputs.append(joined(kept))
                    label = f"{kind} trained on {train}, t={threshold}"
                    label += "" if where == test else " (in-sample)"
                    table[where][label] = figures(pages[where], outputs)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyfuse-blocks"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    table = run(args.shared, args.cache)
    for name, rows in table.items():
        print(f"## {name}")
        for label, prf in rows.items():
            print(f"{label:60s} P {prf['precision']:.4f} R {prf['recall']:.4f} F1 {prf['f1']:.4f}")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
