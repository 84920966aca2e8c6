"""Streaming story clustering: each article joins the best story or opens a new one.

Articles are taken one at a time in ingest order, so results never depend on batch boundaries.
When a story grows close to another, the two merge. Only stories active within a window of
publication time stay in the hot index; older ones remain in the store. An article from before the
window (an archive ingested late) brings the stories of its own time back for its decision, so
backfilled news still gathers into stories. An article without a trustworthy date may also join one of
the stories that left the window most recently: it likely arrived with the news it belongs to.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import heapq
import json
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyfuse.link.features import ArticleFeatures
from storyfuse.link.similarity import (
    DEFAULT_WEIGHTS,
    LexicalQuery,
    SimilarityWeights,
    TermStats,
    combined_score,
    entity_overlap,
    tfidf_norm,
    time_penalty,
    year_disagreement,
)

JOIN_THRESHOLD = 0.34  # mean article-to-members score to join; bench/tune_clustering.py, ECB+ 1–35
MERGE_THRESHOLD = 0.34  # story-to-story score to merge; same fit (worst topic half B3 F1 0.880)
WINDOW_DAYS = 14
STORY_TERMS = 600  # content words a story keeps (its heaviest): bounds memory and scoring cost
# Names a story keeps (its most shared): a name one member of a large story wrote weighs nothing in the
# overlap anyway, and a story of thousands of members would otherwise make every merge check slower.
STORY_NAMES = 600
CANDIDATES = 16  # stories scored exactly per article, after the vectorised pre-filter (ECB+ same at 8)
# Stories that left the hot index most recently (in ingest order) that an undated article may still join:
# a feed of 2030 news followed by an undated report on a 2022 story must find that story.
COOLING = 256


def _updated(counts: Counter[str], more: Iterable[str] | Mapping[str, float], keep: int) -> Counter[str]:
    """`counts` with `more` added; once past twice `keep` entries, only its `keep` heaviest (trimming
    in bulk keeps the sort rare)."""
    counts.update(more)
    return Counter(dict(counts.most_common(keep))) if len(counts) > keep * 2 else counts


@dataclass
class StoryState:
    """What the clusterer keeps of a story: sums over its members, so that the mean similarity of an
    article to all members (average link) costs one comparison, whatever the story's size."""

    id: str
    vector_sum: np.ndarray
    size: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    first_day: int | None = None
    last_day: int | None = None
    terms: Counter[str] = field(default_factory=Counter)  # sum of members' unit TF-IDF term vectors
    years: Counter[int] = field(default_factory=Counter)
    entity_total: int = 0  # sum of the members' entity-set sizes

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def add(self, article: ArticleFeatures, stats: TermStats, norm: float | None = None) -> None:
        """Count the article in; `norm` is its TF-IDF norm under `stats` when already known."""
        self.vector_sum = self.vector_sum + article.embedding
        self.size += 1
        self.entities = _updated(self.entities, article.entities, STORY_NAMES)
        self.entity_total += len(article.entities)
        self.years.update(article.years)
        norm = norm or tfidf_norm(article.terms, stats)  # unit vectors: the sum's dot gives the mean cosine
        self.terms = _updated(self.terms, {t: w / norm for t, w in article.terms.items()}, STORY_TERMS)
        if article.day is not None:
            self.first_day = min(self.first_day or article.day, article.day)
            self.last_day = max(self.last_day or article.day, article.day)

    def absorb(self, other: StoryState) -> None:
        self.vector_sum = self.vector_sum + other.vector_sum
        self.size += other.size
        self.entities = _updated(self.entities, other.entities, STORY_NAMES)
        self.entity_total += other.entity_total
        self.years.update(other.years)
        self.terms = _updated(self.terms, other.terms, STORY_TERMS)
        days = [d for d in (self.first_day, self.last_day, other.first_day, other.last_day) if d is not None]
        if days:
            self.first_day, self.last_day = min(days), max(days)

    def to_json(self) -> str:
        return json.dumps(
            {
                "vector_sum": base64.b64encode(self.vector_sum.astype(np.float32).tobytes()).decode(),
                "size": self.size,
                "entities": dict(self.entities),
                "first_day": self.first_day,
                "last_day": self.last_day,
                "terms": dict(self.terms.most_common(STORY_TERMS)),
                "years": {str(y): c for y, c in self.years.items()},
                "entity_total": self.entity_total,
            }
        )

    @classmethod
    def from_json(cls, story_id: str, text: str) -> StoryState:
        data = json.loads(text)
        return cls(
            id=story_id,
            vector_sum=np.frombuffer(base64.b64decode(data["vector_sum"]), dtype=np.float32).copy(),
            size=data["size"],
            entities=Counter(data["entities"]),
            first_day=data["first_day"],
            last_day=data["last_day"],
            terms=Counter(data.get("terms", {})),
            years=Counter({int(y): c for y, c in data.get("years", {}).items()}),
            entity_total=data.get("entity_total", sum(data["entities"].values())),
        )

    def probe(self) -> ArticleFeatures:
        """The story seen as one article, to score it against other stories (its terms: `mean_terms`)."""
        size = max(self.size, 1)
        main_entities = {e for e, c in self.entities.items() if c / size >= 0.3}
        main_years = {y for y, c in self.years.items() if c / size >= 0.3}
        return ArticleFeatures(self.id, self.centroid, main_entities, self.last_day, {}, main_years)

    def mean_terms(self) -> dict[str, float]:
        size = max(self.size, 1)
        return {t: w / size for t, w in self.terms.items()}


