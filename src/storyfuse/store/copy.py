"""`storyfuse copy`: move a whole store to another backend (SQLite to PostgreSQL and back), checked.

Every table is copied row for row, ids and ingest order kept, in one transaction on the target: a copy
that fails or is interrupted leaves the target as it was. Before committing, every story's JSON as the
target reads it is compared with the source's; any difference rolls the copy back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from storyfuse.errors import StoreError
from storyfuse.store.database import Store

BATCH = 2000  # rows written per executemany
# Tables others refer to, in the order they must be filled; the rest follow by name.
PARENTS = ("articles", "stories", "entities", "storylines", "curation_log", "link_constraints")


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    stories_compared: int = 0

    @property
    def articles(self) -> int:
        return self.rows.get("articles", 0)


def copy_store(source: Store, target: Store, progress: Callable[[int], None] | None = None) -> CopyReport:
    """Copy everything `source` holds into the empty store `target`, then check the story JSON."""
    if target.count_articles() or target.count_stories() or target.dirty_story_ids():
        raise StoreError(f"{target.label}: the target store is not empty; copy into a new one")
    tables, theirs = source.table_columns(), target.table_columns()
    if set(tables) != set(theirs):
        differ = sorted(set(tables) ^ set(theirs))
        raise StoreError(
            f"{source.label} and {target.label} hold different tables ({', '.join(differ)}): "
            "one of them needs a newer storyfuse"
        )
    order = [t for t in PARENTS if t in tables] + sorted(t for t in tables if t not in PARENTS)
    report = CopyReport()
    with source.snapshot(), target.transaction():
        for table in order:
            columns = [c for c in tables[table] if c in set(theirs[table])]
            rows = source.read_rows(table, columns)
            report.rows[table] = 0
            while batch := list(islice(rows, BATCH)):
                target.write_rows(table, columns, batch)
                report.rows[table] += len(batch)
                if progress is not None:
                    progress(len(batch))
        target.after_copy()
        report.stories_compared = _compare_stories(source, target)
    return report


def _compare_stories(source: Store, target: Store) -> int:
    """The number of written stories, once each reads the same from both stores (StoreError if not)."""
    ids = [s.id for s in source.list_stories()]
    if sorted(ids) != sorted(s.id for s in target.list_stories()):
        raise StoreError(f"{target.label}: the copy lists other stories than {source.label}; rolled back")
    for story_id in ids:
        mine, copied = source.story(story_id), target.story(story_id)
        if mine is None or copied is None or mine.to_json() != copied.to_json():
            raise StoreError(
                f"{target.label}: story {story_id} reads differently after the copy; rolled back"
            )
    return len(ids)
