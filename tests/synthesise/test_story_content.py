"""What a story says on scraped news (issue 17): sentence eligibility, headlines, timeline citations and
span, numbers that name things, speakers distinct from the people they speak of. Fixtures are fictional."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import numpy as np
import pytest

from helpers import dated_article
from storyfuse.analyse.dates import find_dates
from storyfuse.model import Analysis, Article, Block, DateGuess, Figure, Mention, Sentence
from storyfuse.synthesise import headline
from storyfuse.synthesise.eligible import (
    boilerplate,
    clean_title,
    clutter_kind,
    shorten,
    stands_alone,
    trim_lead,
)
from storyfuse.synthesise.entities import resolve_story_entities
from storyfuse.synthesise.quotes import article_quotes, shown_quote, story_quotes
from storyfuse.synthesise.story_sentences import StorySentences
from storyfuse.synthesise.summary import summarise_story
from storyfuse.synthesise.timeline import _DateEvidence, _spanning, build_timeline


def analysed(article: Article, people: tuple[str, ...] = ()) -> Analysis:
    """Sentences split on end punctuation within each paragraph; every name of `people` a PERSON mention."""
    text = article.text
    sentences = [
        Sentence(article.id, i, m.group(), m.start(), m.end())
        for i, m in enumerate(re.finditer(r"[^\s].*?(?:[.!?][”\"]?(?=\s|$)|$)", text, re.MULTILINE))
    ]
    mentions = []
    for name in sorted(people, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(m.start < match.end() and match.start() < m.end for m in mentions):
                continue
            index = next(s.index for s in sentences if s.start <= match.start() < s.end)
            mentions.append(Mention(article.id, name, "PERSON", match.start(), match.end(), index))
    return Analysis(article.id, sentences, sorted(mentions, key=lambda m: m.start), [])


def story_of(articles: list[Article], people: tuple[str, ...] = ()) -> tuple[list[Analysis], StorySentences]:
    analyses = [analysed(a, people) for a in articles]
    sentences = StorySentences.of(articles, analyses)
    # vectors of no meaning: what is tested must come from words and rules alone
    sentences._vectors = np.zeros((len(sentences.sentences), 4), dtype=np.float32)
    return analyses, sentences


# --- eligibility -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("THIS IS A RUSH TRANSCRIPT. This copy may not be in its final form.", "transcript"),
        ("Editor's Note: This page is updated as the flood waters move north.", "editor's note"),
        ("(Reporting by Ada Quint; Editing by Osip Varga)", "byline"),
        ("By Ada Quint Varnholm News, Quellport", "byline"),  # a byline with its outlet and place
        ("Satellite image of the Varnholm quay taken on 13 March.", "caption"),
        ("Footage from the air shows the extent of the flood in Varnholm caused by the storm.", "caption"),
        ("Images of the flood in Varnholm have shocked the whole country.", None),
        ("N) said on Thursday it stopped the flow of water into the harbour.", "fragment"),
        (
            "March 3, 2031 at 12:43 am | Reply I have read this paper for years and never seen such a mess.",
            "comment",
        ),
        ("quellfan77 said: I have read this paper for years and never seen such a mess.", "comment"),
        ("Tuesday in Varnholm, 9:08 p.m.", "stamp"),
        ("Views expressed in the comments do not represent those of the Varnholm Echo.", "footer"),
        ("Copyright 2031 Varnholm Echo. All rights reserved.", "footer"),
        ("*", "fragment"),
        ("FLOOD BARRIER HOLDS AT THE NORTH QUAY", "heading"),
        ("Read more: the bridge that nobody wanted", "navigation"),
        ("At 11:49 am on 3 March 2031, quellfan wrote: the council has failed us all again.", "comment"),
        ("Share your thoughts by sending us a response on our Twitter page.", "footer"),
        ("Flood diary Update March 13 at 2:50 p.m.", "stamp"),
        ("May 28: The harbour master speaks beside the new quay in Varnholm.", "caption"),
        ("July 17, 2031: The new barrier is shown at the mouth of the river.", "caption"),
        # the present's participles are no past: "is lowered", "has flooded", "photographed by"
        ("May 6: A pump is lowered into the river at the north quay of Varnholm.", "caption"),
        ("May 8: A ferry makes its way through water that has flooded the quay.", "caption"),
        ("May 9: This picture photographed by a resident shows the quay under water.", "caption"),
        ("May 10: Flooded streets are seen from the church tower in Varnholm.", "caption"),
    ],
)
def test_clutter_is_named_by_its_class(sentence: str, kind: str) -> None:
    assert clutter_kind(sentence) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "The Varnholm council voted on Friday to close the old harbour bridge.",
        "March 3, 2031 was the wettest day the town had recorded in a century.",
        "The meeting starts at 10:30 a.m. on Monday in the main hall of the town council.",
        "“We will reopen the quay before the spring floods,” the mayor said.",
        "March 17: The Varnholm council voted to close the old harbour bridge.",  # a chronology's entry
    ],
)
def test_news_sentences_are_eligible(sentence: str) -> None:
    assert clutter_kind(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        (
            "VARNHOLM | Tue Mar 11, 2031 6:19 am EDT VARNHOLM (Reuters) - The quay flooded at dawn.",
            "The quay flooded at dawn.",
        ),
        (
            "Mon Feb 28, 2031 10:35 pm GMT QUELLPORT (Reuters) - Dock workers walked out.",
            "Dock workers walked out.",
        ),
        (
            "Page last updated at 07:48 GMT, Tuesday, 8 March 2031 The trial of the mayor ended.",
            "The trial of the mayor ended.",
        ),
        (
            "Friday, March 7, 2031; 8:45 PM The harbour authority reviewed its first permit.",
            "The harbour authority reviewed its first permit.",
        ),
        (
            "Full Article Quay floods again LINDQUAY | Sun Mar 9, 2031 12:02 pm IST LINDQUAY"
            " (Reuters) - Water rose.",
            "Water rose.",
        ),
        ("March 3, 2031 was the wettest day on record.", "March 3, 2031 was the wettest day on record."),
        (
            "Police said it began on March 3, 2031 at 10:30 a.m. in the square.",
            "Police said it began on March 3, 2031 at 10:30 a.m. in the square.",
        ),
        ("Help is on the way for the flooded town.", "Help is on the way for the flooded town."),
        ("Help A dock worker told the inquiry of the flood.", "A dock worker told the inquiry of the flood."),
        ("Photograph: Ada Quint/AP A dock worker told the inquiry.", "A dock worker told the inquiry."),
        (
            "Photograph: Ada Quint/AFP/Getty The port has come under pressure.",
            "The port has come under pressure.",
        ),
        (
            "Photograph: Ada C. Quint/AP The port has come under pressure.",
            "The port has come under pressure.",
        ),
        ("Photograph: KPA/Zuma/Rex Features Last night the port closed.", "Last night the port closed."),
        ("Photograph: AP Nine dock workers told the inquiry.", "Nine dock workers told the inquiry."),
        ("Photograph: Reuters The two ports closed.", "The two ports closed."),
        (  # a numeric stamp, then a byline and dateline longer than a dateline alone
            "2031 03 11 06:19 JST By Ada Quintana and Ines Holmberg NORTH VARNHOLM (Reuters) - It flooded.",
            "It flooded.",
        ),
        ("2031 was the wettest year Varnholm had known.", "2031 was the wettest year Varnholm had known."),
        (
            "Photograph: Ines Holm When the quay flooded, the port closed.",
            "When the quay flooded, the port closed.",
        ),
        (
            "Photograph: Ada Quint Of all the ports, Varnholm was hit hardest.",
            "Of all the ports, Varnholm was hit hardest.",
        ),
        ("Photograph: The quay at dawn.", "Photograph: The quay at dawn."),  # no photographer named
        ("Help Varnholm families by giving now.", "Help Varnholm families by giving now."),
        ("QUELLPORT/VARNHOLM (Reuters) - The two ports closed.", "The two ports closed."),
        ("Mar 11 (Reuters) - The two ports closed.", "The two ports closed."),
        (
            "Quay floods again 6 March 2031 Last updated at 01:53 GMT The two ports closed.",
            "The two ports closed.",
        ),
        (
            "The flood reached the quay on Tuesday 5 March 2031 at 14:37 GMT, officials said.",
            "The flood reached the quay on Tuesday 5 March 2031 at 14:37 GMT, officials said.",
        ),
        (  # a menu's label after the page's stamp
            "Quay floods again 6 March 2031 Last updated at 01:53 GMT Help Harbour workers went home.",
            "Harbour workers went home.",
        ),
        (  # a heading in capitals run into the sentence after it
            "NEW GATES FOR THE FLOODED QUAY In June, the port fitted a first gate.",
            "In June, the port fitted a first gate.",
        ),
        ("UN WHO Chief Ada Vell visited the quay.", "UN WHO Chief Ada Vell visited the quay."),  # acronyms
        ("NATO AND EU ships left the quay.", "NATO AND EU ships left the quay."),  # no capital follows
    ],
)
def test_a_leading_stamp_and_dateline_are_cut_from_their_sentence(sentence: str, kept: str) -> None:
    assert trim_lead(sentence) == kept


def test_a_line_one_source_repeats_across_different_articles_is_boilerplate() -> None:
    footer = "Readers may send the Echo their photographs of the flood."
    lines = [
        (f"echo{i}", "echo", text) for i in range(3) for text in (footer, f"Story {i} about the quay {i}.")
    ]
    lines += [(f"copy{i}", "wire", text) for i in range(3) for text in ("The quay flooded.", "Water rose.")]
    found = boilerplate(lines)
    assert found == {"readers may send the echo their photographs of the flood"}  # copies repeat everything


def test_the_summary_never_takes_clutter() -> None:
    article = dated_article(
        "echo",
        "2031-03-11",
        "Tue Mar 11, 2031 6:19 am EDT VARNHOLM (Reuters) - The north quay of Varnholm"
        " flooded at dawn on Tuesday.",
        "THIS IS A RUSH TRANSCRIPT. This copy may not be in its final form.",
        "Editor's Note: This article is being updated as the water rises.",
        "Rescue boats took forty residents of the old town to the school on the hill.",
    )
    analyses, sentences = story_of([article])
    summary = [s.text for s in summarise_story([article], analyses, story_sentences=sentences)]
    assert summary == [
        "The north quay of Varnholm flooded at dawn on Tuesday.",
        "Rescue boats took forty residents of the old town to the school on the hill.",
    ]


# --- headlines ---------------------------------------------------------------------------------------


def test_a_story_without_titles_is_headed_by_a_whole_first_sentence_of_news() -> None:
    long_sentence = "The regional council of Varnholm " + "and its many committees " * 12 + "met again."
    article = dated_article(
        "echo",
        "2031-03-11",
        "VARNHOLM | Tue Mar 11, 2031 6:19 am EDT VARNHOLM (Reuters) - The north quay"
        " flooded at dawn on Tuesday.",
        long_sentence,
    )
    analyses, sentences = story_of([article])
    assert headline([article], analyses, sentences) == "The north quay flooded at dawn on Tuesday."
    assert len(long_sentence) > 200
    cut = shorten(long_sentence, 200)
    assert len(cut) <= 200 and cut.endswith("…") and long_sentence.startswith(cut[:-1]) and cut[-2] != " "
    assert long_sentence[len(cut) - 1] == " "  # cut between words


@pytest.mark.parametrize(
    ("title", "site", "cleaned"),
    [
        ("Quay floods again - Varnholm Echo", "varnholm-echo.example", "Quay floods again"),
        ("Echo | Quay floods again", None, "Quay floods again"),
        ("Mayor – council talks end without a deal", None, "Mayor – council talks end without a deal"),
        ("<h1 class='x'>Quay floods <b>again</b></h1>", None, "Quay floods again"),
        ("VARNHOLM | Tue Mar 11, 2031 6:19 am EDT VARNHOLM (Reuters) - Quay floods", None, "Quay floods"),
        ("<div><p>" + "word " * 3000, None, None),
    ],
)
def test_titles_lose_markup_datelines_and_site_names(
    title: str, site: str | None, cleaned: str | None
) -> None:
    assert clean_title(title, site) == cleaned


# --- timeline ----------------------------------------------------------------------------------------


def test_numbers_that_name_things_are_not_years() -> None:
    text = "Resolution 1931 passed; Flight 1549 landed at 1900 GMT. In 1931 the quay was built."
    assert [(m.text, m.value) for m in find_dates(text, None) if m.granularity == "year"] == [
        ("1931", "1931")
    ]


def test_an_entry_cites_the_articles_that_state_it_not_all_that_name_its_day() -> None:
    articles = [
        dated_article(
            "a", "2031-03-12", "The Varnholm council voted on March 11 to close the harbour bridge for good."
        ),
        dated_article(
            "b", "2031-03-12", "The Varnholm council voted on March 11 to close the harbour bridge."
        ),
        dated_article(
            "c",
            "2031-03-12",
            "Fishing boats returned to Quellport on March 11 with a record catch of herring.",
        ),
    ]
    analyses, sentences = story_of(articles)
    entries = {e.date: e for e in build_timeline(articles, analyses, story_sentences=sentences)}
    assert "harbour bridge" in entries["2031-03-11"].text
    assert entries["2031-03-11"].articles == ["a", "b"]


def test_a_reader_comment_is_never_an_event() -> None:
    articles = [
        dated_article(
            "a",
            "2031-03-12",
            "The Varnholm council voted on Tuesday to close the harbour bridge.",
            "March 2, 2031 at 12:43 am | Reply I remember when the bridge was built in 1962 by my uncle.",
        )
    ]
    analyses, sentences = story_of(articles)
    dates = {e.date for e in build_timeline(articles, analyses, story_sentences=sentences)}
    assert "2031-03-02" not in dates and "1962" not in dates
    assert "2031-03-11" in dates


def test_the_timeline_reaches_the_story_s_last_days() -> None:
    early = [_DateEvidence(f"2031-03-{d:02d}", "day", weight=10.0 - d / 10) for d in range(1, 9)]
    late = _DateEvidence("2031-03-28", "day", weight=1.0)
    published = Counter({date_of(e.value): 1 for e in [*early, late]})
    chosen = _spanning([*early, late], 5, published)
    assert late in chosen and len(chosen) == 5 and early[0] in chosen


def date_of(value: str) -> date:
    return date.fromisoformat(value)


# --- quotes ------------------------------------------------------------------------------------------


def quotes(paragraphs: list[str], people: tuple[str, ...]) -> list[tuple[str | None, str]]:
    article = Article(
        "a",
        "/a.txt",
        "text",
        "a",
        None,
        [Block(p) for p in paragraphs],
        published=DateGuess("2031-03-11", "input", 0.9),
    )
    analyses, sentences = story_of([article], people)
    entities = resolve_story_entities([article], analyses)
    return [
        (q.speaker, q.text) for q in story_quotes([article], analyses, entities, story_sentences=sentences)
    ]


def test_a_spokesman_s_words_are_not_his_leader_s() -> None:
    found = quotes(
        ["Osip Varga’s spokesman said: “The government will not resign over the flooding of the quay.”"],
        ("Osip Varga",),
    )
    assert found == [(None, "The government will not resign over the flooding of the quay.")]


def test_relatives_who_share_a_surname_stay_apart() -> None:
    found = quotes(
        [
            "Osip Varga met the council on Monday.",
            "Osip Varga’s son, Pavel Varga, told reporters: “My father will never leave the capital.”",
            "“We will rebuild every house on the quay,” Osip Varga said.",
        ],
        ("Osip Varga", "Pavel Varga"),
    )
    assert ("Pavel Varga", "My father will never leave the capital.") in found
    assert ("Osip Varga", "We will rebuild every house on the quay") in found


def test_a_correspondent_s_sign_off_is_not_a_speaker() -> None:
    found = quotes(
        [
            "The ambassador Osip Varga spoke to the council on Monday.",
            "Ines Holm BBC",
            "“We will not send more troops to the border,” he said.",
        ],
        ("Osip Varga", "Ines Holm"),
    )
    assert found == [("Osip Varga", "We will not send more troops to the border")]


def test_a_line_in_capitals_is_not_a_quote() -> None:
    article = Article(
        "a", "/a.txt", "text", "a", None, [Block("“THE QUAY WILL STAND AGAINST THE SEA,” READ THE BANNER")]
    )
    analysis = analysed(article)
    found = article_quotes(article, analysis, resolve_story_entities([article], [analysis]))
    assert found and not any(shown_quote(q) for q in found)


def test_a_surname_ner_missed_still_names_its_speaker() -> None:
    article = Article(
        "a", "/a.txt", "text", "a", None,
        [Block("Mara Tellen visited the quay."), Block("“The barrier held through the night,” Tellen said.")],
    )  # fmt: skip
    analysis = analysed(article)
    first = Mention("a", "Mara Tellen", "PERSON", 0, 11, 0)  # NER found only the full name
    analysis.mentions = [first]
    found = article_quotes(article, analysis, resolve_story_entities([article], [analysis]))
    assert [(q.speaker, q.text) for q in found] == [("Mara Tellen", "The barrier held through the night")]


# --- entities ----------------------------------------------------------------------------------------


def test_a_silent_person_written_in_at_or_near_is_a_place_and_date_pieces_are_no_one() -> None:
    text = (
        "Rebels held Brega on Friday. Fighting went on in Brega and near Ras Lanuf. Troops shelled "
        "positions in Ras Lanuf. Osip Varga said the town would hold. In Brega the shops were closed. "
        "Sat Mar 8 was quiet. The rally in Varga's home town of Quellport was small, and in Varga's view "
        "a success."
    )
    article = Article("a", "/a.txt", "text", "a", None, [Block(text)])
    analysis = analysed(article, ("Brega", "Ras Lanuf", "Osip Varga", "Sat Mar 8", "Varga"))
    found = {e.name: e.type for e in resolve_story_entities([article], [analysis]).entities}
    assert found == {"Brega": "PLACE", "Ras Lanuf": "PLACE", "Osip Varga": "PERSON"}


# --- figures -----------------------------------------------------------------------------------------


def compared_figures(*articles: Article) -> list[Figure]:
    """The story's figures of two values or more, its sentences all alike (words and days decide)."""
    from storyfuse.synthesise.figures import story_figures

    analyses = [analysed(a) for a in articles]
    sentences = StorySentences.of(list(articles), analyses)
    sentences._vectors = np.ones((len(sentences.sentences), 4), dtype=np.float32) / 2  # all alike
    figures = story_figures(list(articles), analyses, story_sentences=sentences)
    return [f for f in figures if len(f.values) > 1]


