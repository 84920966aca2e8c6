"""Each kind of bad input is one InputProblem with a specific reason, and reading goes on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyfuse.ingest import MAX_BYTES
from storyfuse.ingest import files as ingest_files
from storyfuse.ingest.streams import size_limit_text

if TYPE_CHECKING:
    from tests.ingest.conftest import Ingest

GOOD = "Valmora's tram line reopened on Monday after a week of repairs.\n"


def _one_problem(ingest: Ingest, path: Path, **options: int) -> str:
    """Read a bad file followed by a good one; the bad one must be exactly one problem."""
    good = path.parent / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = ingest(path, good, **options)
    assert [d.origin for d in result.documents] == [str(good)]
    assert len(result.problems) == 1
    assert result.problems[0].origin == os.path.abspath(path)
    return result.problems[0].reason


def test_missing_path(tmp_path: Path, ingest: Ingest) -> None:
    assert _one_problem(ingest, tmp_path / "absent.txt") == "no such file or directory"


def test_binary_file_with_nul_bytes(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"abc\x00\x01\x02def" * 10)
    assert _one_problem(ingest, path) == "binary file (contains NUL bytes)"


def test_binary_file_recognised_by_magic(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert _one_problem(ingest, path) == "binary file (PDF)"


def test_control_character_soup_is_not_text(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 9)) * 40 + b"some words")
    assert _one_problem(ingest, path) == "binary file (not text)"


def test_empty_file(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _one_problem(ingest, path) == "empty file"


def test_whitespace_only_file(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "blank.html"
    path.write_bytes(b" \n\t\r\n" * 30000)  # longer than the sniffed head
    assert _one_problem(ingest, path) == "only whitespace"


def test_invalid_utf8_names_the_byte(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "latin.txt"
    data = b"Caf" + "\u00e9 du port".encode("latin-1")
    path.write_bytes(data)
    assert _one_problem(ingest, path) == "invalid UTF-8 at byte 3"


def test_invalid_utf8_offset_counts_from_file_start_past_the_head(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "late.txt"
    prefix = b"ferry " * 20000  # 120000 bytes, beyond the sniffed head
    path.write_bytes(prefix + b"\xff tail")
    assert _one_problem(ingest, path) == f"invalid UTF-8 at byte {len(prefix)}"


def test_file_over_the_limit(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "long.txt"
    path.write_text(GOOD * 100, encoding="utf-8")
    assert _one_problem(ingest, path, max_bytes=1000) == "larger than 1000 bytes"


def test_default_limit_is_20_mb_and_checked_by_size_before_reading(tmp_path: Path, ingest: Ingest) -> None:
    assert MAX_BYTES == 20 * 1024 * 1024
    assert size_limit_text(MAX_BYTES) == "larger than 20 MB"
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(GOOD.encode() * 2000)
        handle.truncate(MAX_BYTES + 1)  # sparse: costs nothing on disk
    assert _one_problem(ingest, path) == "larger than 20 MB"


def test_gzip_over_the_limit_when_decompressed(tmp_path: Path, ingest: Ingest) -> None:
    import gzip

    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"ferry " * 50000))
    assert _one_problem(ingest, path, max_bytes=100_000) == "larger than 100000 bytes"


def test_truncated_gzip(tmp_path: Path, ingest: Ingest) -> None:
    import gzip

    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(GOOD.encode() * 500)[:-40])
    assert _one_problem(ingest, path) == "gzip data is truncated or corrupt"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)
    path.chmod(0)
    assert _one_problem(ingest, path) == "permission denied"


def test_unreadable_file_when_open_is_refused(
    tmp_path: Path, ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Works as root too: the open itself is made to fail the way it does for a mode-000 file.
    path = tmp_path / "secret.txt"
    path.write_text(GOOD)
    real_open = open

    def refusing_open(file: str, mode: str = "r") -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode)

    monkeypatch.setattr(ingest_files, "open", refusing_open, raising=False)
    assert _one_problem(ingest, path) == "permission denied"


def test_unsupported_file_type_when_named(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n")
    assert _one_problem(ingest, path) == "unsupported file type"


def test_xml_that_is_not_a_feed_is_unsupported(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "config.xml"
    path.write_text('<?xml version="1.0"?><settings><port>80</port></settings>')
    assert _one_problem(ingest, path) == "unsupported file type"


def test_empty_path_is_missing(ingest: Ingest) -> None:
    result = ingest("")
    assert [p.reason for p in result.problems] == ["no such file or directory"]
    assert result.documents == []


def test_a_zoo_of_bad_files_never_raises(tmp_path: Path, ingest: Ingest) -> None:
    zoo = {
        "a.jsonl": b"{not json}\n[1]\n",
        "b.warc": b"WARC/1.0\r\ngarbage\r\n",
        "c.rss": b"<rss><channel><item>",
        "d.html.gz": b"\x1f\x8b\x08\x00broken",
        "e.xml": b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>",
        "f": b"\xfe\xff\xd8\x00",
        "g.htm": b"\xef\xbb\xbf   ",
    }
    for name, data in zoo.items():
        (tmp_path / name).write_bytes(data)
    result = ingest(tmp_path)
    assert result.documents == []
    origins = {os.path.basename(p.origin.split("#")[0].split(":")[0]) for p in result.problems}
    assert origins == set(zoo)


def test_an_unforeseen_error_in_a_file_is_one_quiet_problem_in_user_terms(
    tmp_path: Path, ingest: Ingest, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from storyfuse.ingest import source

    real = source.read_text_file

    def fragile(origin: str, data: bytes, native_id: str | None) -> object:
        if b"odd" in data:
            raise LookupError("'rot-13' is not a text encoding; use codecs.decode()")
        return real(origin, data, native_id)

    monkeypatch.setattr(source, "read_text_file", fragile)
    path = tmp_path / "odd.txt"
    path.write_text("An odd file.\n")
    assert _one_problem(ingest, path) == "file could not be read"
    assert capfd.readouterr().err == ""  # no traceback: it goes to the debug log
