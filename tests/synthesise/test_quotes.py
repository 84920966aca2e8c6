"""Quotes on fictional articles: attribution patterns, pronouns, continuation and cross-article grouping."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pytest

from storyfuse.model import Analysis, Article, Block, Family, Mention, Sentence
from storyfuse.synthesise.entities import resolve_story_entities
from storyfuse.synthesise.quotes import story_quotes
from storyfuse.synthesise.story_sentences import StorySentences

PEOPLE = ["Mara Tellen", "Tellen", "Osip Varga", "Varga", "Ines Holm"]
BODIES = {"Harbour Authority": "ORG", "Norvia": "GPE"}


def analysed(article_id: str, paragraphs: list[str]) -> tuple[Article, Analysis]:
    """An article with sentences split on end punctuation, every PEOPLE name as a PERSON mention and every
    BODIES name as a mention with its label."""
    article = Article(
        article_id, f"/news/{article_id}.txt", "text", article_id, None, [Block(p) for p in paragraphs]
    )
    text = article.text
    sentences = [
        Sentence(article_id, i, m.group(), m.start(), m.end())
        for i, m in enumerate(re.finditer(r"[^\s].*?(?:[.!?][”\"]?(?=\s|$)|$)", text, re.MULTILINE))
    ]
    mentions: list[Mention] = []
    labels = {**{name: "PERSON" for name in PEOPLE}, **BODIES}
    for name in sorted(labels, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(m.start < match.end() and match.start() < m.end for m in mentions):
                continue
            index = next(s.index for s in sentences if s.start <= match.start() < s.end)
            mentions.append(Mention(article_id, name, labels[name], match.start(), match.end(), index))
    return article, Analysis(article_id, sentences, sorted(mentions, key=lambda m: m.start), [])


def quotes_of(
    *articles: tuple[Article, Analysis],
    families: list[Family] | None = None,
    vectors: np.ndarray | None = None,
) -> list[tuple[str | None, str, list[str]]]:
    arts = [a for a, _ in articles]
    analyses = [an for _, an in articles]
    sentences = [s for an in analyses for s in an.sentences]
    # No sentence vectors unless given: grouping must come from the quotes' own words.
    if vectors is None:
        vectors = np.zeros((len(sentences), 4), dtype=np.float32)
    story = StorySentences(arts, sentences, vectors)
    entities = resolve_story_entities(arts, analyses)
    return [
        (q.speaker, q.text, q.articles)
        for q in story_quotes(arts, analyses, entities, story_sentences=story, families=families or [])
    ]


def speakers_of(paragraphs: list[str]) -> list[str | None]:
    """The speakers of the quotes of one article made of `paragraphs`, in the story's order."""
    return [speaker for speaker, _, _ in quotes_of(analysed("a", paragraphs))]


def test_speaker_after_the_quote_with_a_title_between() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "“We will reopen the northern canal before the spring floods,” "
                "said Harbour Minister Mara Tellen."
            ],
        )
    )
    assert found == [("Mara Tellen", "We will reopen the northern canal before the spring floods", ["a"])]


def test_name_colon_and_name_said_before_the_quote() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Osip Varga: “This meeting was only a first step towards a treaty.”",
                "Mara Tellen said: “Nobody here expects a treaty this winter at all.”",
            ],
        )
    )
    assert ("Osip Varga", "This meeting was only a first step towards a treaty.", ["a"]) in found
    assert ("Mara Tellen", "Nobody here expects a treaty this winter at all.", ["a"]) in found


def test_pronoun_resolves_to_the_subject_of_the_previous_sentence_and_quotes_continue() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Ines Holm visited the dam on Tuesday after meeting Osip Varga.",
                "“The dam will hold through the whole season,” she said. “And the village is safe for now.”",
            ],
        )
    )
    assert found[0][0] == "Ines Holm"
    assert found[1] == ("Ines Holm", "And the village is safe for now.", ["a"])


def test_speech_verb_earlier_in_the_sentence_names_the_speaker_before_it() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Osip Varga wrote to the council on Friday, "
                "warning that “the levees cannot take another storm.”"
            ],
        )
    )
    assert found == [("Osip Varga", "the levees cannot take another storm.", ["a"])]