def conflicts(*articles: Article) -> list[tuple[str, list[str], bool]]:
    return [(f.subject, [v.text for v in f.values], f.conflict) for f in compared_figures(*articles)]


def test_two_outlets_giving_different_counts_of_one_day_disagree() -> None:
    found = conflicts(
        dated_article("a", "2031-03-10", "Police said 300 protesters marched in Varnholm."),
        dated_article("b", "2031-03-10", "Organisers said 3,000 protesters marched in Varnholm."),
    )
    assert [c for _, _, c in found] == [True]


def test_counts_of_different_weeks_are_a_series_not_a_conflict() -> None:
    found = conflicts(
        dated_article("a", "2031-03-10", "Police said 300 protesters marched in Varnholm."),
        dated_article("b", "2031-03-24", "Organisers said 3,000 protesters marched in Varnholm."),
    )
    assert found and not any(c for _, _, c in found)


def test_counts_written_on_consecutive_days_are_a_series_not_a_conflict() -> None:
    # an outbreak's count the day after is another moment of it, not another outlet's disagreement
    found = conflicts(
        dated_article("a", "2031-03-10", "Officials said 79 suspected cases were found in Varnholm."),
        dated_article("b", "2031-03-11", "Officials said 1,600 suspected cases were found in Varnholm."),
    )
    assert found and not any(c for _, _, c in found)