class CentroidIndex:
    """The hot stories' unit centroids as rows of one matrix, kept up to date as stories change, so
    the pre-filter of an article is one matrix product however many stories are hot."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.ids: list[str | None] = []  # story id of each row; None for a free row
        self.free: list[int] = []
        self.matrix = np.zeros((0, 0), dtype=np.float32)

    def put(self, story: StoryState) -> None:
        row = self.rows.get(story.id)
        if row is None:
            row = self.free.pop() if self.free else self._new_row(len(story.vector_sum))
            self.rows[story.id] = row
            self.ids[row] = story.id
        self.matrix[row] = story.centroid

    def remove(self, story_id: str) -> None:
        row = self.rows.pop(story_id, None)
        if row is not None:
            self.matrix[row] = 0.0
            self.ids[row] = None
            self.free.append(row)

    def nearest(self, vector: np.ndarray, count: int) -> list[str]:
        """Ids of the `count` stories whose centroids are closest to `vector` (all when fewer)."""
        if not self.rows:
            return []
        used = len(self.ids)
        scores = self.matrix[:used] @ vector
        scores[self.free] = -np.inf
        count = min(count, len(self.rows))
        if not count:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        return [story_id for i in top if (story_id := self.ids[int(i)]) is not None]

    def _new_row(self, dimensions: int) -> int:
        if len(self.ids) == len(self.matrix):
            grown = np.zeros((max(64, 2 * len(self.matrix)), dimensions), dtype=np.float32)
            if len(self.matrix):
                grown[: len(self.matrix)] = self.matrix
            self.matrix = grown
        self.ids.append(None)
        return len(self.ids) - 1


def story_id_for(article_id: str) -> str:
    """A story is named after the article that opened it: deterministic for a given ingest order."""
    return "s" + hashlib.sha1(article_id.encode()).hexdigest()[:11]


def iso_day(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day else None


# Stories that left the hot index and whose publication span meets [first day, last day] (ordinals).
Archive = Callable[[int, int], Iterable[StoryState]]


class StreamingClusterer:
    """Holds the hot stories and assigns articles to them one at a time.

    `archive` finds stories that left the hot index (the store, for ingest); without it they are
    kept in memory, as a one-off clustering run needs.
    """

    def __init__(
        self,
        join_threshold: float = JOIN_THRESHOLD,
        merge_threshold: float = MERGE_THRESHOLD,
        window_days: int = WINDOW_DAYS,
        weights: SimilarityWeights = DEFAULT_WEIGHTS,
        term_stats: TermStats | None = None,
        archive: Archive | None = None,
    ) -> None:
        self.join_threshold = join_threshold
        self.merge_threshold = merge_threshold
        self.window_days = window_days
        self.weights = weights
        self.term_stats = term_stats or TermStats()
        self.stories: dict[str, StoryState] = {}
        self.index = CentroidIndex()  # rows of exactly the stories in `self.stories` (see _make_hot)
        # Recent publication days; the window is relative to a high percentile of them rather than
        # the newest, so one wrongly dated article cannot push every live story out.
        self.recent_days: deque[int] = deque(maxlen=256)
        self.horizon_stale = False  # recent_days changed since the horizon was last computed
        # (last publication day, story id) of hot stories, soonest to leave first; an entry whose story
        # has left or has since published later is skipped when it comes up
        self.leaving: list[tuple[int, str]] = []
        self.touched: set[str] = set()  # stories changed since the last `take_changes`
        self.merged: dict[str, str] = {}  # merged-away story id -> the story it went into
        self.retired: dict[str, StoryState] = {}  # changed stories that left the window since
        self.archive = archive
        self.archived: dict[str, StoryState] = {}  # stories that left the window, without `archive`
        self.cutoff: int | None = None  # stories last published before this day are not hot
        # the last COOLING stories to leave the hot index, oldest first, with their centroids
        self.cooling: OrderedDict[str, StoryState] = OrderedDict()
        self.cooling_index = CentroidIndex()

    def load(self, states: Iterable[StoryState], cooling: Iterable[StoryState] = ()) -> None:
        """Take the hot stories of an earlier run (those within the window of the latest one) and
        `cooling`, the other stories its last articles went to, least recent first."""
        for state in states:
            self._make_hot(state)
            if state.last_day is not None:
                self.recent_days.append(state.last_day)
        if self.recent_days:
            self.cutoff = max(self.recent_days) - self.window_days
            self.horizon_stale = True
        for state in cooling:
            if state.id not in self.stories:
                self._cool(state)

    def story_score(
        self,
        article: ArticleFeatures,
        story: StoryState,
        query: LexicalQuery | Callable[[], LexicalQuery] | None = None,
        floor: float = float("-inf"),
    ) -> float:
        """The article's score against the story. Below `floor` the exact figure does not matter: when
        the cheap terms show that even full lexical agreement could not reach it, that bound (itself
        below `floor`) is returned without the costly lexical cosine. `query` is the article's lexical
        query (by default, of its terms), or a function that makes it when first needed."""
        weights = self.weights
        day = article.day
        if day is not None and story.first_day is not None and story.last_day is not None:
            nearest = min(max(day, story.first_day), story.last_day)  # distance to the story's span
        else:
            nearest = None
        penalties = time_penalty(day, nearest, weights)
        penalties += weights.year_penalty * year_disagreement(article.years, story.years)
        size = max(story.size, 1)
        cosine = float(np.dot(article.embedding, story.vector_sum)) / size  # mean cosine to the members
        overlap = entity_overlap(article.entities, story.entities, story.size, story.entity_total)
        lexical = 0.0
        if weights.lexical:
            bound = combined_score(cosine, overlap, 1.0, penalties, weights)
            if bound < floor:
                return bound
            if query is None:
                query = LexicalQuery(article.terms, self.term_stats)
            elif not isinstance(query, LexicalQuery):
                query = query()
            lexical = query.cosine(story.terms, size)  # mean cosine to the members' unit vectors
        return combined_score(cosine, overlap, lexical, penalties, weights)

    def add(self, article: ArticleFeatures, copy_of_story: str | None = None) -> str:
        """Assign one article; returns the id of the story it is in afterwards.

        `copy_of_story`: the story of an article this one is a verified near-duplicate of; a copy
        joins its original's story while that story is hot, whatever the scores say.
        """
        if article.day is not None:
            self.recent_days.append(article.day)
            self.horizon_stale = True
        self.term_stats.add(article.terms)
        self._evict()
        self._revive_around(article.day)
        best_id: str | None = None
        if copy_of_story is not None and self.resolve(copy_of_story) in self.stories:
            best_id = self.resolve(copy_of_story)
        best = self.join_threshold
        query = LexicalQuery(article.terms, self.term_stats) if self.weights.lexical else None
        candidates = self._candidates(article) if best_id is None else []
        if best_id is None and article.day is None:
            candidates += [self.cooling[s] for s in self.cooling_index.nearest(article.embedding, CANDIDATES)]
        for story in candidates:
            if self._too_far(article.day, story):
                continue
            score = self.story_score(article, story, query, floor=best)
            if score >= best:
                best_id, best = story.id, score
        if best_id is None:
            best_id = story_id_for(article.id)
            self._make_hot(StoryState(best_id, np.zeros_like(article.embedding)))
        elif best_id in self.cooling:  # hot until the next eviction, which cools it again
            self._make_hot(self.cooling[best_id])
        story = self.stories[best_id]
        story.add(article, self.term_stats, query.norm if query else None)
        self.index.put(story)
        self._watch(story)
        self.touched.add(best_id)
        return self._merge_around(best_id)

    def _candidates(self, article: ArticleFeatures) -> list[StoryState]:
        """Stories worth scoring: a vectorised cosine pre-filter keeps the exact scoring small."""
        if len(self.stories) <= CANDIDATES:
            return list(self.stories.values())
        return [self.stories[story_id] for story_id in self.index.nearest(article.embedding, CANDIDATES)]

    def _merge_around(self, story_id: str) -> str:
        """Merge the grown story with any hot story that now looks like the same event."""
        story = self.stories[story_id]
        if story.size < 2:
            return story_id
        probe = story.probe()
        # most merge checks end at the cheap bound: the story's 600-term query only when one does not
        query = functools.cache(lambda: LexicalQuery(story.mean_terms(), self.term_stats))
        for other in self._candidates(probe):
            if other.id == story.id or other.size < 1:
                continue
            if self.story_score(probe, other, query, floor=self.merge_threshold) >= self.merge_threshold:
                keep, gone = (other, story) if other.size >= story.size else (story, other)
                keep.absorb(gone)
                self._make_cold(gone.id)
                self.index.put(keep)
                self._watch(keep)
                self.merged[gone.id] = keep.id
                self.touched.discard(gone.id)
                self.touched.add(keep.id)
                return self._merge_around(keep.id)
        return story_id

    def _too_far(self, day: int | None, story: StoryState) -> bool:
        """An article more than the window away from a story's span cannot be its news."""
        if day is None or story.first_day is None or story.last_day is None:
            return False
        return day < story.first_day - self.window_days or day > story.last_day + self.window_days

    def _evict(self) -> None:
        if len(self.recent_days) < 8:
            return
        if self.horizon_stale:
            self.cutoff = _percentile_90(self.recent_days) - self.window_days
            self.horizon_stale = False
        cutoff, leaving = self.cutoff, self.leaving
        while cutoff is not None and leaving and leaving[0][0] < cutoff:
            day, story_id = heapq.heappop(leaving)
            story = self.stories.get(story_id)
            if story is None or story.last_day != day:
                continue
            retired = self._make_cold(story_id)
            self._cool(retired)
            if self.archive is None:
                self.archived[story_id] = retired
            if story_id in self.touched:  # changed before it left the window: still to be saved
                self.retired[story_id] = retired

    def _revive_around(self, day: int | None) -> None:
        """Bring back the stories within the window of an article older than the hot index; they
        leave again at the next eviction."""
        if day is None or self.cutoff is None or day - self.window_days >= self.cutoff:
            return
        first, last = day - self.window_days, day + self.window_days
        if self.archive is not None:
            found = {s.id: s for s in self.archive(first, last)}
            found.update(self.retired)  # changed since the archive saw them: the newer state wins
        else:
            found = dict(self.archived)
        found.update((s, self.cooling[s]) for s in found.keys() & self.cooling.keys())  # newest state
        for story_id, state in found.items():
            if story_id in self.stories or story_id in self.merged or state.last_day is None:
                continue
            if state.first_day is not None and state.first_day <= last and state.last_day >= first:
                self._make_hot(state)

    def _make_hot(self, state: StoryState) -> None:
        self.stories[state.id] = state
        self.index.put(state)
        self._watch(state)
        self.archived.pop(state.id, None)
        if self.cooling.pop(state.id, None) is not None:
            self.cooling_index.remove(state.id)

    def _watch(self, story: StoryState) -> None:
        if story.last_day is not None:
            heapq.heappush(self.leaving, (story.last_day, story.id))

    def _cool(self, state: StoryState) -> None:
        self.cooling[state.id] = state
        self.cooling_index.put(state)
        if len(self.cooling) > COOLING:
            self.cooling_index.remove(self.cooling.popitem(last=False)[0])

    def _make_cold(self, story_id: str) -> StoryState:
        self.index.remove(story_id)
        return self.stories.pop(story_id)

    def resolve(self, story_id: str) -> str:
        """The story a (possibly merged-away) story id lives on in."""
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    def take_changes(self) -> tuple[list[StoryState], dict[str, str]]:
        """Stories changed and merges made since the last call; resets both."""
        live = {**self.retired, **self.stories}
        changed = [live[s] for s in sorted(self.touched) if s in live]
        merged = {gone: self.resolve(gone) for gone in self.merged}
        self.touched = set()
        self.merged = {}
        self.retired = {}
        return changed, merged


def _percentile_90(days: Iterable[int]) -> int:
    """The 90th percentile of the days, interpolated as numpy's default does, truncated to a day."""
    ordered = sorted(days)
    position = 0.9 * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    fraction, gap = position - low, ordered[high] - ordered[low]
    return int(ordered[low] + gap * fraction if fraction < 0.5 else ordered[high] - gap * (1 - fraction))


def cluster_features(
    articles: Iterable[ArticleFeatures], clusterer: StreamingClusterer | None = None
) -> list[str]:
    """Cluster in order and return the final story id of each article (merges applied)."""
    clusterer = clusterer or StreamingClusterer()
    assigned = [clusterer.add(a) for a in articles]
    labels = [clusterer.resolve(s) for s in assigned]  # before take_changes forgets the merges
    clusterer.take_changes()
    return labels
