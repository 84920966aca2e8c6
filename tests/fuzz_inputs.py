"""Hostile inputs for the fuzz test and `bench/fuzz.py`: hypothesis strategies that write what a
scraper may deliver (JSONL, HTML, WARC, RSS/Atom feeds, text), each from a grammar of the format with
hostile values in every field, then optionally mutated byte by byte and gzipped; and `probe`, which
reads an input and cleans every document in it, recording what should never happen.

Every value is written here; nothing is taken from real articles.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from storyfuse.errors import BadInput
from storyfuse.extract import extract
from storyfuse.ingest import read_inputs
from storyfuse.model import InputProblem

FORMATS = ("jsonl", "html", "warc", "feed", "text")

WORDS = ["the", "council", "said", "on", "Monday", "that", "harbour", "bridge", "workers", "voted"]
WORDS += ["strike", "pay", "Varnholm", "Quellport"]
# Values that have tripped parsers: bad URLs, odd charsets, entities of no character, huge numbers.
URLS = [
    "http://[oops/story",
    "https://example.invalid/a b?c=%zz#\x00",
    "http://user:pa:ss@host:99999/x",
    "javascript:alert(1)",
    "//no-scheme/path",
    "http://xn--ls8h.example/\u202e/",
    "",
    "https://example.invalid/" + "a" * 3000,
]
CHARSETS = ["utf-8", "latin-1", "rot13", "base64", "bz2", "utf-7", "utf-16", "x-unknown", "", "zlib"]
ENTITIES = ["&#x110000;", "&#xD800;", "&#0;", "&amp", "&nbsp;", "&#99999999999;", "&unknown;", "&#x1b;"]
DATES = ["2031-03-04", "Tuesday, December 11", "31/02/2031", "99999-01-01", "0000-00-00T25:61", "yesterday"]
CONTROL = "\x00\x1b[31m\x1b]8;;http://x\x07\u202e\r\n\x85\ufeff\udcff"

words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(
    lambda w: " ".join(w).capitalize() + "."
)
hostile = st.one_of(
    st.text(st.characters(blacklist_characters="\x00"), max_size=200),
    st.text(alphabet=st.sampled_from(CONTROL + "ab <>&;\"'"), max_size=60),
    st.sampled_from(ENTITIES + URLS + DATES),
)
# Mostly words with a hostile value here and there: a NUL or a broken byte refuses a whole file, and the
# cleaner should see most inputs.
hostile_text = st.integers(0, 3).flatmap(lambda n: hostile if n == 0 else words)
paragraph = st.lists(words, min_size=1, max_size=5).map(" ".join)
paragraphs = st.lists(st.one_of(paragraph, paragraph, hostile_text), min_size=1, max_size=8)


@dataclass(frozen=True)
class FuzzInput:
    """A file as a scraper might deliver it."""

    kind: str  # the format it was written as (its bytes may have been mutated since)
    name: str
    data: bytes

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.write_bytes(self.data)
        return path


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates as the broken bytes a scraper writes


@st.composite
def jsonl_inputs(draw: st.DrawFn) -> str:
    odd = st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True),
        st.none(),
        st.booleans(),
        st.lists(words, max_size=3),
    )
    value = st.integers(0, 4).flatmap(lambda n: odd if n == 0 else hostile_text)
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        shape = draw(st.integers(0, 9))
        if shape == 0:
            lines.append(draw(hostile_text))  # not JSON at all
            continue
        if shape == 1:
            lines.append("9" * draw(st.integers(4000, 5000)))  # over Python's integer-string limit
            continue
        record = {"text": "\n\n".join(draw(paragraphs))}
        for key in ("url", "title", "published", "source", "id", "html"):
            if draw(st.booleans()):
                record[key] = draw(st.one_of(value, st.sampled_from(URLS + DATES)))
        if shape == 2:
            record["text"] = draw(value)
        lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
    blank = "\n" * draw(st.integers(1, 3))
    return blank.join(lines) + "\n"


@st.composite
def html_inputs(draw: st.DrawFn) -> str:
    tags = [
        "p",
        "div",
        "article",
        "h1",
        "span",
        "a",
        "script",
        "style",
        "table",
        "td",
        "br",
        "li",
        "noscript",
    ]
    parts = [draw(st.sampled_from(["<!DOCTYPE html>", "<html>", "<?xml version='1.0'?><html>", "<HTML"]))]
    parts.append(f'<head><meta charset="{draw(st.sampled_from(CHARSETS))}">')
    if draw(st.booleans()):
        parts.append(
            f'<meta http-equiv="Content-Type" content="text/html; charset={draw(st.sampled_from(CHARSETS))}">'
        )
    parts.append(f"<title>{draw(hostile_text)}</title>")
    if draw(st.booleans()):
        parts.append(f'<meta property="article:published_time" content="{draw(st.sampled_from(DATES))}">')
    parts.append("</head><body>")
    for _ in range(draw(st.integers(1, 12))):
        tag = draw(st.sampled_from(tags))
        attributes = " ".join(
            f"{draw(st.sampled_from(['class', 'id', 'href', 'data-x', 'x' * 40, 'on' + 'load']))}="
            f'"{draw(hostile_text)}"'
            for _ in range(draw(st.integers(0, 3)))
        )
        inner = draw(st.one_of(words, hostile_text, st.sampled_from(ENTITIES)))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "<!-- unclosed"]))
        parts.append(f"<{tag} {attributes}>{inner} {' '.join(draw(paragraphs))}{close}")
    parts.append(draw(st.sampled_from(["</body></html>", "", "<![CDATA[", "</html></html>"])))
    return "\n".join(parts)


@st.composite
def warc_inputs(draw: st.DrawFn) -> bytes:
    """Mostly well-formed archives of HTML and text responses, so that the cleaning path behind the reader
    is exercised too; one record in several is broken (a wrong length, no HTTP head, a hostile type), and
    an archive may be gzipped record by record or as a whole."""
    records = [b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"]
    for _ in range(draw(st.integers(1, 4))):
        body = _encode(draw(html_inputs()))
        charset = draw(st.sampled_from(CHARSETS))
        status = draw(st.sampled_from(["200 OK"] * 6 + ["404 Not Found", "200", "OK"]))
        mime = draw(st.sampled_from(["text/html"] * 5 + ["text/plain", "image/png", ""]))
        http = (f"HTTP/1.1 {status}\r\nContent-Type: {mime}; charset={charset}\r\n\r\n").encode(
            "latin-1", "replace"
        )
        payload = http + body if draw(st.integers(0, 9)) else body
        kind = draw(st.sampled_from(["response"] * 6 + ["resource", "request", "metadata", "respon\x1bse"]))
        length = len(payload) + draw(st.sampled_from([0] * 9 + [-5, 7, 10**6]))
        uri = draw(st.sampled_from(URLS))
        header = (
            f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: {draw(st.sampled_from(DATES))}\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {max(length, 0)}\r\n\r\n"
        )
        records.append(_encode(header) + payload + b"\r\n\r\n")
    packing = draw(st.sampled_from(["plain", "plain", "by record", "whole"]))
    if packing == "by record":
        return b"".join(gzip.compress(record, mtime=0) for record in records)
    return gzip.compress(b"".join(records), mtime=0) if packing == "whole" else b"".join(records)


@st.composite
def feed_inputs(draw: st.DrawFn) -> str:
    atom = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(1, 5))):
        title, text = draw(hostile_text), " ".join(draw(paragraphs))
        link, date = draw(st.sampled_from(URLS)), draw(st.sampled_from(DATES))
        entity = draw(st.sampled_from(["", *ENTITIES]))
        cdata = draw(st.booleans())
        body = f"<![CDATA[<p>{text}</p>]]>" if cdata else f"{text}{entity}"
        if atom:
            items.append(
                f"<entry><title>{title}</title><link href='{link}'/><updated>{date}</updated>"
                f"<content type='html'>{body}</content></entry>"
            )
        else:
            items.append(
                f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
                f"<description>{body}</description></item>"
            )
    if atom:
        return "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>" + "".join(items) + "</feed>"
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
        + "".join(items)
        + "</channel></rss>"
    )


@st.composite
def text_inputs(draw: st.DrawFn) -> str:
    blocks = draw(paragraphs)
    if draw(st.booleans()):
        blocks.insert(
            0, draw(st.sampled_from(["By Ada Quint", "VARNHOLM (Reuters) -", "Advertisement", "Share"]))
        )
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n\n", "\x0c"]))
    return separator.join(blocks) + "\n"


_WRITERS: dict[str, tuple[str, Callable[[], st.SearchStrategy[str] | st.SearchStrategy[bytes]]]] = {
    "jsonl": (".jsonl", jsonl_inputs),
    "html": (".html", html_inputs),
    "warc": (".warc", warc_inputs),
    "feed": (".xml", feed_inputs),
    "text": (".txt", text_inputs),
}


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """Some bytes flipped, inserted or cut (a truncated download, a stray byte)."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        if not out:
            break
        position = draw(st.integers(0, len(out) - 1))
        action = draw(st.integers(0, 2))
        if action == 0:
            out[position] = draw(st.integers(0, 255))
        elif action == 1:
            out[position:position] = draw(st.binary(min_size=1, max_size=8))
        else:
            del out[position:]
    return bytes(out)


