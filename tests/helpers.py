"""Helpers for tests: fictional articles written on the fly, and running the CLI in-process."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyfuse.model import (
    Analysis,
    Article,
    Block,
    DateGuess,
    Extracted,
    Figure,
    FigureValue,
    RawDocument,
    Sentence,
)
from storyfuse.present.cli import main

TOWNS = ["Varnholm", "Quellport", "Ostrava Nova", "Lindquay", "Marrowfield", "Tessaly", "Brightmoor"]
TOPICS = [
    (
        "bridge",
        "The new suspension bridge over the {town} estuary opened to traffic on {day}",
        "Engineers said the {n}-metre span had passed its final load tests.",
    ),
    (
        "festival",
        "The {town} harvest festival drew record crowds on {day}",
        "Organisers counted about {n} visitors across the three days of concerts.",
    ),
    (
        "strike",
        "Dock workers in {town} walked out on {day} over pay",
        "The union said {n} members had joined the strike at the container terminal.",
    ),
]


def fictional_article(i: int) -> str:
    """A short, unique, plausible news text; article i differs from every other in town, day and figures."""
    kind, lead, detail = TOPICS[i % len(TOPICS)]
    town = TOWNS[i % len(TOWNS)]
    day = f"March {1 + i % 28}, 2031"
    n = 1000 + 37 * i
    title = f"{kind.title()} news from {town} number {i}"
    body = [
        lead.format(town=town, day=day) + ".",
        detail.format(n=n),
        f"Local officials in {town} described the day as unusual, and reporter Ada Quint{i} noted "
        f"that residents had waited {i % 9 + 2} years for it.",
        f"A spokesperson for the regional council of {town} said further details would follow next week.",
    ]
    return title + "\n\n" + "\n\n".join(body) + "\n"


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"article_{i:04d}.txt"
        path.write_text(fictional_article(i), encoding="utf-8")
        paths.append(path)
    return paths


def fail_cleaning_on(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """Make cleaning fail, as an unforeseen bug would, on the documents whose text holds `marker`
    (in worker processes too: they are forked after this)."""
    from storyfuse import extract as extract_stage

    real = extract_stage._extract

    def fragile(doc: RawDocument) -> Extracted | None:
        if marker in doc.content:
            raise AttributeError("'NoneType' object has no attribute 'startswith'")
        return real(doc)

    monkeypatch.setattr(extract_stage, "_extract", fragile)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    """Run `storyfuse ARGS` in this process through the real entry point; returns exit code and output."""
    argv = sys.argv
    sys.argv = ["storyfuse", *args]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = argv
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def text_article(
    article_id: str,
    paragraphs: list[str],
    published: DateGuess | None = None,
    credits: list[str] | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
    language: str | None = None,
) -> Article:
    """A fictional article held in memory, one block per paragraph."""
    return Article(
        id=article_id,
        origin=f"{article_id}.txt",
        format="text",
        content_hash=article_id,
        title=title,
        body=[Block(p) for p in paragraphs],
        source=source,
        language=language,
        published=published,
        credits=credits or [],
    )


def dated_article(article_id: str, published: str, *paragraphs: str) -> Article:
    """A fictional article its page dates confidently (as HTML metadata would)."""
    return text_article(article_id, list(paragraphs), DateGuess(published, "html-meta", 0.9))


def analysed_article(
    article_id: str, sentences: list[str], credits: list[str] | None = None
) -> tuple[Article, Analysis]:
    """One paragraph of the given sentences, with its Analysis: sentences at their offsets, no mentions."""
    article = text_article(article_id, [" ".join(sentences)], credits=credits)
    rows, start = [], 0
    for i, sentence in enumerate(sentences):
        rows.append(Sentence(article_id, i, sentence, start, start + len(sentence)))
        start += len(sentence) + 1
    return article, Analysis(article_id, rows, [], [])


def series_figure() -> Figure:
    """A count reported over three days, whose two values of the last day disagree (given out of order)."""
    return Figure(
        "suspected cases",
        [
            FigureValue("1,600", 1600, ["c"], reported="2031-03-12", disputed=True),
            FigureValue("79", 79, ["a"], reported="2031-03-10"),
            FigureValue("400", 400, ["d"], reported="2031-03-12", disputed=True),
        ],
        conflict=True,
    )


def ecb_xml(name: str, sentences: list[list[str]], markables: str = "", relations: str = "") -> str:
    """An ECB+ document in its token-XML layout, written for a test."""
    tokens = []
    t_id = 1
    for number, sentence in enumerate(sentences):
        for position, token in enumerate(sentence):
            tokens.append(f'<token t_id="{t_id}" sentence="{number}" number="{position}">{token}</token>')
            t_id += 1
    return (
        f'<Document doc_name="{name}" doc_id="DOC1">\n' + "\n".join(tokens) + "\n"
        f"<Markables>\n{markables}\n</Markables>\n<Relations>\n{relations}\n</Relations>\n</Document>\n"
    )


def store_contents(address: str | Path) -> tuple[int, int, frozenset[frozenset[str]]]:
    """(articles, distinct contents, stories as sets of content hashes) of a store on any backend, read
    through the store's own methods."""
    from storyfuse.store.open import open_store

    with open_store(address, readonly=True) as store, store.snapshot():
        ids = store.recent_article_ids(store.count_articles())
        hashes = {a.id: a.content_hash for a in store.articles(ids)}
        stories: dict[str, set[str]] = {}
        for article_id in ids:
            story_id = store.story_of(article_id)
            if story_id is not None:
                stories.setdefault(story_id, set()).add(hashes[article_id])
    return len(ids), len(set(hashes.values())), frozenset(frozenset(s) for s in stories.values())
