"""The sentences of a story with their vectors: computed once, shared by summary, timeline and families.

Vectors are computed when first needed, and only for the sentences asked for (`vectors_of`): copy
families align the articles of pairs that can be copies, the summary its best candidates, the timeline
the few sentences that mention its dates. `vectors` embeds every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cached_property

import numpy as np

from storyfuse.lexicon.calendar import MONTHS, MONTHS_SHORT, WEEKDAYS
from storyfuse.lexicon.function_words import STOPWORDS
from storyfuse.model import SENTENCE_VECTOR_DTYPE, SENTENCE_VECTOR_WIDTH, Analysis, Article, Sentence

_CONTENT = re.compile(r"[^\W\d_]{3,}|\d+(?:[.,]\d+)*")
_FUNCTION = STOPWORDS["en"] | {
    "they", "their", "them", "she", "his", "her", "its", "who", "which", "will", "would", "can", "could",
    "also", "than", "then", "there", "these", "those", "into", "about", "after", "before", "over", "more",
    "says", "told", "one", "two", "all", "what", "when", "where", "while", "our", "out", "some", "other",
}  # fmt: skip
# Names of days and months say when, not what: two reports of one event name its day differently.
_CALENDAR_WORDS = frozenset(f"{MONTHS}|{MONTHS_SHORT}|{WEEKDAYS}".split("|")) | {"yesterday", "today"}
SUPPORT_COSINE = 0.80  # two sentences this close say the same thing (translations, rewrites)


class StorySentences:
    def __init__(
        self, articles: Sequence[Article], sentences: list[Sentence], vectors: np.ndarray | None = None
    ) -> None:
        self.articles = list(articles)
        self.sentences = sentences  # every sentence of every article, article by article
        self.article_index = {a.id: i for i, a in enumerate(self.articles)}  # id -> position in `articles`
        self._vectors = vectors
        self._some: dict[int, np.ndarray] = {}  # vectors computed by `vectors_of` before `vectors` was

    @classmethod
    def of(
        cls,
        articles: Sequence[Article],
        analyses: Sequence[Analysis],
        known: Mapping[str, np.ndarray] | None = None,
    ) -> StorySentences:
        """Every sentence of the analyses; vectors are embedded on first use.

        `known`: vectors of an article's sentences computed before (one row per sentence, as the store
        keeps them), so a growing story embeds only its new articles' sentences.
        """
        story = cls(articles, [trimmed(s) for an in analyses for s in an.sentences])
        offset = 0
        for analysis in analyses:
            rows = (known or {}).get(analysis.article_id)
            if rows is not None and len(rows) == len(analysis.sentences):
                for i, vector in enumerate(rows):
                    story._some[offset + i] = vector.astype(np.float32)
            offset += len(analysis.sentences)
        return story

    @cached_property
    def news(self) -> list[bool]:
        """Whether each sentence can be shown as news (eligible.clutter_kind), is no site's boilerplate and
        no picture's caption (eligible.picture_captions)."""
        from storyfuse.synthesise.eligible import boilerplate, clutter_kind, line_key, picture_captions

        source = {a.id: a.source for a in self.articles}
        repeated = boilerplate([(s.article_id, source.get(s.article_id), s.text) for s in self.sentences])
        captions = {
            first + i
            for _, first, end in self.runs()
            for i in picture_captions([s.text for s in self.sentences[first:end]])
        }
        return [
            clutter_kind(s.text) is None and line_key(s.text) not in repeated and i not in captions
            for i, s in enumerate(self.sentences)
        ]

    @cached_property
    def content(self) -> list[frozenset[str]]:
        """The content words of each sentence."""
        return [content_words(s.text) for s in self.sentences]

    @cached_property
    def article_content(self) -> dict[str, frozenset[str]]:
        """The content words of each article's shown sentences."""
        return self._words_by_article(self.news)

    def article_words(self, article_id: str) -> frozenset[str]:
        """The content words of an article's sentences, shown or not."""
        return self._all_article_words.get(article_id, frozenset())

    @cached_property
    def _all_article_words(self) -> dict[str, frozenset[str]]:
        return self._words_by_article([True] * len(self.sentences))

    def _words_by_article(self, kept: Sequence[bool]) -> dict[str, frozenset[str]]:
        words: dict[str, set[str]] = {}
        for sentence, content, keep in zip(self.sentences, self.content, kept, strict=True):
            if keep:
                words.setdefault(sentence.article_id, set()).update(content)
        return {a: frozenset(w) for a, w in words.items()}

    def stating(self, index: int, among: set[str]) -> set[str]:
        """The articles of `among` that state what sentence `index` says: their shown sentences hold at
        least half of its content words (the sentence's own article always does)."""
        words = self.content[index]
        found = {self.sentences[index].article_id}
        for article_id in among:
            if holds_half(words, self.article_content.get(article_id, frozenset())):
                found.add(article_id)
        return found

    def runs(self) -> list[tuple[str, int, int]]:
        """(article id, first, last + 1) of each article's sentences, in story order."""
        runs: list[tuple[str, int, int]] = []
        for i, sentence in enumerate(self.sentences):
            if runs and runs[-1][0] == sentence.article_id:
                runs[-1] = (sentence.article_id, runs[-1][1], i + 1)
            else:
                runs.append((sentence.article_id, i, i + 1))
        return runs

    def vectors_by_article(self) -> dict[str, np.ndarray]:
        """Vectors of every article whose sentences have all been embedded, one row per sentence."""
        rows: dict[str, list[int]] = {}
        for i, sentence in enumerate(self.sentences):
            rows.setdefault(sentence.article_id, []).append(i)
        out = {}
        for article_id, indexes in rows.items():
            if self._vectors is not None:
                out[article_id] = self._vectors[indexes]
            elif all(i in self._some for i in indexes):
                out[article_id] = np.stack([self._some[i] for i in indexes])
        return out

    @property
    def vectors(self) -> np.ndarray:
        """One unit vector per sentence (all of them, embedded once)."""
        if self._vectors is None:
            self.vectors_of(range(len(self.sentences)))  # embeds only what is not known yet
            if self.sentences:
                self._vectors = np.stack([self._some[i] for i in range(len(self.sentences))])
            else:
                self._vectors = np.zeros((0, SENTENCE_VECTOR_WIDTH), dtype=np.float32)
        return self._vectors

    def vectors_of(self, indexes: Sequence[int]) -> np.ndarray:
        """Unit vectors of the sentences at `indexes`, embedding only those not embedded yet."""
        if self._vectors is not None:
            return self._vectors[list(indexes)]
        missing = sorted({i for i in indexes if i not in self._some})
        if missing:
            from storyfuse.analyse.embed import embed_texts

            for i, vector in zip(
                missing, embed_texts([self.sentences[i].text for i in missing]), strict=True
            ):
                self._some[i] = np.asarray(vector).astype(SENTENCE_VECTOR_DTYPE).astype(np.float32)
        if not indexes:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._some[i] for i in indexes])

    def supporters(self, index: int, among: Sequence[int], threshold: float = SUPPORT_COSINE) -> list[str]:
        """Articles that carry sentence `index` or a sentence saying the same: one of `among` (whose
        vectors are at hand), or any sharing half of its content words (a translation or rewrite of it,
        which only then gets a vector), in story order."""
        if not self.sentences:
            return []
        words = self.content[index]
        close = {i for i, other in enumerate(self.content) if holds_half(words, other)}
        rows = sorted(set(among) | close)
        cosines = self.vectors_of(rows) @ self.vectors_of([index])[0] if rows else np.zeros(0)
        ids = {self.sentences[rows[k]].article_id for k in np.flatnonzero(cosines >= threshold)}
        ids.add(self.sentences[index].article_id)
        return self.in_story_order(ids)

    def in_story_order(self, article_ids: set[str]) -> list[str]:
        return sorted(article_ids, key=lambda a: self.article_index.get(a, 0))


