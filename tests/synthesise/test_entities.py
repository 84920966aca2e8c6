"""Canonical entities on fictional mentions: merges, non-merges, retyping, roles, scripts, gazetteer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import SEEDS
from helpers import run_cli
from storyfuse.model import Mention
from storyfuse.names import fold, gazetteer, transliterate
from storyfuse.synthesise.entities import resolve_entities


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


def test_a_name_the_story_makes_a_nationality_of_is_a_place_and_a_name_with_who_a_person() -> None:
    texts = {
        "a": "Tarvenne's foreign minister hosted the talks. The Tarvennese government and Ondrelia agreed.",
        "b": "Ondrelian officials said Ondrelia would sign. Mira Castell, who teaches law, was there.",
        "c": "Dara Holst met Holst Mining. Holst spoke about the Holstian school of economics.",
    }
    names = [
        ("Tarvenne", "PERSON"), ("Tarvennese", "NORP"), ("Ondrelia", "ORG"), ("Ondrelian", "NORP"),
        ("Mira Castell", "ORG"), ("Dara Holst", "PERSON"), ("Holst", "PERSON"), ("Holst Mining", "ORG"),
        ("Holstian", "NORP"),
    ]  # fmt: skip
    entities = entity_names(texts, names)
    assert entities["Tarvenne"].type == "PLACE"  # type: ignore[attr-defined]
    assert entities["Ondrelia"].type == "PLACE"  # type: ignore[attr-defined]
    assert entities["Mira Castell"].type == "PERSON"  # type: ignore[attr-defined]
    # a person's surname stays theirs, whatever adjective is made of it
    assert entities["Dara Holst"].mentions == 2  # type: ignore[attr-defined]


def test_names_written_as_the_places_of_a_district_a_town_or_residents_are_places() -> None:
    texts = {
        "a": "Water filled the riverside districts of Ketora and Lumba on Sunday.",
        "b": "Rescuers reached the town of Dargavan on Monday; residents of Pirvel waited.",
    }
    names = [("Ketora", "ORG"), ("Lumba", "PERSON"), ("Dargavan", "PERSON"), ("Pirvel", "ORG")]
    entities = entity_names(texts, names)
    assert {name: e.type for name, e in entities.items()} == {  # type: ignore[attr-defined]
        "Ketora": "PLACE",
        "Lumba": "PLACE",
        "Dargavan": "PLACE",
        "Pirvel": "PLACE",
    }


def test_a_person_stays_a_person_when_ner_mostly_takes_the_surname_for_an_organisation() -> None:
    texts = {
        "a": "Striker Tomas Brenn scored twice. Brenn said it was his night. Brenn thanked Brenn's family."
    }
    names = [("Tomas Brenn", "PERSON"), ("Brenn", "ORG")]
    entities = entity_names(texts, names)
    assert list(entities) == ["Tomas Brenn"]
    assert entities["Tomas Brenn"].type == "PERSON" and entities["Tomas Brenn"].mentions == 4  # type: ignore[attr-defined]


def test_a_score_run_into_a_name_a_club_designator_and_uncapitalised_words_are_read_right() -> None:
    texts = {
        "a": "Harlow Rovers beat Westby United 3–1 at Harlow. Westby United had led. Port Harlow FC wept.",
        "b": "Water from the Ombra Dam filled the mosques of Harlow.",
    }
    names = [
        ("Westby United 3–1", "ORG"),
        ("Westby United", "ORG"),
        ("Port Harlow FC", "PERSON"),
        ("mosques", "FAC"),
        ("the Ombra Dam", "EVENT"),
    ]
    entities = entity_names(texts, names)
    assert set(entities) == {"Westby United", "Port Harlow FC", "Ombra Dam"}
    assert entities["Ombra Dam"].type == "PLACE"  # type: ignore[attr-defined]
    assert entities["Westby United"].mentions == 2  # type: ignore[attr-defined]
    assert entities["Port Harlow FC"].type == "ORG"  # type: ignore[attr-defined]


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


def people_of(texts: dict[str, str], names: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Canonical name -> the cleaned spellings (name and aliases) of each entity."""
    return {e.name: {e.name, *e.aliases} for e in resolve_entities(mentions_of(texts, names), texts).entities}


