"""Copy families inside a story: duplicates, rewrites and translations, with aligned passages.

Word-shingle overlap separates duplicates (almost all shingles shared) and rewrites (many shared)
from independent reports; sentence alignment by embeddings finds translations, which share
meaning sentence by sentence but few exact word sequences. Two articles in different languages are
aligned in the multilingual e5 space (the default linking profile's encoder, centred as its leads
are), with the cosine and coverage that bench/fit_translations.py fits into
data/params/translations.json: the story's sentence vectors are English ones, which place a sentence
and its translation far apart. Two articles in one language are aligned as before: at the fitted
cosine, e5 found 21 unrelated Chinese articles of one story to be translations of one another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from storyfuse import settings
from storyfuse.link.minhash import containment, jaccard, shingle_hashes
from storyfuse.model import SENTENCE_VECTOR_WIDTH, Article, Family, FamilyKind, Passage, PassageSide
from storyfuse.synthesise.story_sentences import StorySentences

DUPLICATE_JACCARD = 0.8
REWRITE_CONTAINMENT = 0.3  # share of the smaller article's shingles found in the other
ALIGN_COSINE = 0.70  # two machine translations of one sentence often land at 0.7–0.8, not above
# Share of the smaller article aligned one-to-one: copies measured 0.62–0.86, two reviews of one product 0.42.
TRANSLATION_COVERAGE = 0.50
CROSS_SENTENCES = 60  # sentences of an article aligned across languages: enough to tell a translation
MAX_PASSAGES = 12
SLACK = 1e-6  # below the thresholds, for the pre-filter of pairs
# Two articles of one language are aligned by their sentence vectors only when at least
# LEXICAL_COVERAGE of the smaller one's sentences share LEXICAL_OVERLAP of their content words with a
# sentence of the other. Measured (fast profile): the translation pairs of 300 Timeline17 pile articles
# 0.50-1.0, the seeds' two translations of one AFP dispatch 0.52, the pile's 107 independent pairs of
# one story median 0.11 (25 of them at 0.25 or more); half the lowest translation, so as to lose none.
LEXICAL_OVERLAP = 0.5
LEXICAL_COVERAGE = 0.25
WIRES = ("AFP", "Reuters", "AP", "DPA", "EFE", "ANSA", "Xinhua", "TASS")


@dataclass(frozen=True)
class Space:
    """Sentence vectors to align by (one row per sentence of the story), the cosine from which two
    sentences say the same, and the sentences of each article that take part."""

    vectors: np.ndarray
    threshold: float
    by_article: dict[str, list[int]]
    coverage: float = TRANSLATION_COVERAGE  # share of the smaller article aligned, for a translation


def families(story: StorySentences) -> list[Family]:
    """Families among the story's articles: connected pairs of copies, named by their closest kind."""
    articles = story.articles
    if len(articles) < 2:
        return []
    shingle_sets = [shingle_hashes(a.text) for a in articles]
    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(story.sentences):
        by_article.setdefault(s.article_id, []).append(i)
    cross = _multilingual_pairs(articles)
    same = _same_language_space(story, by_article, shingle_sets, ~cross)
    spaces = {False: same, True: _multilingual_space(story, by_article) if cross.any() else same}
    pairs = set(_possible_pairs(story, shingle_sets, by_article, same, ~cross))
    if cross.any():
        pairs |= set(_possible_pairs(story, shingle_sets, by_article, spaces[True], cross))
    links: list[tuple[int, int, FamilyKind, list[Passage]]] = []
    for i, j in sorted(pairs):
        kind, passages = _relation(
            story, articles[i], articles[j], shingle_sets[i], shingle_sets[j], by_article,
            spaces[bool(cross[i, j])],
        )  # fmt: skip
        if kind is not None:
            links.append((i, j, kind, passages))
    return _group(articles, links)


