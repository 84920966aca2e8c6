"""Flattening follows the naive scraper's rules exactly."""

from __future__ import annotations

from storyfuse.extract.flatten import flatten_html


def test_text_and_tail_are_separate_blocks_in_scraper_order() -> None:
    html = "<html><body><p>Start <a>link</a> end.</p><div>Next</div></body></html>"
    # The tail " end." is taken with its element, before that element's children would be.
    assert flatten_html(html).split("\n\n") == ["Start", "link", "end.", "Next"]


def test_skipped_elements_vanish_and_their_tail_joins_the_text_before() -> None:
    html = (
        "<html><body><p>Before<script>var x = 1;</script> after</p>"
        "<style>p{}</style><svg><text>s</text></svg></body></html>"
    )
    assert flatten_html(html) == "Before after"


def test_whitespace_collapsed_and_consecutive_repeats_dropped() -> None:
    html = "<html><body><p>Same   text\n here</p><p>Same text here</p><p>Other</p></body></html>"
    assert flatten_html(html).split("\n\n") == ["Same text here", "Other"]


def test_empty_input() -> None:
    assert flatten_html("   ") == ""