def test_one_statement_in_two_translations_is_one_quote_carried_by_both_articles() -> None:
    first = analysed("a", ["“We face hard problems and solving them will take time here,” said Mara Tellen."])
    second = analysed(
        "b", ["The minister added that “we face hard problems and resolving them will take time here.”"]
    )
    found = quotes_of(first, second)
    assert found == [
        ("Mara Tellen", "We face hard problems and solving them will take time here", ["a", "b"])
    ]


def test_a_fragment_of_a_quote_is_the_same_statement_even_in_everyday_words() -> None:
    # Its content words ("everyone", "never", "since") are ones a general stop-word list would drop.
    first = analysed(
        "a", ["“This is for everyone who waited since the flood and never left,” said Mara Tellen."]
    )
    second = analysed("b", ["Tellen dedicated the win “to everyone who waited since the flood”."])
    found = quotes_of(first, second)
    assert [(speaker, articles) for speaker, _, articles in found] == [("Mara Tellen", ["a", "b"])]


def test_scare_quotes_and_quotes_of_different_speakers_stay_apart() -> None:
    found = quotes_of(
        analysed(
            "a",
            ["Varga called the plan “reckless”.", "“The canal plan is sound and fully funded,” Tellen said."],
        ),
        analysed("b", ["“The canal plan is sound and fully funded,” Varga said in reply."]),
    )
    assert sorted(found) == [
        ("Tellen", "The canal plan is sound and fully funded", ["a"]),
        ("Varga", "The canal plan is sound and fully funded", ["b"]),
    ]


def test_an_organisation_speaks_when_no_person_does() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "The Harbour Authority on Monday denounced the plan, which it said would "
                "“leave the old port without a crossing for a decade”."
            ],
        )
    )
    assert found == [("Harbour Authority", "leave the old port without a crossing for a decade", ["a"])]


def test_a_person_keeps_the_quote_when_a_country_is_named_beside_them() -> None:
    found = quotes_of(
        analysed(
            "a",
            ["Osip Varga, who met envoys from Norvia, said: “The canal stays open to every ship we know.”"],
        )
    )
    assert found == [("Osip Varga", "The canal stays open to every ship we know.", ["a"])]


def test_he_never_refers_to_an_organisation() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "The Harbour Authority met on Monday.",
                "“The northern basin will stay closed until the spring,” he said.",
            ],
        )
    )
    assert found == [(None, "The northern basin will stay closed until the spring", ["a"])]


def test_an_organisation_named_as_a_modifier_is_not_the_speaker() -> None:
    found = quotes_of(
        analysed(
            "a",
            ["A Harbour Authority engineer warned that “the northern basin will silt up by spring”."],
        )
    )
    assert found == [(None, "the northern basin will silt up by spring", ["a"])]


def test_a_few_quoted_words_in_a_copy_of_the_dispatch_carry_its_statement_but_not_elsewhere() -> None:
    wire = analysed(
        "a", ["The Harbour Authority warned it could give “ideas to hotheads among Norvian officials”."]
    )
    translation = analysed(
        "b", ["The port body said the remarks gave “hotheads among Norvian representatives” ideas."]
    )
    other = analysed("c", ["A columnist mocked the “hotheads among Norvian officials” line."])
    alone = quotes_of(wire, translation, other)
    assert [articles for _, _, articles in alone] == [["a"]]  # four words are no quote of their own
    copies = quotes_of(wire, translation, other, families=[Family(["a", "b"], "translation", [])])
    assert copies == [("Harbour Authority", "ideas to hotheads among Norvian officials", ["a", "b"])]


def test_a_quote_worded_differently_by_two_translations_of_one_dispatch_is_one_statement() -> None:
    wire = analysed("a", ["“We are not going to Sevra to sign anything,” said Osip Varga."])
    translation = analysed(
        "b", ["“We do not go to Sevra for signing anything or something,” he told the press."]
    )
    columnist = analysed("c", ["“We will never travel to Sevra to sign a treaty,” a columnist wrote."])
    # one sentence each; cosine 0.8 between any two: close, but not the 0.85 of two separate reports
    vectors = np.array([[1.0, 0.0, 0.0], [0.8, 0.6, 0.0], [0.8, 0.0, 0.6]], dtype=np.float32)
    family = [Family(["a", "b"], "translation", [])]
    found = quotes_of(wire, translation, columnist, families=family, vectors=vectors)
    assert [articles for _, _, articles in found] == [["a", "b"], ["c"]]
    found = quotes_of(wire, translation, columnist, vectors=vectors)
    assert [articles for _, _, articles in found] == [["a"], ["b"], ["c"]]