def _same_language_space(
    story: StorySentences, by_article: dict[str, list[int]], shingle_sets: list[np.ndarray], among: np.ndarray
) -> Space:
    """The story's sentence vectors for aligning articles of one language, embedded only for the
    articles of pairs that can be copies: a pair sharing enough shingles (a duplicate or a rewrite,
    whose passages are aligned), or with enough sentences sharing their words to be two translations
    of one text. Most pairs of a story are independent reports, and embedding every sentence of a
    story was most of what synthesis cost; the other rows stay zero and their articles take no part."""
    possible = (_shingle_pairs(shingle_sets) | _lexical_pairs(story, by_article)) & among
    np.fill_diagonal(possible, False)  # both are symmetric
    kept = [story.articles[i].id for i in np.flatnonzero(possible.any(axis=1))]
    aligned = {article_id: by_article.get(article_id, []) for article_id in kept}
    rows = sorted(r for indexes in aligned.values() for r in indexes)
    vectors = np.zeros((len(story.sentences), SENTENCE_VECTOR_WIDTH), dtype=np.float32)
    if rows:
        vectors[rows] = story.vectors_of(rows)
    return Space(vectors, ALIGN_COSINE, aligned)


def _shingle_pairs(shingle_sets: list[np.ndarray]) -> np.ndarray:
    """pairs[i, j]: the two articles share enough shingles to be a rewrite (or a duplicate)."""
    count = len(shingle_sets)
    sizes = np.array([s.size for s in shingle_sets], dtype=float)
    possible = np.zeros((count, count), dtype=bool)
    if sizes.any():
        hashes, column = np.unique(np.concatenate(shingle_sets), return_inverse=True)
        rows = np.repeat(np.arange(count), sizes.astype(np.int64))
        incidence = sparse.csr_matrix((np.ones(len(column)), (rows, column)), shape=(count, len(hashes)))
        shared = (incidence @ incidence.T).tocoo()  # sparse: most pairs share no shingle
        smaller = np.maximum(np.minimum(sizes[shared.row], sizes[shared.col]), 1)
        near = shared.data / smaller >= REWRITE_CONTAINMENT - SLACK  # a duplicate shares more still
        possible[shared.row[near], shared.col[near]] = True
    return possible


def _lexical_pairs(story: StorySentences, by_article: dict[str, list[int]]) -> np.ndarray:
    """pairs[i, j]: at least LEXICAL_COVERAGE of the smaller article's sentences have a sentence in the
    other sharing LEXICAL_OVERLAP of their content words (names, numbers and most nouns survive
    translation): the pairs whose sentences are worth aligning by their vectors."""
    count = len(story.articles)
    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for i, words in enumerate(story.content):
        for word in words:
            rows.append(i)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
    if not vocabulary:
        return np.zeros((count, count), dtype=bool)
    incidence = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(story.sentences), len(vocabulary))
    )
    sizes = np.array([len(words) for words in story.content], dtype=float)
    shared = (incidence @ incidence.T).tocoo()
    close = shared.data >= LEXICAL_OVERLAP * np.maximum(np.minimum(sizes[shared.row], sizes[shared.col]), 1)
    article = np.array([story.article_index[s.article_id] for s in story.sentences])
    # partnered[i, j]: sentences of article i with a close sentence in article j
    left, right = shared.row[close], shared.col[close]
    other = article[left] != article[right]
    pairs = np.unique(np.stack([left[other], article[right[other]]], axis=1), axis=0)
    partnered = np.zeros((count, count), dtype=np.int64)
    np.add.at(partnered, (article[pairs[:, 0]], pairs[:, 1]), 1)
    counts = np.array([len(by_article.get(a.id, [])) for a in story.articles])
    smaller = np.maximum(np.minimum(counts[:, None], counts[None, :]), 1)
    return np.asarray(np.minimum(partnered, partnered.T) / smaller >= LEXICAL_COVERAGE)


def _multilingual_pairs(articles: Sequence[Article]) -> np.ndarray:
    """pairs[i, j]: the two articles are aligned in the multilingual space, their languages being
    known and different."""
    languages = [a.language for a in articles]
    return np.array([[bool(x and y and x != y) for y in languages] for x in languages], dtype=bool).reshape(
        len(articles), len(articles)
    )


