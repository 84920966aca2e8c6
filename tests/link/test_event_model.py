"""The same-event model kept as data: numpy trees that give what scikit-learn gave when fitting."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.linking_fit import _model_from_sklearn
from storyfuse.link.event_model import PROFILES, LinkingProfile, SameEventModel, linking_profile
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.languages import language_offsets
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


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_a_language_offset_fitted_on_one_corpus_stops_that_languages_leads_gathering() -> None:
    generator = np.random.default_rng(3)
    shared = 1.5 * _unit(generator.normal(size=(1, 48)))[0]  # what the encoder gives every "xx" text

    def corpus(count: int, language: str) -> list[ArticleFeatures]:
        news = _unit(generator.normal(size=(count, 48)))  # unrelated news, one direction each
        vectors = _unit(news + (shared if language == "xx" else 0.0))
        return [ArticleFeatures(f"{language}{i}", v, language=language) for i, v in enumerate(vectors)]

    fitting = corpus(200, "en") + corpus(200, "xx")
    offsets = language_offsets(fitting, 20)
    assert set(offsets) == {"xx"}  # the reference language keeps its leads
    profile = replace(linking_profile("default"), language_offsets=offsets, language_offset_weight=1.0)

    def mean_cosine(articles: list[ArticleFeatures]) -> float:
        vectors = np.stack([a.embedding for a in articles])
        cosines = vectors @ vectors.T
        return float(cosines[np.triu_indices(len(articles), 1)].mean())

    english, other = corpus(30, "en"), corpus(30, "xx")  # new articles: not those the offset came from
    assert mean_cosine(other) > 0.5  # one language's unrelated leads look alike
    neutral = profile.language_neutral(english + other)
    assert [a.embedding.tolist() for a in neutral[:30]] == [a.embedding.tolist() for a in english]
    assert abs(mean_cosine(neutral[30:])) < 0.1
    assert all(abs(float(np.linalg.norm(a.embedding)) - 1.0) < 1e-5 for a in neutral)
    unknown = ArticleFeatures("zz", other[0].embedding, language="zz")
    assert profile.language_neutral([unknown])[0] is unknown  # a language without an offset is kept
    half = replace(profile, language_offset_weight=0.5).language_neutral(other)
    assert abs(mean_cosine(neutral[30:])) < mean_cosine(half) < mean_cosine(other)  # half the offset out
    assert replace(profile, language_offset_weight=0.0).language_neutral(other) == other
    again = LinkingProfile.from_json("default", replace(profile, language_offset_weight=0.5).to_json())
    assert again.language_offset_weight == 0.5
    assert set(again.language_offsets) == {"xx"}
    assert np.allclose(again.language_offsets["xx"], offsets["xx"], atol=1e-6)


def test_a_language_the_fit_lacks_gets_an_offset_from_the_articles_linked() -> None:
    generator = np.random.default_rng(5)
    shared = 1.5 * _unit(generator.normal(size=(1, 48)))[0]
    english = [
        ArticleFeatures(f"en{i}", v, language="en")
        for i, v in enumerate(_unit(generator.normal(size=(40, 48))))
    ]
    dutch_vectors = _unit(_unit(generator.normal(size=(40, 48))) + shared)
    dutch = [ArticleFeatures(f"nl{i}", v, language="nl") for i, v in enumerate(dutch_vectors)]
    profile = replace(
        linking_profile("default"), language_offsets={}, language_min_articles=20, language_offset_weight=1.0
    )
    neutral = profile.language_neutral(english + dutch)
    vectors = np.stack([a.embedding for a in neutral[40:]])
    assert abs(float((vectors @ vectors.T)[np.triu_indices(40, 1)].mean())) < 0.1
    assert [a.embedding.tolist() for a in neutral[:40]] == [a.embedding.tolist() for a in english]
    backwards = profile.language_neutral(list(reversed(english + dutch)))  # the order does not matter
    assert [a.embedding.tolist() for a in reversed(backwards)] == [a.embedding.tolist() for a in neutral]
    # too few of the language, or of English: nothing to estimate from, the leads are kept
    for few in (english + dutch[:19], english[:19] + dutch):
        assert all(a is b for a, b in zip(profile.language_neutral(few), few, strict=True))
    assert language_offsets(english + dutch, 41) == {}