def test_a_series_over_days_keeps_its_days_and_disputes_only_the_values_of_one_day() -> None:
    (figure,) = compared_figures(
        dated_article("c", "2031-03-12", "Officials said 1,600 suspected cases were found in Varnholm."),
        dated_article("a", "2031-03-10", "Officials said 79 suspected cases were found in Varnholm."),
        dated_article("b", "2031-03-11", "Officials said 640 suspected cases were found in Varnholm."),
        dated_article("d", "2031-03-12", "Doctors said 400 suspected cases were found in Varnholm."),
    )
    assert figure.series and figure.conflict and figure.marks_disputed()
    shown = [(v.reported, v.text, v.disputed) for v in figure.ordered_values()]
    assert shown == [
        ("2031-03-10", "79", False),
        ("2031-03-11", "640", False),
        ("2031-03-12", "1,600", True),
        ("2031-03-12", "400", True),
    ]


def test_a_year_s_total_beside_a_day_s_count_is_no_conflict() -> None:
    found = conflicts(
        dated_article("a", "2031-03-10", "Officials said 300 people died on the Varnholm roads this year."),
        dated_article("b", "2031-03-10", "Officials said 30 people died on the Varnholm roads."),
    )
    assert found and not any(c for _, _, c in found)


def test_a_rise_beside_a_level_is_no_conflict() -> None:
    found = conflicts(
        dated_article("a", "2031-03-10", "The union said 3,000 members joined the dock strike."),
        dated_article("b", "2031-03-10", "The union said it rose by 300 members in the dock strike."),
    )
    assert not any(c for _, _, c in found)