def translation_params() -> dict[str, Any]:
    """The fitted cosine and coverage of the multilingual alignment (bench/fit_translations.py)."""
    return settings.fitted_parameters("translations.json")


def multilingual_vectors(
    story: StorySentences, by_article: dict[str, list[int]]
) -> tuple[np.ndarray, dict[str, list[int]]]:
    """e5 vectors of the first CROSS_SENTENCES sentences of each article (one row per sentence of the
    story; the others stay zero), centred as the default profile centres its leads, and those
    sentences by article."""
    from storyfuse.analyse.encoders import encode_leads
    from storyfuse.link.event_model import linking_profile

    profile = linking_profile("default")
    centre = profile.centre if profile.encoder == "e5" else None
    kept = {a: rows[:CROSS_SENTENCES] for a, rows in by_article.items()}
    rows = sorted(i for indexes in kept.values() for i in indexes)
    encoded = encode_leads("e5", [story.sentences[i].text for i in rows], centre)
    vectors = np.zeros((len(story.sentences), encoded.shape[1]), dtype=np.float32)
    vectors[rows] = encoded
    return vectors, kept


def _multilingual_space(story: StorySentences, by_article: dict[str, list[int]]) -> Space:
    vectors, kept = multilingual_vectors(story, by_article)
    params = translation_params()
    return Space(vectors, float(params["align_cosine"]), kept, float(params["coverage"]))


def _possible_pairs(
    story: StorySentences,
    shingle_sets: list[np.ndarray],
    by_article: dict[str, list[int]],
    space: Space | None = None,
    among: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """The pairs (i < j, in order) that `_relation` may find to be copies, all measured at once: a story
    of hundreds of articles has tens of thousands of pairs, nearly all independent reports. A pair can
    only be a duplicate or a rewrite if it shares enough shingles, and a translation if enough of its
    sentences have a partner close enough; both are counted for every pair by matrix products, with a
    little slack so that rounding cannot drop a pair `_relation` would keep. `space`: the sentence
    vectors and threshold to align by (default: the story's own, ALIGN_COSINE); `among`: a mask of the
    pairs to consider (default: all)."""
    space = space or Space(story.vectors, ALIGN_COSINE, by_article)
    count = len(story.articles)
    possible = _shingle_pairs(shingle_sets)
    sentence_counts = np.array([len(space.by_article.get(a.id, [])) for a in story.articles])
    if (sentence_counts > 0).sum() > 1:
        order = [i for a in story.articles for i in space.by_article.get(a.id, [])]
        vectors = space.vectors[order]
        starts = np.concatenate([[0], np.cumsum(sentence_counts)[:-1]])
        has = sentence_counts > 0
        # with_partner[i, j]: sentences of article i with a sentence of article j close enough
        with_partner = np.zeros((count, count), dtype=np.int32)
        for i in np.flatnonzero(has):
            block = vectors[starts[i] : starts[i] + sentence_counts[i]] @ vectors.T >= space.threshold - SLACK
            partnered = np.logical_or.reduceat(block, starts[has], axis=1)
            with_partner[i, has] = partnered.sum(axis=0)
        smaller = np.maximum(np.minimum(sentence_counts[:, None], sentence_counts[None, :]), 1)
        possible |= np.minimum(with_partner, with_partner.T) / smaller >= space.coverage - SLACK
    if among is not None:
        possible &= among
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(possible, k=1)), strict=True)]


