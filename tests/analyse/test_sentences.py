"""Sentences and entity mentions of cleaned articles, from the one spaCy pass of analysis."""

from __future__ import annotations

import os

from storyfuse.analyse.models import spacy_pipeline
from storyfuse.analyse.sentences import sentences_and_mentions
from storyfuse.model import Article, Block


def test_only_the_sentence_splitter_and_ner_run() -> None:
    # The shared tok2vec fed only the parser and tagger, which are left out: running it was waste.
    assert spacy_pipeline().pipe_names == ["senter", "ner"]


def test_sentences_stay_in_their_paragraph_and_mentions_point_into_the_text() -> None:
    article = Article(
        "a1",
        "/n/a1.txt",
        "text",
        "a1",
        None,
        [
            Block(
                "ARDEN (Wirepost) - Mayor Ilsa Brenn opened the Tarrow Bridge in Arden on Monday. "
                "Crowds cheered"
            ),
            Block("“We built it together. It is yours,” Brenn told the crowd. Then she flew to London."),
        ],
    )
    ((sentences, mentions),) = sentences_and_mentions([article])
    text = article.text
    assert [s.text for s in sentences] == [
        "Mayor Ilsa Brenn opened the Tarrow Bridge in Arden on Monday.",
        "Crowds cheered",
        "“We built it together. It is yours,” Brenn told the crowd.",
        "Then she flew to London.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    found = {(m.text, m.label) for m in mentions}
    assert {("Ilsa Brenn", "PERSON"), ("London", "GPE")} <= found
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert all(sentences[m.sentence].start <= m.start < sentences[m.sentence].end for m in mentions)


def test_a_line_a_flattened_page_ran_into_a_sentence_is_a_sentence_of_its_own() -> None:
    text = (
        "Ferry service resumes in Varnholm The first ferry left the quay at dawn, Osip Varga said. "
        "To read the timetable you may need Quayside Viewer She said every berth was full. "
        "Ada Quint told The Varnholm Gazette the quay would stay open."
    )
    article = Article("a2", "/n/a2.txt", "text", "a2", None, [Block(text)], language="en")
    ((sentences, mentions),) = sentences_and_mentions([article])
    assert [s.text for s in sentences] == [
        "Ferry service resumes in Varnholm",
        "The first ferry left the quay at dawn, Osip Varga said.",
        "To read the timetable you may need Quayside Viewer",
        "She said every berth was full.",
        "Ada Quint told The Varnholm Gazette the quay would stay open.",  # a name's "The" opens nothing
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    for mention in mentions:  # a name ends with its line, in the sentence it starts in
        sentence = sentences[mention.sentence]
        assert sentence.start <= mention.start < mention.end <= sentence.end
        assert text[mention.start : mention.end] == mention.text
        assert not mention.text.endswith(" She")
    # a language whose capitals the pattern does not read keeps the splitter's sentences
    german = Article("a3", "/n/a3.txt", "text", "a3", None, [Block(text)], language="de")
    ((kept, _),) = sentences_and_mentions([german])
    assert kept[0].text.startswith("Ferry service resumes in Varnholm The first ferry")


def test_batches_are_bounded_by_words_as_well_as_paragraphs() -> None:
    from storyfuse.analyse import sentences

    long_paragraph = " ".join(["word"] * 3_000)
    jobs = [(long_paragraph, (0, i)) for i in range(4)] + [("a short one", (1, i)) for i in range(100)]
    batches = list(sentences._batches(jobs))
    assert [job for batch in batches for job in batch] == jobs
    assert [len(b) for b in batches[:2]] == [2, 2]  # 6,000 words each, just over the budget
    assert all(len(b) <= sentences.BATCH_PARAGRAPHS for b in batches)
    assert all(sum(text.count(" ") + 1 for text, _ in b) < sentences.BATCH_WORDS + 3_000 for b in batches)


def test_a_worker_process_runs_its_encoder_on_one_thread() -> None:
    """Workers already share the cores: an encoder of several threads in each would oversubscribe them."""
    import multiprocessing

    from storyfuse.analyse.models import encoder_threads

    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(encoder_threads) == 1
    assert encoder_threads() == min(4, os.cpu_count() or 1)
