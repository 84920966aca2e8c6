"""Extraction and link features of a run's documents, in input order: in this process for a small run,
in worker processes for a large one.

Everything an article needs before linking (cleaning, its lead vector, names, content words, shingles)
depends on that article alone, so it can run beside the linking of the articles before it; linking
itself stays in the main process and in input order, so results never depend on how the work is split.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING

from storyfuse.model import Analysis, Article, RawDocument

if TYPE_CHECKING:
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.link.minhash import Shingles

# Workers start only once a run has read this many documents: on a handful of files they would cost
# more than they save.
PARALLEL_AFTER = 64
IN_FLIGHT = 64  # documents handed to workers ahead of the linking
BATCHES_IN_FLIGHT_PER_WORKER = 2  # of the spaCy pass: enough to keep every worker busy


def article_from(doc: RawDocument, article_id: str, content_hash: str) -> Article | None:
    """Extract a document into an Article; None when the page holds no article."""
    from storyfuse.extract import extract

    extracted = extract(doc)
    if extracted is None or not extracted.body:
        return None
    return Article(
        id=article_id,
        origin=doc.origin,
        format=doc.format,
        content_hash=content_hash,
        title=extracted.title,
        body=extracted.body,
        url=doc.url,
        source=extracted.source,
        language=extracted.language,
        published=extracted.published,
        credits=extracted.credits,
        removed=extracted.removed,
    )


@dataclass
class LinkInput:
    """An extracted article with what linking compares: its features and its text's shingles."""

    article: Article
    features: ArticleFeatures
    shingles: Shingles


def link_input(doc: RawDocument, article_id: str, content_hash: str) -> LinkInput | None:
    """Extract the document and compute its link features; None when it holds no article."""
    from storyfuse.analyse import link_analyses
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.link.minhash import Shingles

    article = article_from(doc, article_id, content_hash)
    if article is None:
        return None
    analysis = link_analyses([article])[0]
    return LinkInput(article, ArticleFeatures.of(article, analysis), Shingles.of(article.text))


class _Repeat:
    """Marks a document whose content an earlier one of the run, not yet prepared, already has."""


REPEAT = _Repeat()
Outcome = LinkInput | None | _Repeat
Pending = AsyncResult[LinkInput | None] | LinkInput | None | _Repeat
Prepared = tuple[RawDocument, str, Outcome]  # document, content hash, outcome


def worker_count() -> int:
    """Worker processes for a large run: STORYFUSE_WORKERS (0: none), else one per core.

    Workers are forked, never spawned: a spawned worker imports the caller's main module again, and a
    script that calls `ingest` without an `if __name__ == "__main__"` guard would never finish. Where
    fork is not the safe default (macOS, Windows) the work stays in this process.
    """
    if not sys.platform.startswith("linux"):
        return 0
    configured = os.environ.get("STORYFUSE_WORKERS", "")
    return int(configured) if configured.isdigit() else (os.cpu_count() or 1)


def _ignore_interrupts() -> None:
    """Ctrl-C is the main process's to handle (it stops the workers); a worker would only print a
    traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_pool(workers: int) -> Pool:
    """Forked workers (see `worker_count`) that leave Ctrl-C to this process."""
    return multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)


class PreparationQueue:
    """Prepares documents and gives back (document, content hash, outcome) in the order they came.

    The outcome is the LinkInput, None (no article in the document) or REPEAT (same content as an
    earlier document of the run: the caller knows from that one's outcome what this one is).
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = worker_count() if workers is None else workers
        self.pool: Pool | None = None
        self.queue: deque[tuple[RawDocument, str, Pending]] = deque()
        self.submitted = 0

    def __enter__(self) -> PreparationQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()  # on an error; after `finish` the pool is already closed
            self.pool = None

    def submit(self, doc: RawDocument, article_id: str, content_hash: str) -> Iterator[Prepared]:
        self.submitted += 1
        if self.pool is None and self.workers and self.submitted > PARALLEL_AFTER:
            self.pool = _worker_pool(self.workers)
        job = (doc, article_id, content_hash)
        pending = link_input(*job) if self.pool is None else self.pool.apply_async(link_input, job)
        self.queue.append((doc, content_hash, pending))
        return self._ready(IN_FLIGHT)

    def repeat(self, doc: RawDocument, content_hash: str) -> Iterator[Prepared]:
        self.queue.append((doc, content_hash, REPEAT))
        return self._ready(IN_FLIGHT)

    def finish(self) -> Iterator[Prepared]:
        yield from self._ready(0)
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def _ready(self, keep: int) -> Iterator[Prepared]:
        """Outcomes at the head of the queue: those done, and any beyond `keep` still in flight."""
        while self.queue:
            doc, content_hash, pending = self.queue[0]
            if isinstance(pending, AsyncResult):
                if len(self.queue) <= keep and not pending.ready():
                    return
                pending = pending.get()
            self.queue.popleft()
            yield doc, content_hash, pending


def sentence_analyses(articles: list[Article]) -> list[Analysis]:
    """The spaCy pass of a batch: each article's sentences and entity mentions (no embedding)."""
    from storyfuse.analyse import complete_analyses

    analyses = [Analysis(article_id=a.id, sentences=[], mentions=[], embedding=[]) for a in articles]
    complete_analyses(articles, analyses)
    return analyses


def sentence_analyses_in_order(batches: Iterable[list[Article]], articles: int) -> Iterator[list[Analysis]]:
    """`sentence_analyses` of each batch, in order; in worker processes when the run has more than
    PARALLEL_AFTER articles. spaCy is most of the cost of ingesting, and an article's analysis depends on
    that article alone. Batches are read here, in this process, only as workers need them."""
    workers = worker_count() if articles > PARALLEL_AFTER else 0
    if workers < 2:  # one worker would only wait in place of this process
        yield from map(sentence_analyses, batches)
        return
    with _worker_pool(workers) as pool:
        in_flight: deque[AsyncResult[list[Analysis]]] = deque()
        for batch in batches:
            in_flight.append(pool.apply_async(sentence_analyses, (batch,)))
            if len(in_flight) > BATCHES_IN_FLIGHT_PER_WORKER * workers:
                yield in_flight.popleft().get()
        while in_flight:
            yield in_flight.popleft().get()
