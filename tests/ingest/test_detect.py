"""Format sniffing: content signatures win, the extension decides what content cannot."""

from __future__ import annotations

import pytest

from storyfuse.ingest.detect import binary_reason, extension, sniff

PAGE = b"<!DOCTYPE html><html><body><p>x</p></body></html>"
RSS = b'<?xml version="1.0"?><!-- export --><rss version="2.0"><channel></channel></rss>'
ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>'
JSONL = b'{"text": "a"}\n{"text": "b"}\n'


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.txt", b"Plain words.", "text"),
        ("a", b"Plain words.", "text"),
        ("", b"Plain words.", "text"),  # stdin
        ("a.html", b"Plain words, no markup.", "html"),
        ("a.txt", PAGE, "html"),
        ("a.csv", PAGE, "html"),
        ("a.html", b"<p>A fragment</p>", "html"),
        ("a.htm", b"<custom-root>words</custom-root>", "html"),
        ("a.txt", b"<Reuters> Tram news", "text"),
        ("a.xml", RSS, "feed"),
        ("a.txt", ATOM, "feed"),
        ("a.rdf", RDF, "feed"),
        ("a.rss", b"not xml", "feed"),  # the reader reports it
        ("a.xml", b"<settings/>", None),
        ("a.xml", b"just words", None),
        ("a.jsonl", JSONL, "jsonl"),
        ("a.json", JSONL, "jsonl"),
        ("a.txt", JSONL, "jsonl"),
        ("", JSONL, "jsonl"),
        ("a.jsonl", b"not json", "jsonl"),  # the reader reports each line
        ("a.json", b'{\n  "pretty": true\n}\n', None),
        ("a.txt", b'{"text": "' + b"x" * 200, "jsonl"),  # first line longer than the head
        ("a.html", b"WARC/1.0\r\n", "warc"),
        ("a.warc", b"WARC/1.1\r\n", "warc"),
        ("a.csv", b"a,b\n", None),
        ("a.md", b"# Title\n", None),
        ("a.TXT", b"Upper-case extension.", "text"),
        ("a.html.gz", b"<html>", "html"),
    ],
)
def test_sniff(name: str, head: bytes, kind: str | None) -> None:
    assert sniff(name, head) == kind


def test_extension_looks_through_gz() -> None:
    assert extension("Page.HTML.gz") == ".html"
    assert extension("crawl.warc.gz") == ".warc"
    assert extension("noext") == ""


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n", "binary file (PNG image)"),
        (b"PK\x03\x04rest", "binary file (ZIP archive)"),
        (b"text\x00more", "binary file (contains NUL bytes)"),
        (bytes(range(1, 9)) * 10, "binary file (not text)"),
        ("Caf\u00e9 \u2014 ordinary text\ttabbed\r\n".encode(), None),
        ("Caf\u00e9".encode("latin-1"), None),  # a wrong encoding is not binary
        (b"\x1b[1mterminal colours\x1b[0m", None),
    ],
)
def test_binary_reason(head: bytes, reason: str | None) -> None:
    assert binary_reason(head) == reason