def described_quotes(*articles: tuple[Article, Analysis]) -> list[tuple[str | None, str | None, list[str]]]:
    arts = [a for a, _ in articles]
    analyses = [an for _, an in articles]
    sentences = [s for an in analyses for s in an.sentences]
    story = StorySentences(arts, sentences, np.zeros((len(sentences), 4), dtype=np.float32))
    entities = resolve_story_entities(arts, analyses)
    found = story_quotes(arts, analyses, entities, story_sentences=story)
    return [(q.speaker, q.described, q.articles) for q in found]


def test_an_unnamed_speaker_is_kept_as_the_article_describes_them() -> None:
    after = analysed("a", ["“The water came up to the second step,” said a pensioner who lives by the quay."])
    before = analysed(
        "b", ["A senior harbour official told reporters: “The gates will stay shut until Monday.”"]
    )
    named = analysed("c", ["“The gates will stay shut until Monday,” Osip Varga said."])
    nothing = analysed("d", ["Posters read “No more dredging in our bay”."])
    participle = analysed(
        "e", ["“The nets came up empty all week,” said a retired fisherman living by the quay."]
    )
    assert described_quotes(after) == [(None, "a pensioner", ["a"])]
    assert described_quotes(before) == [(None, "a senior harbour official", ["b"])]
    # a named speaker of the same statement wins; a quote nobody says keeps no description
    assert described_quotes(before, named) == [("Osip Varga", None, ["b", "c"])]
    assert described_quotes(nothing) == [(None, None, ["d"])]
    assert described_quotes(participle) == [(None, "a retired fisherman", ["e"])]  # not "… living"


def test_a_sentence_whose_subject_is_a_pronoun_quotes_its_antecedent() -> None:
    article = analysed(
        "a",
        [
            "Mara Tellen won the vote on Sunday.",
            "She will govern alone, and has said she will seek “a working deal, not a coalition”.",
            "She met Osip Varga, who said “the port will stay open all winter”.",
        ],
    )
    found = [(speaker, text) for speaker, text, _ in quotes_of(article)]
    assert found == [
        ("Mara Tellen", "a working deal, not a coalition"),
        ("Osip Varga", "the port will stay open all winter"),
    ]


def test_a_role_or_an_apposition_between_the_quote_and_the_speech_verb() -> None:
    role = analysed("a", ["“The canal will reopen in May,” Norvia harbour chief Osip Varga told reporters."])
    apposition = analysed(
        "b",
        ["“We saw the water rise by the hour,” Ines Holm, a ferry pilot for the Harbour Authority, said."],
    )
    origin = analysed(
        "c", ["“The dredgers are ready to start,” Mara Tellen of the Harbour Authority told the press."]
    )
    lawyer = analysed("d", ["“The claim will be filed on Monday,” a lawyer for Osip Varga said."])
    new_sentence = analysed(
        "e",
        [
            "Mara Tellen met the pilots. “The gates will hold this winter.” "
            "Ines Holm, a pilot, said she doubted it."
        ],
    )
    assert [s for s, _, _ in quotes_of(role)] == ["Osip Varga"]
    assert [s for s, _, _ in quotes_of(apposition)] == ["Ines Holm"]
    assert [s for s, _, _ in quotes_of(origin)] == ["Mara Tellen"]
    assert described_quotes(lawyer) == [(None, "a lawyer", ["d"])]  # the lawyer speaks, not Osip Varga
    assert [s for s, _, _ in quotes_of(new_sentence)] == [
        None
    ]  # a new sentence reports, it does not attribute


def test_a_quote_continues_the_one_before_only_when_no_other_narrative_comes_between() -> None:
    article = analysed(
        "a",
        [
            "“The gates will hold,” Mara Tellen said. “We tested them twice this week.” "
            "The harbour stayed closed on Tuesday while divers inspected the hull of the stranded ferry. "
            "“Nobody expected the storm to turn north so late in the season.”"
        ],
    )
    found = {text: speaker for speaker, text, _ in quotes_of(article)}
    assert found["We tested them twice this week."] == "Mara Tellen"
    assert found["Nobody expected the storm to turn north so late in the season."] is None