@pytest.mark.parametrize(
    ("credit", "named"),
    [
        ("Ines Holm/AFP/Getty Images", "Ines Holm/AFP/Getty Images"),
        ("Ines Holm/AP", "Ines Holm/AP Varnholm"),  # run into the next word by NER
        ("Ines Holm/AP", "Ines Holm/"),  # cut at its slash
        ("Ines Holm/EPA", "Ines Holm"),  # the agency left out
    ],
)
def test_a_photograph_s_credit_is_no_entity_of_the_story(credit: str, named: str) -> None:
    article = Article(
        "a", "/a.txt", "text", "a", None,
        [Block(f"Photograph: {credit} Varnholm envoy Osip Varga met the council on Monday.")],
    )  # fmt: skip
    analysis = analysed(article, ("Osip Varga", named))
    assert [e.name for e in resolve_story_entities([article], [analysis]).entities] == ["Osip Varga"]


def test_a_correspondent_s_sign_off_is_no_entity_of_the_story() -> None:
    article = Article(
        "a", "/a.txt", "text", "a", None,
        [Block("The ambassador Osip Varga met the council on Monday."), Block("Ines Holm BBC")],
    )  # fmt: skip
    analysis = analysed(article, ("Osip Varga", "Ines Holm"))
    assert [e.name for e in resolve_story_entities([article], [analysis]).entities] == ["Osip Varga"]