def trimmed(sentence: Sentence) -> Sentence:
    """The sentence without the stamp or dateline opening it; offsets move with the text."""
    from storyfuse.synthesise.eligible import trim_lead

    text = trim_lead(sentence.text)
    if text == sentence.text or not text:
        return sentence
    start = sentence.text.find(text)
    return replace(sentence, text=text, start=sentence.start + max(0, start))


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of three letters or more and numbers, without the commonest function words."""
    words = (m.lower() for m in _CONTENT.findall(text))
    return frozenset(w for w in words if w not in _FUNCTION and w not in _CALENDAR_WORDS)


# a full stop (of any script), maybe inside a closing quote or bracket; a quote closing without one ends
# a headline ("Fishing villages ‘on the edge’"), which a sentence ends with its full stop after it
_ENDS_AS_SENTENCE = re.compile(r"(?:[.!…。！．।]|[.!?…。！？．]\s?[\"”’')\]」』»]+)$")


def holds_half(words: frozenset[str], other: frozenset[str]) -> bool:
    """`other` holds at least half of `words` (some): what "states the same" means between a sentence's
    content words and another text's, for citations and supporters alike."""
    return bool(words) and len(words & other) * 2 >= len(words)


def ends_as_sentence(text: str) -> bool:
    """A full stop (or its kin, a closing quote after it) ends the text: no heading, caption or page line."""
    return bool(_ENDS_AS_SENTENCE.search(text.rstrip()))


def is_statement(text: str, min_words: int, max_words: int) -> bool:
    """A plain statement of reasonable length: not a question, a fragment, a caption or a heading. It
    ends as sentences do (a heading, a byline or a page's line has no full stop, and one a flattened
    page ran into a sentence is a sentence of its own: `analyse.split.RUN_IN`)."""
    words = text.split()
    if not min_words <= len(words) <= max_words:
        return False
    first = text[:1]
    # a capital, a digit, a letter of a script without case (Chinese, Arabic), or an opening quote
    starts_well = (first.isalnum() and not first.islower()) or first in "“\"'‘«„‹「"
    return starts_well and ends_as_sentence(text)
