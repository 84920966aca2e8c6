"""RSS and Atom feeds: each entry with content is one document; empty or broken feeds are problems."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import TYPE_CHECKING

from storyfuse.ingest.feed import _published

if TYPE_CHECKING:
    from tests.ingest.conftest import Ingest

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valmora Courier</title>
  <link>https://valmora-courier.example/</link>
  <description>Local news</description>
  <item>
    <title>Night ferries approved</title>
    <link>https://valmora-courier.example/ferries</link>
    <pubDate>Tue, 01 Apr 2031 09:30:00 +0200</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>The council voted to run ferries after midnight.</p>]]></content:encoded>
  </item>
  <item>
    <title>Tram works end</title>
    <link>https://valmora-courier.example/tram</link>
    <description>The tram line reopened on Monday after repairs.</description>
  </item>
  <item>
    <title>Link only</title>
    <link>https://valmora-courier.example/link-only</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Port Gazette</title>
  <id>urn:example:port-gazette</id>
  <updated>2031-04-03T10:00:00Z</updated>
  <entry>
    <title>Lighthouse repainted</title>
    <id>urn:example:port-gazette:1</id>
    <link rel="alternate" href="https://port-gazette.example/lighthouse"/>
    <updated>2031-04-03T10:00:00Z</updated>
    <content type="html">&lt;p&gt;The old lighthouse was repainted red and white.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_entries_become_documents(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "courier.rss"
    path.write_text(RSS, encoding="utf-8")
    result = ingest(path)
    assert [d.origin for d in result.documents] == [f"{path}#1", f"{path}#2"]
    assert result.reasons() == {f"{path}#3": "feed entry has no content"}
    ferries, tram = result.documents
    assert ferries.format == "html"
    assert "ferries after midnight" in ferries.content  # content:encoded wins over the teaser
    assert ferries.url == "https://valmora-courier.example/ferries"
    assert ferries.title == "Night ferries approved"
    assert ferries.published == "Tue, 01 Apr 2031 09:30:00 +0200"
    assert ferries.source == "Valmora Courier"
    assert tram.format == "text"
    assert tram.content == "The tram line reopened on Monday after repairs."


def test_atom_entry_uses_updated_when_not_published(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "gazette.atom"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = ingest(path).documents
    assert doc.format == "html"
    assert "repainted red and white" in doc.content
    assert doc.url == "https://port-gazette.example/lighthouse"
    assert doc.published == "2031-04-03T10:00:00Z"
    assert doc.source == "Port Gazette"
    assert doc.origin == f"{path}#1"


def test_feed_in_xml_file_and_on_stdin_is_sniffed(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "export.xml"
    path.write_text(ATOM, encoding="utf-8")
    assert [d.title for d in ingest(path).documents] == ["Lighthouse repainted"]
    from_stdin = ingest("-", stdin=io.BytesIO(RSS.encode()))
    assert [d.origin for d in from_stdin.documents] == ["-#1", "-#2"]


def test_published_falls_back_to_the_parsed_date_in_iso() -> None:
    parsed = time.strptime("2031-04-03 10:00:00", "%Y-%m-%d %H:%M:%S")
    assert _published({"published_parsed": parsed}) == "2031-04-03T10:00:00Z"
    assert _published({}) is None


def test_feed_without_entries(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert ingest(path).reasons() == {str(path): "feed has no entries"}


def test_feed_that_does_not_parse(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("this is not xml at all")
    result = ingest(path)
    assert result.documents == []
    [problem] = result.problems
    assert problem.origin == str(path)
    assert problem.reason == "feed does not parse (syntax error)"  # not expat's "<unknown>:2:0: …"


def test_a_reference_to_no_character_costs_no_entry(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "odd-references.rss"
    bad = "<item><title>Out of range &#x110000; and half &#xD800; and &#99999999999;</title>"
    good = "<item><title>Tram works end</title><description>The tram line reopened.</description></item>"
    path.write_text(
        f'<rss version="2.0"><channel><title>Courier</title>{bad}'
        f"<description>Odd &#x110000; text.</description></item>{good}</channel></rss>"
    )
    result = ingest(path)
    assert result.problems == []
    odd, tram = result.documents
    assert odd.title == "Out of range \ufffd and half \ufffd and \ufffd"
    assert tram.title == "Tram works end" and tram.content == "The tram line reopened."
