"""One invented event in French, Spanish, German and English: one story, a translation family, one
entity across languages; language identification and names where no model covers a language."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from languages_fixtures import (
    ALL,
    ENGLISH,
    FRENCH,
    GERMAN,
    RACE,
    SPANISH,
    TRANSLATIONS,
    UNRELATED_FRENCH,
    write_pile,
)
from storyfuse.analyse import models
from storyfuse.analyse.names import capitalised_names
from storyfuse.analyse.sentences import sentences_and_mentions
from storyfuse.extract import metadata
from storyfuse.model import Article, Block, Story
from storyfuse.pipeline import ingest
from storyfuse.store import Store
from storyfuse.synthesise.families import _multilingual_pairs, translation_params


def _stories(tmp_path: Path, profile: str) -> tuple[dict[str, str | None], dict[str, Story]]:
    """Each fixture's story id (by fixture id) and the stories, after one ingest of the pile."""
    with Store(tmp_path / f"{profile}.db") as store:
        ingest(store, [str(write_pile(tmp_path / "pile.jsonl"))], profile=profile)
        rows = [(a.id, a.url) for a in store.articles(store.recent_article_ids(store.count_articles()))]
        by_url = {r["url"]: r["id"] for r in ALL}
        story_of = {by_url[url]: store.story_of(article) for article, url in rows}
        stories = {s: story for s in set(story_of.values()) if s and (story := store.story(s))}
    return story_of, stories


@pytest.fixture(scope="module")
def default_profile(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, str | None], dict[str, Story]]:
    return _stories(tmp_path_factory.mktemp("languages"), "default")


def _article_ids(stories: dict[str, Story], story_id: str | None) -> dict[str, str]:
    """Fixture id -> article id, read from the story's article URLs."""
    by_url = {r["url"]: r["id"] for r in ALL}
    story = stories[story_id or ""]
    return {by_url[a.url or ""]: a.id for a in story.articles}


@pytest.mark.slow
def test_one_event_in_four_languages_is_one_story_and_another_event_is_not(default_profile) -> None:
    story_of, _ = default_profile
    assert len({story_of[r["id"]] for r in RACE}) == 1
    assert story_of["strike-fr"] != story_of["race-fr"]


@pytest.mark.slow
def test_the_translations_of_one_dispatch_are_one_translation_family_named_by_its_wire(
    default_profile,
) -> None:
    story_of, stories = default_profile
    story_id = story_of["race-fr"]
    ids = _article_ids(stories, story_id)
    families = stories[story_id or ""].families
    assert len(families) == 1
    family = families[0]
    assert sorted(family.articles) == sorted(ids[r["id"]] for r in TRANSLATIONS)  # not the English report
    assert family.kind == "translation"
    assert family.wire == "AFP"
    aligned = {frozenset((p.left.article, p.right.article)) for p in family.passages}
    cosine = translation_params()["align_cosine"]
    assert len(aligned) >= 2 and all(p.similarity >= cosine for p in family.passages)


@pytest.mark.slow
def test_a_person_named_in_four_languages_is_one_entity(default_profile) -> None:
    story_of, stories = default_profile
    story_id = story_of["race-fr"]
    ids = _article_ids(stories, story_id)
    people = [e for e in stories[story_id or ""].entities if e.name == "Mereana Tawhiri"]
    assert len(people) == 1
    assert people[0].type == "PERSON"
    assert set(people[0].articles) == {ids[r["id"]] for r in RACE}
    skipper = next(e for e in stories[story_id or ""].entities if e.name == "Anders Holmvik")
    assert set(skipper.articles) == {ids[r["id"]] for r in RACE}


@pytest.mark.slow
def test_the_fast_profile_never_makes_a_language_bucket(tmp_path: Path) -> None:
    # Static English vectors tell little of French from French: the race may split by language, but
    # the French strike must not join the French race report.
    story_of, _ = _stories(tmp_path, "fast")
    assert story_of["strike-fr"] not in {story_of[r["id"]] for r in RACE}