def test_short_forms_and_nicknames_of_a_first_name_join_but_feminine_forms_stay_apart() -> None:
    texts = {
        "a": "Fred Harrow opened the mill. Katie Marsh cut the ribbon. Paul Ostrem and Paula Ostrem watched.",
        "b": "Frederick Harrow, the owner, thanked Kathryn Marsh.",
    }
    names = [
        ("Fred Harrow", "PERSON"), ("Frederick Harrow", "PERSON"), ("Katie Marsh", "PERSON"),
        ("Kathryn Marsh", "PERSON"), ("Paul Ostrem", "PERSON"), ("Paula Ostrem", "PERSON"),
    ]  # fmt: skip
    entities = people_of(texts, names)
    assert {"Fred Harrow", "Frederick Harrow"} in entities.values()
    assert {"Katie Marsh", "Kathryn Marsh"} in entities.values()
    assert {"Paul Ostrem"} in entities.values() and {"Paula Ostrem"} in entities.values()


def test_a_nickname_written_inside_a_name_joins_the_nickname_form_only() -> None:
    texts = {
        "a": "Deputy Luis Gerardo (Lucho) Serrat was honoured. Ana Serrat spoke.",
        "b": 'Lucho Serrat served ten years. Friends of Luis "Lucho" Serrat gathered.',
    }
    names = [
        ("Luis Gerardo (Lucho) Serrat", "PERSON"), ("Lucho Serrat", "PERSON"),
        ('Luis "Lucho" Serrat', "PERSON"), ("Ana Serrat", "PERSON"),
    ]  # fmt: skip
    entities = people_of(texts, names)
    serrat = next(v for v in entities.values() if "Lucho Serrat" in v)
    assert {"Luis Gerardo Serrat", "Luis Serrat"} <= serrat
    assert {"Ana Serrat"} in entities.values()


def test_the_tail_of_one_longer_name_is_that_person_but_not_when_two_names_end_so() -> None:
    texts = {
        "a": "W. Dorian Pell testified. Dorian Pell had kept notes. Gaetano Lo Vanti was arrested; "
        "Lo Vanti denied it.",
        "b": "Mark Edda Rusk and Ilse Edda Rusk came. Edda Rusk left early.",
    }
    names = [
        ("W. Dorian Pell", "PERSON"), ("Dorian Pell", "PERSON"), ("Gaetano Lo Vanti", "PERSON"),
        ("Lo Vanti", "PERSON"), ("Mark Edda Rusk", "PERSON"), ("Ilse Edda Rusk", "PERSON"),
        ("Edda Rusk", "PERSON"),
    ]  # fmt: skip
    entities = people_of(texts, names)
    assert {"W. Dorian Pell", "Dorian Pell"} in entities.values()
    assert {"Gaetano Lo Vanti", "Lo Vanti"} in entities.values()
    assert {"Edda Rusk"} in entities.values()  # the end of two people's names: neither


def test_a_degree_or_suffix_after_a_comma_is_not_part_of_a_person_name() -> None:
    texts = {"a": "Dr. Regina Holt, MD, took office. Regina Holt thanked Tomas Brede, Jr, and Tomas Brede."}
    names = [("Dr. Regina Holt, MD", "PERSON"), ("Regina Holt", "PERSON"), ("Tomas Brede, Jr", "PERSON"),
             ("Tomas Brede", "PERSON")]  # fmt: skip
    entities = people_of(texts, names)
    assert set(entities) == {"Regina Holt", "Tomas Brede"}