def test_a_definite_description_reporting_a_quote_is_kept() -> None:
    article = analysed(
        "a", ["The two ministers reported having agreed to “a new round of talks in the spring”."]
    )
    assert described_quotes(article) == [(None, "the two ministers", ["a"])]


def test_a_name_alone_after_a_dash_signs_the_quote_even_when_ner_missed_it() -> None:
    # Readers' answers listed one a line, each signed after a dash; "Pella Quist" is no mention of NER.
    found = quotes_of(
        analysed(
            "a",
            [
                "“The canal plan ignores every family living on the northern bank.” ― Ines Holm\n"
                "“Nobody asked the fishermen before the vote was taken at all.” ― Pella Quist"
            ],
        )
    )
    speakers = {text: speaker for speaker, text, _ in found}
    assert speakers["The canal plan ignores every family living on the northern bank."] == "Ines Holm"
    # the second answer is signed by its own name, not continued from the first
    assert speakers["Nobody asked the fishermen before the vote was taken at all."] == "Pella Quist"


def test_straight_and_curly_marks_mixed_by_editing_still_close_a_quote() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                '“The northern canal will reopen before the floods," Mara Tellen (N-Vor.) said on Monday.',
                '"PANEL: Well, the board treats this as an episode of “Harbour Watch.” But it is not.',
            ],
        )
    )
    assert ("Mara Tellen", "The northern canal will reopen before the floods", ["a"]) in found
    # a straight mark left open keeps the curly quote opened inside it: it runs to its paragraph's end
    assert any(text.startswith("PANEL: Well") for _, text, _ in found)


def test_a_quote_whose_closing_mark_was_lost_ends_before_the_attribution_inside_it() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                'Some traders vowed to stay open. "Shutting the quay is not fair. What will we live on? '
                "said Ines Holm, who sells nets by the old harbour wall.",
                '"Nobody told the crews about the closure, Osip Varga said on the quay after the meeting.',
                '"The canal stays shut until the spring floods have passed and the banks are safe again.',
            ],
        )
    )
    assert (
        "Ines Holm",
        "Shutting the quay is not fair. What will we live on?",
        ["a"],
    ) in found
    assert ("Osip Varga", "Nobody told the crews about the closure", ["a"]) in found
    # left open with no attribution inside: the quote still runs to its paragraph's end
    assert any(text.endswith("the banks are safe again.") for _, text, _ in found)


def test_the_speaker_is_the_subject_of_the_speech_verb_not_a_name_in_its_apposition() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Varga, a close Tellen ally, said on Friday that “the treaty is dead and everyone in the "
                "capital knows it.”",
                "“We reopen the canal in March and not a day later,” Mara Tellen, the harbour master of the "
                "eastern district, a port that the floods closed twice, told reporters.",
                "“Whatever the board decides, the fishermen will be heard,” Varga campaign spokeswoman "
                "Ines Holm said.",
            ],
        )
    )
    speakers = {text.split()[1]: speaker for speaker, text, _ in found}
    assert speakers == {"treaty": "Varga", "reopen": "Mara Tellen", "the": "Ines Holm"}


def test_a_participle_of_speech_is_said_by_the_sentence_subject_and_according_to_names_the_speaker() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Varga attacked Tellen for her canal plan on Tuesday, saying, “It will drown the old town "
                "before it saves a single ship.”",
                "According to Ines Holm, “the board never read the engineers’ report on the northern bank.”",
                "Tellen boasted, “Nobody has moved more cargo through this harbour than my office.”",
            ],
        )
    )
    speakers = {text.split()[1]: speaker for speaker, text, _ in found}
    assert speakers == {"will": "Varga", "board": "Ines Holm", "has": "Tellen"}


def test_a_speaker_written_whole_and_in_part_is_one_speaker_of_one_statement() -> None:
    # readers' answers signed after a dash: names NER did not find, written whole in one article
    words = "The northern canal will reopen before the spring floods reach the old town"
    found = quotes_of(
        analysed("a", [f"“{words}.” ― Pella Quist"]),
        analysed("b", [f"“{words}.” ― Quist"]),
    )
    assert found == [("Pella Quist", words + ".", ["a", "b"])]