@pytest.mark.parametrize(
    ("record", "language"), [(FRENCH, "fr"), (SPANISH, "es"), (GERMAN, "de"), (ENGLISH, "en")]
)
def test_the_language_of_each_text_is_identified(record: dict[str, str], language: str) -> None:
    assert metadata.guess_language(record["text"]) == language


@pytest.mark.parametrize(
    ("record", "language"), [(FRENCH, "fr"), (SPANISH, "es"), (GERMAN, "de"), (ENGLISH, "en")]
)
def test_without_py3langid_function_words_tell_the_language(
    monkeypatch: pytest.MonkeyPatch, record: dict[str, str], language: str
) -> None:
    monkeypatch.setattr(metadata, "_language_identifier", lambda: None)
    assert metadata.guess_language(record["text"]) == language


def test_a_text_too_short_has_no_language() -> None:
    assert metadata.guess_language("Lorient, 16 mars") is None


def test_pairs_of_two_languages_are_aligned_in_the_multilingual_space() -> None:
    languages = ["en", "en", "fr", "zh", "zh", None]
    articles = [
        Article(str(i), "t", "text", str(i), None, [], language=lang) for i, lang in enumerate(languages)
    ]
    pairs = _multilingual_pairs(articles)
    assert not pairs[0, 1]  # English with English: the story's own sentence vectors
    assert pairs[0, 2] and pairs[2, 3]  # two languages
    assert not pairs[3, 4]  # one language: e5 at the fitted cosine found unrelated Chinese articles alike
    assert not pairs[0, 5] and not pairs[3, 5]  # a language not known


def test_capitalised_names_skip_sentence_openers_and_german_nouns() -> None:
    german = "Die Seglerin Mereana Tawhiri erreichte am Sonntag den Hafen von Lorient."
    found = [german[a:b] for a, b, _ in capitalised_names(german, "de")]
    assert found == ["Seglerin Mereana Tawhiri"]  # "Sonntag", "Hafen": nouns; "Lorient" alone: unknown
    spanish = "Tras zarpar de San Bartolomé, la navegante llegó a Lorient el domingo."
    names = {spanish[a:b]: label for a, b, label in capitalised_names(spanish, "es")}
    assert names == {"San Bartolomé": "GPE", "Lorient": "MISC"}  # the gazetteer knows no Lorient
    assert capitalised_names("Le maire a parlé lundi devant la foule.", "fr") == []


def test_two_plain_words_are_a_person() -> None:
    text = "La alcaldesa recibió a Hélène Corbière y a Anders Holmvik el lunes."
    assert [(text[a:b], label) for a, b, label in capitalised_names(text, "es")] == [
        ("Hélène Corbière", "PERSON"),
        ("Anders Holmvik", "PERSON"),
    ]


def test_a_known_place_is_a_place_even_as_one_german_word() -> None:
    text = "Die Regatta endete am Sonntag in Paris."
    assert [(text[a:b], label) for a, b, label in capitalised_names(text, "de")] == [("Paris", "GPE")]


def _article(record: dict[str, str], language: str) -> Article:
    body = [Block(paragraph) for paragraph in record["text"].split("\n\n")]
    return Article(record["id"], "test", "text", record["id"], record["title"], body, language=language)


@pytest.mark.slow
def test_a_language_without_a_model_gets_sentences_and_names_from_capitalisation() -> None:
    _, finds_entities = models.language_pipeline("de")
    if finds_entities:
        pytest.skip("a German spaCy model is installed")
    [(sentences, mentions)] = sentences_and_mentions([_article(GERMAN, "de")])
    assert len(sentences) == 7
    assert sentences[0].text.startswith("Die neuseeländische Seglerin")  # the dateline is no sentence
    assert {"Mereana Tawhiri", "Hélène Corbière"} <= {m.text for m in mentions}
    assert all(m.label in {"PERSON", "GPE", "MISC"} for m in mentions)


