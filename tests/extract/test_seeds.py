"""The five seed articles come out clean: no clutter survives, the news paragraphs do."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from storyfuse.extract.text_mode import clean_text

CLUTTER = (
    "Also Read",
    "Read also",
    "See also",
    "Listen to",
    "Published on",
    "Leave a Reply",
    "Comments are closed",
    "email address will not be published",
    "uses cookies",
    "Latest news",
    "You might also like",
    "Recommended to you",
    "Mp3",
    "(@SecBlinken)",
    "(@ZelenskyyUa)",
    "With AFP",
    "(and with agencies)",
    "Awani Review",
    "Complete News World",
    "Friday, May 27",
)

# One news paragraph per seed that must survive, plus a late one, named by a digest of their first four
# words (sha256 of the lower-cased words, 16 hex digits): the seeds' text stays out of the repository.
KEY_PARAGRAPHS = {
    "000": ("5e2fe5b34fcda2fb", "75bc53faa9bd5214"),
    "001": ("1e8bf0a0e279da69", "d42397bf036d9dfd"),
    "002": ("21d8d201c12455f3", "38de75fcf985fd91"),
    "003": ("b3466e3c89492d80", "50833e4d4b0e5189"),
    "004": ("9a009b56f80557ff", "164b51fbded13735"),
}


def opening_digest(paragraph: str) -> str:
    words = re.findall(r"\w+", paragraph.lower())[:4]
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


@pytest.mark.shared
def test_seed_bodies_are_clean(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    assert len(files) == 5
    for path in files:
        extracted = clean_text(path.read_text(encoding="utf-8"))
        assert extracted is not None, path.name
        body = extracted.text
        for clutter in CLUTTER:
            assert clutter not in body, (path.name, clutter)
        openings = {opening_digest(block.text) for block in extracted.body}
        for digest in KEY_PARAGRAPHS[path.name[:3]]:
            assert digest in openings, (path.name, digest)
        assert extracted.title and extracted.title not in body


@pytest.mark.shared
def test_seed_metadata(seeds_dir: Path) -> None:
    by_id = {p.name[:3]: clean_text(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))}
    first, third, banner = by_id["000"], by_id["003"], by_id["002"]
    assert first is not None and third is not None and banner is not None
    assert first.credits == ["AFP"]
    assert third.credits == ["agencies"]
    assert first.published is not None and first.published.value == "2022-01-21"
    # The "Friday, May 27" banner contradicts a story about January talks: it is not the story's date.
    assert banner.published is None or banner.published.value != "2022-05-27"