def test_a_few_words_quoted_after_a_verb_of_calling_or_accusing_are_the_subject_s() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Tellen likened the canal plan to “drowning the old town.”",
                "Varga accused the board of “gross neglect.”",
                "Ines Holm is calling the barrier “a gift to the fishermen.”",
                "Varga called the plan “reckless”.",  # one word: a scare quote, not a statement
            ],
        )
    )
    assert sorted(found) == [
        ("Ines Holm", "a gift to the fishermen.", ["a"]),
        ("Tellen", "drowning the old town.", ["a"]),
        ("Varga", "gross neglect.", ["a"]),
    ]


def test_a_short_statement_in_the_same_words_in_two_articles_is_one_quote() -> None:
    # two content words: too few for the overlap test, but the words are the same, and so is the speaker
    found = quotes_of(
        analysed("a", ["Ines Holm said: “The bridge has gone.” Crews reached the river at noon."]),
        analysed("b", ["Crews reached the river. Ines Holm said: “The bridge has gone.”"]),
    )
    assert found == [("Ines Holm", "The bridge has gone.", ["a", "b"])]


def test_a_quote_after_a_sentence_that_only_attributes_the_one_before_continues_it() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "“Have we finished drafting the levy, as opposed to the one we debate tomorrow?” Varga "
                "replied. “Look, the answer is yes, and the harbour will see it first.”"
            ],
        )
    )
    assert found[1] == ("Varga", "Look, the answer is yes, and the harbour will see it first.", ["a"])


def test_after_a_question_the_next_quote_is_the_answer_not_the_asker() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "“But why would the council wait until spring?” Ines Holm asked him. “Because the "
                "surveyors have not finished their work on the dam yet.”"
            ],
        )
    )
    assert found[0][0] == "Ines Holm"
    assert found[1][0] is None


def test_a_name_ner_missed_in_the_speaker_place_speaks() -> None:
    # "Quennell" is no mention of the analysis: NER missed it, the slot after the quote names it
    found = quotes_of(
        analysed(
            "a",
            [
                "“The council is talking the talk, but it has so far refused to walk the walk,” Quennell "
                "said.",
                "“The ferry fares went up twice this year without a single vote,” stated Dorrit Quennell.",
            ],
        )
    )
    assert found[0][0] == "Quennell"
    assert found[1][0] == "Dorrit Quennell"


def test_a_mark_of_the_other_kind_shaped_as_a_closing_one_closes_the_quote() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                '“We are going to open the canal again and we will open it early," Varga said at '
                'the rally. "You are all going to be so pleased with the water.”',
                "“The levy is unusual,“ said Mara Tellen. “It is a hard thing to collect in a dry year.”",
                '“He told me "no, never" and walked away from the harbour table,” Ines Holm said.',
            ],
        )
    )
    assert ("Varga", "We are going to open the canal again and we will open it early", ["a"]) in found
    assert ("Varga", "You are all going to be so pleased with the water.", ["a"]) in found
    assert ("Mara Tellen", "It is a hard thing to collect in a dry year.", ["a"]) in found
    assert ("Ines Holm", 'He told me "no, never" and walked away from the harbour table', ["a"]) in found


def test_a_clause_opening_the_sentence_does_not_hold_its_subject() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "When Osip Varga suggested the port would sue, Mara Tellen fired back: “If they sue us in "
                "the harbour court, they are going to lose.”",
                'Asked on Tuesday about Varga, Ines Holm said "I know nothing about Osip Varga and the '
                'letters," she said.',
            ],
        )
    )
    assert found[0][0] == "Mara Tellen"
    assert found[1][0] == "Ines Holm"


def test_speech_verbs_beyond_said_attribute_after_the_quote() -> None:
    found = quotes_of(
        analysed(
            "a",
            ["“You have called the fishermen lazy and careless in speeches,” Tellen charged at the hall."],
        )
    )
    assert found[0][0] == "Tellen"