@st.composite
def fuzz_inputs(draw: st.DrawFn, kind: str) -> FuzzInput:
    """One input of that format: grammatical with hostile values, maybe mutated, maybe gzipped."""
    suffix, writer = _WRITERS[kind]
    written = draw(writer())
    data = written if isinstance(written, bytes) else _encode(written)
    if draw(st.integers(0, 3)) == 0:
        data = draw(mutated(data))
    if draw(st.integers(0, 5)) == 0:
        data = gzip.compress(data, mtime=0)
        suffix += ".gz"
    return FuzzInput(kind, f"input{suffix}", data)


# Inputs that grow one thing (attributes, nesting, lines, records): the work on them must grow
# linearly. Each is (format, file suffix, the input with that thing n times; records, each a document
# to clean, n / 20 times).
SCALERS: list[tuple[str, str, Callable[[int], str]]] = [
    (
        "html",
        ".html",
        lambda n: "<html><body><p " + " ".join(f'a{i}="v"' for i in range(n)) + ">x</p></body></html>",
    ),
    (
        "html",
        ".html",
        lambda n: "<html><body>" + "<div>" * n + "deep words here" + "</div>" * n + "</body></html>",
    ),
    ("html", ".html", lambda n: "<html><body>" + "<p>Some words of a paragraph.</p>" * n + "</body></html>"),
    ("html", ".html", lambda n: "<html><body><p>" + "&amp;&#x110000;" * n + "</p></body></html>"),
    ("html", ".html", lambda n: "<html><body><p>" + "<b>" * n + "</p></body></html>"),
    ("jsonl", ".jsonl", lambda n: "\n" * n + json.dumps({"text": "A few words of text."}) + "\n"),
    ("jsonl", ".jsonl", lambda n: json.dumps({"text": "w" * n}) + "\n"),
    (
        "jsonl",
        ".jsonl",
        lambda n: "".join(
            json.dumps({"text": f"Record {i} of the council pay vote."}) + "\n" for i in range(n // 20)
        ),
    ),
    ("text", ".txt", lambda n: " ".join(["word"] * n) + "\n"),
    ("text", ".txt", lambda n: "\n".join(["word"] * n) + "\n"),
    ("text", ".txt", lambda n: "x" * n + "\n"),
    ("text", ".txt", lambda n: "Words. " * n + "\n"),
    (
        "feed",
        ".xml",
        lambda n: (
            "<rss version='2.0'><channel>"
            + "<item><title>t</title><description>Words here.</description></item>" * (n // 20)
            + "</channel></rss>"
        ),
    ),
    (
        "feed",
        ".xml",
        lambda n: (
            "<rss version='2.0'><channel><item "
            + " ".join(f'a{i}="v"' for i in range(n))
            + "><title>t</title></item></channel></rss>"
        ),
    ),
    (
        "feed",
        ".xml",
        lambda n: (
            "<rss version='2.0'><channel><item><description>"
            + "&lt;b&gt;" * n
            + "words</description></item></channel></rss>"
        ),
    ),
    (
        "warc",
        ".warc",
        lambda n: "".join(
            _warc_record(f"<html><body><p>Record {i} of a long archive.</p></body></html>")
            for i in range(n // 20)
        ),
    ),
    ("warc", ".warc", lambda n: _warc_record("<html><body><p>" + "word " * n + "</p></body></html>")),
]


def _warc_record(html: str) -> str:
    payload = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    return (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.invalid/\r\n"
        f"Content-Length: {len(payload.encode())}\r\n\r\n{payload}\r\n\r\n"
    )


@st.composite
def scaled_inputs(draw: st.DrawFn, largest: int = 20000) -> FuzzInput:
    """One input that repeats one thing between 10 and `largest` times."""
    index = draw(st.integers(0, len(SCALERS) - 1))
    kind, suffix, grow = SCALERS[index]
    n = draw(st.integers(10, largest))
    return FuzzInput(kind, f"scaled{index}_{n}{suffix}", _encode(grow(n)))


@dataclass
class Probe:
    """What reading and cleaning one input gave."""

    documents: int = 0
    cleaned: int = 0
    problems: list[str] = field(default_factory=list)  # one line each: what a user is told
    escaped: list[str] = field(default_factory=list)  # exceptions that got out: each a traceback
    unforeseen: list[str] = field(default_factory=list)  # errors caught by a catch-all (debug log)
    printed: str = ""  # anything written to stderr (warcio's notes were)
    seconds: float = 0.0


class _Unforeseen(logging.Handler):
    """Collects the errors that a catch-all turned into a problem (logged with their traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.found.append(
                f"{record.getMessage()}: {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
            )


@contextlib.contextmanager
def unforeseen_errors() -> Iterator[list[str]]:
    """The errors storyfuse's catch-alls log while the block runs."""
    logger = logging.getLogger("storyfuse")
    handler = _Unforeseen()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.found
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def probe(path: Path) -> Probe:
    """Read `path` and clean every document in it, as `storyfuse clean` does."""
    result = Probe()
    stderr = io.StringIO()
    started = time.perf_counter()
    with unforeseen_errors() as unforeseen, contextlib.redirect_stderr(stderr):
        try:
            for item in read_inputs([str(path)]):
                if isinstance(item, InputProblem):
                    result.problems.append(str(item))
                    continue
                result.documents += 1
                try:
                    extracted = extract(item)
                except BadInput as exc:
                    result.problems.append(f"{item.origin}: {exc}")
                    continue
                result.cleaned += extracted is not None
        except Exception as exc:  # what the run would have died of
            result.escaped.append(f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    result.unforeseen = list(unforeseen)
    result.printed = stderr.getvalue()
    return result
