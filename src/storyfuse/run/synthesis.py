"""The synthesis driver: every story whose membership changed synthesised again, in this process, in
worker processes or as Ray tasks, and written in the stories' order; before it, the spaCy pass and the
synthesis candidates of the stories' articles stored without them."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from storyfuse.model import Analysis, Article, InputProblem
from storyfuse.preparation import sentence_analyses_in_order, worker_count
from storyfuse.run.executor import map_in_order, open_executor
from storyfuse.store import Store

if TYPE_CHECKING:
    from storyfuse.model import Story
    from storyfuse.run.executor import Executor

ANALYSIS_BATCH = 64  # articles per spaCy batch and per commit of its results, at most
MIN_ANALYSIS_BATCH = 8  # and at least, when a batch is cut smaller to share the work among workers
BATCHES_PER_WORKER = 4  # batches a worker gets at least, when there are articles enough

Progress = Callable[[int], None]  # called with the number of inputs (or stories) just handled


def phase(progress: Progress | None, name: str, total: int | None = None) -> None:
    """Tell a progress display that a phase begins (reading, linking, analysing, synthesising) and how
    many items it has, when known; a display that shows no phases (a plain callable) is left alone."""
    begin = getattr(progress, "phase", None)
    if begin is not None:
        begin(name, total)


def synthesise_dirty(
    store: Store,
    progress: Progress | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
    executor: Executor | None = None,
    first: Collection[str] = (),
    own_articles: Collection[str] = (),
) -> int:
    """Synthesise again every story whose membership changed; returns how many.

    Sentence vectors are kept per article, so a story that grew embeds only its new articles' sentences.
    An article the spaCy pass fails on is reported to `on_problem` and kept without sentences or names.
    The stories in `first` (an ingest's own) come first: another ingest of the store, taking turns with
    this one, does its own first too, and what either has done by the time the other comes to it (an
    article analysed, a story written from the same members) is not done again. The spaCy pass takes
    the articles of `own_articles` (those this ingest stored) first, and then the others from the last
    back, so two ingests analysing side by side meet in the middle of each other's instead of analysing
    the same ones at the same time.
    """
    dirty = store.dirty_story_ids()
    dirty = [s for s in dirty if s in first] + [s for s in dirty if s not in first]
    members = {story_id: store.story_article_ids(story_id) for story_id in dirty}
    wanted = [a for ids in members.values() for a in ids]
    others = [a for a in wanted if a not in own_articles]
    in_order = [a for a in wanted if a in own_articles] + others[::-1]
    _complete_pending_analyses(store, in_order, on_problem, executor, progress=progress)
    stories = [(story_id, ids) for story_id, ids in members.items() if ids]
    phase(progress, "synthesising", len(stories))
    server = getattr(store, "url", None)  # a server store, which workers on other machines can reach
    in_turn = getattr(executor, "in_turn", None)  # Ray's: computed side by side, written in turn
    if in_turn is not None and server and len(stories) > 1:
        # each story read and synthesised by a Ray task, side by side, and written by another in the
        # stories' order (a story's entities take their global ids from the stories written before it,
        # so writes in the order tasks finish would not give the same ids twice); the driver only counts
        writers: Executor = in_turn(partial(write_at, server))
        written = map_in_order(
            writers,
            partial(synthesised_at, server),
            stories,
            in_flight=2 * writers.workers,
            lost=lambda job, exc: synthesise_at(server, job),
        )
        for _ in written:
            if progress:
                progress(1)
        return len(dirty)

    def still_waiting(story_id: str, ids: Sequence[str]) -> bool:
        waiting = store.story_is_dirty(story_id) and store.story_article_ids(story_id) == ids
        if not waiting and progress:
            progress(1)  # another writer wrote it, or changed it and will
        return waiting

    claims = _Claims(store, "story")

    def claimed(story_id: str, *, wait: bool = False) -> bool:
        """Whether this writer is to synthesise the story: it still waits and is claimed by us. Another
        ingest synthesising side by side goes through the same stories, so without claims each story
        would be synthesised by both; one the other holds is left for the end."""
        ids = members[story_id]
        if not still_waiting(story_id, ids) or not claims.take(story_id, wait=wait):
            return False
        if still_waiting(story_id, ids):  # read again: the other may have written it just before
            return True
        claims.release(story_id)
        return False

    def write(story: Story, fresh: dict[str, Any]) -> None:
        with store.writing_turn():
            # another writer may have changed its members since they were read: it synthesises the
            # story again itself, after its change, so this one stays dirty for it
            if store.story_article_ids(story.id) == members[story.id]:
                store.write_story(story)
                store.save_sentence_vectors(fresh)
        claims.release(story.id)
        if progress:
            progress(1)

    inputs = (synthesis_inputs(store, story_id, ids) for story_id, ids in stories if claimed(story_id))
    pool = _synthesis_pool(executor, len(stories))
    if pool is not None:
        # synthesised by workers (forked processes or Ray tasks), read and written by this process alone,
        # in the stories' order; a story whose result cannot come back is synthesised here
        done: Iterable[tuple[Story, dict[str, Any]]] = map_in_order(
            pool,
            synthesised,
            inputs,
            in_flight=2 * pool.workers,
            lost=lambda job, exc: synthesised(job),
        )
    else:
        done = map(synthesised, inputs)
    try:
        for story, fresh in done:
            write(story, fresh)
        # the stories another writer held: waited for holding no claim (so two writers never wait for
        # each other), and synthesised here only if that writer did not write them (it died, or their
        # members changed since)
        for story_id in claims.deferred:
            if claimed(story_id, wait=True):
                write(*synthesised(synthesis_inputs(store, story_id, members[story_id])))
    finally:
        claims.release_all()
        if pool is not None and pool is not executor:
            pool.terminate()  # ours: everything has come back, or the caller gave up on the rest
    return len(dirty)


class _Claims:
    """Pieces of one kind of work ("story", "article") this writer has claimed in the store
    (`Store.claim`), and those another writer held when this one came to them, left for the end."""

    def __init__(self, store: Store, kind: str) -> None:
        self.store = store
        self.kind = kind
        self.held: set[str] = set()  # claimed and not yet done or given up
        self.deferred: list[str] = []

    def take(self, key: str, *, wait: bool = False) -> bool:
        """Claim the piece; one another writer holds (without `wait`) is deferred instead."""
        if self.store.claim(f"{self.kind} {key}", wait=wait):
            self.held.add(key)
            return True
        self.deferred.append(key)
        return False

    def release(self, key: str) -> None:
        self.held.discard(key)
        self.store.release(f"{self.kind} {key}")

    def release_all(self) -> None:
        for key in list(self.held):
            self.release(key)


PARALLEL_STORIES = 16  # fewer stories are synthesised in this process: workers would cost more than they save


def _synthesis_pool(executor: Executor | None, stories: int) -> Executor | None:
    """Where the stories are synthesised: Ray's tasks whenever Ray runs the ingest; worker processes
    (the run's executor, else forked ones) when there are more than PARALLEL_STORIES; else None (here).
    A story depends on its own articles alone, so the stories are the same wherever they are made."""
    if executor is not None and executor.name == "ray":
        return executor if stories > 1 else None
    if stories <= PARALLEL_STORIES:
        return None
    pool = executor or open_executor("process", workers=worker_count())
    return pool if pool.workers >= 2 else None  # one worker would only wait in this process's place


SynthesisInputs = tuple[str, list[Article], list[Analysis], dict[str, Any], str | None]


def synthesis_inputs(store: Store, story_id: str, ids: Sequence[str]) -> SynthesisInputs:
    """What synthesising a story reads from the store: its articles in reading order, their analyses in
    the same order, the sentence vectors kept for them, and a headline renamed by hand."""
    articles = sorted(store.articles(ids), key=reading_order)
    analyses = store.analyses(ids)
    ordered = [analyses[a.id] for a in articles]
    return story_id, articles, ordered, store.sentence_vectors(ids), store.pinned_headline(ids)


def reading_order(article: Article) -> tuple[bool, str, str]:
    """A story's articles by publication day, then id; undated ones last. Not the order they were
    ingested in: the same articles make the same story, citation numbers included, whatever the order
    of the input files."""
    day = article.published.value if article.published else None
    return day is None, day or "", article.id


def synthesised(inputs: SynthesisInputs) -> tuple[Story, dict[str, Any]]:
    """A story synthesised from what it read, and the sentence vectors it computed that were not kept:
    the same wherever it runs (this process, a worker, a Ray task)."""
    from storyfuse.synthesise import synthesise_story
    from storyfuse.synthesise.story_sentences import StorySentences

    story_id, articles, ordered, known, pinned = inputs
    sentences = StorySentences.of(articles, ordered, known)
    story = synthesise_story(story_id, articles, ordered, sentences)
    story.headline = pinned or story.headline  # a headline renamed by hand stays
    fresh = {a: v for a, v in sentences.vectors_by_article().items() if a not in known}
    return story, fresh


def synthesised_at(url: str, job: tuple[str, Sequence[str]]) -> tuple[Story, dict[str, Any]]:
    """One story of the server store at `url` synthesised from what it reads there (in a Ray task, on
    any machine that reaches the server)."""
    from storyfuse.store.open import open_store

    story_id, ids = job
    with open_store(url, readonly=True) as store:
        return synthesised(synthesis_inputs(store, story_id, ids))


def write_at(url: str, job: tuple[str, Sequence[str]], result: tuple[Story, dict[str, Any]]) -> str:
    """Write a story `synthesised_at` made into the server store at `url`; returns its id."""
    from storyfuse.store.open import open_store

    story, fresh = result
    with open_store(url) as store, store.writing_turn():
        if store.story_article_ids(job[0]) == list(job[1]):  # else changed since: as synthesise_dirty
            store.write_story(story)
            store.save_sentence_vectors(fresh)
    return job[0]


def synthesise_at(url: str, job: tuple[str, Sequence[str]]) -> str:
    """Synthesise one story of the server store at `url` and write it there."""
    return write_at(url, job, synthesised_at(url, job))


def _complete_pending_analyses(
    store: Store,
    article_ids: Sequence[str],
    on_problem: Callable[[InputProblem], None] | None = None,
    executor: Executor | None = None,
    *,
    progress: Progress | None = None,
) -> None:
    """Sentences and entity mentions (the spaCy pass) of those articles that were stored without them;
    each batch is committed as it comes back (and counted to `progress`, phase "analysing")."""
    from storyfuse.store.queries import chunks

    pending = store.pending_analysis_ids(article_ids)
    if pending:
        phase(progress, "analysing", len(pending))
    sizes: deque[int] = deque()  # of the batches read, in order: a batch counts whole when it is back
    claims = _Claims(store, "article")

    def claimed(article_ids: Sequence[str], *, wait: bool = False) -> list[str]:
        """Those of the articles this writer is to analyse: still pending, and claimed by us (another
        ingest analysing side by side goes through the same articles; those it holds are left for the
        end)."""
        mine = [a for a in store.pending_analysis_ids(article_ids) if claims.take(a, wait=wait)]
        still = set(store.pending_analysis_ids(mine))  # read again: the other may have just stored some
        for article_id in mine:
            if article_id not in still:
                claims.release(article_id)
        return [a for a in mine if a in still]

    def batch(chunk: list[str]) -> list[Article]:
        sizes.append(len(chunk))
        # read as a worker needs it, less what another writer taking turns has analysed or holds by then
        return store.articles(claimed(chunk))

    def stored(analyses: list[Analysis]) -> None:
        with store.writing_turn():
            store.complete_analyses(analyses)
        for analysis in analyses:
            claims.release(analysis.article_id)

    size = analysis_batch_size(len(pending), executor.workers if executor is not None else worker_count())
    batches = (batch(chunk) for chunk in chunks(pending, size))
    try:
        for analyses in sentence_analyses_in_order(batches, len(pending), on_problem, executor):
            stored(analyses)
            done = sizes.popleft()
            if progress and pending:
                progress(done)
        # the articles another writer held: waited for one at a time holding no claim (so two writers
        # never wait for each other), and analysed here only if that writer did not store them (it died)
        for article_id in claims.deferred:
            if mine := claimed([article_id], wait=True):  # else stored by the other: nothing to do
                for analyses in sentence_analyses_in_order([store.articles(mine)], 1, on_problem):
                    stored(analyses)
    finally:
        claims.release_all()
    _complete_candidates(store, article_ids)


def analysis_batch_size(articles: int, workers: int) -> int:
    """Articles per batch of the spaCy pass: ANALYSIS_BATCH, or fewer when the articles are too few for
    every worker to get BATCHES_PER_WORKER batches (80 articles in batches of 64 left one of two workers
    with 16 of them), but never below MIN_ANALYSIS_BATCH, where spaCy's batching would be lost."""
    if workers < 2:
        return ANALYSIS_BATCH
    shared = -(-articles // (BATCHES_PER_WORKER * workers))
    return min(ANALYSIS_BATCH, max(MIN_ANALYSIS_BATCH, shared))


def _complete_candidates(store: Store, article_ids: Sequence[str]) -> None:
    """The synthesis candidates of analysed articles stored without them (by an older version, or
    found by older code): found here once, and kept."""
    from storyfuse.store.queries import chunks
    from storyfuse.synthesise import CANDIDATES_VERSION, article_candidates

    current = store.candidates_of_version(article_ids, CANDIDATES_VERSION)
    for chunk in chunks([a for a in dict.fromkeys(article_ids) if a not in current], ANALYSIS_BATCH):
        analyses = store.analyses(chunk)
        found = [(a.id, article_candidates(a, analyses[a.id])) for a in store.articles(chunk)]
        with store.writing_turn():  # two ingests may upsert the same rows: in turn, never a deadlock
            store.save_candidates(found)