def test_a_speech_verb_opening_the_sentence_has_its_speaker_after_it() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "The old ferry house was turned into a museum. Said Ines Holm, who grew up beside it, "
                "“We were all so proud of the ferry and of the people who ran it.”",
                "Quennell spoke for an hour about the levy. Continued Quennell: “So I think it is a very "
                "real problem for the whole harbour.”",
            ],
        )
    )
    assert found[0][0] == "Ines Holm"
    assert found[1][0] == "Quennell"  # no mention of the analysis: the verb before it says who speaks


def test_a_pronoun_with_a_contraction_in_the_speaker_slot_is_no_name() -> None:
    found = speakers_of(
        [
            "Mara Tellen says she goes “back to the harbour tomorrow morning.” He’s predicting the "
            "levy will pass “very, very well” at the council."
        ]
    )
    assert found == ["Mara Tellen", "Mara Tellen"]


def test_a_straight_mark_shaped_as_a_closing_one_opens_no_quote() -> None:
    # the statement runs on from the paragraph before, whose opening mark was lost with the formatting
    found = quotes_of(
        analysed(
            "a",
            [
                '"They have told our people this is how they would like to go ahead with the canal.',
                'We have questions about that, so we are asking them," said Mara Tellen. On another front '
                'the council was dealt a setback in court. "We will appeal the ruling on the levy at once," '
                "Varga said.",
            ],
        )
    )
    texts = [text for _, text, _ in found]
    assert not any("On another front" in text for text in texts)
    assert ("Varga", "We will appeal the ruling on the levy at once", ["a"]) in found


def test_a_question_or_exclamation_runs_on_into_its_attribution() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "The vote on the ferry levy opened at noon.",
                "“The harbour towns stand with the fishermen on this levy!” Senator Osip Varga said as he "
                "opened the vote.",
                "“Who will pay for the new pier at the end of the year?” Tellen, the chairwoman of the "
                "board, asked the council.",
                "“The fleet will sail on Monday whatever the council decides!” The boats left on Tuesday.",
            ],
        )
    )
    speakers = {text.split()[1]: speaker for speaker, text, _ in found}
    assert speakers["harbour"] == "Osip Varga"
    assert speakers["will"] == "Tellen"
    assert speakers["fleet"] is None  # a new sentence that attributes nothing


def test_a_name_ner_missed_before_a_speech_verb_and_its_quote_speaks() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "The harbour imports most of its timber from Norvia. Quennell added, “The harbour has had "
                "good relations with Norvia for the past decade and will keep them.”",
            ],
        )
    )
    assert found[0][0] == "Quennell"  # no mention of the analysis: the verb and the quote say who speaks


def test_a_name_after_its_role_in_the_slot_after_a_quote_speaks_whatever_ner_called_it() -> None:
    article, analysis = analysed(
        "a",
        [
            "The ferry museum opened on Sunday. “He had so many plans for this house,” his friend Jorun "
            "Fell told the paper.",
            "“We will open the upper rooms next spring,” the curator Aske Brun told the council.",
        ],
    )
    text = article.text
    start = text.index("Aske Brun")
    sentence = next(s.index for s in analysis.sentences if s.start <= start < s.end)
    # NER read the curator's name as a product: in the speaker's slot it is a name all the same
    analysis.mentions.append(Mention("a", "Aske Brun", "PRODUCT", start, start + len("Aske Brun"), sentence))
    found = quotes_of((article, analysis))
    assert [speaker for speaker, _, _ in found] == ["Jorun Fell", "Aske Brun"]


def test_a_speech_verb_ner_ran_into_the_name_after_it_leaves_the_name_to_speak() -> None:
    article, analysis = analysed(
        "a",
        [
            "Quennell spoke for an hour about the levy on the ferry.",
            "Stated Quennell:",
            "“So I think it is a very real problem for the whole harbour.”",
        ],
    )
    start = article.text.index("Stated Quennell")
    sentence = next(s.index for s in analysis.sentences if s.start <= start < s.end)
    # NER took the verb into the name, on a line the story's entities leave out: the name inside speaks
    analysis.mentions.append(Mention("a", "Stated Quennell", "PERSON", start, start + 15, sentence))
    analysis.mentions.sort(key=lambda m: m.start)
    found = quotes_of((article, analysis))
    assert found[0][0] == "Quennell"