@pytest.mark.slow
def test_the_french_model_finds_french_names_in_ontonotes_labels() -> None:
    pytest.importorskip("fr_core_news_sm")
    nlp, finds_entities = models.language_pipeline("fr")
    assert finds_entities and nlp.meta["lang"] == "fr"
    [(sentences, mentions)] = sentences_and_mentions([_article(FRENCH, "fr")])
    assert len(sentences) == 7
    assert sentences[0].text.startswith("La navigatrice")  # "LORIENT (AFP)" is no sentence of its own
    people = {m.text for m in mentions if m.label == "PERSON"}
    assert {"Mereana Tawhiri", "Anders Holmvik", "Hélène Corbière"} <= people
    assert "PER" not in {m.label for m in mentions}


CHINESE_REPORT = (
    "帆船选手梅雷亚娜·塔维里周日在洛里昂赢得琥珀航线横渡大西洋单人帆船赛，成为该赛事创办以来首位女性冠军。\n\n"
    "她从圣巴泰勒米出发，历时十八天六小时，领先挪威选手安德斯·霍尔姆维克超过十一个小时。"
)


def test_a_chinese_text_is_an_article_not_a_stub() -> None:
    # no spaces between words: each character counts as one, or the text is a dozen "words" long
    from storyfuse.extract import extract
    from storyfuse.model import RawDocument

    extracted = extract(RawDocument(origin="zh.txt", content=CHINESE_REPORT, format="text", title="琥珀航线"))
    assert extracted is not None
    assert [b.text for b in extracted.body] == CHINESE_REPORT.split("\n\n")


STRIKE_IN_ENGLISH = {
    "id": "strike-en",
    "title": "Tram drivers strike in Montbrison-sur-Lise",
    "text": (
        "Tram drivers in Montbrison-sur-Lise walked out on Monday over pay and working hours, and no tram"
        " ran on either of the town's two lines.\n\n"
        "The union said more than 200 staff joined the strike; the transport authority called it"
        " disproportionate and offered talks on Wednesday."
    ),
}


def _pairs_csv(path: Path) -> Path:
    """SemEval-style pairs of the fixtures: the race across languages (1 = one event) against the strike."""
    rows = [
        ("1_2", FRENCH, UNRELATED_FRENCH, 4.0),
        ("1_3", FRENCH, {**FRENCH, "text": FRENCH["text"].split("\n\n", 1)[0]}, 1.0),
        ("4_5", GERMAN, ENGLISH, 1.0),
        ("4_6", GERMAN, STRIKE_IN_ENGLISH, 4.0),
    ]
    lines = ["pair_id,lang1,lang2,text1,text2,Overall"]
    for pair_id, left, right, overall in rows:
        texts = [f"{r['title']}\n\n{r['text']}".replace('"', '""') for r in (left, right)]
        languages = [r["id"].split("-")[1] for r in (left, right)]
        lines.append(f'{pair_id},{languages[0]},{languages[1]},"{texts[0]}","{texts[1]}",{overall}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_similarity_over_all_languages_ranks_one_event_above_another_in_each_language_pair(
    tmp_path: Path,
) -> None:
    from storyfuse.evaluate.datasets.semeval import load_pairs
    from storyfuse.evaluate.report import EvalOptions, run_task
    from storyfuse.evaluate.similarity import pair_rows
    from storyfuse.link.pair_features import FEATURES

    path = _pairs_csv(tmp_path / "pairs.csv")
    report = run_task("similarity", path, EvalOptions(languages="all", profile="default"))
    assert report.n == 4
    assert report.system["pearson_fr-fr"] == pytest.approx(1.0)  # two pairs: the sign of the difference
    assert report.system["pearson_de-en"] == pytest.approx(1.0)
    assert {"pearson_de-en", "pearson_fr-fr"} <= set(report.baseline)
    rows = pair_rows(load_pairs(path), "default")
    leads = rows[:, FEATURES.index("lead_cosine")]
    assert leads[2] > leads[3] and leads[1] > leads[0]
    assert np.all((rows[:, -1] >= 0) & (rows[:, -1] <= 1))  # the same-event probability
