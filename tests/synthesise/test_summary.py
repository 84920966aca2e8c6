"""Cited extractive summaries: no repeats, no clutter, every outlet that states a sentence cited."""

from __future__ import annotations

import pytest

from helpers import dated_article
from storyfuse.analyse import analyse
from storyfuse.model import Article, SummarySentence
from storyfuse.synthesise.summary import MAX_SENTENCES, is_candidate, summarise_story

pytestmark = pytest.mark.slow


SHARED_LEAD = "Dock workers in Quellport walked out on Monday over a pay offer they called an insult."
STRIKE = [
    dated_article(
        "harbour-post",
        "2031-04-08",
        SHARED_LEAD,
        "The union said about 1,200 members had joined the strike at the container terminal.",
        "Read also: Ten things to do in Quellport this spring",
        "Ships queued outside the harbour as cranes stood idle through the night.",
    ),
    dated_article(
        "coast-wire",
        "2031-04-08",
        SHARED_LEAD,
        "Terminal managers said the walkout would cost the port several million crowns a day.",
        "— Quellport Union (@quellunion) April 7, 2031",
    ),
    dated_article(
        "evening-star",
        "2031-04-09",
        "The Quellport dock strike ended on Tuesday after the union accepted a revised pay offer.",
        "Union leaders agreed to put the deal to a members' vote next week.",
        "Dock workers in Quellport walked out on Monday over a pay offer they called insulting.",
    ),
]


def summary(
    articles: list[Article], max_sentences: int | None = MAX_SENTENCES, max_words: int | None = None
) -> list[SummarySentence]:
    return summarise_story(articles, analyse(articles), max_sentences=max_sentences, max_words=max_words)


def test_a_sentence_several_outlets_state_is_given_once_and_cites_them_all() -> None:
    sentences = summary(STRIKE)
    assert sorted(s.rank for s in sentences) == list(range(len(sentences)))
    assert next(s for s in sentences if s.rank == 0).text == SHARED_LEAD  # the most central leads
    texts = [s.text for s in sentences]
    walkouts = [s for s in sentences if "walked out on Monday" in s.text]
    assert len(walkouts) == 1  # the near-copy in evening-star is not taken again
    assert walkouts[0].articles == ["harbour-post", "coast-wire", "evening-star"]
    assert len(texts) == len(set(texts))


def test_teasers_and_embeds_are_never_summary_sentences() -> None:
    texts = [s.text for s in summary(STRIKE)]
    assert not any("Read also" in t or "@quellunion" in t for t in texts)
    assert not is_candidate("Read also: Ten things to do in Quellport this spring")
    assert not is_candidate("— Quellport Union (@quellunion) April 7, 2031 and more to come here")
    assert is_candidate("The union said about 1,200 members had joined the strike at the terminal.")


def test_the_outcome_an_article_reports_is_in_the_summary() -> None:
    texts = " ".join(s.text for s in summary(STRIKE, max_sentences=4))
    assert "ended on Tuesday" in texts or "members' vote next week" in texts


def test_sentences_read_in_time_order_and_cite_their_own_article() -> None:
    sentences = summary(STRIKE)
    days = {"harbour-post": 0, "coast-wire": 0, "evening-star": 1}
    first_days = [min(days[a] for a in s.articles) for s in sentences]
    assert first_days == sorted(first_days)
    for sentence in sentences:
        assert any(sentence.text in a.text for a in STRIKE if a.id in sentence.articles)


def test_length_limits() -> None:
    many = [
        dated_article(
            f"town{i}",
            "2031-04-08",
            *(
                f"Report {i}.{j} from the Quellport strike: crane {j} at berth {i} was idle {j + 2} hours."
                for j in range(6)
            ),
        )
        for i in range(4)
    ]
    assert len(summary(many)) <= MAX_SENTENCES
    short = summary(many, max_words=30, max_sentences=100)
    assert sum(len(s.text.split()) for s in short[:-1]) < 30  # only the last may run over
    assert summarise_story([], []) == []


