"""`storyfuse export`: stories, articles, entities, quotes or figures as CSV, JSON lines or Parquet.

Rows stream: stories are read a page at a time (their ids first, then PAGE stories' JSON or articles),
and each writer writes as rows come (Parquet in row groups of GROUP rows), so memory stays bounded by
a page, not by the store. The columns are documented in docs/export.md; COLUMNS is their one list.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from storyfuse.errors import StoryfuseError
from storyfuse.model import Story
from storyfuse.store import Store
from storyfuse.store.listing import StoryFilter

PAGE = 200  # stories read at once
GROUP = 5000  # rows per Parquet row group
WHATS = ("stories", "articles", "entities", "quotes", "figures")
FORMATS = ("csv", "jsonl", "parquet")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "str", "int", "float", "bool" or "list" (of strings)


def _columns(spec: str) -> list[Column]:
    return [Column(*item.split(":")) for item in spec.split()]


COLUMNS: dict[str, list[Column]] = {
    "stories": _columns(
        "story_id:str headline:str first_published:str last_published:str articles:int outlets:int "
        "sources:list storyline:str summary:str lead:str"
    ),
    "articles": _columns(
        "story_id:str article_id:str title:str source:str url:str origin:str published:str language:str "
        "credits:list words:int text:str removed:list"
    ),
    "entities": _columns(
        "story_id:str entity_id:str name:str type:str role:str mentions:int aliases:list articles:list"
    ),
    "quotes": _columns("story_id:str speaker:str described:str text:str articles:list"),
    "figures": _columns(
        "story_id:str subject:str conflict:bool text:str value:float low:float high:float "
        "approximate:bool reported:str disputed:bool articles:list"
    ),
}


def story_ids(store: Store, wanted: StoryFilter) -> Iterator[list[str]]:
    """The ids of the stories `wanted` keeps, in its order, a page at a time."""
    ids = store.filtered_story_ids(wanted)  # ids only: a few bytes a story
    for start in range(0, len(ids), PAGE):
        yield ids[start : start + PAGE]


def _stories(store: Store, wanted: StoryFilter) -> Iterator[Story]:
    for page in story_ids(store, wanted):
        for sid in page:
            story = store.story(sid)
            if story is not None:  # merged away since the ids were read
                yield story


def rows(store: Store, what: str, wanted: StoryFilter) -> Iterator[dict[str, Any]]:
    """The rows of one export, as dicts keyed by COLUMNS[what]."""
    if what == "articles":
        for page in story_ids(store, wanted):
            for a in store.article_rows(page):
                body = [b["text"] for b in json.loads(a.body)]
                text = "\n\n".join(body)
                yield {
                    "story_id": a.story_id,
                    "article_id": a.id,
                    "title": a.title,
                    "source": a.source,
                    "url": a.url,
                    "origin": a.origin,
                    "published": a.published,
                    "language": a.language,
                    "credits": json.loads(a.credits),
                    "words": len(text.split()),
                    "text": text,
                    "removed": json.loads(a.removed),
                }
        return
    for story in _stories(store, wanted):
        yield from _story_rows(story, what)


def _story_rows(story: Story, what: str) -> Iterator[dict[str, Any]]:
    sid = story.id
    if what == "stories":
        days = sorted(a.published for a in story.articles if a.published)
        ranked = sorted(story.summary, key=lambda s: s.rank)
        yield {
            "story_id": sid,
            "headline": story.headline,
            "first_published": days[0] if days else None,
            "last_published": days[-1] if days else None,
            "articles": len(story.articles),
            "outlets": len({a.source for a in story.articles if a.source}),
            "sources": sorted({a.source for a in story.articles if a.source}),
            "storyline": story.storyline,
            "summary": " ".join(s.text for s in story.summary),
            "lead": ranked[0].text if ranked else None,
        }
    elif what == "entities":
        for e in story.entities:
            yield {
                "story_id": sid,
                "entity_id": e.id,
                "name": e.name,
                "type": e.type,
                "role": e.role,
                "mentions": e.mentions,
                "aliases": e.aliases,
                "articles": e.articles,
            }
    elif what == "quotes":
        for q in story.quotes:
            yield {
                "story_id": sid,
                "speaker": q.speaker,
                "described": q.described,
                "text": q.text,
                "articles": q.articles,
            }
    elif what == "figures":
        for f in story.figures:
            for v in f.ordered_values():
                yield {
                    "story_id": sid,
                    "subject": f.subject,
                    "conflict": f.conflict,
                    "text": v.text,
                    "value": v.value,
                    "low": v.low,
                    "high": v.high,
                    "approximate": v.approximate,
                    "reported": v.reported,
                    "disputed": v.disputed,
                    "articles": v.articles,
                }
    else:
        raise StoryfuseError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")


def write_csv(records: Iterable[dict[str, Any]], columns: list[Column], out: IO[str]) -> int:
    """CSV with a header row; a list is one cell of values joined by "; " (docs/export.md)."""
    writer = csv.writer(out)
    writer.writerow([c.name for c in columns])
    count = 0
    for record in records:
        writer.writerow([_cell(record[c.name], c) for c in columns])
        count += 1
    return count


def _cell(value: Any, column: Column) -> Any:
    if value is None:
        return ""
    if column.kind == "list":
        return "; ".join(str(v) for v in value)
    if column.kind == "bool":
        return "true" if value else "false"
    return value


def write_jsonl(records: Iterable[dict[str, Any]], columns: list[Column], out: IO[str]) -> int:
    """One JSON object per line, keys in column order; lists stay lists, missing values are null."""
    count = 0
    for record in records:
        out.write(json.dumps({c.name: record[c.name] for c in columns}, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(records: Iterable[dict[str, Any]], columns: list[Column], path: str) -> int:
    """A Parquet file with typed columns (lists as lists of strings), written GROUP rows at a time."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoryfuseError(
            "--format parquet needs pyarrow: pip install pyarrow (or use csv or jsonl)"
        ) from None
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(c.name, types.get(c.kind, pa.list_(pa.string()))) for c in columns])
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for record in records:
            batch.append(record)
            if len(batch) == GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
