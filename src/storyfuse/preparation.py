"""Extraction and link features of a run's documents, in input order: in this process for a small run,
in worker processes for a large one.

Everything an article needs before linking (cleaning, its lead vector, names, content words, shingles)
depends on that article alone, so it can run beside the linking of the articles before it; linking
itself stays in the main process and in input order, so results never depend on how the work is split.
"""

from __future__ import annotations

import heapq
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, BinaryIO

from storyfuse import settings
from storyfuse.errors import StoryfuseError
from storyfuse.model import Analysis, Article, InputProblem, RawDocument
from storyfuse.run.executor import Executor, InOrder, map_in_order, open_executor

if TYPE_CHECKING:
    from storyfuse.analyse import LeadSpec
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.link.minhash import Shingles

# Workers start only once a run has read this many documents: on a handful of files they would cost
# more than they save.
PARALLEL_AFTER = 64
IN_FLIGHT = 64  # documents handed to workers ahead of the linking
BATCHES_IN_FLIGHT_PER_WORKER = 2  # of the spaCy pass: enough to keep every worker busy

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


class LinkingOrder:
    """Prepared articles (with their documents' content) handed on by publication day, then input
    order, whatever executor prepared them: the linker's streaming decisions follow the order articles
    reach it, and news arrives out of order (shards read side by side, feeds, archives).

    A window of `size` articles (the settings' `run.order_window`) bounds the memory: when it is full the
    earliest leaves, so the order is exact for any input whose articles are fewer than `size` places
    out of time order, and a later one leaves as soon as it can. An undated article (no date the linker
    trusts) goes with the dated article before it in the input, since an undated report usually arrives
    with the news it belongs to. The same inputs in the same order give the same order every time.
    """

    def __init__(self, size: int | None = None) -> None:
        self.size = settings.active().run.order_window if size is None else size
        self.window: list[tuple[int, int, LinkInput, str]] = []  # a heap by (day, input position)
        self.position = 0
        self.day = 0  # the day of the last dated article put (before any: earliest)

    def put(self, item: LinkInput, content: str) -> Iterator[tuple[LinkInput, str]]:
        """Put an article in; yields those that leave the window."""
        if self.size <= 1:
            yield item, content
            return
        self.day = self.day if item.features.day is None else item.features.day
        heapq.heappush(self.window, (self.day, self.position, item, content))
        self.position += 1
        while len(self.window) >= self.size:
            _, _, out, text = heapq.heappop(self.window)
            yield out, text

    def finish(self) -> Iterator[tuple[LinkInput, str]]:
        while self.window:
            _, _, out, text = heapq.heappop(self.window)
            yield out, text


class _Repeat:
    """Marks a document whose content an earlier one of the run, not yet prepared, already has."""


REPEAT = _Repeat()
Outcome = LinkInput | Unprepared | None | _Repeat
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


def _lost(key: tuple[RawDocument, str], exc: Exception) -> Outcome:
    log.debug("unexpected error preparing %s", key[0].origin, exc_info=exc)
    return Unprepared("article could not be prepared")