def _relation(
    story: StorySentences,
    a: Article,
    b: Article,
    sa: np.ndarray,
    sb: np.ndarray,
    by_article: dict[str, list[int]],
    space: Space | None = None,
) -> tuple[FamilyKind | None, list[Passage]]:
    space = space or Space(story.vectors, ALIGN_COSINE, by_article)
    threshold = space.threshold
    left, right = space.by_article.get(a.id, []), space.by_article.get(b.id, [])
    smaller = min(len(left), len(right)) or 1
    sims = space.vectors[left] @ space.vectors[right].T if left and right else None
    if jaccard(sa, sb) >= DUPLICATE_JACCARD:
        return "duplicate", _align(story, left, right, sims, threshold)
    if containment(sa, sb) >= REWRITE_CONTAINMENT:
        return "rewrite", _align(story, left, right, sims, threshold)
    if sims is None:
        return None, []
    # Most pairs of a story are independent reports: rule them out before aligning. A one-to-one
    # alignment is no larger than the sentences of either side that have some partner close enough.
    close = sims >= threshold
    if min(close.any(axis=1).sum(), close.any(axis=0).sum()) / smaller < space.coverage:
        return None, []
    passages = _align(story, left, right, sims, threshold)
    if len(passages) / smaller >= space.coverage:
        return "translation", passages
    return None, []


def _align(
    story: StorySentences,
    left: list[int],
    right: list[int],
    sims: np.ndarray | None,
    threshold: float = ALIGN_COSINE,
) -> list[Passage]:
    """Greedy one-to-one alignment of sentences by their cosines `sims` (left × right; None when a
    side has no sentence) from `threshold` on, kept in the left article's order."""
    if sims is None:
        return []
    pairs = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    for flat in np.argsort(-sims, axis=None):
        li, ri = divmod(int(flat), sims.shape[1])
        if sims[li, ri] < threshold:
            break
        if li in used_left or ri in used_right:
            continue
        used_left.add(li)
        used_right.add(ri)
        pairs.append((li, ri, float(sims[li, ri])))
    out = []
    for li, ri, sim in sorted(pairs):
        ls, rs = story.sentences[left[li]], story.sentences[right[ri]]
        out.append(
            Passage(PassageSide(ls.article_id, ls.text), PassageSide(rs.article_id, rs.text), round(sim, 3))
        )
    return out


def _group(
    articles: Sequence[Article], links: list[tuple[int, int, FamilyKind, list[Passage]]]
) -> list[Family]:
    """Families from the linked pairs (i < j, in order): sets of articles every two of which are linked,
    grown from the closest links (duplicates, then rewrites, then translations; within a kind, by how
    close their aligned sentences are). Copies of one text are copies of one another; a run of updates
    each repeating part of the one before is not one family, though its links chain the whole run
    together."""
    rank = {"duplicate": 0, "rewrite": 1, "translation": 2}
    linked = {(i, j) for i, j, _, _ in links}
    family_of: dict[int, frozenset[int]] = {}

    def closeness(link: tuple[int, int, FamilyKind, list[Passage]]) -> tuple[int, float, int, int]:
        # within a kind, the pairs whose aligned sentences are closest first: which articles come first
        # in the story must not decide which of two competing families forms
        similarities = [p.similarity for p in link[3]]
        return rank[link[2]], -(sum(similarities) / len(similarities) if similarities else 0.0), *link[:2]

    for i, j, _, _ in sorted(links, key=closeness):
        left, right = family_of.get(i, frozenset({i})), family_of.get(j, frozenset({j}))
        if left != right and all((min(x, y), max(x, y)) in linked for x in left for y in right):
            joined = left | right
            family_of.update(dict.fromkeys(joined, joined))
    groups: dict[frozenset[int], list[tuple[int, int, FamilyKind, list[Passage]]]] = {}
    for link in links:
        family = family_of.get(link[0])
        if family is not None and link[1] in family:
            groups.setdefault(family, []).append(link)
    out = []
    for group in groups.values():
        members = sorted({m for i, j, _, _ in group for m in (i, j)})
        kind = max((k for _, _, k, _ in group), key=lambda k: rank[k])
        passages = [p for _, _, _, ps in group for p in ps][:MAX_PASSAGES]
        credits = [c for m in members for c in articles[m].credits]
        wire = next((w for w in WIRES if any(w.lower() == c.lower() for c in credits)), None)
        out.append(Family([articles[m].id for m in members], kind, passages, wire))
    return out