def test_a_story_without_titles_is_headed_by_a_first_sentence_that_stands_alone() -> None:
    article = dated_article(
        "lean",
        "2031-03-11",
        "Speaking to the harbour council, he said the north quay would stay closed until the spring.",
        "Months later, the quay was still closed to the ferries of the northern route.",
        "Harbour master Ines Holm closed the north quay of Varnholm after the flood on Tuesday.",
    )
    analyses, sentences = story_of([article])
    assert headline([article], analyses, sentences) == (
        "Harbour master Ines Holm closed the north quay of Varnholm after the flood on Tuesday."
    )
    only = dated_article("only", "2031-03-11", "But the ferry sailed again on Tuesday from the south quay.")
    analyses, sentences = story_of([only])
    # no sentence stands alone: the first is still the headline
    assert (
        headline([only], analyses, sentences) == "But the ferry sailed again on Tuesday from the south quay."
    )
    other = dated_article(
        "other", "2031-03-12", "The Varnholm ferry sailed again from the south quay on Tuesday."
    )
    analyses, sentences = story_of([only, other])
    # the most central article's first sentences all lean on what came before: the next article's heads
    assert not analyses[0].embedding and not analyses[1].embedding  # story order is centrality
    assert headline([only, other], analyses, sentences) == (
        "The Varnholm ferry sailed again from the south quay on Tuesday."
    )


