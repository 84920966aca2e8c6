"""Canonical entities on fictional mentions: merges, non-merges, retyping, roles, scripts, gazetteer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SEEDS
from helpers import run_cli
from storyfuse.model import Mention
from storyfuse.synthesise.entities import resolve_entities
from storyfuse.synthesise.gazetteer import fold, gazetteer, transliterate


def mentions_of(texts: dict[str, str], names: list[tuple[str, str]]) -> list[Mention]:
    """Every occurrence of each (name, NER label) in each text, as the analyse stage would store it."""
    found: list[Mention] = []
    for article, text in texts.items():
        for name, label in sorted(names, key=lambda n: -len(n[0])):  # a longer name wins its span
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                taken = any(
                    m.article_id == article and m.start < match.end() and match.start() < m.end for m in found
                )
                if not taken:
                    found.append(Mention(article, name, label, match.start(), match.end(), 0))
    return sorted(found, key=lambda m: (m.article_id, m.start))


def entity_names(texts: dict[str, str], names: list[tuple[str, str]]) -> dict[str, object]:
    resolved = resolve_entities(mentions_of(texts, names), texts)
    return {e.name: e for e in resolved.entities}


def test_spelling_variants_typos_and_surnames_join_one_person() -> None:
    texts = {
        "a": "Foreign Minister Kasimir Wendtland met Ilse Marr. Wendtland said little.",
        "b": "Kazimir Wendtland arrived late. Mr. Wendtlandt was tired.",
        "c": "Kasimir Wentland spoke first.",
    }
    names = [
        ("Kasimir Wendtland", "PERSON"), ("Ilse Marr", "PERSON"), ("Wendtland", "PERSON"),
        ("Kazimir Wendtland", "PERSON"), ("Wendtlandt", "PERSON"), ("Kasimir Wentland", "PERSON"),
    ]  # fmt: skip
    entities = entity_names(texts, names)
    wendtland = entities["Kasimir Wendtland"]
    assert set(wendtland.aliases) >= {"Kazimir Wendtland", "Kasimir Wentland", "Wendtland", "Wendtlandt"}  # type: ignore[attr-defined]
    assert wendtland.articles == ["a", "b", "c"]  # type: ignore[attr-defined]
    assert wendtland.role == "Foreign Minister"  # type: ignore[attr-defined]
    assert "Ilse Marr" in entities


def test_people_sharing_a_first_name_or_surname_stay_apart() -> None:
    texts = {
        "a": "Sergei Lavrov met Sergei Ryabkov. Hillary Clinton and Bill Clinton arrived.",
        "b": "George W. Bush spoke after George H. W. Bush.",
    }
    names = [
        ("Sergei Lavrov", "PERSON"), ("Sergei Ryabkov", "PERSON"), ("Hillary Clinton", "PERSON"),
        ("Bill Clinton", "PERSON"), ("George W. Bush", "PERSON"), ("George H. W. Bush", "PERSON"),
    ]  # fmt: skip
    entities = entity_names(texts, names)
    assert {"Sergei Lavrov", "Sergei Ryabkov", "Hillary Clinton", "Bill Clinton"} <= set(entities)
    assert {"George W. Bush", "George H. W. Bush"} <= set(entities)


def test_first_name_alone_joins_the_only_person_of_its_article_who_has_it() -> None:
    texts = {
        "a": "Talks between Marta Olsen and Piet Dorn began. Marta left early.",
        "b": "Marta Olsen and Marta Quist disagreed. Marta shouted.",
    }
    names = [
        ("Marta Olsen", "PERSON"), ("Piet Dorn", "PERSON"), ("Marta", "PERSON"), ("Marta Quist", "PERSON"),
    ]  # fmt: skip
    resolved = resolve_entities(mentions_of(texts, names), texts)
    by_name = {e.name: e for e in resolved.entities}
    assert "Marta" in by_name["Marta Olsen"].aliases
    assert by_name["Marta Olsen"].mentions == 3  # two full names and the first name of article a
    assert "Marta" in by_name  # ambiguous in article b: left alone


def test_ner_errors_are_retyped_and_surnames_tagged_as_organisations_join_their_person() -> None:
    texts = {"a": "Luca Brenner met the press in Kiev. Brenner stayed at the Grand Wilson Hotel."}
    names = [
        ("Luca Brenner", "PERSON"),
        ("Kiev", "PERSON"),
        ("Brenner", "ORG"),
        ("Grand Wilson Hotel", "PERSON"),
    ]
    entities = entity_names(texts, names)
    assert entities["Kyiv"].type == "PLACE"  # type: ignore[attr-defined]
    assert entities["Kyiv"].aliases == ["Kiev"]  # type: ignore[attr-defined]
    assert entities["Luca Brenner"].mentions == 2  # type: ignore[attr-defined]
    assert entities["Grand Wilson Hotel"].type == "PLACE"  # type: ignore[attr-defined]


def test_places_meet_under_gazetteer_aliases_and_acronyms_under_their_long_form() -> None:
    texts = {
        "a": "The United States and the US navy. America agreed to the Lunar Treaty Organisation (LTO",
        "b": "Officials of the LTO met.",
    }
    names = [
        ("the United States", "GPE"), ("US", "GPE"), ("America", "GPE"),
        ("the Lunar Treaty Organisation (LTO", "ORG"), ("LTO", "ORG"),
    ]  # fmt: skip
    entities = entity_names(texts, names)
    assert set(entities["United States"].aliases) == {"US", "America"}  # type: ignore[attr-defined]
    assert entities["Lunar Treaty Organisation"].articles == ["a", "b"]  # type: ignore[attr-defined]


def test_cyrillic_name_joins_its_transliteration_and_a_known_misspelling_is_corrected() -> None:
    texts = {
        "a": "President Volodymyr Zelenskiy spoke. Володимир Зеленський wrote too.",
        "b": "Chancellor Olaf Schulz agreed.",
    }
    names = [("Volodymyr Zelenskiy", "PERSON"), ("Olaf Schulz", "PERSON")]
    entities = entity_names(texts, names)
    assert "Володимир Зеленський" in entities["Volodymyr Zelenskiy"].aliases  # type: ignore[attr-defined]
    assert entities["Olaf Scholz"].aliases == ["Olaf Schulz"]  # type: ignore[attr-defined]


def test_gazetteer_keeps_a_real_name_that_resembles_another() -> None:
    assert gazetteer().person("Martin Schulz") is not None
    hit = gazetteer().person("Martin Schulz")
    assert hit is not None and hit[0].name == "Martin Schulz" and hit[1]
    assert gazetteer().person("Olaf Scholtz") is not None
    assert gazetteer().person("Wilma Nobody") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Зеленський", "zelenskiy"), ("Сергей Лавров", "sergey lavrov"), ("Antony Blinkén", "antony blinken")],
)
def test_fold_transliterates_and_drops_accents(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_transliteration_follows_ukrainian_rules_when_asked() -> None:
    assert transliterate("Володимир", ukrainian=True) == "Volodymyr"
    assert transliterate("Володимир", ukrainian=False) == "Volodimir"


def test_title_before_a_name_gives_its_role_and_counts_bare_title_mentions() -> None:
    texts = {
        "a": "Tarvian Foreign Minister Edda Vos arrived. The Tarvian Foreign Minister spoke for an hour.",
        "b": "Later the Tarvian foreign minister left.",
    }
    entities = entity_names(texts, [("Edda Vos", "PERSON")])
    vos = entities["Edda Vos"]
    assert vos.role == "Tarvian Foreign Minister"  # type: ignore[attr-defined]
    assert vos.mentions == 3  # type: ignore[attr-defined]
    assert vos.articles == ["a", "b"]  # type: ignore[attr-defined]


@pytest.mark.shared
def test_seed_story_shows_canonical_people_grouped_quotes_and_the_troop_conflict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "seeds.db")
    assert run_cli(capsys, "ingest", str(SEEDS), "--db", db).code == 0
    (story_id,) = [s["id"] for s in json.loads(run_cli(capsys, "stories", "--db", db, "--json").out)]
    story = json.loads(run_cli(capsys, "show", story_id, "--db", db, "--format", "json").out)
    people = {e["name"]: e for e in story["entities"] if e["type"] == "PERSON"}
    assert {"Anthony Blinken", "Anthony Blinkin", "Blinken"} <= set(people["Antony Blinken"]["aliases"])
    assert {"Sergey Lavrov", "Sergei"} <= set(people["Sergei Lavrov"]["aliases"])
    assert "Sergei Ryabkov" in people and "Olaf Scholz" in people
    assert "Володимир Зеленський" in people["Volodymyr Zelenskiy"]["aliases"]
    expect = next(q for q in story["quotes"] if "expect us to" in q["text"])
    assert expect["speaker"] == "Antony Blinken" and len(expect["articles"]) == 2
    assert any(q["speaker"] == "Sergei Lavrov" and "written responses" in q["text"] for q in story["quotes"])
    assert any(q["speaker"] == "Dmitry Peskov" for q in story["quotes"])
    troops = next(f for f in story["figures"] if "troops" in f["subject"])
    assert troops["conflict"] and len(troops["values"]) == 3
