"""Per-article candidates (synthesise.article_candidates): found once per article, read by synthesis
instead of being found again, and giving the same story as finding them in the story."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from storyfuse.model import Analysis, Article, RawDocument
from storyfuse.pipeline import ingest
from storyfuse.run.documents import prepare
from storyfuse.run.synthesis import synthesise_dirty
from storyfuse.store import Store
from storyfuse.synthesise import CANDIDATES_VERSION, article_candidates, synthesise_story

TEXTS = [
    (
        "Harbour talks end without a deal",
        "Ministers Ada Quint and Piet Varn met in Lindquay on Friday. About 2,000 dock workers "
        'stayed on strike. "We will not sign anything today," Quint told reporters.\n\n'
        "Varn said some 40 ships were waiting outside the port of Lindquay.",
    ),
    (
        "Lindquay strike goes on",
        "Ada Quint, the transport minister, said the strike of nearly 2,100 dock workers would go on. "
        '"We will not sign anything today," she said.\n\n'
        "A union official said 45 ships waited near the harbour.",
    ),
]


def _story() -> tuple[list[Article], list[Analysis]]:
    docs = [
        RawDocument(origin=f"t{i}.txt", content=f"{title}\n\n{body}", format="text", native_id=f"t{i}")
        for i, (title, body) in enumerate(TEXTS)
    ]
    return prepare(docs)


def test_a_story_from_stored_candidates_is_the_story_found_without_them() -> None:
    articles, analyses = _story()
    with_candidates = [
        replace(an, candidates=article_candidates(a, an)) for a, an in zip(articles, analyses, strict=True)
    ]
    found = synthesise_story("s1", articles, analyses).to_json()
    read = synthesise_story("s1", articles, with_candidates).to_json()
    assert read == found
    assert found["entities"] and found["figures"] and found["quotes"]  # the fixture exercises all three


def test_synthesis_reads_the_candidates_instead_of_finding_them_again() -> None:
    articles, analyses = _story()
    changed = []
    for article, analysis in zip(articles, analyses, strict=True):
        candidates = article_candidates(article, analysis)
        candidates.names = [
            replace(c, surface="Zed Quint") if c.surface == "Ada Quint" else c for c in candidates.names
        ]
        candidates.quantities = [replace(q, value=(q.value or 0) * 10) for q in candidates.quantities]
        candidates.quotes = [
            replace(q, text="Nothing will be signed today, nothing at all.") for q in candidates.quotes
        ]
        changed.append(replace(analysis, candidates=candidates))
    story = synthesise_story("s1", articles, changed)
    assert any(e.name == "Zed Quint" for e in story.entities)
    assert {v.value for f in story.figures for v in f.values} >= {20_000.0, 21_000.0}
    assert [q.text for q in story.quotes] == ["Nothing will be signed today, nothing at all."]


def test_candidates_depend_on_the_article_alone() -> None:
    articles, analyses = _story()
    alone = [article_candidates(a, an) for a, an in zip(articles, analyses, strict=True)]
    again_articles, again_analyses = prepare(
        [
            RawDocument(
                origin="t1.txt", content=f"{TEXTS[1][0]}\n\n{TEXTS[1][1]}", format="text", native_id="t1"
            )
        ]
    )
    assert article_candidates(again_articles[0], again_analyses[0]) == alone[1]


def _ingested(tmp_path: Path) -> Store:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (title, body) in enumerate(TEXTS):
        (folder / f"t{i}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    store = Store(tmp_path / "s.db")
    ingest(store, [str(folder)])
    return store


def test_the_analysis_pass_stores_each_articles_candidates(tmp_path: Path) -> None:
    with _ingested(tmp_path) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY seq")]
        assert len(ids) == len(TEXTS)
        analyses = store.analyses(ids)
        for article in store.articles(ids):
            kept = analyses[article.id].candidates
            assert kept is not None and kept.version == CANDIDATES_VERSION
            assert kept == article_candidates(article, replace(analyses[article.id], candidates=None))
        assert any(analyses[a].candidates.names for a in ids)  # type: ignore[union-attr]


def test_a_store_without_candidates_gets_them_when_its_stories_are_synthesised(tmp_path: Path) -> None:
    with _ingested(tmp_path) as store:
        story_ids = [r[0] for r in store.db.execute("SELECT id FROM stories ORDER BY id")]
        before = [store.story(s).to_json() for s in story_ids]  # type: ignore[union-attr]
        with store.transaction():  # as a store written before candidates were kept
            store.db.execute("DELETE FROM candidates")
            store.db.execute("UPDATE stories SET dirty = 1")
        assert synthesise_dirty(store) == len(story_ids)
        assert [store.story(s).to_json() for s in story_ids] == before  # type: ignore[union-attr]
        kept = store.db.execute("SELECT count(*) FROM candidates WHERE version = ?", (CANDIDATES_VERSION,))
        assert kept.fetchone()[0] == store.count_articles()
