"""WARC archives: HTML and text responses become documents; damage is reported, earlier records kept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from tests.ingest.conftest import Ingest

DATE = "2031-05-06T07:08:09Z"
PAGE = "<html><head><title>Tram</title></head><body><p>The tram line reopened.</p></body></html>"


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": DATE}
    )
    writer.write_record(record)


def build_warc(gzip: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "storyfuse tests"}))  # 1
    request = writer.create_warc_record(
        "https://tram.example/news", "request", payload=io.BytesIO(b"GET /news HTTP/1.1\r\n\r\n")
    )
    writer.write_record(request)  # 2
    _response(writer, "https://tram.example/news", PAGE.encode(), "text/html; charset=utf-8")  # 3
    latin = "<html><body><p>Le tramway est r\u00e9par\u00e9.</p></body></html>".encode("latin-1")
    _response(writer, "https://tram.example/fr", latin, "text/html; charset=ISO-8859-1")  # 4
    _response(writer, "https://tram.example/logo.png", b"\x89PNG\r\n", "image/png")  # 5: skipped
    _response(writer, "https://tram.example/gone", PAGE.encode(), "text/html", "404 Not Found")  # 6: skipped
    _response(writer, "https://tram.example/notes.txt", b"Service notes for the tram.", "text/plain")  # 7
    _response(writer, "https://tram.example/empty", b"<html><body></body></html>", "text/html")  # 8
    _response(writer, "https://tram.example/last", PAGE.encode(), "text/html")  # 9
    return buffer.getvalue()


@pytest.mark.parametrize("gzip", [False, True], ids=["plain", "gzip"])
def test_responses_become_documents(tmp_path: Path, ingest: Ingest, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(build_warc(gzip))
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#3", f"{path}#4", f"{path}#7", f"{path}#9"]
    assert result.reasons() == {f"{path}#8": "HTML page has no text"}
    news, french, notes, last = result.documents
    assert news.url == "https://tram.example/news"
    assert news.crawled == DATE
    assert news.format == "html" and news.content == PAGE
    assert "Le tramway est r\u00e9par\u00e9." in french.content
    assert notes.format == "text" and notes.content == "Service notes for the tram."
    assert last.url == "https://tram.example/last"
    assert all(d.native_id is None for d in result.documents)


def test_warc_is_recognised_by_content_on_stdin(ingest: Ingest) -> None:
    result = ingest("-", stdin=io.BytesIO(build_warc(gzip=True)))
    assert [d.origin for d in result.documents] == ["-#3", "-#4", "-#7", "-#9"]


@pytest.mark.parametrize("gzip", [False, True], ids=["plain", "gzip"])
def test_truncated_archive_keeps_earlier_records(tmp_path: Path, ingest: Ingest, gzip: bool) -> None:
    path = tmp_path / "cut.warc"
    path.write_bytes(build_warc(gzip)[:-60])  # inside the last record
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#3", f"{path}#4", f"{path}#7"]
    assert len(result.problems) == 2  # the empty page (#8) and the cut record (#9)
    cut = result.problems[-1]
    assert cut.origin == f"{path}#9"
    assert cut.reason.startswith("malformed WARC record (")


def test_garbage_after_a_good_record_stops_reading(tmp_path: Path, ingest: Ingest) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    _response(writer, "https://tram.example/one", PAGE.encode(), "text/html")
    path = tmp_path / "tail.warc"
    path.write_bytes(buffer.getvalue() + b"this is not a record\r\n\r\n" + buffer.getvalue())
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#1"]
    [problem] = result.problems
    assert problem.origin == f"{path}#2"
    assert problem.reason.startswith("malformed WARC record")


def test_warc_extension_with_other_content(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("just some words\n")
    result = ingest(path)
    assert result.documents == []
    [problem] = result.problems
    assert problem.origin == f"{path}#1" and problem.reason.startswith("malformed WARC record")


def test_payload_over_the_limit_is_one_problem(tmp_path: Path, ingest: Ingest) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    big = b"<html><body><p>" + b"tram " * 1000 + b"</p></body></html>"
    _response(writer, "https://tram.example/big", big, "text/html")
    _response(writer, "https://tram.example/small", PAGE.encode(), "text/html")
    path = tmp_path / "big.warc.gz"
    path.write_bytes(buffer.getvalue())
    result = ingest(path, max_bytes=1000)
    assert result.reasons() == {f"{path}#1": "payload larger than 1000 bytes"}
    assert [d.url for d in result.documents] == ["https://tram.example/small"]


@pytest.mark.parametrize("marker", [b"WARC-Target-URI: https://tram.example/last", b"Content-Length: "])
def test_archive_cut_inside_a_record_header(tmp_path: Path, ingest: Ingest, marker: bytes) -> None:
    data = build_warc(gzip=False)
    last_record = data.rindex(b"WARC/1.")
    cut_at = data.index(marker, last_record) + len(marker)
    path = tmp_path / "header-cut.warc"
    path.write_bytes(data[:cut_at])
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#3", f"{path}#4", f"{path}#7"]
    assert result.problems[-1].origin == f"{path}#9"
    assert result.problems[-1].reason.startswith("malformed WARC record (record header")


def test_a_charset_naming_no_text_encoding_is_ignored_and_later_records_are_read(
    tmp_path: Path, ingest: Ingest
) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    latin = "<html><body><p>Le tramway est r\u00e9par\u00e9.</p></body></html>".encode("latin-1")
    _response(writer, "https://tram.example/odd", latin, "text/html; charset=base64")
    _response(writer, "https://tram.example/next", PAGE.encode(), "text/html")
    path = tmp_path / "charset.warc"
    path.write_bytes(buffer.getvalue())
    result = ingest(path)
    assert result.problems == []
    odd, following = result.documents
    assert "Le tramway est r\u00e9par\u00e9." in odd.content  # read as windows-1252, as a browser would
    assert following.url == "https://tram.example/next"


def test_a_header_missing_its_target_uri_is_named_in_user_terms(tmp_path: Path, ingest: Ingest) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    _response(writer, "https://tram.example/one", PAGE.encode(), "text/html")
    _response(writer, "https://tram.example/two", PAGE.encode(), "text/html")
    data = buffer.getvalue()
    second = data.index(b"WARC/1.", 1)
    uri = data.index(b"WARC-Target-URI", second)
    path = tmp_path / "no-uri.warc"
    path.write_bytes(data[:uri] + b"\r\n" + data[uri:])  # a blank line ends the header before the URI
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#1"]
    assert result.reasons() == {f"{path}#2": "malformed WARC record (record header cannot be parsed)"}


def test_warcio_notes_become_one_line_problems_not_terminal_output(
    tmp_path: Path, ingest: Ingest, capfd: pytest.CaptureFixture[str]
) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    _response(writer, "https://tram.example/one", PAGE.encode(), "text/html")
    _response(writer, "https://tram.example/two", PAGE.encode(), "text/html")
    data = buffer.getvalue()
    second = data.index(b"WARC/1.", 1)
    path = tmp_path / "long.warc"
    # Bytes the first record's Content-Length does not count: warcio prints them raw to stderr.
    path.write_bytes(data[: second - 4] + b"\x1b]0;pwned\x07" + data[second - 4 :])
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#1", f"{path}#2"]
    assert result.reasons() == {f"{path}#1": "record is not followed by a blank line (wrong Content-Length?)"}
    assert capfd.readouterr().err == ""


def test_an_unforeseen_error_in_one_record_is_one_problem(
    tmp_path: Path, ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyfuse.ingest import warc

    def fails_on_one(content: str) -> None:
        if "Tram" not in content:
            raise ValueError("chr() arg not in range(0x110000)")

    monkeypatch.setattr(warc, "require_visible_text", fails_on_one)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    _response(writer, "https://tram.example/odd", b"<p>Odd page</p>", "text/html")
    _response(writer, "https://tram.example/next", PAGE.encode(), "text/html")
    path = tmp_path / "odd.warc.gz"
    path.write_bytes(buffer.getvalue())
    result = ingest(path)
    assert result.reasons() == {f"{path}#1": "WARC record could not be read"}
    assert [d.url for d in result.documents] == ["https://tram.example/next"]


def test_a_compression_bomb_in_an_archive_is_read_only_to_its_bound(tmp_path: Path, ingest: Ingest) -> None:
    from storyfuse.ingest.streams import EXPANSION_TEXT, MAX_EXPANSION

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    _response(writer, "https://tram.example/first", PAGE.encode(), "text/html")
    padded = b"<html><body><p>The tram line reopened.</p>" + b" " * 20_000_000 + b"</body></html>"
    _response(writer, "https://tram.example/bomb", padded, "text/html")
    _response(writer, "https://tram.example/after", PAGE.encode(), "text/html")
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(buffer.getvalue())
    assert 2 * MAX_EXPANSION * path.stat().st_size < 20_000_000
    result = ingest(path, max_bytes=100_000)
    assert [d.url for d in result.documents] == ["https://tram.example/first"]
    assert result.reasons() == {f"{path}#2": EXPANSION_TEXT}


def test_an_archive_gzipped_as_a_whole_is_read_like_one_gzipped_by_record(
    tmp_path: Path, ingest: Ingest
) -> None:
    """`gzip crawl.warc` makes one gzip stream, which warcio alone reads only up to its first record."""
    import gzip

    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(build_warc(gzip=False)))
    by_record = tmp_path / "by-record.warc.gz"
    by_record.write_bytes(build_warc(gzip=True))
    read_whole, read_by_record = ingest(whole), ingest(by_record)
    assert len(read_whole.documents) > 1
    assert [(d.url, d.content) for d in read_whole.documents] == [
        (d.url, d.content) for d in read_by_record.documents
    ]
    assert [p.reason for p in read_whole.problems] == [p.reason for p in read_by_record.problems]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    assert list(ingest(cut).reasons().values())[-1] == "malformed WARC record (gzip data is truncated)"


def test_an_archive_whose_first_records_hold_binary_payloads_is_read(tmp_path: Path, ingest: Ingest) -> None:
    """Images have NUL bytes; in the first 64 KB of an archive they once refused it as a binary file."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(64)
    _response(writer, "https://tram.example/logo.png", png, "image/png")
    _response(writer, "https://tram.example/news", PAGE.encode(), "text/html; charset=utf-8")
    path = tmp_path / "crawl.warc"
    path.write_bytes(buffer.getvalue())
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#2"]
    assert result.problems == []
