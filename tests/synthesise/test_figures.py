"""Figures on fictional sentences: number grammar, normalisation, grouping by what is counted, conflicts."""

from __future__ import annotations

import numpy as np
import pytest

from storyfuse.model import Article, Block, Family, Sentence
from storyfuse.synthesise.figures import find_quantities, story_figures
from storyfuse.synthesise.story_sentences import StorySentences


@pytest.mark.parametrize(
    ("text", "written", "noun", "value", "low", "high", "approximate"),
    [
        (
            "Tarvia massed some 100,000 troops on the border.",
            "some 100,000",
            "troops",
            100000,
            None,
            None,
            True,
        ),
        (
            "Hundreds of thousands of soldiers stood by.",
            "hundreds of thousands",
            "troops",
            None,
            200000,
            999999,
            True,
        ),
        (
            "The war has killed more than 13,000 people.",
            "more than 13,000",
            "people",
            13000,
            13000,
            None,
            True,
        ),
        ("The talks lasted nearly eight hours.", "nearly eight", "hour", 8, None, 8, True),
        ("Less than 20 minutes later it ended.", "less than 20", "minute", 20, 0, 20, True),
        ("The dam cost $2.5 billion to build.", "$2.5 billion", "dollar", 2.5e9, None, None, False),
        ("Prices rose 4.5% in March.", "4.5%", "percent", 4.5, None, None, False),
        ("Their two-hour meeting ended at noon.", "two-hour", "hour", 2, None, None, False),
    ],
)
def test_quantities_are_read_and_normalised(
    text: str,
    written: str,
    noun: str,
    value: float | None,
    low: float | None,
    high: float | None,
    approximate: bool,
) -> None:
    (quantity,) = find_quantities(text)
    assert (quantity.text, quantity.noun) == (written, noun)
    assert (quantity.value, quantity.low, quantity.high, quantity.approximate) == (
        value,
        low,
        high,
        approximate,
    )


@pytest.mark.parametrize(
    "text",
    [
        "The summit of June 16, 2021 was short.",
        "The two men shook hands in 2019.",
        "One of the mansions was used.",
        "Talks began at 10 am and tensions rose.",
    ],
)
def test_dates_years_times_and_references_are_not_figures(text: str) -> None:
    assert find_quantities(text) == []


def story(sentences: list[tuple[str, str, int]]) -> tuple[list[Article], StorySentences]:
    """Articles of one sentence each; sentences sharing a topic number get the same (unit) vector."""
    articles = [Article(a, f"/n/{a}.txt", "text", a, None, [Block(t)]) for a, t, _ in sentences]
    rows = [Sentence(a, 0, t, 0, len(t)) for a, t, _ in sentences]
    vectors = np.eye(8, dtype=np.float32)[[topic for _, _, topic in sentences]]
    return articles, StorySentences(articles, rows, vectors)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Tarvia massed some 100,000 troops on the border with Oskia.", "troops on the border with Oskia"),
        ("The flood has left 12,000 people displaced by the water.", "people displaced by the water"),
        ("Two people died.", "people died"),
        # a name cut short, with the preposition that led to it
        ("It began with two calls between Ada Quint and Pavel Rusk.", "calls"),
        ("They spent two hours on the shore of Lake Sillen Mirova today.", "hours on the shore"),
        # the sentence goes on about something else
        ("He arrived two hours earlier than planned.", "hours"),
        ("After 20 minutes the final tilted towards the hosts.", "minutes"),
        ("It ended 2-1 before 41,200 spectators at Harwick Stadium thanks to a late goal.",
         "spectators at Harwick Stadium"),
        ("Two people remained missing in the hills.", "people"),
        # never ending on a dangling word or a possessive
        ("It closed twelve years of Alliance control of the city.", "years of Alliance control"),
        ("She coached for two seasons in charge of the women's team.", "seasons in charge"),
        ("The dam stands some 60 kilometres upstream on the Tarvian side of the border.",
         "kilometres upstream on the Tarvian side"),
        ("The plan costs 500 euros for each family.", "euros for each family"),
        ("The plan costs 500 euros for.", "euros"),
        ("A 22-year wait for the trophy ended.", "wait for the trophy"),
        ("It moved 2,000 people from flooded areas.", "people from flooded areas"),
        # money written with a symbol, and rates
        ("Tessaly set aside $20 billion in an escrow fund.", "dollars in an escrow fund"),
        ("Oil traded at $90 a barrel on Monday.", "dollars a barrel"),
        ("The well leaked 5,000 barrels a day into the bay.", "barrels a day"),
        # cut inside a noun phrase by the length limit: without its last preposition
        ("It spilled 5,000 barrels of oil from the leaking deep well.", "barrels of oil"),
    ],
)  # fmt: skip
def test_a_figure_says_what_it_counts_in_a_phrase_that_stops_where_the_sentence_moves_on(
    text: str, phrase: str
) -> None:
    (quantity,) = [q for q in find_quantities(text) if q.phrase]
    assert quantity.phrase == phrase


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The Quill Slate 2 costs 120 euros more than its predecessor.", ["120"]),
        ("Level 3 labs are rare in Tarvia.", []),
        ("In 12 countries the device sold out.", ["12"]),  # "In" opens the sentence: no name
        ("In Mexico 15 people have died.", ["15"]),  # a place before a count that lost its comma
        ("The oil reached the Quell 11 days after the blast.", ["11"]),  # durations are always figures
        ("It may cost Tessaly $ 23 million.", ["$ 23 million"]),
        ("Five of the cases are year seven pupils at the Quell school.", ["five"]),  # a school year
        ("Flight 447 passengers were named on Tuesday.", []),
        ("On day 15 of the spill 300 boats were at sea.", ["300"]),
        ("In one year 60 people died on the Quell road.", ["one", "60"]),  # a count before the word
        ("About 1 in 60 people on the ferry fell ill.", []),  # a ratio's denominator
    ],
)
def test_a_number_that_is_part_of_a_name_is_no_figure(text: str, found: list[str]) -> None:
    assert [q.text for q in find_quantities(text)] == found


