"""The five seed articles come out clean: no clutter survives, the news paragraphs do."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse.extract.text import clean_text

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

# One news paragraph per seed that must survive (the start of it), plus a late one.
KEY_PARAGRAPHS = {
    "000": ("The heads of American and Russian diplomacy", "For Washington, the clock is ticking"),
    "001": ("Seated in front of him", "He said in Russian this time"),
    "002": ("Russia has amassed some 100,000 troops", "Both Blinken and Lavrov will address reporters"),
    "003": ("After two hours of discussions", "The Kremlin denies any warmongering"),
    "004": ("Russia has gathered tens of thousands", "“I believe in Putin"),
}


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
        paragraphs = [block.text for block in extracted.body]
        for start in KEY_PARAGRAPHS[path.name[:3]]:
            assert any(p.startswith(start) for p in paragraphs), (path.name, start)
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