def test_a_short_name_joins_the_one_longer_name_it_ends_not_a_headline_word_or_an_ambiguous_one() -> None:
    texts = {
        "a": "MAN HELD\nThe Coldwater Otters beat the Harbor Hawks and the Ridge Hawks. The Otters won.",
        "b": "A Millbrook man cheered for the Otters against the Hawks. The Quill Act passed; the Act helps.",
        "c": "Talk of a New Glass Pact grew, though the Glass Pact had lapsed.",
    }
    names = [
        ("MAN", ""), ("Coldwater Otters", "ORG"), ("Harbor Hawks", "ORG"), ("Ridge Hawks", "ORG"),
        ("Otters", ""), ("Millbrook man", "ORG"), ("Hawks", "ORG"), ("Quill Act", "LAW"), ("Act", ""),
        ("New Glass Pact", "LAW"), ("Glass Pact", "LAW"),
    ]  # fmt: skip
    entities = people_of(texts, names)
    assert {"Coldwater Otters", "Otters"} in entities.values()
    assert {"Quill Act", "Act"} in entities.values()
    assert {"Hawks"} in entities.values()  # two teams end so: neither
    assert {"MAN"} in entities.values()  # a headline word, not "Millbrook man"
    assert {"Glass Pact"} in entities.values()  # a "New" one is another pact


def test_a_name_with_a_written_acronym_does_not_absorb_unrelated_names_through_it() -> None:
    texts = {
        "a": "Zeta Explorer 8 (ZX8) crashed. ZX8 users waited. The Quick Mend tool fixed Zeta Explorer 8."
    }
    names = [("Zeta Explorer 8 (ZX8)", ""), ("ZX8", "ORG"), ("Zeta Explorer 8", ""), ("Quick Mend tool", "")]
    entities = people_of(texts, names)
    assert {"Zeta Explorer 8", "ZX8"} in entities.values()
    assert {"Quick Mend tool"} in entities.values()


def test_abbreviated_and_possessed_place_names_meet_but_a_bank_named_after_a_place_does_not() -> None:
    texts = {
        "a": "Climbers died on Mt Harlan. Mount Harlan is steep. Norway's Tarn Island shook.",
        "b": "A quake hit the island of Tarn. Tarn Island is small. The Bank of Tarn shut. Ida Harlan spoke.",
        "c": "Aid reached the remote Velorian island of Tarn.",
    }
    names = [
        ("Mt Harlan", "FAC"), ("Mount Harlan", "PERSON"), ("Norway's Tarn Island", "GPE"),
        ("the island of Tarn", "LOC"), ("Tarn Island", "LOC"), ("Bank of Tarn", "ORG"),
        ("Ida Harlan", "PERSON"), ("Velorian island of Tarn", "LOC"),
    ]  # fmt: skip
    resolved = resolve_entities(mentions_of(texts, names), texts)
    entities = {e.name: {e.name, *e.aliases} for e in resolved.entities}
    types = {e.name: e.type for e in resolved.entities}
    harlan = next(name for name, spellings in entities.items() if "Mount Harlan" in spellings)
    assert entities[harlan] == {"Mt Harlan", "Mount Harlan"} and types[harlan] == "PLACE"
    tarn = next(name for name, spellings in entities.items() if "Tarn Island" in spellings)
    assert entities[tarn] == {"Tarn Island", "Tarn", "Velorian island of Tarn"}  # "Norway's" dropped
    assert resolved.entities[[e.name for e in resolved.entities].index(tarn)].articles == ["a", "b", "c"]
    assert {"Bank of Tarn"} in entities.values() and types["Ida Harlan"] == "PERSON"


def test_a_name_written_after_at_or_in_is_the_place_named_after_it_not_a_person() -> None:
    texts = {
        "a": "She checked in at Ada Vell. The Ada Vell Clinic treats forty patients.",
        "b": "Doctors in Ada Vell were discreet. Ada Vell Clinic staff said nothing.",
        "c": "Ada Vell founded the Ada Vell Clinic. Ida Brun said Ada Vell was generous.",
    }
    names = [("Ada Vell Clinic", "ORG"), ("Ada Vell", "PERSON"), ("Ida Brun", "PERSON")]
    two_places = {k: texts[k] for k in ("a", "b")}
    located = people_of(two_places, names)
    assert {"Ada Vell Clinic", "Ada Vell"} in located.values()
    founder = people_of({"c": texts["c"]}, names)  # said and founded: a person, beside her clinic
    assert {"Ada Vell"} in founder.values() and {"Ada Vell Clinic"} in founder.values()