def test_incompatible_troop_counts_are_flagged_and_compatible_ones_are_not() -> None:
    articles, sentences = story(
        [
            ("a", "Tarvia has some 100,000 troops on the border.", 0),
            ("b", "Tarvia keeps about 100,000 soldiers near the border.", 0),
            ("c", "Hundreds of thousands of soldiers are massed on the border.", 0),
            ("d", "Tens of thousands of troops wait on the border.", 0),
            ("e", "The flood has displaced more than 2,000 people.", 1),
            ("f", "Officials said 2,100 people had been displaced.", 1),
        ]
    )
    figures = {f.values[0].text: f for f in story_figures(articles, [], story_sentences=sentences)}
    troops = figures["some 100,000"]
    assert troops.conflict
    assert [(v.value, v.low, v.high, v.articles) for v in troops.values] == [
        (100000, None, None, ["a", "b"]),
        (None, 200000, 999999, ["c"]),
        (None, 20000, 99999, ["d"]),
    ]
    assert troops.subject == "troops on the border"
    displaced = figures["more than 2,000"]
    assert not displaced.conflict
    assert [v.articles for v in displaced.values] == [["e"], ["f"]]


def test_two_durations_in_one_sentence_count_two_things() -> None:
    articles, sentences = story(
        [
            ("a", "The first round lasted nearly eight hours, the second should not exceed two hours.", 0),
            ("b", "The meeting lasted two hours on Friday.", 0),
            ("c", "After two hours of talks the ministers left.", 0),
        ]
    )
    figures = story_figures(articles, [], story_sentences=sentences)
    assert not any(f.conflict for f in figures)
    two = next(f for f in figures if f.values[0].value == 2)
    assert two.values[0].articles == ["a", "b", "c"]
    assert any(f.values[0].text == "nearly eight" and len(f.values) == 1 for f in figures)


def test_unrelated_counts_of_one_noun_stay_apart() -> None:
    articles, sentences = story(
        [
            ("a", "The rebellion has killed 13,000 people since 2014.", 0),
            ("b", "Seven people sat at each table.", 1),
        ]
    )
    figures = story_figures(articles, [], story_sentences=sentences)
    assert len(figures) == 2 and not any(f.conflict for f in figures)


def test_counts_of_one_noun_in_alike_sentences_need_a_shared_word_to_disagree() -> None:
    # topic 0 for all three: the sentences are as alike as vectors go; only their words tell them apart
    articles, sentences = story(
        [
            ("a", "Rescue teams in boats pulled more than 600 people from rooftops overnight.", 0),
            ("b", "Officials said two people remained missing in the highland district.", 0),
            ("c", "Boats pulled 800 people from rooftops in the night, rescuers said.", 0),
        ]
    )
    figures = story_figures(articles, [], story_sentences=sentences)
    rooftops = next(f for f in figures if f.values[0].text == "more than 600")
    assert [v.articles for v in rooftops.values] == [["a"], ["c"]] and not rooftops.conflict
    missing = next(f for f in figures if f.values[0].text == "two")
    assert [v.articles for v in missing.values] == [["b"]] and not missing.conflict


