"""The extraction evaluation: the bag-of-tokens metric, and the runner on a few benchmark pages."""

from __future__ import annotations

import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.extraction import run
from storyfuse.evaluate.metrics_tokens import PageCounts, averaged_prf, page_counts, tokens
from storyfuse.evaluate.report import EvalOptions

BENCHMARK = "extraction/article-extraction-benchmark"


def test_tokens_are_lowercase_word_runs() -> None:
    assert tokens("The Quay's bridge, re-opened!") == ["the", "quay", "s", "bridge", "re", "opened"]


def test_page_counts_are_normalised_bags() -> None:
    counts = page_counts("a b c d", "a b x")
    # tp = 2 (a, b), fp = 1 (x), fn = 2 (c, d); normalised by 5.
    assert counts == PageCounts(0.4, 0.2, 0.4)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(0.5)


def test_empty_prediction_counts_for_recall_only() -> None:
    pages = [page_counts("a b", ""), page_counts("a b", "a b")]
    prf = averaged_prf(pages)
    assert prf.precision == 1.0  # the empty prediction has no precision to average
    assert prf.recall == 0.5
    assert prf.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_unknown_mode_is_a_user_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoryfuseError):
        run(tmp_path, EvalOptions(mode="pdf"))


@pytest.mark.shared
@pytest.mark.slow
def test_html_mode_on_ten_pages(data_dir) -> None:  # type: ignore[no-untyped-def]
    report = run(data_dir / BENCHMARK, EvalOptions(mode="html", limit=10))
    assert report.n == 10
    assert report.baseline_name == "trafilatura"
    assert report.system["f1"] > 0.9
    assert set(report.system) == {"precision", "recall", "f1", "pages_per_s", "first_call_s"}
    # The first call (one-time loads) is reported apart from the rate, for both systems alike.
    assert report.system["first_call_s"] >= 0 and "first_call_s" in report.baseline


@pytest.mark.shared
@pytest.mark.slow
def test_text_mode_on_ten_pages(data_dir) -> None:  # type: ignore[no-untyped-def]
    report = run(data_dir / BENCHMARK, EvalOptions(mode="text", limit=10))
    assert report.n == 10
    assert report.baseline_name == "justext"
    assert report.system["f1"] > 0.8
    assert report.system["f1"] > report.baseline["raw_f1"]
