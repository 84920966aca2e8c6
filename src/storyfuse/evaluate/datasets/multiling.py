"""Reads the MultiLing 2011 English sample (sacrerouge JSONL): document sets and their human references."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse.errors import BadInput, StoryfuseError

# The human-written ("model") summaries; the other summarizer type in the file, "peer", is a system's.
REFERENCE_TYPE = "reference"

# WikiNews datelines: "Saturday, January 8, 2005" or "December 29, 2004", sometimes run into the body.
_DATELINE = re.compile(
    r"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+)?"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(\d{1,2}),\s+(\d{4})\b\s*"
)


@dataclass
class MultilingDocument:
    filename: str
    title: str
    body: list[str]  # paragraphs after the title, dateline removed
    published: str | None = None  # YYYY-MM-DD from the dateline, when there is one

    @property
    def text(self) -> str:
        """Title and body as a plain-text article would hold them, one paragraph per block."""
        return "\n\n".join([self.title, *self.body])


@dataclass
class MultilingInstance:
    instance_id: str
    documents: list[MultilingDocument]
    references: dict[str, str] = field(default_factory=dict)  # summarizer id -> human summary text


def load_multiling(data: Path) -> list[MultilingInstance]:
    """Instances of `documents.jsonl` with every human reference found in `summaries.jsonl`."""
    if not data.is_dir():
        raise StoryfuseError(f"{data}: not a folder with documents.jsonl and summaries.jsonl")
    instances = [
        _instance(record, data / "documents.jsonl") for record in _read_jsonl(data / "documents.jsonl")
    ]
    references = _references(_read_jsonl(data / "summaries.jsonl"))
    for instance in instances:
        instance.references = references.get(instance.instance_id, {})
    return [i for i in instances if i.references]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise StoryfuseError(f"{path}: no such file")
    records: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: not readable ({error})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadInput(f"{path}:{number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or "instance_id" not in record:
            raise BadInput(f"{path}:{number}: a record without instance_id")
        records.append(record)
    return records


def _instance(record: dict[str, Any], path: Path) -> MultilingInstance:
    documents = []
    for document in record.get("documents") or []:
        paragraphs = [str(p).strip() for p in document.get("text") or [] if str(p).strip()]
        if not paragraphs:
            raise BadInput(f"{path}: instance {record['instance_id']} has an empty document")
        documents.append(split_document(str(document.get("filename", "")), paragraphs))
    return MultilingInstance(instance_id=str(record["instance_id"]), documents=documents)


def split_document(filename: str, paragraphs: list[str]) -> MultilingDocument:
    """Title (first paragraph), dateline (start of the second, when it is a date) and body."""
    title, rest = paragraphs[0], paragraphs[1:]
    published = None
    if rest and (match := _DATELINE.match(rest[0])):
        month = datetime.datetime.strptime(match.group(1), "%B").month
        published = datetime.date(int(match.group(3)), month, int(match.group(2))).isoformat()
        remainder = rest[0][match.end() :].strip()
        rest = [remainder, *rest[1:]] if remainder else rest[1:]
    return MultilingDocument(filename=filename, title=title, body=rest, published=published)


def _references(records: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Human summaries per instance; each row repeats the others' references, so dedupe by summarizer id."""
    found: dict[str, dict[str, str]] = {}
    for record in records:
        candidates = [record.get("summary") or {}, *(record.get("references") or [])]
        for summary in candidates:
            if summary.get("summarizer_type") != REFERENCE_TYPE:
                continue
            text = " ".join(str(p).strip() for p in summary.get("text") or [])
            if text.strip():
                found.setdefault(str(record["instance_id"]), {})[str(summary.get("summarizer_id"))] = text
    return found
