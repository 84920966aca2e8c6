"""The linking adapter between the ingest driver and the streaming clusterer (link/cluster.py).

`Linker` stores each batch with its lead vectors, MinHashes and term counts, assigns its articles to
stories, and at the end of a run regroups the days it touched with the same-event model (link/events.py)
and the storylines over them; it also upgrades the link data it reads (lead vectors of another encoder,
recent MinHashes). Ingest, re-link, repair and the corrections by hand all link through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyfuse.components import ids_by_overlap
from storyfuse.link.constraints import apply_constraints
from storyfuse.link.event_model import lead_spec
from storyfuse.model import Analysis, Constraint
from storyfuse.preparation import LinkInput
from storyfuse.store import Store

if TYPE_CHECKING:
    from storyfuse.link.cluster import StoryState
    from storyfuse.link.features import ArticleFeatures

DUPLICATE_MEMORY = 2000  # most recent articles a new one is checked against for near-duplicates


class Linker:
    """Stores batches and assigns their articles to stories with the store's streaming clusterer."""

    def __init__(self, store: Store, profile: str | None = None) -> None:
        from storyfuse.analyse.encoders import lead_encoder
        from storyfuse.link.event_model import linking_profile

        self.store = store
        self.profile = linking_profile(profile)
        self.lead = lead_spec(self.profile.name)
        self.dimensions = lead_encoder(self.profile.encoder).dimensions
        self.run_days: tuple[int, int] | None = None  # first and last publication day this run linked
        self.run_stories: set[str] = set()  # stories this run's articles went to
        self.run_undated: list[str] = []  # this run's articles without a day (their stories are regrouped)
        self.stored: set[str] = set()  # ids of the articles this run stored
        self.late_copies: list[tuple[str, str]] = []  # (content hash, origin) another writer stored first
        self.story_of: dict[str, str] = {}  # this run's assignments, for copies of fresh articles
        self.merged_into: dict[str, str] = {}  # this run's merges: story id -> the story it went into
        self.articles_before = store.count_articles()
        # articles a killed run linked but did not regroup: this run's regroup forms their days again
        self.left_over = store.pending_regroup()
        # read before the state: a writer committing in between moves it, and the first turn reads again
        self.changes = store.link_changes()
        self._load()

    def _load(self) -> None:
        """Read what linking decides from: term counts, hot and cooling stories, recent MinHashes."""
        from storyfuse.link.cluster import COOLING, WINDOW_DAYS, StoryState, StreamingClusterer
        from storyfuse.link.similarity import TermStats

        store = self.store
        df, documents = store.term_stats()
        self.clusterer = StreamingClusterer(term_stats=TermStats(df, documents), archive=self._archived)
        if store.link_vector_size() not in (None, self.dimensions):
            self._recompute_lead_vectors()
        self._index_recent_articles()
        latest = store.latest_published()
        since = (date.fromisoformat(latest) - timedelta(days=WINDOW_DAYS)).isoformat() if latest else None
        hot = [StoryState.from_json(sid, state) for sid, state in store.story_states(since)]
        hot_ids = {s.id for s in hot}
        # the stories of the latest articles are mostly hot already: parse only the others
        recent = store.recent_story_states(COOLING)
        cooling = [StoryState.from_json(sid, state) for sid, state in recent if sid not in hot_ids]
        self.clusterer.load(hot, cooling=cooling)

    def catch_up(self) -> None:
        """At the start of a writing turn: read the link state again if another writer (an ingest
        taking its turns beside this one, an edit) changed it since this linker's last turn. What this
        run cached of assignments may be stale then: the store says where its articles are."""
        if self.store.link_changes() != self.changes:
            self._load()
            self.story_of.clear()
        self.changes = self.store.link_changes()

    def _index_recent_articles(self) -> None:
        """Index the store's latest articles for copies by their kept MinHashes; the texts of those
        stored without one (by an older version) are read and shingled, and their MinHashes kept."""
        from storyfuse.link.minhash import DuplicateIndex, Shingles, minhash_of_signature

        self.duplicates = DuplicateIndex(capacity=DUPLICATE_MEMORY, text_of=self._text_of)
        recent = self.store.recent_minhashes(DUPLICATE_MEMORY)
        unsigned = [article_id for article_id, signature in recent if signature is None]
        missing = {a.id: Shingles.of(a.text) for a in self.store.articles(unsigned)}
        if missing:
            with self.store.writing_turn():
                self.store.save_minhashes([(i, shingles.signature()) for i, shingles in missing.items()])
        for article_id, signature in recent:
            if article_id in missing:
                self.duplicates.add_shingles(article_id, missing[article_id], check=False)
            elif signature and (minhash := minhash_of_signature(signature)) is not None:
                self.duplicates.add_minhash(article_id, minhash)

    def _text_of(self, article_id: str) -> str:
        found = self.store.articles([article_id])
        return found[0].text if found else ""

    def _recompute_lead_vectors(self) -> None:
        """A store whose lead vectors another encoder made (another profile, or an older version) holds
        vectors of another size: recompute every article's lead vector, then each story's clusterer
        state from its members (in ingest order, as they joined). Synthesis does not read these vectors,
        so no story waits."""
        from storyfuse.analyse import link_analyses
        from storyfuse.link.features import ArticleFeatures

        with self.store.writing_turn():
            leftovers = self.store.articles(self.store.unassigned_article_ids())
            vectors = link_analyses(leftovers, self.lead)
            self.store.replace_lead_vectors({an.article_id: an.embedding for an in vectors})
            for story_id, _ in self.store.story_states(None):
                articles = self.store.articles(self.store.story_article_ids(story_id))
                analyses = link_analyses(articles, self.lead)
                self.store.replace_lead_vectors({an.article_id: an.embedding for an in analyses})
                features = [ArticleFeatures.of(a, an) for a, an in zip(articles, analyses, strict=True)]
                self.store.replace_story_states([(story_id, self._state_of(story_id, features).to_json())])

    def _state_of(self, story_id: str, members: Sequence[ArticleFeatures]) -> StoryState:
        """The clusterer's state of a story made of these members (in ingest order)."""
        import numpy as np

        from storyfuse.link.cluster import StoryState

        state = StoryState(story_id, np.zeros(self.dimensions, dtype=np.float32))
        for member in members:
            state.add(member, self.clusterer.term_stats)
        return state

    def regroup(self) -> None:
        """Form again, from all their articles, the events of the days this run touched (and of the
        stories its undated articles went to): the same-event model decides over the whole set at once,
        so the stories do not depend on the order the articles came in. Stories whose membership changes
        are marked for synthesis; call inside a transaction."""
        from storyfuse.link.cluster import iso_day
        from storyfuse.link.events import group_events
        from storyfuse.link.features import ArticleFeatures

        # a run that stored nothing itself still regroups what another writer stored meanwhile: that
        # writer may have been killed before its own regroup, and no later run would know its stories
        others = self._others_stories()
        if not self.run_stories and not others and self.left_over is None:
            return
        story_ids = {self._current(s) or s for s in self.run_stories}
        story_ids |= {s for a in self.run_undated if (s := self.store.story_of(a)) is not None}
        story_ids |= others
        if self.left_over is not None:
            # which stories the killed run's undated articles went to is not kept: they wait for
            # synthesis, as every story it touched does
            story_ids |= set(self.store.dirty_story_ids())
            self._widen_run_days(*self.left_over)
        if self.run_days:
            span = self.profile.event_days
            first, last = iso_day(self.run_days[0] - span) or "", iso_day(self.run_days[1] + span) or ""
            story_ids |= {story_id for story_id, _ in self.store.story_states_between(first, last)}
        found = {s: self.store.story_article_ids(s) for s in sorted(story_ids)}
        # a story of this run another writer has merged away since holds nothing
        before, constraints = self._constrained({s: ids for s, ids in found.items() if ids})
        ids = [a for members in before.values() for a in members]
        articles = self.store.articles(ids)
        analyses = self.store.analyses(ids, lead_only=True)
        features = [ArticleFeatures.of(a, analyses[a.id]) for a in articles]
        labels = group_events(features, self.profile)
        events: dict[int, list[str]] = {}
        for article, label in zip(articles, labels, strict=True):
            events.setdefault(label, []).append(article.id)
        self._write_groups(before, apply_constraints(list(events.values()), constraints), features)
        self.store.clear_pending_regroup()
        self.left_over = None

    def _others_stories(self) -> set[str]:
        """The stories of the articles other writers stored while this run ran (two ingests taking
        turns), with this run's days widened to theirs: the run that regroups last regroups the days both
        touched, so the stories do not depend on which finished first."""
        from storyfuse.link.cluster import StoryState

        added = self.store.count_articles() - self.articles_before
        recent = self.store.recent_article_ids(added) if added > 0 else []
        others = [a for a in recent if a not in self.stored]
        story_ids = {s for a in others if (s := self.store.story_of(a)) is not None}
        for story_id, state in self.store.story_states_of(sorted(story_ids)):
            days = StoryState.from_json(story_id, state)
            self._widen_run_days(days.first_day, days.last_day)
        return story_ids

    def _widen_run_days(self, *days: int | None) -> None:
        """Widen the span of days this run's regroup forms again to take in `days`."""
        for day in days:
            if day is not None:
                span = self.run_days or (day, day)
                self.run_days = (min(span[0], day), max(span[1], day))

    def apply_corrections(self, story_ids: Sequence[str]) -> None:
        """Regroup these stories as the corrections made by hand say, changing nothing else: what a
        merge, split or move does at once. Call inside a transaction."""
        from storyfuse.link.features import ArticleFeatures

        before, constraints = self._constrained(
            {s: self.store.story_article_ids(s) for s in sorted(story_ids)}
        )
        ids = [a for members in before.values() for a in members]
        analyses = self.store.analyses(ids, lead_only=True)
        features = [ArticleFeatures.of(a, analyses[a.id]) for a in self.store.articles(ids)]
        self._write_groups(before, apply_constraints(list(before.values()), constraints), features)

    def _constrained(self, before: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[Constraint]]:
        """The stories to regroup, with those holding articles a correction ties to theirs, and the
        corrections (constraints) on them, in the order they were made."""
        constraints = self.store.constraints_touching([a for members in before.values() for a in members])
        for constraint in constraints:
            for article in constraint.left + constraint.right:
                story_id = self.store.story_of(article)
                if story_id is not None and story_id not in before:
                    before[story_id] = self.store.story_article_ids(story_id)
        return before, constraints

    def _write_groups(
        self, before: dict[str, list[str]], grouped: list[list[str]], features: Sequence[ArticleFeatures]
    ) -> None:
        """Store `grouped` (lists of article ids) as the stories of `before`'s articles: clusterer
        states, assignments, stories left empty dropped, storylines re-formed."""
        from storyfuse.link.cluster import iso_day, story_id_for

        groups = dict(enumerate(grouped))
        # each new group keeps the id of the old story it shares most articles with (each id once)
        story_of = {a: s for s, members in before.items() for a in members}
        named = ids_by_overlap(groups, story_of)
        taken = set(named.values())
        by_id = {f.id: f for f in features}
        changed, moves, final = [], [], set()
        for label, members in sorted(groups.items(), key=lambda group: min(group[1])):
            story_id = named.get(label) or story_id_for(min(members))
            # an unnamed group must not take an id another group, or a story outside the window, holds
            while label not in named and (story_id in taken or self.store.story_article_ids(story_id)):
                story_id = story_id_for(story_id)
            taken.add(story_id)
            final.add(story_id)
            if set(members) != set(before.get(story_id, [])):
                state = self._state_of(story_id, [by_id[a] for a in members])
                changed.append((story_id, state.to_json(), iso_day(state.first_day), iso_day(state.last_day)))
                moves += [(a, story_id) for a in members if story_of[a] != story_id]
        self.store.save_story_states(changed)
        self.store.assign(moves)
        self.store.drop_stories([s for s in before if s not in final])
        self._chain_storylines(final)

    def _chain_storylines(self, story_ids: set[str]) -> None:
        """Group into storylines, again, the events within the storyline gap of the run's days (and the
        run's stories), with every event of the storylines they are in; undated events stand alone."""
        from storyfuse.link.cluster import StoryState, iso_day
        from storyfuse.link.storylines import EventSummary, group_storylines, storyline_model

        model = storyline_model(self.profile.name)
        first, last = "9999", ""
        if self.run_days:
            gap = model.max_gap_days
            first, last = iso_day(self.run_days[0] - gap) or first, iso_day(self.run_days[1] + gap) or last
        before = self.store.storyline_window(first, last, sorted(story_ids))
        states = dict(self.store.story_states_of(sorted(before)))
        events = [
            event
            for story_id in sorted(before)
            if story_id in states
            and (event := EventSummary.of(StoryState.from_json(story_id, states[story_id]))) is not None
        ]
        groups: dict[int, list[str]] = {}
        for event, label in zip(events, group_storylines(events, model), strict=True):
            groups.setdefault(label, []).append(event.id)
        self.store.replace_storylines(before, list(groups.values()))

    def own_stories(self) -> set[str]:
        """The stories this run's articles went to, after its merges."""
        return {self._current(s) or s for s in self.run_stories}

    def _current(self, story_id: str | None) -> str | None:
        """The story a story of this run lives on in, after the merges since."""
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def _archived(self, first: int, last: int) -> list[StoryState]:
        """Stories of the store whose publication span meets the days `first`..`last` (ordinals)."""
        from storyfuse.link.cluster import StoryState, iso_day

        rows = self.store.story_states_between(iso_day(first) or "", iso_day(last) or "")
        return [StoryState.from_json(story_id, state) for story_id, state in rows]

    def store_batch(self, batch: Sequence[tuple[LinkInput, str]]) -> int:
        """Store prepared articles with their lead vectors (sentences and mentions wait for synthesis)
        and link them, in one transaction."""
        with self.store.writing_turn():
            self.catch_up()
            batch = self._not_stored(batch)
            rows = [
                (item.article, raw, Analysis(item.article.id, [], [], item.features.embedding.tolist()))
                for item, raw in batch
            ]
            if rows:
                self.store.insert_articles(rows, complete=False)
                self.store.save_minhashes([(item.article.id, item.shingles.signature()) for item, _ in batch])
                self._link([item for item, _ in batch])
                self.stored.update(item.article.id for item, _ in batch)
            self.changes = self.store.link_changes()
        return len(batch)

    def _not_stored(self, batch: Sequence[tuple[LinkInput, str]]) -> list[tuple[LinkInput, str]]:
        """The batch less what another writer stored since it was read (its copies are kept in
        `late_copies`), each article under an id still free: two ingests taking turns read the same
        store, and may have prepared the same content, or given one id to two contents."""
        fresh = []
        for item, raw in batch:
            digest = item.article.content_hash
            if self.store.article_with_hash(digest) is not None:
                self.late_copies.append((digest, item.article.origin))
            else:
                fresh.append((item, raw))
        taken = self.store.article_meta([item.article.id for item, _ in fresh])
        kept = {item.article.id for item, _ in fresh}
        for k, (item, raw) in enumerate(fresh):
            if item.article.id in taken:
                new = self.store.new_article_id(None, item.article.content_hash, kept)
                kept.add(new)
                article, features = replace(item.article, id=new), replace(item.features, id=new)
                fresh[k] = (replace(item, article=article, features=features), raw)
        return fresh

    def link_leftovers(self) -> None:
        """Link articles stored without a story (only possible after a crash in an older version)."""
        from storyfuse.link.features import ArticleFeatures
        from storyfuse.link.minhash import Shingles

        ids = self.store.unassigned_article_ids()
        if not ids:
            return
        with self.store.writing_turn():
            self.catch_up()
            ids = self.store.unassigned_article_ids()  # again: another writer may have linked them
            analyses = self.store.analyses(ids)
            items = [
                LinkInput(a, ArticleFeatures.of(a, analyses[a.id]), Shingles.of(a.text))
                for a in self.store.articles(ids)
            ]
            self._link(items)
            self.changes = self.store.link_changes()

    def _link(self, items: Sequence[LinkInput]) -> None:
        from storyfuse.link.cluster import iso_day

        pairs = []
        for item in items:
            article_id = item.article.id
            original = next(iter(self.duplicates.add_shingles(article_id, item.shingles)), None)
            copy_of_story = None
            if original is not None:
                copy_of_story = self._current(self.story_of.get(original.article_id)) or self.store.story_of(
                    original.article_id
                )
            story_id = self.clusterer.add(item.features, copy_of_story)
            pairs.append((article_id, story_id))
            self.story_of[article_id] = story_id
            self.run_stories.add(story_id)
            if (day := item.features.day) is not None:
                self._widen_run_days(day)
            else:
                self.run_undated.append(article_id)
        changed, merged = self.clusterer.take_changes()
        self.merged_into.update(merged)
        days = [d for item in items if (d := item.features.day) is not None]
        self.store.note_pending_regroup(min(days, default=None), max(days, default=None))
        self.store.add_term_stats(dict(self.clusterer.term_stats.take_pending()), len(items))
        self.store.save_story_states(
            [(s.id, s.to_json(), iso_day(s.first_day), iso_day(s.last_day)) for s in changed]
        )
        moved = []
        for gone, kept in merged.items():
            moved += [(a, kept) for a in self.store.story_article_ids(gone)]
        self.store.assign([(a, merged.get(s, s)) for a, s in pairs] + moved)
        self.store.drop_stories(list(merged))


def stored_profile(store: Store, profile: str | None) -> str:
    """The linking profile a repair, a re-link or a correction links with: the one named, else the one
    whose lead vectors the store holds (none of them brings a store to another profile, as an ingest
    with another would), else the configured one."""
    from storyfuse.analyse.encoders import lead_encoder
    from storyfuse.link.event_model import linking_profile

    configured = linking_profile(profile).name
    size = store.link_vector_size()
    if profile is not None or size is None:
        return configured
    for name in dict.fromkeys([configured, "default", "fast"]):
        if lead_encoder(linking_profile(name).encoder).dimensions == size:
            return name
    return configured
