"""Extraction and link features of a run's documents, in input order: in this process for a small run,
in worker processes for a large one.

Everything an article needs before linking (cleaning, its lead vector, names, content words, shingles)
depends on that article alone, so it can run beside the linking of the articles before it; linking
itself stays in the main process and in input order, so results never depend on how the work is split.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING

from storyfuse import settings
from storyfuse.errors import StoryfuseError
from storyfuse.model import Analysis, Article, InputProblem, RawDocument

if TYPE_CHECKING:
    from storyfuse.analyse import LeadSpec
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.link.minhash import Shingles

# Workers start only once a run has read this many documents: on a handful of files they would cost
# more than they save.
PARALLEL_AFTER = 64
IN_FLIGHT = 64  # documents handed to workers ahead of the linking
BATCHES_IN_FLIGHT_PER_WORKER = 2  # of the spaCy pass: enough to keep every worker busy
_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies

log = logging.getLogger(__name__)


def article_from(doc: RawDocument, article_id: str, content_hash: str) -> Article | None:
    """Extract a document into an Article; None when the page holds no article."""
    return extracted_article(doc, article_id, content_hash)[0]


def extracted_article(
    doc: RawDocument, article_id: str, content_hash: str
) -> tuple[Article | None, list[str]]:
    """`article_from`, with the notes of the bounds that cut the document while it was cleaned."""
    from storyfuse.extract import extract

    extracted = extract(doc)
    if extracted is None or not extracted.body:
        return None, []
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
    ), extracted.notes


@dataclass
class LinkInput:
    """An extracted article with what linking compares: its features and its text's shingles."""

    article: Article
    features: ArticleFeatures
    shingles: Shingles
    notes: list[str] = field(default_factory=list)  # bounds that cut the document: one warning each


@dataclass
class Unprepared:
    """A document whose preparation failed, and why in words fit for its warning."""

    reason: str


def link_input(
    doc: RawDocument, article_id: str, content_hash: str, lead: LeadSpec | None = None
) -> LinkInput | Unprepared | None:
    """Extract the document and compute its link features; None when it holds no article.

    Never raises for the document's sake: whatever fails on it (in this process or in a worker) is
    Unprepared, which costs that document alone. The traceback of an unforeseen error goes to the
    debug log; its text speaks of internals, not of the input.
    """
    try:
        return _link_input(doc, article_id, content_hash, lead)
    except StoryfuseError as exc:  # the cleaners' BadInput: its message is fit to show
        return Unprepared(str(exc))
    except Exception as exc:
        log.debug("unexpected error preparing %s", doc.origin, exc_info=exc)
        return Unprepared("article could not be prepared")


def _link_input(
    doc: RawDocument, article_id: str, content_hash: str, lead: LeadSpec | None
) -> LinkInput | None:
    from storyfuse.analyse import link_analyses
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.link.minhash import Shingles

    article, notes = extracted_article(doc, article_id, content_hash)
    if article is None:
        return None
    analysis = link_analyses([article], lead)[0]
    return LinkInput(article, ArticleFeatures.of(article, analysis), Shingles.of(article.text), notes)


class _Repeat:
    """Marks a document whose content an earlier one of the run, not yet prepared, already has."""


REPEAT = _Repeat()
Outcome = LinkInput | Unprepared | None | _Repeat
Pending = AsyncResult[LinkInput | Unprepared | None] | Outcome
Prepared = tuple[RawDocument, str, Outcome]  # document, content hash, outcome


def worker_count() -> int:
    """Worker processes for a large run: the settings' `run.workers` (0: none), else one per core.

    Workers are forked, never spawned: a spawned worker imports the caller's main module again, and a
    script that calls `ingest` without an `if __name__ == "__main__"` guard would never finish. Where
    fork is not the safe default (macOS, Windows) the work stays in this process.
    """
    if not sys.platform.startswith("linux"):
        return 0
    configured = settings.active().run.workers
    return (os.cpu_count() or 1) if configured is None else configured


