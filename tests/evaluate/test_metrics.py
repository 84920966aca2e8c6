"""Evaluation metrics against small cases computed by hand."""

from __future__ import annotations

import pytest

from storyfuse.evaluate.metrics import PRF, bcubed, date_prf, harmonic_mean, mean, pairwise, pearson, rouge_f

# Five items: predicted clusters {1,2} {3,4,5}; gold clusters {1,2,3} {4,5}.
PREDICTED = ["a", "a", "b", "b", "b"]
GOLD = ["x", "x", "x", "y", "y"]


def test_bcubed_averages_per_item_overlap() -> None:
    # Per-item precision 1, 1, 1/3, 2/3, 2/3 and recall 2/3, 2/3, 1/3, 1, 1: both average to 11/15.
    result = bcubed(PREDICTED, GOLD)
    assert result.precision == pytest.approx(11 / 15)
    assert result.recall == pytest.approx(11 / 15)
    assert result.f1 == pytest.approx(11 / 15)


def test_bcubed_one_big_cluster_has_full_recall_and_diluted_precision() -> None:
    result = bcubed(["c"] * 4, ["x", "x", "y", "y"])
    assert (result.precision, result.recall, result.f1) == pytest.approx((0.5, 1.0, 2 / 3))


def test_bcubed_ignores_label_names() -> None:
    assert bcubed([7, 7, 3, 3, 3], GOLD) == bcubed(PREDICTED, GOLD)


def test_pairwise_counts_pairs_sharing_a_cluster() -> None:
    # Predicted pairs: 1 + 3 = 4; gold pairs: 3 + 1 = 4; pairs together in both: (1,2) and (4,5).
    result = pairwise(PREDICTED, GOLD)
    assert (result.precision, result.recall, result.f1) == pytest.approx((0.5, 0.5, 0.5))


def test_pairwise_all_singletons_against_real_clusters_scores_zero() -> None:
    assert pairwise([1, 2, 3], ["x", "x", "y"]) == PRF(0.0, 0.0, 0.0)


def test_pairwise_all_singletons_on_both_sides_is_perfect() -> None:
    assert pairwise([1, 2, 3], ["x", "y", "z"]) == PRF(1.0, 1.0, 1.0)


def test_cluster_metrics_reject_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        bcubed([1, 2], [1])
    with pytest.raises(ValueError):
        pairwise([1], [1, 2])


def test_pearson_of_a_hand_computed_case() -> None:
    # Deviations (-1.5, -.5, .5, 1.5) and (-1.5, .5, -.5, 1.5): covariance sum 4, variance sums 5 and 5.
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)


def test_pearson_perfect_and_inverse_lines() -> None:
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_pearson_of_a_constant_series_is_zero() -> None:
    assert pearson([0.5, 0.5, 0.5], [1, 2, 3]) == 0.0


def test_pearson_needs_two_pairs_of_equal_length() -> None:
    with pytest.raises(ValueError):
        pearson([1.0], [2.0])
    with pytest.raises(ValueError):
        pearson([1.0, 2.0], [1.0])


def test_date_prf_matches_exact_dates_once() -> None:
    predicted = ["2010-04-20", "2010-04-21", "2010-04-21", "2010-05"]
    gold = ["2010-04-21", "2010-05-01", "2010-04-20", "2010-06-02"]
    result = date_prf(predicted, gold)
    assert result.precision == pytest.approx(2 / 3)  # three distinct predictions, "2010-05" is no day
    assert result.recall == pytest.approx(2 / 4)
    assert result.f1 == pytest.approx(4 / 7)


def test_date_prf_of_nothing_predicted_is_zero() -> None:
    assert date_prf([], ["2010-04-21"]) == PRF(0.0, 0.0, 0.0)


def test_rouge_f_of_a_hand_computed_case() -> None:
    scores = rouge_f("the cat sat", ["the cat ran away"], ("rouge1", "rouge2"))
    assert scores["rouge1"] == pytest.approx(4 / 7)  # 2 shared unigrams: P 2/3, R 2/4
    assert scores["rouge2"] == pytest.approx(0.4)  # 1 shared bigram: P 1/2, R 1/3


def test_rouge_f_stems_words() -> None:
    assert rouge_f("the cats sitting", ["the cat sits"], ("rouge1",))["rouge1"] == pytest.approx(1.0)


def test_rouge_f_averages_over_references() -> None:
    scores = rouge_f("the cat sat", ["the cat sat", "dogs bark loudly"])
    assert scores == pytest.approx({"rouge1": 0.5, "rouge2": 0.5, "rougeL": 0.5})


def test_rouge_f_needs_a_reference() -> None:
    with pytest.raises(ValueError):
        rouge_f("text", [])


def test_harmonic_mean_and_mean_of_nothing() -> None:
    assert harmonic_mean(0.0, 0.0) == 0.0
    assert harmonic_mean(1.0, 0.5) == pytest.approx(2 / 3)
    assert mean([]) == 0.0
    assert mean([1.0, 2.0]) == 1.5