def test_a_one_article_story_is_summarised_by_its_opening_without_embedding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = STRIKE[0]
    analyses = analyse([article])

    def no_embedding(*_: object, **__: object) -> None:
        raise AssertionError("a one-article summary needs no sentence vectors")

    monkeypatch.setattr("storyfuse.analyse.embed.embed_texts", no_embedding)
    summary = summarise_story([article], analyses, max_sentences=2)
    assert summary == [
        SummarySentence(SHARED_LEAD, ["harbour-post"], rank=0),
        SummarySentence(
            "The union said about 1,200 members had joined the strike at the container terminal.",
            ["harbour-post"],
            rank=1,
        ),
    ]


def test_an_outlet_rewording_what_it_is_already_cited_for_is_not_taken_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rewording = "The stoppage by dockers that began on Monday is about wages, their union said."
    articles = [
        STRIKE[0],
        dated_article("coast-wire", "2031-04-08", SHARED_LEAD, rewording),
        dated_article(
            "evening-star",
            "2031-04-09",
            "The Quellport dock strike ended on Tuesday after the union accepted a revised pay offer.",
        ),
    ]
    analyses = analyse(articles)
    monkeypatch.setattr("storyfuse.synthesise.summary.RESTATED_COSINE", 1.01)  # rule off
    assert rewording in {s.text for s in summarise_story(articles, analyses)}
    monkeypatch.undo()
    summary = summarise_story(articles, analyses)
    assert rewording not in {s.text for s in summary}
    assert SummarySentence(SHARED_LEAD, ["harbour-post", "coast-wire"]) in summary


def test_a_dateline_opening_a_paragraph_is_not_part_of_its_sentence() -> None:
    articles = [
        dated_article(
            "wire-copy",
            "2031-04-08",
            "QUELLPORT (Harbour Wire) - Dock workers in Quellport walked out on Monday over a pay offer.",
            "The union said about 1,200 members had joined the strike.",
        )
    ]
    (analysis,) = analyse(articles)
    first = analysis.sentences[0]
    assert first.text == "Dock workers in Quellport walked out on Monday over a pay offer."
    assert articles[0].text[first.start : first.end] == first.text
    assert any(s.text == first.text for s in summary(articles))


def test_a_quote_running_over_sentences_is_one_sentence_and_never_leaves_a_paragraph() -> None:
    articles = [
        dated_article(
            "quay-news",
            "2031-04-08",
            "“We did not strike against anyone. We struck to be heard,” the union leader told the crowd. "
            "Ships waited.",
            "“Nobody listened.",  # a paragraph that opens a quote and never closes it
            "The port reopened on Tuesday.",
        )
    ]
    (analysis,) = analyse(articles)
    texts = [s.text for s in analysis.sentences]
    assert texts == [
        "“We did not strike against anyone. We struck to be heard,” the union leader told the crowd.",
        "Ships waited.",
        "“Nobody listened.",
        "The port reopened on Tuesday.",
    ]
    assert all(articles[0].text[s.start : s.end] == s.text for s in analysis.sentences)


def test_a_story_without_a_plain_statement_is_summarised_by_what_ends_as_a_sentence() -> None:
    # a gallery: captions without their full stop, and one short line that is a sentence
    gallery = [
        dated_article(
            "pictures",
            "2031-05-02",
            "Boats gather off the north quay at dawn as the fog lifts over the Lindquay bay",
            "Crowds line the pier.",
            "A sailor waves to the crowd from the deck of the winning boat in the harbour",
        )
    ]
    assert [s.text for s in summary(gallery)] == ["Crowds line the pier."]


@pytest.mark.parametrize(
    ("text", "candidate"),
    [
        ("After the flood the fishing villages of Varnholm are ‘on the edge of ruin’", False),  # a headline
        ("Flood barrier in Varnholm ` holding as planned '", False),
        ("The mayor called the new flood barrier of Varnholm “a disgrace to the town”.", True),
        ("“The barrier will hold through the spring floods,” the mayor of Varnholm said.", True),
        ("The mayor of Varnholm said the barrier would hold through the spring “without fail.”", True),
    ],
)
def test_a_quote_closing_without_a_full_stop_ends_a_headline(text: str, candidate: bool) -> None:
    assert is_candidate(text) is candidate