class PreparationQueue:
    """Prepares documents and gives back (document, content hash, outcome) in the order they came.

    The outcome is the LinkInput, None (no article in the document), Unprepared (preparing it failed)
    or REPEAT (same content as an earlier document of the run: the caller knows from that one's outcome
    what this one is). The first PARALLEL_AFTER documents are prepared in this process, the rest by
    the executor (forked workers unless told otherwise). `read` gives the run's documents: with Ray,
    they are read and prepared on the cluster, and `submit` takes the outcome that came with each.
    """

    def __init__(
        self, workers: int | None = None, lead: LeadSpec | None = None, executor: Executor | None = None
    ) -> None:
        workers = worker_count() if workers is None else workers
        self.executor = executor or open_executor("process", workers=workers)
        self.lead = lead  # how lead vectors are made (the linking profile's encoder)
        self.results: InOrder[tuple[RawDocument, str], Outcome] = InOrder(_lost)
        self.submitted = 0
        self.read_ahead: tuple[RawDocument, Outcome] | None = None  # the document `read` gave last

    def __enter__(self) -> PreparationQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.executor.terminate()  # on an error; after `finish` the executor has nothing in flight

    def read(
        self, paths: Sequence[str], stdin: BinaryIO | None = None
    ) -> Iterator[RawDocument | InputProblem]:
        """The run's documents (and a problem for each bad input), in input order."""
        from storyfuse.ingest import read_inputs

        prepared_inputs = getattr(self.executor, "prepared_inputs", None)
        if prepared_inputs is None or stdin is not None:
            yield from read_inputs(paths, stdin=stdin)
            return
        for item, outcome in prepared_inputs(paths, self.lead, link_input):
            if isinstance(item, RawDocument):
                self.read_ahead = (item, outcome)
            yield item

    def submit(self, doc: RawDocument, article_id: str, content_hash: str) -> Iterator[Prepared]:
        self.submitted += 1
        key = (doc, content_hash)
        if self.read_ahead is not None and self.read_ahead[0] is doc:
            self.results.put_value(key, _with_id(self.read_ahead[1], article_id))
        else:
            job = (doc, article_id, content_hash, self.lead)
            local = self.submitted <= PARALLEL_AFTER or not self.executor.workers
            if local:
                self.results.put_value(key, link_input(*job))
            else:
                self.results.put(key, self.executor.submit(link_input, *job))
        return self._ready(IN_FLIGHT)

    def repeat(self, doc: RawDocument, content_hash: str) -> Iterator[Prepared]:
        self.results.put_value((doc, content_hash), REPEAT)
        return self._ready(IN_FLIGHT)

    def finish(self) -> Iterator[Prepared]:
        yield from self._ready(0)
        self.executor.close()

    def _ready(self, keep: int) -> Iterator[Prepared]:
        for (doc, content_hash), outcome in self.results.ready(keep):
            yield doc, content_hash, outcome


def _with_id(outcome: Outcome, article_id: str) -> Outcome:
    """An outcome prepared before the driver named its article (on a cluster), under its name."""
    if isinstance(outcome, LinkInput):
        outcome.article = replace(outcome.article, id=article_id)
        outcome.features.id = article_id
    return outcome


def sentence_analyses(articles: list[Article]) -> list[Analysis]:
    """The spaCy pass of a batch: each article's sentences and entity mentions (no embedding), and the
    candidates synthesis reads of it (found here, in the workers, once per article)."""
    from storyfuse.analyse import complete_analyses
    from storyfuse.synthesise import article_candidates

    analyses = [Analysis(article_id=a.id, sentences=[], mentions=[], embedding=[]) for a in articles]
    complete_analyses(articles, analyses)
    for article, analysis in zip(articles, analyses, strict=True):
        analysis.candidates = article_candidates(article, analysis)
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
    executor: Executor | None = None,
) -> Iterator[list[Analysis]]:
    """`sentence_analyses` of each batch, in order; in worker processes (the `executor`'s, else forked
    ones) when the run has more than PARALLEL_AFTER articles. spaCy is most of the cost of ingesting,
    and an article's analysis depends on that article alone. Batches are read here, in this process,
    only as workers need them.

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
    chosen = executor or open_executor("process", workers=workers)
    if articles <= PARALLEL_AFTER or chosen.workers < 2:  # one worker would only wait in its place
        for batch in batches:
            yield reported(_sentence_pass(batch))
        return
    try:
        # a batch whose result cannot come back from its worker is redone here
        for result in map_in_order(
            chosen,
            _sentence_pass,
            batches,
            in_flight=BATCHES_IN_FLIGHT_PER_WORKER * chosen.workers,
            lost=lambda batch, exc: _sentence_pass(batch),
        ):
            yield reported(result)
    finally:
        if executor is None:  # ours: everything has come back, or the caller gave up on the rest
            chosen.terminate()