@pytest.mark.parametrize(
    ("sentence", "alone"),
    [
        ("The north quay flooded at dawn on Tuesday.", True),
        ("In Varnholm, the council met on Monday.", True),
        ("Speaking to the council, she said the quay would close.", False),
        ("However, the ferry sailed.", False),
        ("Two weeks later, the quay reopened.", False),
        ("“They will pay,” he said.", False),
        ("This is the third flood in a year.", False),
        ("It is hoped the new wall will keep the river out of the quay.", True),  # an "it" for nothing
        ("It was the third flood in a year.", False),
    ],
)
def test_a_sentence_stands_alone_unless_it_leans_on_the_one_before(sentence: str, alone: bool) -> None:
    assert stands_alone(sentence) is alone


def test_a_title_a_flattened_page_ran_into_its_first_sentence_heads_the_story_alone() -> None:
    article = dated_article(
        "flat",
        "2031-03-11",
        "Ferry service resumes in Varnholm The first ferry left the north quay at dawn on Tuesday, a week"
        " after the flood.",
    )
    analyses, sentences = story_of([article])
    assert headline([article], analyses, sentences) == "Ferry service resumes in Varnholm"
    # a capitalised function word that opens a name, or one after a word that needs more, is no boundary
    for text in (
        "Ada Quint told The Varnholm Gazette that the north quay would reopen on Tuesday.",
        "Officials in Varnholm said The quay would stay shut until the water went down.",
    ):
        article = dated_article("whole", "2031-03-11", text)
        analyses, sentences = story_of([article])
        assert headline([article], analyses, sentences) == text


# --- figures of stated days, time zones in datelines (issue 17, second pass) --------------------------


def test_counts_stated_of_different_days_are_no_conflict_whenever_they_were_written() -> None:
    found = conflicts(
        dated_article("a", "2031-03-12", "Police said 300 protesters marched in Varnholm on March 9."),
        dated_article("b", "2031-03-12", "Organisers said 3,000 protesters marched in Varnholm on March 11."),
    )
    assert found and not any(c for _, _, c in found)


def test_counts_of_one_stated_day_disagree_though_written_days_apart() -> None:
    found = conflicts(
        dated_article("a", "2031-03-10", "Police said 300 protesters marched in Varnholm on March 9."),
        dated_article("b", "2031-03-20", "Organisers said 3,000 protesters marched in Varnholm on March 9."),
    )
    assert [c for _, _, c in found] == [True]


def test_a_clock_s_time_zone_opening_a_dateline_names_no_organisation() -> None:
    text = (
        "VARNHOLM | Tue Mar 11, 2031 6:19 am BST VARNHOLM (Reuters) - The quay flooded. "
        "Rescue boats reached Varnholm at noon."
    )
    article = Article("a", "/a.txt", "text", "a", None, [Block(text)])
    analysis = analysed(article)
    zone_at = text.index("BST VARNHOLM")
    town_at = text.index("Varnholm at")
    analysis.mentions = [
        Mention("a", "BST VARNHOLM", "ORG", zone_at, zone_at + 12, 0),
        Mention("a", "Varnholm", "GPE", town_at, town_at + 8, 1),
    ]
    found = {(e.name, e.type) for e in resolve_story_entities([article], [analysis]).entities}
    assert all(not name.startswith("BST") for name, _ in found)
    assert ("Varnholm", "PLACE") in found and not any(kind == "ORG" for _, kind in found)


