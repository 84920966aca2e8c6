"""Store-wide entities: stories naming one person, place or organisation share one global entity, and
only when their names say so unambiguously. All names are fictional."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyfuse.model import Entity, Story, StoryArticle
from storyfuse.store import Store
from storyfuse.store.entity_catalogue import alias_key, linkable
from storyfuse.store.open import open_store
from storyfuse.store.schema import APPLICATION_ID, SCHEMA_VERSION


def write(store: Store, story_id: str, day: str, *entities: Entity) -> Story:
    """Write a one-article story naming `entities`, as the pipeline does (state first, then JSON)."""
    article = StoryArticle(f"{story_id}-a", None, f"https://news.example/{story_id}", "Example", "T", day)
    story = Story(story_id, f"Headline of {story_id}", [article], entities=list(entities))
    with store.transaction():
        store.save_story_states([(story_id, "{}", day, day)])
        store.write_story(story)
    return story


def ids(store: Store, story_id: str) -> list[str | None]:
    story = store.story(story_id)
    assert story is not None
    return [e.id for e in story.entities]


def person(name: str, *aliases: str, mentions: int = 2) -> Entity:
    return Entity(name, "PERSON", list(aliases), None, mentions)


@pytest.fixture
def store(store_address: str) -> Iterator[Store]:
    """A new store on each backend in turn."""
    with open_store(store_address) as opened:
        yield opened


def test_keys_fold_accents_honorifics_possessives_and_punctuation() -> None:
    assert alias_key("Dr. Ilse Marának's") == "ilse maranak"
    assert alias_key("Mr Tomas Vell-Arno") == "tomas vell arno"
    assert alias_key("the Quellport Harbour Authority") == "quellport harbour authority"
    assert linkable("ilse maranek", "PERSON") and not linkable("maranek", "PERSON")
    assert linkable("quellport", "PLACE") and not linkable("qp", "ORG")


def test_spellings_differing_in_accents_share_one_entity(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ilse Maranek", "Maranek", mentions=5))
    write(store, "s2", "2031-04-03", person("Ilse Maránek", mentions=2))
    [first], [second] = ids(store, "s1"), ids(store, "s2")
    assert first is not None and first == second
    found = store.entity(first)
    assert found is not None
    assert found.name == "Ilse Maranek"  # the spelling with the most mentions over both stories
    assert found.mentions == 7
    assert "Ilse Maránek" in found.aliases
    assert [s.id for s in found.stories] == ["s2", "s1"]  # most recent first
    assert found.stories[0].name == "Ilse Maránek"


def test_the_global_name_follows_the_mentions_over_stories(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ilse Maranek", mentions=5))
    write(store, "s2", "2031-04-02", person("Ilse Maránek", mentions=4))
    write(store, "s3", "2031-04-03", person("Ilse Maránek", mentions=4))
    [gid] = ids(store, "s1")
    assert gid is not None
    found = store.entity(gid)
    assert found is not None and found.name == "Ilse Maránek" and found.mentions == 13


def test_spelling_variants_of_a_full_name_link_but_another_surname_does_not(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Sergei Vantorin"))
    write(store, "s2", "2031-04-02", person("Sergey Vantorin"))
    write(store, "s3", "2031-04-03", person("Sergei Rybalkin"))
    [a], [b], [c] = ids(store, "s1"), ids(store, "s2"), ids(store, "s3")
    assert a == b
    assert c != a


def test_variants_sharing_no_word_link_through_their_surnames_beginning(store: Store) -> None:
    # Transliterations change first and last name at once: Muammar Gaddafi, Moammar Gadhafi.
    write(store, "s1", "2031-04-01", person("Ruslan Kadyrov"))
    write(store, "s2", "2031-04-02", person("Rouslan Kadirov"))
    write(store, "s3", "2031-04-03", person("Rustam Kadyrov"))
    write(store, "s4", "2031-04-04", person("Roman Kadetov"))
    [a], [b], [c], [d] = (ids(store, s) for s in ("s1", "s2", "s3", "s4"))
    assert a == b
    assert c != a and d != a


def test_two_people_sharing_a_surname_stay_apart(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ilse Maranek", "Maranek"))
    write(store, "s2", "2031-04-02", person("Tomas Maranek", "Maranek"))
    [a], [b] = ids(store, "s1"), ids(store, "s2")
    assert a != b
    assert {e.name for e in store.find_entities("maranek")} == {"Ilse Maranek", "Tomas Maranek"}


def test_a_lone_surname_or_first_name_does_not_link_stories(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Maranek"), person("Sergei"))
    write(store, "s2", "2031-04-02", person("Maranek"), person("Sergei"))
    write(store, "s3", "2031-04-03", person("Ilse Maranek", "Maranek"))
    first, second, third = ids(store, "s1"), ids(store, "s2"), ids(store, "s3")
    assert len({*first, *second, *third}) == 5
    assert None not in first + second + third


def test_places_and_organisations_link_by_one_word_of_three_letters_or_more(store: Store) -> None:
    write(
        store, "s1", "2031-04-01", Entity("Quellport", "GPE", [], None, 3), Entity("QP", "ORG", [], None, 1)
    )
    write(
        store, "s2", "2031-04-02", Entity("Quellport", "LOC", [], None, 2), Entity("QP", "ORG", [], None, 1)
    )
    first, second = ids(store, "s1"), ids(store, "s2")
    assert first[0] == second[0]  # GPE and LOC are both places
    assert first[1] != second[1]  # two letters name too many things
    place = store.entity(str(first[0]))
    assert place is not None and place.type == "PLACE" and place.mentions == 5


def test_a_person_and_a_place_of_one_spelling_stay_apart(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ada Lindquay"))
    write(store, "s2", "2031-04-02", Entity("Ada Lindquay", "GPE", [], None, 1))
    assert ids(store, "s1") != ids(store, "s2")


def test_keys_pointing_to_two_entities_link_to_neither(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ilse Maranek"))
    write(store, "s2", "2031-04-02", person("Ilse Vollrath"))
    write(store, "s3", "2031-04-03", person("Ilse Maranek", "Ilse Vollrath"))
    write(store, "s4", "2031-04-04", person("Ilse Maranek"))
    [a], [b], [c], [d] = (ids(store, s) for s in ("s1", "s2", "s3", "s4"))
    assert c not in {a, b}
    assert d == a  # the ambiguous story gave its keys to nobody


def test_writing_a_story_again_replaces_its_links_and_keeps_ids(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ilse Maranek"), person("Johnson"), person("Bram Osei"))
    write(store, "s2", "2031-04-02", person("Ilse Maranek"))
    ilse, johnson, bram = ids(store, "s1")
    assert ilse is not None and bram is not None
    # Re-synthesised: Ilse and Bram no longer named, the lone surname still is.
    write(store, "s1", "2031-04-01", person("Johnson"), person("Tomas Vell"))
    found = store.entity(ilse)
    assert found is not None and [s.id for s in found.stories] == ["s2"]
    assert ids(store, "s1")[0] == johnson  # a name no other story may share keeps its entity here
    assert store.entity(bram) is None  # named by no story: kept, but not shown
    assert store.find_entities("osei") == []
    write(store, "s1", "2031-04-01", person("Ilse Maranek"), person("Bram Osei"))
    assert ids(store, "s1") == [ilse, bram]  # full names find their entities again
    again = store.entity(ilse)
    assert again is not None and {s.id for s in again.stories} == {"s1", "s2"}


def test_a_story_merged_away_leaves_its_entities(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ilse Maranek"))
    write(store, "s2", "2031-04-02", person("Ilse Maranek"), person("Bram Osei"))
    [ilse], [_, bram] = ids(store, "s1"), ids(store, "s2")
    with store.transaction():
        store.drop_stories(["s2"])
    found = store.entity(str(ilse))
    assert found is not None and [s.id for s in found.stories] == ["s1"] and found.mentions == 2
    assert store.entity(str(bram)) is None
    assert [e.name for e in store.find_entities("osei")] == []


def test_find_entities_ranks_whole_names_then_prefixes_then_substrings(store: Store) -> None:
    write(store, "s1", "2031-04-01", Entity("Varnholm", "GPE", [], None, 1))
    write(store, "s2", "2031-04-02", Entity("North Varnholm", "GPE", [], None, 9))
    write(store, "s3", "2031-04-03", Entity("Varnholm Harbour Board", "ORG", [], None, 5))
    write(store, "s4", "2031-04-04", Entity("Eastvarnholm", "GPE", [], None, 20))
    assert [e.name for e in store.find_entities("Várnholm")] == [
        "Varnholm",
        "Varnholm Harbour Board",
        "North Varnholm",
        "Eastvarnholm",
    ]
    assert len(store.find_entities("varn", limit=2)) == 2
    assert store.find_entities("?!") == []
    assert store.find_entities("zzzz") == []


def test_entity_ids_round_trip_through_story_json(store: Store) -> None:
    write(store, "s1", "2031-04-01", person("Ilse Maranek"))
    story = store.story("s1")
    assert story is not None and story.entities[0].id is not None
    assert Story.from_json(json.loads(json.dumps(story.to_json()))) == story
    assert (
        Story.from_json({"id": "x", "headline": "h", "entities": [{"name": "A", "type": "ORG"}]})
        .entities[0]
        .id
        is None
    )  # documents written before the field was added still read


def test_a_store_from_schema_3_is_migrated_and_its_stories_linked(tmp_path: Path) -> None:
    from storyfuse.store.database import _statements
    from storyfuse.store.schema import MIGRATIONS

    path = tmp_path / "v3.db"
    con = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        for statement in _statements(migration):
            con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 3")
    for story_id, spelling in (("s1", "Ilse Maranek"), ("s2", "Ilse Maránek")):
        story = Story(story_id, f"Old story {story_id}", entities=[person(spelling), person("Maranek")])
        data = story.to_json()
        for entity in data["entities"]:
            del entity["id"]  # as a version without the field wrote it
        con.execute(
            "INSERT INTO stories(id, headline, updated_at, dirty, json) VALUES (?, ?, '2031-01-01', 0, ?)",
            (story_id, story.headline, json.dumps(data)),
        )
    con.commit()
    con.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        first, second = ids(store, "s1"), ids(store, "s2")
        assert first[0] is not None and first[0] == second[0]
        assert first[1] != second[1]
        assert store.db.execute("SELECT count(*) FROM stories WHERE dirty = 1").fetchone()[0] == 0
        linked = store.entity(str(first[0]))
        assert linked is not None and {s.headline for s in linked.stories} == {"Old story s1", "Old story s2"}