@pytest.mark.parametrize(
    ("stated", "other", "conflict"),
    [
        ("more than 600", "800", False),  # a floor agrees with any larger value
        ("more than 600", "450", True),
        ("up to 900", "500", False),  # a ceiling with any smaller one
        ("up to 900", "1,200", True),
        ("nearly 900", "500", True),  # "nearly" is just below, not anywhere below
    ],
)
def test_floors_and_ceilings_disagree_only_with_values_beyond_them(
    stated: str, other: str, conflict: bool
) -> None:
    articles, sentences = story(
        [
            ("a", f"Rescuers pulled {stated} people from rooftops.", 0),
            ("b", f"Rescuers pulled {other} people from rooftops.", 0),
        ]
    )
    (rooftops,) = story_figures(articles, [], story_sentences=sentences)
    assert len(rooftops.values) == 2 and rooftops.conflict is conflict


def test_sharing_only_the_words_that_write_the_numbers_is_no_shared_subject() -> None:
    articles, sentences = story(
        [
            ("a", "The council gave schools 5 million euros this spring.", 0),
            ("b", "The court fined the operator 9 million euros on appeal.", 0),
        ]
    )
    figures = story_figures(articles, [], story_sentences=sentences)
    assert len(figures) == 2 and not any(f.conflict for f in figures)


def test_values_orders_of_magnitude_apart_are_different_facts() -> None:
    articles, sentences = story(
        [
            ("a", "Oil traded at $90 a barrel as the company counted its costs.", 0),
            ("b", "The company counted its costs at $30 billion as oil traded higher.", 0),
            ("c", "Oil traded at $86 a barrel as the company counted its costs.", 0),
        ]
    )
    figures = story_figures(articles, [], story_sentences=sentences)
    assert sorted(sorted(a for v in f.values for a in v.articles) for f in figures) == [["a", "c"], ["b"]]


def test_durations_of_different_things_in_one_story_are_not_a_conflict() -> None:
    articles, sentences = story(
        [
            ("a", "The ministers met in Lindby, and their talks lasted nearly three hours.", 0),
            ("b", "The ministers met in Lindby; Norvia wants a notice period of at least 24 hours.", 0),
            ("c", "The ministers met in Lindby and agreed to set up a commission within 30 days.", 0),
            ("d", "The ministers met in Lindby; gauges warn three days ahead of a flood.", 0),
        ]
    )
    figures = story_figures(articles, [], story_sentences=sentences)
    assert not any(f.conflict for f in figures)
    assert all(len(f.values) == 1 for f in figures)


def test_one_meeting_given_two_lengths_is_still_a_conflict() -> None:
    articles, sentences = story(
        [
            ("a", "The talks between the two ministers in Lindby lasted three hours.", 0),
            ("b", "The talks between the two ministers in Lindby lasted nearly six hours.", 0),
        ]
    )
    (figure,) = story_figures(articles, [], story_sentences=sentences)
    assert figure.conflict and [v.articles for v in figure.values] == [["a"], ["b"]]


def test_one_value_in_two_copies_of_a_dispatch_is_one_fact_however_they_word_it() -> None:
    # two translations of one dispatch word the same eleven days differently (different topics here);
    # a third, independent report gives eleven days of something else
    articles, sentences = story(
        [
            ("a", "The ministers meet again, a diplomatic ballet that began 11 days ago in Lindby.", 0),
            ("b", "The new talks come 11 days after a first round in the Norvian capital gave little.", 1),
            ("c", "Rescuers searched the collapsed mine for 11 days before finding the miners.", 2),
            ("a", "Lindby's harbour had been closed for 11 days by the storm.", 3),
        ]
    )
    apart = story_figures(articles, [], story_sentences=sentences)
    assert sorted(v.articles for f in apart for v in f.values) == [["a"], ["a"], ["b"], ["c"]]
    family = Family(["a", "b"], "translation", [])
    together = story_figures(articles, [], story_sentences=sentences, families=[family])
    # the harbour's eleven days in "a" stay apart: one article naming a value twice may mean two things
    assert sorted(sorted(v.articles) for f in together for v in f.values) == [["a"], ["a", "b"], ["c"]]


def test_a_figure_label_says_what_is_counted_not_whose() -> None:
    articles, sentences = story(
        [
            ("a", "Varga sent 300 of his people to guard the northern canal.", 0),
            ("b", "Tellen sent 450 of his people to the canal.", 0),
        ]
    )
    subjects = [f.subject for f in story_figures(articles, [], story_sentences=sentences)]
    assert subjects and not any(s.split()[0] in {"his", "her", "their", "its"} for s in subjects)
