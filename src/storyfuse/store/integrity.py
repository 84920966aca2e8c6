"""The store's integrity check: the records that disagree with each other, and the repairs the store
makes on its own.

A run writes whole batches in single transactions, so these findings mean a writer from before the
write lock, a crash of an older version or a hand edit. The check reads one snapshot (a read
transaction), so it may run beside a writer. Repairs here only delete what belongs to nothing and mark
what must be recomputed: stories dirty, articles pending analysis. The pipeline (`pipeline.repair`)
then recomputes lead vectors, links articles without a story and synthesises the dirty stories.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.model import SENTENCE_VECTOR_WIDTH
from storyfuse.store import entity_catalogue
from storyfuse.store.database import Store
from storyfuse.store.queries import chunks
from storyfuse.store.sql import Connection

# What a finding is about, in the order the check looks.
SIZE = "size"  # a synthesised story's stored size is not its number of members
MEMBERS = "members"  # a synthesised story's written articles are not its members
UNWRITTEN = "unwritten"  # marked synthesised, but no story JSON (or JSON that does not parse)
PENDING = "pending"  # marked synthesised while members still wait for their analysis
EMPTY = "empty"  # a story without articles
NO_STORY = "no story"  # an article assigned to a story that does not exist
UNASSIGNED = "unassigned"  # an article in no story
UNANALYSED = "unanalysed"  # an article with text, no sentences, and not waiting for its analysis
SENTENCES = "sentences"  # sentence numbers with gaps, or kept sentence vectors that do not match them
LEAD_VECTOR = "lead vector"  # no lead vector, or one of another size than the store's
SEARCH = "search index"  # an article missing from the search index, or in it twice
STORY_SEARCH = "story search index"  # a synthesised story missing from the search index
ORPHANS = "orphans"  # rows of an article or story that is not stored

# Tables whose rows belong to an article (`article_id`) and go when it goes.
ARTICLE_TABLES = (
    "article_origins",
    "sentences",
    "mentions",
    "embeddings",
    "story_articles",
    "sentence_vectors",
    "pending_analysis",
    "minhashes",
    "candidates",
    "articles_fts",
)


@dataclass(frozen=True)
class Finding:
    kind: str  # one of the kinds above
    subject: str  # the story or article id (the table, for orphans)
    detail: str  # what disagrees, fit to show

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass
class Marked:
    """What `mark_for_repair` did, and what it leaves to the pipeline."""

    dirty: set[str]  # stories marked for synthesis
    pending: set[str]  # articles whose analysis is redone
    lead_vectors: list[str]  # articles whose lead vector the pipeline recomputes
    deleted: int  # rows that belonged to nothing


def check(store: Store) -> list[Finding]:
    """Everything in the store that disagrees with the rest of it, from one consistent snapshot.
    A store whose pages are damaged is refused first (StoreError): that needs a backup, not this."""
    store.quick_check()
    with store.snapshot():  # a writer's commits in between are not seen
        return _findings(store)


def _findings(store: Store) -> list[Finding]:
    db = store.db
    found: list[Finding] = []
    found += _story_findings(db, store.written_members())
    found += _membership_findings(db)
    found += _analysis_findings(db)
    found += _search_findings(db)
    found += _orphan_findings(db)
    return found


def _story_findings(db: Connection, written: dict[str, set[str] | None]) -> list[Finding]:
    found = []
    members: dict[str, set[str]] = {}
    for story_id, article_id in db.execute(
        "SELECT m.story_id, m.article_id FROM story_articles m JOIN stories s ON s.id = m.story_id "
        "WHERE s.dirty = 0"
    ):
        members.setdefault(story_id, set()).add(article_id)
    for story_id, size in db.execute("SELECT id, size FROM stories WHERE dirty = 0 ORDER BY id"):
        actual = members.get(story_id, set())
        listed = written.get(story_id)
        if listed is None:
            found.append(
                Finding(UNWRITTEN, story_id, f"story {story_id} is marked synthesised but not written")
            )
            continue
        if not actual:
            continue  # an empty story is found below
        if size != len(actual):
            found.append(
                Finding(SIZE, story_id, f"story {story_id} has size {size} but {len(actual)} article(s)")
            )
        if listed != actual:
            found.append(
                Finding(
                    MEMBERS,
                    story_id,
                    f"story {story_id} was written with {len(listed - actual)} article(s) it no longer "
                    f"has and without {len(actual - listed)} it has",
                )
            )
    for story_id, waiting in db.execute(
        "SELECT m.story_id, count(*) FROM pending_analysis p JOIN story_articles m ON m.article_id = "
        "p.article_id JOIN stories s ON s.id = m.story_id WHERE s.dirty = 0 GROUP BY m.story_id "
        "ORDER BY m.story_id"
    ):
        found.append(
            Finding(
                PENDING,
                story_id,
                f"story {story_id} is marked synthesised but {waiting} of its article(s) wait for analysis",
            )
        )
    for (story_id,) in db.execute(
        "SELECT id FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_articles m WHERE m.story_id = s.id) "
        "ORDER BY id"
    ):
        found.append(Finding(EMPTY, story_id, f"story {story_id} has no articles"))
    return found


def _membership_findings(db: Connection) -> list[Finding]:
    found = [
        Finding(
            NO_STORY, article_id, f"article {article_id} belongs to story {story_id}, which is not stored"
        )
        for article_id, story_id in db.execute(
            "SELECT m.article_id, m.story_id FROM story_articles m JOIN articles a ON a.id = m.article_id "
            "WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = m.story_id) ORDER BY a.seq"
        )
    ]
    found += [
        Finding(UNASSIGNED, article_id, f"article {article_id} is in no story")
        for (article_id,) in db.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM story_articles m WHERE m.article_id = a.id) ORDER BY a.seq"
        )
    ]
    return found


def _analysis_findings(db: Connection) -> list[Finding]:
    found = [
        Finding(
            UNANALYSED, article_id, f"article {article_id} has no sentences and does not wait for analysis"
        )
        for (article_id,) in db.execute(
            "SELECT a.id FROM articles a WHERE a.body != '[]' "
            "AND NOT EXISTS (SELECT 1 FROM sentences x WHERE x.article_id = a.id) "
            "AND NOT EXISTS (SELECT 1 FROM pending_analysis p WHERE p.article_id = a.id) ORDER BY a.seq"
        )
    ]
    found += [
        Finding(SENTENCES, article_id, f"article {article_id} has {count} sentence(s) numbered up to {top}")
        for article_id, count, top in db.execute(
            "SELECT article_id, count(*), max(idx) FROM sentences GROUP BY article_id "
            "HAVING min(idx) != 0 OR max(idx) != count(*) - 1 ORDER BY article_id"
        )
    ]
    found += [
        Finding(
            SENTENCES,
            article_id,
            f"article {article_id} keeps {kept} sentence vector(s) for {count} sentence(s)",
        )
        for article_id, kept, count in db.execute(
            "SELECT article_id, kept, n FROM (SELECT v.article_id, length(v.vectors) / ? AS kept, "
            "length(v.vectors) AS bytes, "
            "(SELECT count(*) FROM sentences x WHERE x.article_id = v.article_id) AS n "
            "FROM sentence_vectors v) c WHERE bytes != 2 * ? * n ORDER BY article_id",
            (2 * SENTENCE_VECTOR_WIDTH, SENTENCE_VECTOR_WIDTH),
        )
    ]
    found += [  # their analysis would be stored a second time over these: a UNIQUE constraint fails
        Finding(
            SENTENCES,
            article_id,
            f"article {article_id} waits for analysis but has {count} sentence(s) stored",
        )
        for article_id, count in db.execute(
            "SELECT p.article_id, count(*) FROM pending_analysis p JOIN sentences x "
            "ON x.article_id = p.article_id GROUP BY p.article_id ORDER BY p.article_id"
        )
    ]
    found += [
        Finding(LEAD_VECTOR, article_id, f"article {article_id} has no lead vector")
        for (article_id,) in db.execute(
            "SELECT a.id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM embeddings e WHERE e.article_id = a.id) ORDER BY a.seq"
        )
    ]
    sizes = Counter(
        {
            size: count
            for size, count in db.execute(
                "SELECT length(e.vector), count(*) FROM embeddings e JOIN articles a ON a.id = e.article_id "
                "GROUP BY 1"
            )
        }
    )
    if len(sizes) > 1:  # the most common size is the store's; a store of another is upgraded by ingest
        usual = sizes.most_common(1)[0][0]
        found += [
            Finding(
                LEAD_VECTOR,
                article_id,
                f"article {article_id} has a lead vector of {size // 4} dimensions, not {usual // 4}",
            )
            for article_id, size in db.execute(
                "SELECT e.article_id, length(e.vector) FROM embeddings e "
                "JOIN articles a ON a.id = e.article_id WHERE length(e.vector) != ? ORDER BY a.seq",
                (usual,),
            )
        ]
    return found


def _search_findings(db: Connection) -> list[Finding]:
    indexed = Counter(row[0] for row in db.execute("SELECT article_id FROM articles_fts"))
    found = []
    for (article_id,) in db.execute("SELECT id FROM articles ORDER BY seq"):
        times = indexed.get(article_id, 0)
        if times != 1:
            where = "missing from" if times == 0 else f"{times} times in"
            found.append(Finding(SEARCH, article_id, f"article {article_id} is {where} the search index"))
    found += [
        Finding(
            STORY_SEARCH,
            story_id,
            f"story {story_id} is marked synthesised but missing from the search index",
        )
        for (story_id,) in db.execute(
            "SELECT id FROM stories s WHERE dirty = 0 AND json IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM stories_fts f WHERE f.story_id = s.id) ORDER BY id"
        )
    ]
    return found


def _orphan_findings(db: Connection) -> list[Finding]:
    found = []
    for table in ARTICLE_TABLES:
        count = db.execute(
            f"SELECT count(*) FROM {table} t "
            "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = t.article_id)"
        ).fetchone()[0]
        if count:
            found.append(Finding(ORPHANS, table, f"{count} row(s) of {table} belong to no stored article"))
    for table in ("stories_fts", "story_entities"):
        count = db.execute(
            f"SELECT count(*) FROM {table} t "
            "WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = t.story_id)"
        ).fetchone()[0]
        if count:
            found.append(Finding(ORPHANS, table, f"{count} row(s) of {table} belong to no stored story"))
    return found


def mark_for_repair(store: Store, findings: Sequence[Finding]) -> Marked:
    """Delete what belongs to nothing, index articles for search once each, queue the analyses to redo
    and mark the stories to synthesise again; call inside a transaction. Lead vectors and articles
    without a story are left to the pipeline (they need the analyse and link stages)."""
    db = store.db
    of_kind: dict[str, list[str]] = {}
    for finding in findings:
        of_kind.setdefault(finding.kind, []).append(finding.subject)
    marked = Marked(
        dirty={
            s for kind in (SIZE, MEMBERS, UNWRITTEN, PENDING, STORY_SEARCH) for s in of_kind.get(kind, [])
        },
        pending=set(of_kind.get(UNANALYSED, []) + of_kind.get(SENTENCES, [])),
        lead_vectors=list(dict.fromkeys(of_kind.get(LEAD_VECTOR, []))),
        deleted=0,
    )
    if of_kind.get(EMPTY):
        store.drop_stories(of_kind[EMPTY])
    marked.deleted += _delete_orphans(db, set(of_kind.get(ORPHANS, [])))
    dangling = of_kind.get(NO_STORY, [])  # left without a story, for the pipeline to link
    db.executemany("DELETE FROM story_articles WHERE article_id = ?", [(a,) for a in dangling])
    marked.deleted += len(dangling)
    _reindex_articles(store, of_kind.get(SEARCH, []))
    for chunk in chunks(sorted(marked.pending), 500):
        rows = [(a,) for a in chunk]
        db.executemany("DELETE FROM sentences WHERE article_id = ?", rows)
        db.executemany("DELETE FROM mentions WHERE article_id = ?", rows)
        db.executemany("DELETE FROM sentence_vectors WHERE article_id = ?", rows)
        db.executemany("DELETE FROM candidates WHERE article_id = ?", rows)  # they point into the mentions
        db.executemany("INSERT INTO pending_analysis(article_id) VALUES (?) ON CONFLICT DO NOTHING", rows)
    for article_id in sorted(marked.pending | set(marked.lead_vectors)):
        if (story_id := store.story_of(article_id)) is not None:
            marked.dirty.add(story_id)
    marked.dirty = {
        s for s in marked.dirty if db.execute("SELECT 1 FROM stories WHERE id = ?", (s,)).fetchone()
    }
    db.executemany("UPDATE stories SET dirty = 1 WHERE id = ?", [(s,) for s in sorted(marked.dirty)])
    return marked


def _delete_orphans(db: Connection, tables: set[str]) -> int:
    """Delete the rows of these tables whose article (or story) is not stored; returns how many."""
    deleted = 0
    for table in sorted(tables):
        if table == "story_entities":  # unlinking also recounts the entities those stories named
            gone = [
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT story_id FROM story_entities t "
                    "WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = t.story_id)"
                )
            ]
            deleted += sum(
                db.execute("SELECT count(*) FROM story_entities WHERE story_id = ?", (s,)).fetchone()[0]
                for s in gone
            )
            entity_catalogue.unlink_stories(db, gone)
            continue
        parent, key = ("stories", "story_id") if table == "stories_fts" else ("articles", "article_id")
        deleted += db.execute(
            f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {table}.{key})"
        ).rowcount
    return deleted


def _reindex_articles(store: Store, article_ids: Sequence[str]) -> None:
    """Index these articles for search once each, as `insert_articles` does."""
    for chunk in chunks(list(article_ids), 500):
        store.db.executemany("DELETE FROM articles_fts WHERE article_id = ?", [(a,) for a in chunk])
        store.db.executemany(
            "INSERT INTO articles_fts(article_id, title, text) VALUES (?, ?, ?)",
            [(a.id, a.title or "", a.text) for a in store.articles(chunk)],
        )
