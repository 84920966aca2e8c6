"""Copy families inside a story: duplicates, rewrites and translations, with aligned passages.

Word-shingle overlap separates duplicates (almost all shingles shared) and rewrites (many shared)
from independent reports; sentence alignment by embeddings finds translations, which share
meaning sentence by sentence but few exact word sequences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyfuse.components import connected_components
from storyfuse.link.minhash import containment, jaccard, shingle_hashes
from storyfuse.model import Article, Family, FamilyKind, Passage, PassageSide
from storyfuse.synthesise.sentences import StorySentences

DUPLICATE_JACCARD = 0.8
REWRITE_CONTAINMENT = 0.3  # share of the smaller article's shingles found in the other
ALIGN_COSINE = 0.70  # two machine translations of one sentence often land at 0.7–0.8, not above
# Share of the smaller article aligned one-to-one: copies measured 0.62–0.86, two reviews of one product 0.42.
TRANSLATION_COVERAGE = 0.50
MAX_PASSAGES = 12
WIRES = ("AFP", "Reuters", "AP", "DPA", "EFE", "ANSA", "Xinhua", "TASS")


def families(story: StorySentences) -> list[Family]:
    """Families among the story's articles: connected pairs of copies, named by their closest kind."""
    articles = story.articles
    if len(articles) < 2:
        return []
    shingle_sets = [shingle_hashes(a.text) for a in articles]
    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(story.sentences):
        by_article.setdefault(s.article_id, []).append(i)
    links: list[tuple[int, int, FamilyKind, list[Passage]]] = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            kind, passages = _relation(
                story, articles[i], articles[j], shingle_sets[i], shingle_sets[j], by_article
            )
            if kind is not None:
                links.append((i, j, kind, passages))
    return _group(articles, links)


def _relation(
    story: StorySentences,
    a: Article,
    b: Article,
    sa: np.ndarray,
    sb: np.ndarray,
    by_article: dict[str, list[int]],
) -> tuple[FamilyKind | None, list[Passage]]:
    left, right = by_article.get(a.id, []), by_article.get(b.id, [])
    smaller = min(len(left), len(right)) or 1
    sims = story.vectors[left] @ story.vectors[right].T if left and right else None
    if jaccard(sa, sb) >= DUPLICATE_JACCARD:
        return "duplicate", _align(story, left, right, sims)
    if containment(sa, sb) >= REWRITE_CONTAINMENT:
        return "rewrite", _align(story, left, right, sims)
    if sims is None:
        return None, []
    # Most pairs of a story are independent reports: rule them out before aligning. A one-to-one
    # alignment is no larger than the sentences of either side that have some partner close enough.
    close = sims >= ALIGN_COSINE
    if min(close.any(axis=1).sum(), close.any(axis=0).sum()) / smaller < TRANSLATION_COVERAGE:
        return None, []
    passages = _align(story, left, right, sims)
    if len(passages) / smaller >= TRANSLATION_COVERAGE:
        return "translation", passages
    return None, []


def _align(
    story: StorySentences, left: list[int], right: list[int], sims: np.ndarray | None
) -> list[Passage]:
    """Greedy one-to-one alignment of sentences by their cosines `sims` (left × right; None when a
    side has no sentence), kept in the left article's order."""
    if sims is None:
        return []
    pairs = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    for flat in np.argsort(-sims, axis=None):
        li, ri = divmod(int(flat), sims.shape[1])
        if sims[li, ri] < ALIGN_COSINE:
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
    component = connected_components(len(articles), ((i, j) for i, j, _, _ in links))
    rank = {"duplicate": 0, "rewrite": 1, "translation": 2}
    groups: dict[int, list[tuple[int, int, FamilyKind, list[Passage]]]] = {}
    for link in links:
        groups.setdefault(component[link[0]], []).append(link)
    out = []
    for group in groups.values():
        members = sorted({m for i, j, _, _ in group for m in (i, j)})
        kind = max((k for _, _, k, _ in group), key=lambda k: rank[k])
        passages = [p for _, _, _, ps in group for p in ps][:MAX_PASSAGES]
        credits = [c for m in members for c in articles[m].credits]
        wire = next((w for w in WIRES if any(w.lower() == c.lower() for c in credits)), None)
        out.append(Family([articles[m].id for m in members], kind, passages, wire))
    return out