# --- speakers: attributions whatever their verb (PolNeAR train, 2026-12-02) ------------------------------


def test_a_quote_opening_the_paragraph_after_a_colon_is_said_by_the_sentence_announcing_it() -> None:
    found = quotes(
        ["Osip Varga met the council on Monday.", "Osip Varga continued:",
         "“We will rebuild every house on the quay before the spring floods.”"],
        ("Osip Varga",),
    )  # fmt: skip
    assert found == [("Osip Varga", "We will rebuild every house on the quay before the spring floods.")]


def test_a_colon_announcing_a_quote_gives_it_to_the_clause_s_subject_whatever_its_verb() -> None:
    found = quotes(
        ["As Ada Quint observed, the winner was the harbour itself: “The harbour carried the whole town"
         " through the storm.”"],
        ("Ada Quint",),
    )  # fmt: skip
    assert found == [("Ada Quint", "The harbour carried the whole town through the storm.")]


def test_a_name_and_one_reporting_word_after_a_quote_s_comma_say_it() -> None:
    found = quotes(
        ["Osip Varga toured the quay.",
         "“The barrier held through the night and will hold again,” Varga concludes."],
        ("Osip Varga", "Varga"),
    )  # fmt: skip
    assert found == [("Osip Varga", "The barrier held through the night and will hold again")]


def test_the_person_a_sentence_opens_with_says_the_words_it_quotes_after_a_verb() -> None:
    found = quotes(
        ["Ada Quint thanked the council for “keeping the quay open through the worst storm in a century.”",
         "Rescue crews worked beside Osip Varga on the “oldest and weakest wall of the old harbour”."],
        ("Ada Quint", "Osip Varga"),
    )  # fmt: skip
    assert ("Ada Quint", "keeping the quay open through the worst storm in a century.") in found
    assert ("Osip Varga", "oldest and weakest wall of the old harbour") not in found


def test_a_body_named_by_its_last_word_and_a_drug_written_in_lower_case_are_no_people() -> None:
    text = (
        "The Harbour Protection Agency closed the quay. Osip Varga said the doctors gave him quellazine. "
        "Quellazine is a sedative used before surgery. Harbour Protection Agency staff checked Quellazine "
        "stocks, and Varga said he would rest."
    )
    article = Article("a", "/a.txt", "text", "a", None, [Block(text)])
    analysis = analysed(article, ("Harbour Protection Agency", "Quellazine", "Osip Varga", "Varga"))
    found = {e.name: e.type for e in resolve_story_entities([article], [analysis]).entities}
    assert found == {"Harbour Protection Agency": "ORG", "Quellazine": "MISC", "Osip Varga": "PERSON"}


def test_a_statement_ends_as_sentences_do() -> None:
    from storyfuse.synthesise.story_sentences import is_statement

    assert is_statement("The council met on Monday and agreed to reopen the quay.", 7, 60)
    assert is_statement("“We will rebuild the quay before the floods,” she said.", 7, 60)
    assert is_statement("They called the night ` the worst storm in forty years . '", 7, 60)  # spaced marks
    # a heading, a byline or a page's line: no full stop, also when a quoted phrase closes it
    assert not is_statement("They called the night “the worst storm in forty years”", 7, 60)
    assert not is_statement("Ferry service resumes in Varnholm after the winter floods", 7, 60)
    assert not is_statement("By Ines Holm Varnholm Gazette, on the north quay", 7, 60)
    assert not is_statement("Will the council reopen the quay before the floods?", 7, 60)
    # scripts without case, and French quotes, open statements too
    assert is_statement("瓦恩霍尔姆 港口 周一 重新 开放 了 北 码头 。", 7, 60)
    assert is_statement("« Nous reconstruirons le quai avant les crues », a dit Osip Varga.", 7, 60)


def test_a_gallery_s_dated_captions_are_no_news_while_a_chronology_s_entries_are() -> None:
    gallery = dated_article(
        "gallery",
        "2031-06-30",
        "The flood reached the harbour of Varnholm in the spring and stayed for weeks.",
        "May 8: A remote operated pump is lowered from the quay into the flooded harbour.",
        "May 22: Mud from the river washes up on the beach of the north quay.",
        "June 24: Police tape guards the harbour steps after officials closed them to walkers.",
    )
    chronology = dated_article(
        "chronology",
        "2031-06-30",
        "The flood reached the harbour of Varnholm in the spring and stayed for weeks.",
        "May 8: The council voted to close the north quay to ferries.",
        "May 22: The harbour master reopened the south quay.",
        "June 24: The ferries returned to the north quay.",
    )
    # one caption's adjective ("remote operated") or clause ("officials closed") reads as a past; the
    # gallery's other captions tell what the page is
    for article, shown in ((gallery, False), (chronology, True)):
        _, sentences = story_of([article])
        assert sentences.news[1:] == [shown] * 3, article.id