def test_an_honorific_keeps_a_surname_off_the_relative_of_the_other_sex() -> None:
    texts = {
        "a": "John Tarrow was charged. His sister Katie Tarrow was found. Mr Tarrow said nothing. "
        "Miss Tarrow was a student."
    }
    names = [
        ("John Tarrow", "PERSON"),
        ("Katie Tarrow", "PERSON"),
        ("Mr Tarrow", "PERSON"),
        ("Miss Tarrow", "PERSON"),
    ]
    resolved = resolve_entities(mentions_of(texts, names), texts)
    mentions = {e.name: e.mentions for e in resolved.entities}
    assert mentions == {"John Tarrow": 2, "Katie Tarrow": 2}  # "Mr" nearest after Katie still goes to John


def test_a_surname_alone_in_an_article_naming_no_one_joins_only_a_unique_holder() -> None:
    texts = {
        "a": "Lena Korb and Piet Korb ran the farm. Ulla Sand bought it.",
        "b": "Korb refused to comment. Sand was pleased.",
    }
    names = [("Lena Korb", "PERSON"), ("Piet Korb", "PERSON"), ("Ulla Sand", "PERSON"), ("Korb", "PERSON"),
             ("Sand", "PERSON")]  # fmt: skip
    entities = people_of(texts, names)
    assert {"Ulla Sand", "Sand"} in entities.values()
    assert {"Korb"} in entities.values()  # two Korbs in the story: neither


def test_a_social_media_handle_joins_the_name_it_spells() -> None:
    texts = {
        "a": "The Lakeside Courier reported it first. @LakesideCourier posted a photo. @QuillDaily did not."
    }
    names = [("Lakeside Courier", "ORG"), ("@LakesideCourier", ""), ("@QuillDaily", "")]
    resolved = resolve_entities(mentions_of(texts, names), texts)
    assert {e.name: e.mentions for e in resolved.entities} == {"Lakeside Courier": 2, "Quill Daily": 1}


def test_a_title_is_not_a_person_name_and_meets_its_national_forms_but_not_another_title() -> None:
    texts = {
        "a": "The U.S. Surveyor General resigned. The Surveyor General had served a year.",
        "b": "The U.S. Surveyor General is an old office. Surveyor General of the United States, it reads. "
        "The Attorney General agreed. The U.S. Surveyor General post is unpaid.",
    }
    names = [("U.S. Surveyor General", "ORG"), ("Surveyor General", "ORG"),
             ("Surveyor General of the United States", "ORG"), ("Attorney General", "ORG")]  # fmt: skip
    mentions = mentions_of(texts, names)
    first = mentions[0]  # NER tagged one "U.S. Surveyor General" as a person: a title is no full name
    mentions[0] = Mention(first.article_id, first.text, "PERSON", first.start, first.end, first.sentence)
    resolved = resolve_entities(mentions, texts)
    by_name = {e.name: e for e in resolved.entities}
    surveyor = next(e for e in resolved.entities if "Surveyor" in e.name)
    assert surveyor.mentions == 5 and surveyor.type != "PERSON"
    assert by_name["Attorney General"].mentions == 1


def test_gold_mentions_drop_pronouns_with_a_clitic() -> None:
    from storyfuse.evaluate.datasets.ecbplus import EcbDocument, EcbMention
    from storyfuse.evaluate.entities import named_mentions

    text = "Then Ilsa Brenn said I'm staying, and I'm sure.\nI'm Brenn."
    spans = [("Ilsa Brenn", 5), ("I'm", 21), ("I'm", 38), ("Brenn", text.rindex("Brenn"))]
    document = EcbDocument("1_1ecb", 1, "ecb", text)
    document.mentions = [
        EcbMention(str(i), "HUMAN_PART_PER", name, [], 0, "HUM1", start, start + len(name))
        for i, (name, start) in enumerate(spans)
    ]
    assert [m.text for m in named_mentions(document)] == ["Ilsa Brenn", "Brenn"]


