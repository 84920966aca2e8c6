"""Directories are read recursively in a fixed order and lazily; `-` reads standard input."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storyfuse.ingest import read_inputs
from storyfuse.model import InputProblem, RawDocument

if TYPE_CHECKING:
    from tests.ingest.conftest import Ingest

STORY = "The Valmora tram line reopened on Monday after a week of repairs.\n"


def _tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "a").mkdir()
    (root / "a" / "deep").mkdir()
    (root / ".git").mkdir()
    (root / "z.txt").write_text(STORY)
    (root / "b" / "2.txt").write_text(STORY)
    (root / "b" / "10.txt").write_text(STORY)
    (root / "a" / "deep" / "page.html").write_text("<html><body><p>Tram news</p></body></html>")
    (root / "a" / "notes.csv").write_text("when,what\nmonday,tram\n")
    (root / "a" / "batch.jsonl").write_text(json.dumps({"text": "From a batch."}) + "\n")
    (root / ".hidden.txt").write_text(STORY)
    (root / ".git" / "HEAD.txt").write_text(STORY)


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path: Path, ingest: Ingest) -> None:
    _tree(tmp_path)
    result = ingest(tmp_path)
    origins = [os.path.relpath(item.origin, tmp_path) for item in result.items]
    assert origins == [
        "a/batch.jsonl#1",
        "a/deep/page.html",
        "a/notes.csv",
        "b/10.txt",
        "b/2.txt",
        "z.txt",
    ]
    assert result.reasons() == {str(tmp_path / "a" / "notes.csv"): "unsupported file type"}


def test_directory_order_is_the_same_every_time(tmp_path: Path, ingest: Ingest) -> None:
    _tree(tmp_path)
    first = [item.origin for item in ingest(tmp_path).items]
    second = [item.origin for item in ingest(str(tmp_path) + os.sep).items]
    assert first == second


def test_relative_paths_become_absolute_origins(
    tmp_path: Path, ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rel.txt").write_text(STORY)
    monkeypatch.chdir(tmp_path)
    [doc] = ingest("rel.txt").documents
    assert doc.origin == str(tmp_path / "rel.txt")


def test_reading_is_lazy(tmp_path: Path) -> None:
    for name in ("1.txt", "2.txt", "3.txt"):
        (tmp_path / name).write_text(STORY)
    items = read_inputs([str(tmp_path)])
    first = next(items)
    assert isinstance(first, RawDocument) and first.native_id == "1"
    # Files are opened only when their turn comes, so a file removed meanwhile is reported.
    (tmp_path / "3.txt").unlink()
    rest = list(items)
    assert isinstance(rest[0], RawDocument) and rest[0].native_id == "2"
    assert isinstance(rest[1], InputProblem) and rest[1].reason == "no such file or directory"


def test_symlink_loop_does_not_recurse_forever(tmp_path: Path, ingest: Ingest) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "story.txt").write_text(STORY)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    result = ingest(tmp_path)
    assert [d.origin for d in result.documents] == [str(tmp_path / "sub" / "story.txt")]
    assert result.reasons() == {str(tmp_path / "dangling.txt"): "no such file or directory"}


def test_a_single_string_is_one_path(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(STORY)
    items = list(read_inputs(str(path)))
    assert [item.origin for item in items] == [str(path)]


def test_stdin_text(ingest: Ingest) -> None:
    [doc] = ingest("-", stdin=io.BytesIO(STORY.encode())).documents
    assert (doc.origin, doc.format, doc.content, doc.native_id) == ("-", "text", STORY, None)


def test_stdin_html_and_gzip(ingest: Ingest) -> None:
    page = b"<html><body><p>Tram news</p></body></html>"
    assert [d.format for d in ingest("-", stdin=io.BytesIO(page)).documents] == ["html"]
    [doc] = ingest("-", stdin=io.BytesIO(gzip.compress(page))).documents
    assert doc.content == page.decode()


def test_stdin_problems(ingest: Ingest) -> None:
    assert ingest("-", stdin=io.BytesIO(b"")).reasons() == {"-": "empty input"}
    assert ingest("-", stdin=io.BytesIO(b"\x00\x01binary")).reasons() == {
        "-": "binary file (contains NUL bytes)"
    }


def test_stdin_is_not_closed(ingest: Ingest) -> None:
    stream = io.BytesIO(STORY.encode())
    ingest("-", stdin=stream)
    assert not stream.closed


def test_files_and_stdin_keep_the_order_given(tmp_path: Path, ingest: Ingest) -> None:
    (tmp_path / "x.txt").write_text(STORY)
    result = ingest(tmp_path / "x.txt", "-", tmp_path / "missing", stdin=io.BytesIO(b"From a pipe."))
    assert [item.origin for item in result.items] == [
        str(tmp_path / "x.txt"),
        "-",
        str(tmp_path / "missing"),
    ]


def test_special_files_inside_a_directory_are_reported(tmp_path: Path, ingest: Ingest) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "story.txt").write_text(STORY)
    result = ingest(tmp_path)
    assert result.reasons() == {str(tmp_path / "pipe"): "not a regular file"}
    assert [d.native_id for d in result.documents] == ["story"]


def test_a_name_that_is_not_utf8_is_named_with_its_odd_bytes_escaped(tmp_path: Path, ingest: Ingest) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9 \xff.txt"), "w") as article:  # a Latin-1 name
        article.write(STORY)
    open(os.path.join(folder, b"empty-\xfe.txt"), "w").close()
    result = ingest(tmp_path)
    [document] = result.documents
    assert document.origin == f"{tmp_path}/caf\\xe9 \\xff.txt"
    assert document.native_id == "caf\\xe9 \\xff"
    assert result.reasons() == {f"{tmp_path}/empty-\\xfe.txt": "empty file"}
    # Every byte of the name is kept: the escapes read back as the bytes on disk.
    name = os.path.basename(document.origin).encode("ascii").decode("unicode_escape").encode("latin-1")
    assert name == b"caf\xe9 \xff.txt"
    document.origin.encode("utf-8")  # storable and printable


def test_a_named_pipe_given_by_name_is_refused_without_waiting(tmp_path: Path, ingest: Ingest) -> None:
    import signal

    os.mkfifo(tmp_path / "pipe")  # no writer: opening it would wait for ever
    signal.alarm(30)  # a regression fails the test instead of hanging the suite
    try:
        result = ingest(tmp_path / "pipe", "/dev/null")
    finally:
        signal.alarm(0)
    assert result.reasons() == {
        str(tmp_path / "pipe"): "not a regular file",
        "/dev/null": "not a regular file",
    }


def test_a_pipe_this_process_holds_is_read_as_a_stream(ingest: Ingest) -> None:
    read_end, write_end = os.pipe()  # what `<(zcat …)` names as /dev/fd/N
    os.write(write_end, STORY.encode())
    os.close(write_end)
    try:
        result = ingest(f"/dev/fd/{read_end}")
    finally:
        os.close(read_end)
    assert result.problems == [] and len(result.documents) == 1


def test_a_nul_byte_is_refused_wherever_it_is(tmp_path: Path, ingest: Ingest) -> None:
    late = tmp_path / "late.txt"
    late.write_bytes(((STORY + "\n") * 2000 + "tail\x00end\n").encode())  # far past the first 64 KB
    assert late.stat().st_size > 64 * 1024
    early = tmp_path / "early.txt"
    early.write_bytes(b"tail\x00end\n" + (STORY + "\n").encode() * 2000)
    assert ingest(late, early).reasons() == {
        str(late): "binary file (contains NUL bytes)",
        str(early): "binary file (contains NUL bytes)",
    }