def entities_of(text: str, labelled: tuple[str, str]) -> dict[str, str]:
    """The story entities (name: type) of a one-sentence article naming Osip Varga, with NER's
    `labelled` (text, label) mention added before his."""
    article = Article("a", "/a.txt", "text", "a", None, [Block(text)])
    analysis = analysed(article, ("Osip Varga",))
    surface, label = labelled
    start = text.index(surface)
    analysis.mentions.insert(0, Mention("a", surface, label, start, start + len(surface), 0))
    return {e.name: e.type for e in resolve_story_entities([article], [analysis]).entities}


@pytest.mark.parametrize("mention", ["GMT Help", "09:43 GMT Help"])  # NER may take the clock too
def test_a_menu_label_after_a_clock_s_zone_is_no_entity(mention: str) -> None:
    found = entities_of(
        "6 March 2031 Last updated at 09:43 GMT Help The envoy Osip Varga met the council.", (mention, "FAC")
    )
    assert found == {"Osip Varga": "PERSON"}


def test_a_body_after_a_role_of_someone_else_stays_a_body() -> None:
    found = entities_of(
        "The head of the Quellport Harbour Fund said it would help. Osip Varga, a trader, agreed.",
        ("the Quellport Harbour Fund", "ORG"),
    )
    # "head of" is the role of the fund's head, not of the fund; "a trader" is Varga's
    assert found == {"Quellport Harbour Fund": "ORG", "Osip Varga": "PERSON"}


@pytest.mark.parametrize("label", ["ORG", "PERSON"])
def test_a_body_after_a_role_of_someone_else_and_an_article_stays_a_body(label: str) -> None:
    found = entities_of(
        "The civilian head of the Quellport Harbour Fund is missing. Osip Varga, a trader, said so.",
        ("Quellport Harbour Fund", label),
    )
    # NER left "the" out of the name: "head of the" is still the role of someone else
    assert found["Quellport Harbour Fund"] != "PERSON"
    assert found["Osip Varga"] == "PERSON"


def test_a_word_tagged_a_person_no_more_often_than_a_body_is_the_body_unless_it_is_a_name() -> None:
    text = (
        "Zentrix will ship the drug in May. Osip Varga, the health minister, praised Zentrix. "
        "Varga said the doses would reach the coast first, and Varga thanked the nurses. "
        "Tamsk said the tour would go on. The crowd cheered Tamsk."
    )
    article = Article("a", "/a.txt", "text", "a", None, [Block(text)])
    analysis = analysed(article, ("Osip Varga",))
    labels = [
        ("Zentrix", "PERSON"), ("Zentrix", "ORG"), ("Varga", "PERSON"), ("Varga", "ORG"),
        ("Tamsk", "PERSON"), ("Tamsk", "ORG"),
    ]  # fmt: skip
    taken: dict[str, int] = {}
    for surface, label in labels:  # each label on the next mention of its word
        start = text.index(surface, taken.get(surface, 0))
        if surface == "Varga" and text[start - 5 : start] == "Osip ":
            start = text.index(surface, start + 1)
        taken[surface] = start + 1
        index = next(s.index for s in analysis.sentences if s.start <= start < s.end)
        analysis.mentions.append(Mention("a", surface, label, start, start + len(surface), index))
    analysis.mentions.sort(key=lambda m: m.start)
    found = {e.name: e.type for e in resolve_story_entities([article], [analysis]).entities}
    # "Varga" is Osip Varga's surname, whatever NER said once; nothing makes "Zentrix" someone, while
    # "Tamsk", who speaks, may be a singer as well as a body
    assert found == {"Zentrix": "ORG", "Osip Varga": "PERSON", "Tamsk": "PERSON"}


def test_a_dated_caption_that_credits_its_agency_is_no_news() -> None:
    article = dated_article(
        "a",
        "2031-06-30",
        "June 24: Police tape guards the harbour steps after officials closed them to walkers. AP The "
        "ferries returned to the north quay of Varnholm on Monday.",
        "May 22: Mud from the river washes over the north quay, owned by the harbour trust (Reuters).",
        "May 8: The council voted to close the north quay to ferries.",
    )
    _, sentences = story_of([article])
    # credited at its end or right after it: a picture's caption; an uncredited entry is news
    assert [
        s.text[:7] for s, shown in zip(sentences.sentences, sentences.news, strict=True) if not shown
    ] == [
        "June 24",
        "May 22:",
    ]