def test_a_name_ner_typed_as_a_place_speaks_in_the_slot_after_a_quote() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Tellen opened the hearing on the pier.",
                "“The pier must be rebuilt before the winter storms come back,” Norvia said.",
            ],
        )
    )
    assert found[0][0] == "Norvia"  # a person NER called a country, or the country's government


def test_the_person_after_a_phrase_setting_the_scene_is_whose_words_the_sentence_quotes() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "The pier was closed again in March.",
                "In the depths of the long winter, Tellen worried that the pier was becoming “a resting "
                "place for the idle boats of the whole harbour.”",
                "In the harbour, boats waited for “the long season of storms to end at last.”",
            ],
        )
    )
    assert found[0][0] == "Tellen"
    assert found[1][0] is None  # no one opens that sentence


def test_a_quote_standing_alone_is_said_by_the_subject_of_the_speech_reported_before_it() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "The council met on Monday. Tellen added that the fund for the pier would stay open. "
                "“We will not close it this year, whatever the board decides.”",
                "Varga said that the ferry would not sail before the spring.",
                "“That is because the harbour has no money left for the engines.”",
                "In reply to Varga’s charge that the fund was empty, she said the accounts were sound. "
                "“I believe the books of the harbour will show it by the summer.”",
                "The harbour office closed early. “Nobody told the fishermen about the new levy at all.”",
            ],
        )
    )
    speakers = {text.split()[1]: speaker for speaker, text, _ in found}
    assert speakers["will"] == "Tellen"  # in the same paragraph
    assert speakers["is"] == "Varga"  # opening the paragraph after
    assert speakers["believe"] != "Varga"  # the subject is "she", not the name before her
    assert speakers["told"] is None  # the sentence before reports no speech


def test_a_party_word_after_a_role_in_the_slot_after_a_quote_ends_a_description() -> None:
    article, analysis = analysed(
        "a",
        ["“The campaign has been slow to answer the charges about the fund,” one senior Leveller said."],
    )
    start = article.text.index("Leveller")
    analysis.mentions.append(Mention("a", "Leveller", "NORP", start, start + len("Leveller"), 0))
    # one member of the party spoke, not the party (the description's head is no lower-case noun)
    assert described_quotes((article, analysis)) == [(None, None, ["a"])]


def test_a_name_opening_a_sentence_with_its_own_quote_does_not_attribute_the_quote_before() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Tellen said the money for the new pier “was gone before the winter.” Varga called her “a "
                "liar and a thief who sold the harbour.”"
            ],
        )
    )
    speakers = {text.split()[0]: speaker for speaker, text, _ in found}
    assert speakers["was"] == "Tellen"
    assert speakers["a"] == "Varga"


def test_after_a_question_a_second_question_is_the_askers_still() -> None:
    found = speakers_of(
        [
            "“Why are you still backing the levy on the ferry?” Ines Holm asked the council. “What does "
            "that say about the harbour board and its promises?”"
        ]
    )
    assert found == ["Ines Holm", "Ines Holm"]


def test_a_sentence_that_goes_on_past_its_quote_closes_with_the_speaker() -> None:
    found = speakers_of(
        [
            "The ferry service lost money again. “The harbour has been paying for the fares for years” "
            "in sharp contrast to the old arrangement with Norvia, says Osip Varga, a trader at the quay.",
            "The council met on Monday. “Fair fares for every family on the island” was the slogan of "
            "the campaign, said to have been written by Mara Tellen.",
        ]
    )
    # the verb and the name end the sentence the quote opens: the name is the speaker's; a name after a
    # preposition is not the verb's subject
    assert found == ["Osip Varga", None]


def test_the_present_of_feature_writing_attributes_as_the_past_does() -> None:
    found = speakers_of(
        [
            "“Our ideas of a good harbour are different from our parents’ ideas,” agrees Osip Varga, 30, "
            "of the north quay.",
        ]
    )
    assert found == ["Osip Varga"]


def test_a_name_in_a_clause_of_its_own_after_the_quote_is_not_its_speaker() -> None:
    found = speakers_of(
        [
            "Mara Tellen said there is “only one harbour plan in a position to pass this winter,” adding "
            "that it is why Osip Varga “keeps attacking us and ignores the other plans.”",
            "Mara Tellen accuses the board of a “quiet campaign against the northern quay” regarding the "
            "fares while Varga suggests the board is captive to the ferry owners.",
        ]
    )
    # "adding that it is why Varga …": Varga is the subject of the clause the verb opens, not the speaker;
    # "… while Varga suggests": a conjunction between the quote and the name opens a clause of its own
    assert found[:1] == ["Mara Tellen"]
    assert found[2] == "Mara Tellen"


