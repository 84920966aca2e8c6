"""Runs the stages in order: ingest → extract → analyse → link → synthesise, batch by batch.

Each batch of articles is written with its analysis and its story assignments in one transaction,
so a killed run leaves whole articles and consistent stories; re-running skips what is stored
(content hashes) and finishes the rest. Only stories whose membership changed are synthesised again.
Linking goes through `run.linking.Linker`, synthesis through `run.synthesis`; re-link and repair are here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from storyfuse.errors import BadInput
from storyfuse.model import InputProblem, RawDocument
from storyfuse.preparation import (
    REPEAT,
    LinkingOrder,
    LinkInput,
    Outcome,
    PreparationQueue,
    Unprepared,
)
from storyfuse.run.linking import Linker, stored_profile
from storyfuse.run.synthesis import Progress, phase, synthesise_dirty
from storyfuse.store import Store

if TYPE_CHECKING:
    from storyfuse.run.executor import Executor
    from storyfuse.store.integrity import Finding

BATCH_SIZE = 32


@dataclass
class IngestReport:
    read: int = 0  # documents read from the inputs
    added: int = 0  # new articles stored
    duplicates: int = 0  # documents whose content was already stored
    problems: list[InputProblem] = field(default_factory=list)
    cut: list[InputProblem] = field(default_factory=list)  # stored, but read only up to a bound
    stories_changed: int = 0


def ingest(
    store: Store,
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    strict: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
    synthesise: bool = True,
    profile: str | None = None,
    executor: Executor | None = None,
) -> IngestReport:
    """Ingest every article found under `paths`; bad inputs are reported and skipped.

    Articles are linked one at a time as they come; at the end of the run, the events of the days the
    run touched are formed again from all their articles by the linking `profile`'s same-event model
    (`link.events`), so the stories do not depend on the order the inputs came in.

    With `strict`, the whole run is one transaction and the first bad input aborts it: nothing
    is ingested (BadInput is raised). Without `synthesise`, articles are stored and linked to
    stories, and the changed stories wait for `synthesise_dirty`. The `executor` (`run.executor`) runs
    the per-article work: forked worker processes unless told otherwise.
    """
    from storyfuse.ingest import content_hash

    report = IngestReport()
    linker = Linker(store, profile)
    batch: list[tuple[LinkInput, str]] = []
    sightings: list[tuple[str, str]] = []  # (content hash, origin) of content seen again
    held_article: dict[str, bool] = {}  # content hash of the run -> whether it held an article
    failed: dict[str, str] = {}  # content hash of the run -> why preparing it failed
    submitted: set[str] = set()  # content hashes handed to preparation in this run
    assigned: set[str] = set()  # article ids given in this run
    order = LinkingOrder()

    def link(item: tuple[LinkInput, str]) -> None:
        nonlocal batch
        batch.append(item)
        if len(batch) >= batch_size:
            report.added += linker.store_batch(batch)
            batch = []

    def handle(doc: RawDocument, digest: str, outcome: Outcome) -> None:
        if isinstance(outcome, LinkInput):
            for note in outcome.notes:
                _problem(report, InputProblem(doc.origin, note), strict, on_problem, kept=True)
            held_article[digest] = True
            for prepared in order.put(outcome, doc.content):  # by publication day, then input order
                link(prepared)
        elif outcome is REPEAT and held_article[digest]:
            report.duplicates += 1
            sightings.append((digest, doc.origin))
        elif isinstance(outcome, Unprepared) or (outcome is REPEAT and digest in failed):
            held_article[digest] = False  # the document alone is lost; its copies fail as it did
            failed[digest] = outcome.reason if isinstance(outcome, Unprepared) else failed[digest]
            _problem(report, InputProblem(doc.origin, failed[digest]), strict, on_problem)
        else:
            held_article[digest] = False
            problem = InputProblem(doc.origin, "no article text found (list page or empty body)")
            _problem(report, problem, strict, on_problem)

    with (
        store.writing_turn() if strict else nullcontext(),
        PreparationQueue(lead=linker.lead, executor=executor) as queue,
    ):
        linker.link_leftovers()
        phase(progress, "reading")
        for item in queue.read(paths, stdin=stdin):
            if progress:
                progress(1)
            if isinstance(item, InputProblem):
                _problem(report, item, strict, on_problem)
                continue
            report.read += 1
            digest = content_hash(item.content)
            if digest in submitted:  # an earlier document of this run: its outcome decides
                ready = queue.repeat(item, digest)
            elif store.article_with_hash(digest) is not None:
                report.duplicates += 1
                sightings.append((digest, item.origin))
                continue
            else:
                submitted.add(digest)
                article_id = store.new_article_id(item.native_id, digest, assigned)
                assigned.add(article_id)
                ready = queue.submit(item, article_id, digest)  # a failure on it is its outcome
            for done in ready:
                handle(*done)
        for done in queue.finish():
            handle(*done)
        for prepared in order.finish():
            link(prepared)
        if batch:
            report.added += linker.store_batch(batch)
        phase(progress, "linking")
        with store.writing_turn():
            linker.catch_up()
            report.duplicates += len(linker.late_copies)
            store.add_origins(sightings + linker.late_copies)
            linker.regroup()
        if synthesise:
            report.stories_changed = synthesise_dirty(
                store,
                progress=progress,
                on_problem=lambda problem: _problem(report, problem, strict, on_problem),
                executor=executor,
                first=linker.own_stories(),
                own_articles=assigned,
            )
        else:
            report.stories_changed = len(store.dirty_story_ids())
    return report


def _problem(
    report: IngestReport,
    problem: InputProblem,
    strict: bool,
    on_problem: Callable[[InputProblem], None] | None,
    *,
    kept: bool = False,
) -> None:
    """Report a problem (with `kept`, of a document that is stored all the same, cut to a bound)."""
    if strict:
        raise BadInput(f"{problem} (--strict: nothing was ingested)")
    (report.cut if kept else report.problems).append(problem)
    if on_problem:
        on_problem(problem)


def relink(store: Store, profile: str | None = None) -> int:
    """Form every story again from all the store's articles at once (the same-event model over the whole
    set, then the corrections made by hand); returns how many stories changed. Synthesise after."""
    linker = Linker(store, stored_profile(store, profile))
    linker.run_stories = {story_id for story_id, _ in store.story_states(None)}
    with store.transaction():
        linker.regroup()
    return len(store.dirty_story_ids())


@dataclass
class RepairReport:
    found: list[Finding]  # what disagreed before the repair
    remaining: list[Finding]  # what the repair could not fix (e.g. an article spaCy fails on again)
    lead_vectors: int = 0  # lead vectors recomputed
    linked: int = 0  # articles without a story linked
    stories_synthesised: int = 0


def repair(
    store: Store,
    *,
    profile: str | None = None,
    progress: Progress | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
) -> RepairReport:
    """Find what in the store disagrees (`store.integrity.check`) and fix it: rows of nothing are deleted,
    missing lead vectors recomputed, articles without a story linked (by the linking `profile`, as
    ingest links), lost analyses redone and every story concerned synthesised again. Then checks again."""
    from storyfuse.analyse import link_analyses
    from storyfuse.store import integrity

    report = RepairReport(found=integrity.check(store), remaining=[])
    if not report.found:
        return report
    with store.transaction():
        marked = integrity.mark_for_repair(store, report.found)
    leftovers = store.unassigned_article_ids()
    if marked.lead_vectors or leftovers:
        linker = Linker(store, stored_profile(store, profile))
        with store.transaction():
            vectors = link_analyses(store.articles(marked.lead_vectors), linker.lead)
            store.replace_lead_vectors({an.article_id: an.embedding for an in vectors})
        report.lead_vectors = len(vectors)
        report.linked = len(leftovers)
        linker.link_leftovers()
        with store.transaction():
            linker.regroup()
    report.stories_synthesised = synthesise_dirty(store, progress, on_problem)
    report.remaining = integrity.check(store)
    return report
