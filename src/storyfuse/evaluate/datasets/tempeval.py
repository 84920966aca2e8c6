"""Reads TempEval-3 TimeML files: creation date, plain TEXT and the character span of every TIMEX3."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from storyfuse.errors import BadInput


@dataclass
class Timex:
    """One gold TIMEX3 inside TEXT, located by character offsets into `TimemlDocument.text`."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str


@dataclass
class TimemlDocument:
    """The parts of a TimeML file the dates evaluation needs."""

    doc_id: str
    creation: datetime.date
    text: str
    timexes: list[Timex] = field(default_factory=list)


def find_tml_files(folder: Path) -> list[Path]:
    """All `*.tml` files under `folder`, in a stable order."""
    if folder.is_file():
        return [folder]
    return sorted(folder.rglob("*.tml"))


def read_timeml(path: Path) -> TimemlDocument:
    """Parse one TimeML file; BadInput when it is not TimeML with a creation time and a TEXT element."""
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise BadInput(f"{path}: not readable TimeML ({error})") from error
    creation = _creation_date(root)
    if creation is None:
        raise BadInput(f"{path}: no TIMEX3 with functionInDocument=CREATION_TIME")
    text_element = root.find(".//TEXT")
    if text_element is None:
        raise BadInput(f"{path}: no TEXT element")
    parts: list[str] = []
    timexes: list[Timex] = []
    _flatten(text_element, parts, timexes, offset=0)
    doc_id_element = root.find(".//DOCID")
    doc_id = (doc_id_element.text or "").strip() if doc_id_element is not None else path.stem
    return TimemlDocument(doc_id=doc_id or path.stem, creation=creation, text="".join(parts), timexes=timexes)


def iter_timeml(folder: Path, limit: int | None = None) -> Iterator[TimemlDocument]:
    """Documents of a TimeML folder (searched recursively), at most `limit` of them."""
    paths = find_tml_files(folder)
    if limit is not None:
        paths = paths[:limit]
    for path in paths:
        yield read_timeml(path)


def _creation_date(root: etree._Element) -> datetime.date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value") or ""
            try:
                return datetime.date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def _flatten(element: etree._Element, parts: list[str], timexes: list[Timex], offset: int) -> int:
    """Append the element's text (without tags) to `parts`, recording TIMEX3 spans; returns the new offset."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, parts, timexes, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        text = _joined_tail(parts, offset - start)
        timexes.append(
            Timex(
                start=start,
                end=offset,
                text=text,
                type=element.get("type") or "",
                value=element.get("value") or "",
            )
        )
    return offset


def _joined_tail(parts: list[str], length: int) -> str:
    """The last `length` characters written to `parts`, without joining everything."""
    collected: list[str] = []
    remaining = length
    for part in reversed(parts):
        if remaining <= 0:
            break
        collected.append(part[-remaining:] if len(part) > remaining else part)
        remaining -= len(part)
    return "".join(reversed(collected))
