"""The indexes that spare entity resolution from comparing every name with every cluster must never miss
a match the full comparison would find (they may propose more: the full test decides)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyfuse.model import Mention
from storyfuse.names import parts_similar
from storyfuse.synthesise.entities import _Cluster, _item, _same_name, _SpellingIndex, _SurnameIndex

# Spellings close enough to be typos of one another, and short ones that must match exactly.
SURNAMES = [
    "blinken",
    "blinkin",
    "blinkens",
    "lavrov",
    "lavrow",
    "lavrova",
    "scholz",
    "schulz",
    "ryabkov",
    "li",
    "lu",
]
# Words of names of places and organisations: acronyms, designators, places, numbers, "of".
NAME_WORDS = [
    "united", "nations", "un", "un2", "the", "of", "boston", "red", "sox", "center", "karavel", "karavell",
    "dam", "apollo", "11", "13", "bank", "university", "texas", "states", "us", "ut", "rn", "island",
]  # fmt: skip
names = st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SURNAMES), min_size=1, max_size=12), st.sampled_from(SURNAMES))
def test_surname_index_finds_exactly_the_people_with_a_similar_surname(
    surnames: list[str], asked: str
) -> None:
    index = _SurnameIndex()
    for position, surname in enumerate(surnames):
        index.add(surname, position)
    expected = {position for position, surname in enumerate(surnames) if parts_similar(asked, surname)}
    assert index.like(asked) == expected
    assert index.exact(asked) == {position for position, surname in enumerate(surnames) if surname == asked}


@settings(max_examples=300, deadline=None)
@given(st.lists(names, min_size=1, max_size=10), names)
def test_spelling_index_proposes_every_name_same_name_accepts(keys: list[str], asked: str) -> None:
    index = _SpellingIndex()
    clusters = [_Cluster("ORG") for _ in keys]
    for position, (key, cluster) in enumerate(zip(keys, clusters, strict=True)):
        index.add(position, key, cluster)
    asked_cluster = _Cluster("ORG")
    proposed = set(index.candidates(asked, asked_cluster))
    for position, (key, cluster) in enumerate(zip(keys, clusters, strict=True)):
        if _same_name(asked, key, asked_cluster, cluster):
            assert position in proposed, (asked, key)


# Names each related to another by one rule of `_same_name`: acronym, initials with "the", typo, plural,
# generic designator, place before the name, "of" and a place after it, numbers.
RELATED_NAMES = [
    "united nations", "un", "the hollywood reporter", "hollywood reporter", "thr", "karavel water board",
    "kwb", "lindquay harbour authority", "lindqay harbour authority", "colts", "colt", "indianapolis colts",
    "betty ford", "betty ford center", "qeshm", "qeshm island", "boston red sox", "red sox", "texas rangers",
    "rangers", "surgeon general", "surgeon general of the united states", "apollo 11", "apollo 13",
    "internet explorer 8", "internet explorer 9", "university of texas", "ut", "bank of geneva", "geneva",
    "schwarzenberg", "chwarzenberg",
]  # fmt: skip


def test_spelling_index_proposes_every_related_name_of_a_set_written_to_cover_each_rule() -> None:
    index = _SpellingIndex()
    clusters = [_Cluster("ORG") for _ in RELATED_NAMES]
    for position, (key, cluster) in enumerate(zip(RELATED_NAMES, clusters, strict=True)):
        index.add(position, key, cluster)
    related = 0
    for asked, asked_cluster in zip(RELATED_NAMES, clusters, strict=True):
        proposed = set(index.candidates(asked, asked_cluster))
        for position, (key, cluster) in enumerate(zip(RELATED_NAMES, clusters, strict=True)):
            if key != asked and _same_name(asked, key, asked_cluster, cluster):
                related += 1
                assert position in proposed, (asked, key)
    assert related >= 20  # the set does exercise the rules


def test_spelling_index_proposes_a_name_by_the_acronym_written_after_it() -> None:
    text = "The Lindquay Port Authority (LIPA) met on Friday."
    mention = Mention("a", "Lindquay Port Authority (LIPA)", "ORG", 4, 34, 0)
    item = _item(0, mention, text)
    assert item is not None and item.acronym == "LIPA"  # not the initials
    long_form = _Cluster("ORG", [item])
    index = _SpellingIndex()
    index.add(0, item.key, long_form)
    assert _same_name("lipa", item.key, _Cluster("ORG"), long_form)
    assert index.candidates("lipa", _Cluster("ORG")) == [0]
