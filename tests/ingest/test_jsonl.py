"""JSONL: one article per line; each bad line is its own problem and the rest still ingest."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.ingest.conftest import Ingest

TEXT_RECORD = {
    "url": "https://valmora-courier.example/ferries",
    "title": "Night ferries approved",
    "text": "The harbour council voted to run ferries after midnight.",
    "published": "2031-04-02",
    "source": "Valmora Courier",
}
HTML_RECORD = {
    "id": 77,
    "url": "https://port-gazette.example/a/77",
    "html": "<html><body><h1>Ferries</h1><p>Ferries will run at night.</p></body></html>",
}


def _lines(*items: object) -> bytes:
    return b"".join(
        (item if isinstance(item, bytes) else json.dumps(item).encode()) + b"\n" for item in items
    )


def test_good_and_bad_lines(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(
        _lines(
            TEXT_RECORD,  # 1
            b"",  # 2 blank: skipped silently
            HTML_RECORD,  # 3
            b"{'single': 'quotes'}",  # 4
            [1, 2],  # 5
            {"title": "No body"},  # 6
            {"text": "Body", "title": 12},  # 7
            {"text": "   "},  # 8
            {"html": "<div><span></span></div>"},  # 9
            b'{"text": "caf\xe9"}',  # 10
            {"text": 5},  # 11
            {"text": "Body", "id": [1]},  # 12
            {"text": "Last good line.", "id": "x-9"},  # 13
        )
    )
    result = ingest(path)
    origin = str(path)
    assert [d.origin for d in result.documents] == [f"{origin}#1", f"{origin}#3", f"{origin}#13"]
    first, second, third = result.documents
    assert first.format == "text"
    assert first.content == TEXT_RECORD["text"]
    assert (first.url, first.title, first.published, first.source) == (
        TEXT_RECORD["url"],
        TEXT_RECORD["title"],
        TEXT_RECORD["published"],
        TEXT_RECORD["source"],
    )
    assert first.native_id is None
    assert second.format == "html" and second.content == HTML_RECORD["html"]
    assert second.native_id == "77"
    assert third.native_id == "x-9"
    assert result.reasons() == {
        f"{origin}:4": "not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{origin}:5": "not a JSON object but array",
        f"{origin}:6": "has neither 'text' nor 'html'",
        f"{origin}:7": "'title' must be a string, not number",
        f"{origin}:8": "'text' is empty",
        f"{origin}:9": "HTML page has no text",
        f"{origin}:10": "invalid UTF-8 at byte 13 of the line",
        f"{origin}:11": "'text' must be a string, not number",
        f"{origin}:12": "'id' must be a string or an integer, not array",
    }


def test_html_wins_when_both_bodies_are_given(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "both.jsonl"
    path.write_bytes(_lines({"text": "plain", "html": "<p>marked up</p>"}))
    [doc] = ingest(path).documents
    assert doc.format == "html" and doc.content == "<p>marked up</p>"


def test_gzipped_jsonl(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(_lines(TEXT_RECORD, HTML_RECORD)))
    result = ingest(path)
    assert result.problems == []
    assert [d.origin for d in result.documents] == [f"{path}#1", f"{path}#2"]


def test_overlong_line_is_skipped_and_reading_continues(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(_lines({"text": "x" * 5000}, TEXT_RECORD))
    result = ingest(path, max_bytes=1000)
    assert result.reasons() == {f"{path}:1": "line larger than 1000 bytes"}
    assert [d.origin for d in result.documents] == [f"{path}#2"]


def test_file_size_does_not_limit_jsonl(tmp_path: Path, ingest: Ingest) -> None:
    # The limit is per article: a JSONL batch may be far bigger than one article.
    path = tmp_path / "many.jsonl"
    path.write_bytes(_lines(*[{"text": f"Article number {n} about trams."} for n in range(100)]))
    result = ingest(path, max_bytes=200)
    assert result.problems == []
    assert len(result.documents) == 100


def test_jsonl_content_is_recognised_without_the_extension(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(_lines(TEXT_RECORD))
    [doc] = ingest(path).documents
    assert doc.origin == f"{path}#1" and doc.title == TEXT_RECORD["title"]


def test_jsonl_on_stdin(ingest: Ingest) -> None:
    result = ingest("-", stdin=io.BytesIO(_lines(TEXT_RECORD, b"oops", HTML_RECORD)))
    assert [d.origin for d in result.documents] == ["-#1", "-#3"]
    assert [p.origin for p in result.problems] == ["-:2"]


def test_a_number_too_long_to_convert_costs_its_line_alone(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "big-number.jsonl"
    huge_id = b'{"id": ' + b"7" * 5000 + b', "text": "A line whose id no integer can hold."}'
    path.write_bytes(_lines(TEXT_RECORD, huge_id, HTML_RECORD))
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#1", f"{path}#3"]
    assert result.reasons() == {f"{path}:2": "not valid JSON: a number is too long"}


def test_half_a_surrogate_pair_becomes_a_replacement_character(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "surrogates.jsonl"
    odd = {**TEXT_RECORD, "title": "Ferries \ud800 at night", "text": "Late \udcff boats."}
    path.write_bytes(_lines(odd))
    [document] = ingest(path).documents
    assert document.title == "Ferries \ufffd at night"
    assert document.content == "Late \ufffd boats."
    document.content.encode("utf-8")  # storable


def test_an_unforeseen_error_in_one_line_is_one_problem(
    tmp_path: Path, ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyfuse.ingest import jsonl

    def fails_on_ferries(content: str) -> None:
        if "Ferries" in content:
            raise AttributeError("'NoneType' object has no attribute 'startswith'")

    monkeypatch.setattr(jsonl, "require_visible_text", fails_on_ferries)
    path = tmp_path / "odd.jsonl"
    path.write_bytes(_lines(TEXT_RECORD, HTML_RECORD, TEXT_RECORD | {"text": "The last line still counts."}))
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#1", f"{path}#3"]
    assert result.reasons() == {f"{path}:2": "line could not be read"}


def test_a_compression_bomb_is_read_only_to_its_bound(tmp_path: Path, ingest: Ingest) -> None:
    """Blank lines compress a thousandfold: what decompresses past MAX_EXPANSION times the file's size
    (beyond one article's max_bytes) is not read, and the records before it are kept."""
    from storyfuse.ingest.streams import EXPANSION_TEXT, MAX_EXPANSION

    path = tmp_path / "bomb.jsonl.gz"
    blank = b"\n" * 20_000_000
    path.write_bytes(gzip.compress(_lines(TEXT_RECORD, HTML_RECORD) + blank + _lines(TEXT_RECORD)))
    assert 2 * MAX_EXPANSION * path.stat().st_size < 20_000_000  # the bound applies well before the end
    result = ingest(path, max_bytes=100_000)
    assert [d.origin for d in result.documents] == [f"{path}#1", f"{path}#2"]
    assert result.reasons() == {str(path): EXPANSION_TEXT}


def test_runs_of_blank_lines_keep_line_numbers(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "gaps.jsonl"
    path.write_bytes(_lines(TEXT_RECORD) + b"\n \n\t\r\n" * 100_000 + b"  " + _lines(HTML_RECORD, b"[1]"))
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#1", f"{path}#300002"]
    assert result.reasons() == {f"{path}:300003": "not a JSON object but array"}