def _start_worker(parent: int) -> None:
    """Ctrl-C is the main process's to handle (it stops the workers); a worker would only print a
    traceback of its own. A worker dies with the process that forked it, even when that one is killed
    (SIGKILL gives it no chance to stop its pool): Linux's PR_SET_PDEATHSIG, else a worker would finish
    its queue for nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl here: workers end with their queue, as before
        return
    if os.getppid() != parent:  # the parent died before the call took effect
        os._exit(1)


def _worker_pool(workers: int) -> Pool:
    """Forked workers (see `worker_count`) that leave Ctrl-C to this process and die with it."""
    context = multiprocessing.get_context("fork")
    return context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),))


class PreparationQueue:
    """Prepares documents and gives back (document, content hash, outcome) in the order they came.

    The outcome is the LinkInput, None (no article in the document), Unprepared (preparing it failed)
    or REPEAT (same content as an earlier document of the run: the caller knows from that one's outcome
    what this one is).
    """

    def __init__(self, workers: int | None = None, lead: LeadSpec | None = None) -> None:
        self.workers = worker_count() if workers is None else workers
        self.lead = lead  # how lead vectors are made (the linking profile's encoder)
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
        job = (doc, article_id, content_hash, self.lead)
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
                try:
                    pending = pending.get()
                except Exception as exc:  # the worker's result could not come back (e.g. not picklable)
                    log.debug("unexpected error preparing %s", doc.origin, exc_info=exc)
                    pending = Unprepared("article could not be prepared")
            self.queue.popleft()
            yield doc, content_hash, pending


def sentence_analyses(articles: list[Article]) -> list[Analysis]:
    """The spaCy pass of a batch: each article's sentences and entity mentions (no embedding)."""
    from storyfuse.analyse import complete_analyses

    analyses = [Analysis(article_id=a.id, sentences=[], mentions=[], embedding=[]) for a in articles]
    complete_analyses(articles, analyses)
    return analyses


def _sentence_pass(articles: list[Article]) -> tuple[list[Analysis], list[InputProblem]]:
    """`sentence_analyses` of a batch that one article cannot fail: when the batch fails, its articles
    are analysed one at a time (an article's analysis does not depend on its batch), and an article
    that still fails is kept without sentences or names, with a problem naming it."""
    try:
        return sentence_analyses(articles), []
    except Exception as exc:
        if len(articles) == 1:
            log.debug("unexpected error analysing %s", articles[0].origin, exc_info=exc)
            empty = Analysis(article_id=articles[0].id, sentences=[], mentions=[], embedding=[])
            return [empty], [
                InputProblem(articles[0].origin, "article could not be analysed (no sentences kept)")
            ]
    analyses: list[Analysis] = []
    problems: list[InputProblem] = []
    for article in articles:
        alone, failed = _sentence_pass([article])
        analyses += alone
        problems += failed
    return analyses, problems


def sentence_analyses_in_order(
    batches: Iterable[list[Article]],
    articles: int,
    on_problem: Callable[[InputProblem], None] | None = None,
) -> Iterator[list[Analysis]]:
    """`sentence_analyses` of each batch, in order; in worker processes when the run has more than
    PARALLEL_AFTER articles. spaCy is most of the cost of ingesting, and an article's analysis depends on
    that article alone. Batches are read here, in this process, only as workers need them.

    An article the pass fails on gets an analysis without sentences or mentions (so it waits no longer)
    and is reported to `on_problem`; the rest of its batch is analysed as usual.
    """

    def reported(result: tuple[list[Analysis], list[InputProblem]]) -> list[Analysis]:
        analyses, problems = result
        for problem in problems:
            if on_problem:
                on_problem(problem)
        return analyses

    workers = worker_count() if articles > PARALLEL_AFTER else 0
    if workers < 2:  # one worker would only wait in place of this process
        for batch in batches:
            yield reported(_sentence_pass(batch))
        return
    with _worker_pool(workers) as pool:
        in_flight: deque[tuple[list[Article], AsyncResult[tuple[list[Analysis], list[InputProblem]]]]] = (
            deque()
        )

        def oldest() -> list[Analysis]:
            batch, pending = in_flight.popleft()
            try:
                return reported(pending.get())
            except Exception as exc:  # the result could not come back from the worker: redo it here
                log.debug("spaCy pass of a batch failed in a worker", exc_info=exc)
                return reported(_sentence_pass(batch))

        for batch in batches:
            in_flight.append((batch, pool.apply_async(_sentence_pass, (batch,))))
            if len(in_flight) > BATCHES_IN_FLIGHT_PER_WORKER * workers:
                yield oldest()
        while in_flight:
            yield oldest()
