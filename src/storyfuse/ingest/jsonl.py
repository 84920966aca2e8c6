"""JSONL: one article per line, streamed line by line; a bad line is reported and skipped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from storyfuse.errors import BadInput
from storyfuse.ingest.html import require_visible_text
from storyfuse.ingest.problems import unreadable
from storyfuse.ingest.streams import CHUNK_BYTES, size_limit_text
from storyfuse.model import InputProblem, RawDocument

_OPTIONAL_TEXT_FIELDS = ("url", "title", "published", "source")
# JSON may escape half a surrogate pair ("\\ud800"), which is no character and cannot be stored as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(value: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", value)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _optional_string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"'{key}' must be a string, not {_json_type(value)}")
    return _valid_text(value).strip() or None


def _native_id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadInput(f"'id' must be a string or an integer, not {_json_type(value)}")
    return _valid_text(str(value)).strip() or None


def parse_record(origin: str, line: bytes) -> RawDocument:
    """One JSONL line as a RawDocument; BadInput says what is wrong with it."""
    try:
        decoded = line.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise BadInput(f"invalid UTF-8 at byte {exc.start} of the line") from None
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise BadInput("not valid JSON: nested too deeply") from None
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        raise BadInput("not valid JSON: a number is too long") from None
    if not isinstance(record, dict):
        raise BadInput(f"not a JSON object but {_json_type(record)}")
    html, text = record.get("html"), record.get("text")
    if html is None and text is None:
        raise BadInput("has neither 'text' nor 'html'")
    # `html` wins when both are given: it holds more (title, date, structure) for extraction.
    key, content = ("html", html) if html is not None else ("text", text)
    if not isinstance(content, str):
        raise BadInput(f"'{key}' must be a string, not {_json_type(content)}")
    content = _valid_text(content)
    fields = {name: _optional_string(record, name) for name in _OPTIONAL_TEXT_FIELDS}
    native_id = _native_id(record)
    if not content.strip():
        raise BadInput(f"'{key}' is empty")
    if key == "html":
        require_visible_text(content)
    return RawDocument(
        origin=origin,
        content=content,
        format="html" if key == "html" else "text",
        url=fields["url"],
        title=fields["title"],
        published=fields["published"],
        source=fields["source"],
        native_id=native_id,
    )


def _skip_to_line_end(stream: BinaryIO) -> None:
    while True:
        part = stream.readline(CHUNK_BYTES)
        if not part or part.endswith(b"\n"):
            return


def _skip_blank_lines(stream: BinaryIO) -> int:
    """Consume the blank lines at the stream's position, as many bytes at a time as its buffer holds
    (not a line at a time: a run of a billion blank lines is read in C); returns how many."""
    peek = getattr(stream, "peek", None)
    skipped = 0
    while peek is not None:
        ahead = peek(CHUNK_BYTES)
        blank = ahead[: len(ahead) - len(ahead.lstrip())]
        end = blank.rfind(b"\n") + 1  # up to the last line end: what follows may start a record
        if end == 0:
            break
        skipped += blank.count(b"\n", 0, end)
        stream.read(end)
        if end < len(ahead):
            break
    return skipped


def read_jsonl(origin: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    """Documents `origin#LINE`; problems name `origin:LINE` like a compiler error."""
    line_number = 0
    while True:
        # Bounded readline: one runaway line must not be read into memory whole.
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        line_number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_to_line_end(stream)
            yield InputProblem(f"{origin}:{line_number}", f"line {size_limit_text(max_bytes)}")
            continue
        if not line.strip():
            line_number += _skip_blank_lines(stream)
            continue
        try:
            document = parse_record(f"{origin}#{line_number}", line)
        except BadInput as exc:
            yield InputProblem(f"{origin}:{line_number}", str(exc))
            continue
        except Exception as exc:
            yield unreadable(f"{origin}:{line_number}", "line", exc)
            continue
        yield document
