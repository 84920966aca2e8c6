"""Reads Timeline17 topic folders: dated articles (`articles.json`) and gold timelines (`*.timeline.json`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse.errors import BadInput, StoryfuseError
from storyfuse.evaluate.datasets.ecbplus import detokenise

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class TimelineArticle:
    uid: str
    dct: str  # document creation time, YYYY-MM-DD
    tokens: str  # the text as the corpus gives it: tokenised, one space between tokens

    @property
    def text(self) -> str:
        """The article as readable text, for systems that expect prose rather than tokens."""
        return detokenise(self.tokens.split())


@dataclass
class GoldTimeline:
    """One reference timeline; entries sharing a date are merged, dates in ascending order."""

    name: str  # file name, e.g. "bbc.txt.timeline.json"
    entries: dict[str, str]  # date -> summary text of that date

    @property
    def dates(self) -> list[str]:
        return sorted(self.entries)


@dataclass
class TimelineTopic:
    name: str  # folder name, e.g. "bpoil_bbc"
    articles: list[TimelineArticle]
    timelines: list[GoldTimeline] = field(default_factory=list)


def load_timeline17(data: Path) -> tuple[list[TimelineTopic], list[str]]:
    """Topics under `data` (or `data` itself when it is one topic folder), plus notes on skipped folders."""
    if not data.is_dir():
        raise StoryfuseError(f"{data}: not a folder of Timeline17 topics")
    folders = [data] if _is_topic(data) else sorted(p for p in data.iterdir() if p.is_dir())
    topics: list[TimelineTopic] = []
    notes: list[str] = []
    for folder in folders:
        timeline_files = sorted(folder.glob("*.timeline.json"))
        if not (folder / "articles.json").is_file():
            notes.append(f"skipped {folder.name}: no articles.json")
            continue
        if not timeline_files:
            notes.append(f"skipped {folder.name}: no *.timeline.json")
            continue
        topics.append(
            TimelineTopic(
                name=folder.name,
                articles=read_articles(folder / "articles.json"),
                timelines=[read_gold_timeline(p) for p in timeline_files],
            )
        )
    if not topics:
        raise StoryfuseError(f"{data}: no Timeline17 topic folder with articles.json and a *.timeline.json")
    return topics, notes


def _is_topic(folder: Path) -> bool:
    return (folder / "articles.json").is_file() or any(folder.glob("*.timeline.json"))


def _read_json_list(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInput(f"{path}: not readable JSON ({error})") from error
    if not isinstance(data, list):
        raise BadInput(f"{path}: expected a JSON list")
    return data


def read_articles(path: Path) -> list[TimelineArticle]:
    """The articles of one topic in file order; BadInput when a record lacks uid, dct or text."""
    articles: list[TimelineArticle] = []
    for index, record in enumerate(_read_json_list(path)):
        if not isinstance(record, dict) or not all(k in record for k in ("uid", "dct", "text")):
            raise BadInput(f"{path}: record {index} lacks uid, dct or text")
        dct = str(record["dct"])
        if not _ISO_DAY.match(dct):
            raise BadInput(f"{path}: record {index} has dct {dct!r}, not YYYY-MM-DD")
        articles.append(TimelineArticle(uid=str(record["uid"]), dct=dct, tokens=str(record["text"])))
    return articles


def read_gold_timeline(path: Path) -> GoldTimeline:
    entries: dict[str, list[str]] = {}
    for index, record in enumerate(_read_json_list(path)):
        if not isinstance(record, dict) or "date" not in record or "text" not in record:
            raise BadInput(f"{path}: entry {index} lacks date or text")
        entries.setdefault(str(record["date"]), []).append(" ".join(str(record["text"]).split()))
    return GoldTimeline(name=path.name, entries={d: " ".join(texts) for d, texts in sorted(entries.items())})