def test_a_speaker_brought_in_by_an_indefinite_description_is_not_the_one_before() -> None:
    found = quotes_of(
        analysed(
            "a",
            [
                "Mara Tellen spoke at the quay on Monday. “The harbour plan is the only one that can pass,” "
                "Tellen said.",
                "“The ferry owners will never accept a fare that low,” the minister said.",
                "“She is too far behind in the council,” said one harbour trader, “and the vote was not a "
                "decisive win for the plan.”",
            ],
        )
    )
    # "the minister" refers back to the one named before; "one harbour trader" is someone new, and the
    # "She" inside the quote is not the subject of its attribution
    assert [speaker for speaker, _, _ in found] == ["Mara Tellen", "Mara Tellen", None, None]


def test_a_place_opening_the_sentence_after_a_quote_does_not_speak_it() -> None:
    found = speakers_of(
        [
            "Mara Tellen spoke at the quay. “The good news is that the harbour is open again to ferries.” "
            "Norvia reported four closed ports, and the council counted more.",
            "Osip Varga called the fares “a scandal for every family on the island.” Norvia insisted that "
            "the harbour “open its books to the public before the spring.”",
        ]
    )
    # "Norvia reported four closed ports": the place is its own sentence's subject; "Norvia insisted that
    # the harbour “…”" is a place whose sentence goes on to its own quote
    assert found == [None, "Osip Varga", "Norvia"]


def test_the_same_words_given_to_a_body_and_to_a_person_are_one_quote_of_the_person() -> None:
    words = "“The fares will stay where they are for the whole of the winter,”"
    by_body = analysed("a", [f"The ferries ran late. {words} the Harbour Authority said."])
    by_person = analysed("b", [f"The ferries ran late. {words} Mara Tellen said."])
    misspelt = analysed("c", [f"The ferries ran late. {words} Mara Telen said."])
    article, analysis = misspelt
    start = article.text.index("Mara Telen")
    sentence = next(s.index for s in analysis.sentences if s.start <= start < s.end)
    analysis.mentions.append(Mention("c", "Mara Telen", "PERSON", start, start + len("Mara Telen"), sentence))
    found = quotes_of(by_body, by_person, misspelt)
    # one statement: the person's, not the body named near it, and "Telen" is a spelling of "Tellen"
    assert [(speaker, articles) for speaker, _, articles in found] == [("Mara Tellen", ["a", "b", "c"])]


def test_where_the_speaker_comes_from_may_hold_initials() -> None:
    found = speakers_of(
        [
            "“One of the big challenges with these storms is the way that they change,” Mara Tellen of the "
            "U.S. Centers for Harbour Safety told a news briefing on Saturday.",
        ]
    )
    assert found == ["Mara Tellen"]


def test_only_quotes_whose_words_leave_them_undecided_have_their_sentences_embedded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyfuse.analyse.embed as embed

    embedded: list[str] = []

    def fake_embed(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        embedded.extend(texts)
        return np.tile(np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32), (len(texts), 1))

    monkeypatch.setattr(embed, "embed_texts", fake_embed)
    first = analysed("a", ["“The northern dam will hold through the spring floods,” said Osip Varga."])
    reworded = analysed("b", ["“The northern dam cannot last past the autumn rains,” Osip Varga said."])
    unrelated = analysed("c", ["“Our ferries sail again on Monday morning,” said Mara Tellen."])
    arts = [a for a, _ in (first, reworded, unrelated)]
    analyses = [an for _, an in (first, reworded, unrelated)]
    story = StorySentences(arts, [s for an in analyses for s in an.sentences])  # vectors embedded lazily
    found = story_quotes(arts, analyses, resolve_story_entities(arts, analyses), story_sentences=story)
    # "northern dam" shared, too little to be one statement on words: the vectors decide (all equal here)
    assert sorted(q.articles for q in found) == [["a", "b"], ["c"]]
    assert len(embedded) == 2 and not any("ferries" in text for text in embedded)