def test_numbers_headlines_and_places_keep_look_alike_names_apart() -> None:
    texts = {
        "a": "Zeta Explorer 8 crashed more than Zeta Explorer 9 did.\nVendor Ships Patch For Browser\n"
        "Users installed the Emergency Patch. Officers in Surrey said the Surrey Police would help.",
        "b": "Fans of the Quill Rovers cheered as Quill beat Dunmore. The Rovers won at home in Dunmore.",
    }
    names = [
        ("Zeta Explorer 8", ""), ("Zeta Explorer 9", ""), ("Emergency Patch", ""), ("Patch", ""),
        ("Surrey", "GPE"), ("Surrey Police", "ORG"), ("Quill Rovers", "ORG"), ("Quill", "GPE"),
        ("Rovers", ""), ("Dunmore", "GPE"),
    ]  # fmt: skip
    entities = people_of(texts, names)
    assert {"Zeta Explorer 8"} in entities.values() and {"Zeta Explorer 9"} in entities.values()
    assert {"Patch"} in entities.values()  # in a title-case headline: not known to be a name's head
    assert {"Surrey"} in entities.values() and {"Surrey Police"} in entities.values()  # "in Surrey": a place
    assert {"Quill Rovers", "Quill", "Rovers"} in entities.values()  # "Quill beat Dunmore": the team
    assert {"Dunmore"} in entities.values()


def test_names_in_page_furniture_are_no_entities_of_the_story() -> None:
    from storyfuse.model import Analysis, Article, Block, Sentence
    from storyfuse.synthesise.entities import resolve_story_entities

    paragraphs = [
        "Harbour Minister Mara Tellen reopened the northern canal on Monday.",
        "To play this content JavaScript must be turned on and the latest Flash player installed.",
        "Copyright 2031 Lindquay Media Group. All rights reserved.",
        "Tellen said the canal would carry grain again by spring.",
    ]
    article = Article("a", "/news/a.txt", "text", "a", None, [Block(p) for p in paragraphs])
    text = article.text
    sentences, start = [], 0
    for index, paragraph in enumerate(paragraphs):
        start = text.index(paragraph, start)
        sentences.append(Sentence("a", index, paragraph, start, start + len(paragraph)))
    names = [
        ("Mara Tellen", "PERSON"), ("JavaScript", "ORG"), ("Flash", "PERSON"),
        ("Lindquay Media Group", "ORG"), ("Tellen", "PERSON"),
    ]  # fmt: skip
    mentions = [
        Mention(
            "a",
            name,
            label,
            m.start(),
            m.end(),
            next(s.index for s in sentences if s.start <= m.start() < s.end),
        )
        for name, label in names
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]
    mentions.sort(key=lambda m: m.start)
    analysis = Analysis("a", sentences, mentions, [])
    found = {e.name for e in resolve_story_entities([article], [analysis]).entities}
    assert found == {"Mara Tellen"}


def test_an_acronym_is_not_the_initials_of_a_name_holding_an_acronym() -> None:
    texts = {
        "a": "The UN sent food to Varnholm. A US Navy ship carried it.",
        "b": "The United Nations said the UN would send more.",
    }
    names = [("UN", "ORG"), ("US Navy", "ORG"), ("United Nations", "ORG"), ("Varnholm", "GPE")]
    groups = [{name, *entity.aliases} for name, entity in entity_names(texts, names).items()]  # type: ignore[attr-defined]
    assert {"UN", "United Nations"} in groups
    assert {"US Navy"} in groups


def test_a_wire_story_code_read_as_a_person_names_no_one() -> None:
    texts = {"a": "Mara Tellen opened the Varnholm quay. nN15210454 Q4000 Tellen said it would stay open."}
    names = [("Mara Tellen", "PERSON"), ("nN15210454 Q4000", "PERSON"), ("Varnholm", "GPE")]
    assert set(entity_names(texts, names)) == {"Mara Tellen", "Varnholm"}


def test_a_time_zone_of_a_clock_time_names_nothing() -> None:
    texts = {"a": "The Varnholm quay reopened at 10:14 BST. By 9 p.m. ET the Harbour Authority had met."}
    names = [("BST", "ORG"), ("ET", "PERSON"), ("Varnholm", "GPE"), ("Harbour Authority", "ORG")]
    assert set(entity_names(texts, names)) == {"Varnholm", "Harbour Authority"}
