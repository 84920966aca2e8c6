"""content_hash: the same content written differently hashes the same."""

from __future__ import annotations

import hashlib

from storyfuse.ingest import content_hash


def test_is_sha256_hex_of_the_text() -> None:
    assert content_hash("Tram news") == hashlib.sha256(b"Tram news").hexdigest()


def test_unicode_composition_does_not_matter() -> None:
    assert content_hash("Caf\u00e9") == content_hash("Cafe\u0301")


def test_line_endings_and_trailing_spaces_do_not_matter() -> None:
    assert content_hash("one\r\ntwo\n") == content_hash("one  \ntwo")
    assert content_hash("one\rtwo") == content_hash("one\ntwo")
    assert content_hash("one\t\ntwo") == content_hash("one\ntwo")


def test_real_differences_change_the_hash() -> None:
    assert content_hash("one two") != content_hash("one  two")  # inner spacing is content
    assert content_hash("  indented") != content_hash("indented")
    assert content_hash("Tram news") != content_hash("Tram News")
