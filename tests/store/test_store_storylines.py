"""Storylines in the store: ids kept by overlap, groups of one are no storyline, gone stories leave.
On each store backend (the store_address fixture)."""

from __future__ import annotations

from storyfuse.store import Store
from storyfuse.store.open import open_store


def _store_with_stories(address: str, spans: dict[str, tuple[str, str]]) -> Store:
    store = open_store(address)
    with store.transaction():
        store.save_story_states([(sid, "{}", first, last) for sid, (first, last) in spans.items()])
    return store


SPANS = {
    "s1": ("2031-05-01", "2031-05-02"),
    "s2": ("2031-05-10", "2031-05-11"),
    "s3": ("2031-05-20", "2031-05-21"),
    "s4": ("2031-05-05", "2031-05-05"),
}


def test_storylines_keep_their_id_when_they_grow_and_name_no_single_event(store_address: str) -> None:
    with _store_with_stories(store_address, SPANS) as store:
        with store.transaction():
            store.replace_storylines({s: None for s in SPANS}, [["s1", "s2"], ["s4"], ["s3"]])
        [line] = store.list_storylines()
        assert line.events == 2
        assert (line.first_published, line.last_published) == ("2031-05-01", "2031-05-11")
        before = store.storyline_window("2031-05-01", "2031-05-31", [])
        assert before == {"s1": line.id, "s2": line.id, "s3": None, "s4": None}
        with store.transaction():
            store.replace_storylines(before, [["s1", "s2", "s3"], ["s4"]])
        [grown] = store.list_storylines()
        assert grown.id == line.id and grown.events == 3 and grown.last_published == "2031-05-21"


def test_window_takes_every_event_of_the_storylines_it_meets(store_address: str) -> None:
    with _store_with_stories(store_address, SPANS) as store:
        with store.transaction():
            store.replace_storylines({s: None for s in SPANS}, [["s1", "s3"]])
        # the window meets s3 only; s1 comes with its storyline
        assert set(store.storyline_window("2031-05-19", "2031-05-22", [])) == {"s1", "s3"}


def test_a_split_storyline_keeps_its_id_on_its_larger_part(store_address: str) -> None:
    with _store_with_stories(store_address, SPANS) as store:
        with store.transaction():
            store.replace_storylines({s: None for s in SPANS}, [["s1", "s2", "s3", "s4"]])
        [line] = store.list_storylines()
        before = store.storyline_window("2031-05-01", "2031-05-31", [])
        with store.transaction():
            store.replace_storylines(before, [["s1", "s2", "s4"], ["s3"]])
        [kept] = store.list_storylines()
        assert kept.id == line.id and kept.events == 3


def test_dropping_stories_ends_a_storyline_left_with_one_event(store_address: str) -> None:
    with _store_with_stories(store_address, SPANS) as store:
        with store.transaction():
            store.replace_storylines({s: None for s in SPANS}, [["s1", "s2"], ["s3", "s4"]])
            store.drop_stories(["s2"])
        lines = store.list_storylines()
        assert [line.events for line in lines] == [2]
        assert store.storyline_window("2031-05-01", "2031-05-02", [])["s1"] is None
        assert store.storyline("no-such-storyline") is None
