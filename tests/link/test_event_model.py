"""The same-event model kept as data: numpy trees that give what scikit-learn gave when fitting."""

from __future__ import annotations

import numpy as np
import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.linking_fit import _model_from_sklearn
from storyfuse.link.event_model import PROFILES, SameEventModel, linking_profile
from storyfuse.link.pair_features import FEATURES


def test_numpy_trees_give_scikit_learns_probabilities() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    generator = np.random.default_rng(0)
    rows = generator.random((600, len(FEATURES)))
    labels = rows[:, 0] + 0.5 * rows[:, 1] * rows[:, 3] > 0.8
    classifier = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(
        rows, labels
    )
    model = _model_from_sklearn(classifier, FEATURES)
    again = SameEventModel.from_json(model.to_json())
    probe = generator.random((200, len(FEATURES)))
    assert np.allclose(again.probability(probe), classifier.predict_proba(probe)[:, 1], atol=1e-9)


def test_the_shipped_profiles_load_with_their_encoders_and_thresholds() -> None:
    for name in PROFILES:
        profile = linking_profile(name)
        assert profile.encoder in {"e5", "static"}
        assert 0.0 < profile.join_probability < 1.0
        assert profile.model.trees
        assert len(profile.centre) in {256, 384}
        assert profile.fitted["cv_folds"] >= 2  # fitted by bench/fit_linking.py, with its CV figure
    with pytest.raises(StoryfuseError, match="unknown linking profile"):
        linking_profile("nonesuch")
