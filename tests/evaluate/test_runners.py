"""Baselines and task runners on tiny fixtures; the system side is a recording double of the pipeline."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from storyfuse.analyse.split import split_sentences
from storyfuse.evaluate.baselines import (
    centroid_summary,
    first_sentence_timeline,
    lead_summary,
    tfidf_agglomerative,
    tfidf_cosine,
)
from storyfuse.evaluate.report import EvalOptions, run_task
from storyfuse.evaluate.summary import truncate_words
from storyfuse.model import RawDocument, SummarySentence, TimelineEntry

# --- baselines -----------------------------------------------------------------------------------------


def test_split_sentences_handles_abbreviations_quotes_and_tokenised_text() -> None:
    text = 'Dr. Anna Selt met the U.S. delegation. "We agree," she said! Talks end today.\nNew line here'
    assert split_sentences(text) == [
        "Dr. Anna Selt met the U.S. delegation.",
        '"We agree," she said!',
        "Talks end today.",
        "New line here",
    ]
    assert split_sentences("Rain fell , officials said . `` More soon , '' they added .") == [
        "Rain fell , officials said .",
        "`` More soon , '' they added .",
    ]


FERRY = [
    "Ferry sinks near Tamsin harbour, crew rescued by coastguard boats.",
    "Coastguard boats rescue ferry crew after sinking near Tamsin harbour.",
    "Tamsin harbour ferry sinking: all crew rescued by the coastguard.",
]
ELECTION = [
    "Orvel mayor election won by Ilsa Brenn with sixty percent of votes.",
    "Ilsa Brenn wins Orvel mayor election, votes counted overnight.",
]


def test_tfidf_agglomerative_separates_two_stories() -> None:
    labels = tfidf_agglomerative(FERRY + ELECTION)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4]
    assert labels[0] != labels[3]
    assert tfidf_agglomerative(["only one"]) == [0]


def test_tfidf_cosine_ranks_related_pairs_higher() -> None:
    related, unrelated = tfidf_cosine([(FERRY[0], FERRY[1]), (FERRY[0], ELECTION[0])])
    assert related > unrelated >= 0.0
    assert tfidf_cosine([]) == []


def test_first_sentence_timeline_takes_busiest_days_and_their_first_article() -> None:
    articles = [
        ("2031-03-02", "Dam cracks . Water rises ."),
        ("2031-03-01", "Rain starts . Heavy ."),
        ("2031-03-02", "Second story of the day ."),
        ("2031-03-03", "Dam repaired ."),
        ("2031-03-04", "Ceremony held ."),
    ]
    # 03-02 has two articles; 03-01, 03-03 and 03-04 tie on one, and the earlier day wins the tie.
    assert first_sentence_timeline(articles, 2) == [
        ("2031-03-01", "Rain starts ."),
        ("2031-03-02", "Dam cracks ."),
    ]
    assert first_sentence_timeline(articles, 0) == []


def test_lead_summary_takes_first_sentences_document_by_document() -> None:
    documents = [["a1 x x.", "a2 x x."], ["b1 x x.", "b2 x x."], ["c1 x x."]]
    assert lead_summary(documents, 7) == ["a1 x x.", "b1 x x.", "c1 x x."]
    assert lead_summary(documents, 10) == ["a1 x x.", "b1 x x.", "c1 x x.", "a2 x x."]
    assert lead_summary(documents, 100) == ["a1 x x.", "b1 x x.", "c1 x x.", "a2 x x.", "b2 x x."]


def test_centroid_summary_prefers_central_sentences_and_skips_repeats() -> None:
    documents = [
        [
            "The Pell dam cracked after heavy rain on Tuesday night.",
            "Engineers said the Pell dam crack was caused by heavy rain.",
        ],
        [
            "The Pell dam cracked after heavy rain on Tuesday night.",  # a repeat from a second outlet
            "A local bakery sold cakes shaped like boats to visitors.",
        ],
    ]
    summary = centroid_summary(documents, 30, min_words=3)
    assert summary[0] == "The Pell dam cracked after heavy rain on Tuesday night."
    assert summary.count(summary[0]) == 1
    assert "A local bakery sold cakes shaped like boats to visitors." not in summary[:2]
    assert centroid_summary([["Too short."]], 30) == []


def test_truncate_words() -> None:
    assert truncate_words("one two  three\nfour", 3) == "one two three"


# --- runners, with storyfuse.pipeline replaced by a double that records its input ---------------------


@dataclass
class PipelineCalls:
    """What the runners handed to the pipeline double."""

    cluster: list[list[RawDocument]] = field(default_factory=list)
    similarity: list[list[tuple[RawDocument, RawDocument]]] = field(default_factory=list)
    timeline: list[tuple[list[RawDocument], int]] = field(default_factory=list)
    summary: list[tuple[list[RawDocument], int]] = field(default_factory=list)


@pytest.fixture
def pipeline_double(monkeypatch: pytest.MonkeyPatch) -> PipelineCalls:
    calls = PipelineCalls()
    module = types.ModuleType("storyfuse.pipeline")

    def cluster_documents(docs: Sequence[RawDocument], profile: str = "default") -> list[str]:
        calls.cluster.append(list(docs))
        return [d.origin.split("_")[0] + ("p" if "plus" in d.origin else "") for d in docs]  # the gold

    def document_similarities(
        pairs: Sequence[tuple[RawDocument, RawDocument]], profile: str = "default"
    ) -> list[float]:
        calls.similarity.append(list(pairs))
        return [float(len(a.content)) for a, _ in pairs]

    def timeline_of(docs: Sequence[RawDocument], max_dates: int) -> list[TimelineEntry]:
        calls.timeline.append((list(docs), max_dates))
        entries = [TimelineEntry(date=d.published or "", granularity="day", text=d.content) for d in docs]
        return entries[:max_dates]

    def summarise(docs: Sequence[RawDocument], max_words: int) -> list[SummarySentence]:
        calls.summary.append((list(docs), max_words))
        return [SummarySentence(text="the dam held " * 20)]

    for function in (cluster_documents, document_similarities, timeline_of, summarise):
        setattr(module, function.__name__, function)
    monkeypatch.setitem(sys.modules, "storyfuse.pipeline", module)
    return calls


def write_ecb(path: Path, sentence: str, url: bool) -> None:
    tokens = (["http", ":", "/", "/", "x", ".", "org"] if url else []) + sentence.split()
    sentence_of = [0] * 7 + [1] * len(sentence.split()) if url else [0] * len(tokens)
    body = "".join(
        f'<token t_id="{i + 1}" sentence="{s}" number="{i}">{t}</token>\n'
        for i, (t, s) in enumerate(zip(tokens, sentence_of, strict=True))
    )
    path.write_text(f'<Document doc_name="{path.name}">\n{body}<Markables/>\n<Relations/>\n</Document>\n')


def test_clustering_run_scores_system_and_baseline_on_all_documents(
    tmp_path: Path, pipeline_double: PipelineCalls
) -> None:
    for topic, texts in ((1, FERRY), (2, ELECTION)):
        folder = tmp_path / str(topic)
        folder.mkdir()
        for number, text in enumerate(texts, start=1):
            write_ecb(folder / f"{topic}_{number}ecb.xml", text, url=False)
        write_ecb(
            folder / f"{topic}_9ecbplus.xml", "A bakery in Pell sold boat cakes to visitors .", url=True
        )

    report = run_task("clustering", tmp_path, EvalOptions(topics="1-2"))
    assert report.n == 7
    (documents,) = pipeline_double.cluster
    assert len(documents) == 7  # one run over both topics
    assert all(isinstance(d, RawDocument) and d.url is None and "http" not in d.content for d in documents)
    assert report.system["bcubed_f1"] == pytest.approx(1.0)
    assert report.system["gold_clusters"] == report.system["clusters"] == 4
    assert report.baseline_name == "tfidf+agglomerative"
    assert 0.0 < report.baseline["bcubed_f1"] <= 1.0 and report.baseline["docs_per_s"] > 0


def test_similarity_run_correlates_with_negated_overall(
    tmp_path: Path, pipeline_double: PipelineCalls
) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(
        "pair_id,lang1,lang2,text1,text2,Overall\n"
        f'1_2,en,en,"{FERRY[0]} More words here.","{FERRY[1]}",1.0\n'
        f'3_4,en,en,"{FERRY[2]} Some.","{ELECTION[0]}",3.0\n'
        f'5_6,en,en,"{ELECTION[1]}","{FERRY[0]}",4.0\n',
        encoding="utf-8",
    )
    report = run_task("similarity", path, EvalOptions())
    assert report.n == 3
    (pairs,) = pipeline_double.similarity
    assert pairs[0][0].native_id == "1" and pairs[0][1].native_id == "2"
    # The double answers with the first text's length: longest text ~ most similar pair, so r > 0.
    assert report.system["pearson"] > 0.5
    assert report.baseline_name == "tfidf-cosine"
    assert report.baseline["pearson"] > 0.5  # the two ferry pairs share words, the last pair none


def test_similarity_run_needs_two_pairs(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("pair_id,lang1,lang2,text1,text2,Overall\n1_2,en,en,a,b,1.0\n", encoding="utf-8")
    with pytest.raises(Exception, match="fewer than two"):
        run_task("similarity", path, EvalOptions())


def test_timeline_run_asks_for_the_gold_number_of_dates(
    tmp_path: Path, pipeline_double: PipelineCalls
) -> None:
    topic = tmp_path / "dam_pell"
    topic.mkdir()
    articles = [
        {"uid": "1", "dct": "2031-03-02", "text": "The Pell dam cracks . Water rises ."},
        {"uid": "2", "dct": "2031-03-02", "text": "Engineers rush to Pell ."},
        {"uid": "3", "dct": "2031-03-05", "text": "The dam is repaired ."},
    ]
    (topic / "articles.json").write_text(json.dumps(articles), encoding="utf-8")
    gold = [
        {"date": "2031-03-02", "text": "The Pell dam cracks ."},
        {"date": "2031-03-09", "text": "Inquiry opens ."},
    ]
    (topic / "g.timeline.json").write_text(json.dumps(gold), encoding="utf-8")

    report = run_task("timeline", tmp_path, EvalOptions())
    assert report.n == 1
    ((documents, max_dates),) = pipeline_double.timeline
    assert max_dates == 2
    assert (
        documents[0].published == "2031-03-02" and documents[0].content == "The Pell dam cracks. Water rises."
    )
    # The double returns the first two articles, both dated 03-02: one distinct date, and it is right.
    assert report.system["date_precision"] == 1.0 and report.system["date_recall"] == 0.5
    # Baseline: 03-02 (two articles) and 03-05, told by "The Pell dam cracks ." and "The dam is repaired .".
    assert report.baseline["date_precision"] == 0.5 and report.baseline["date_recall"] == 0.5
    assert 0.0 < report.baseline["rouge1"] < 1.0
    assert report.baseline["topics"] == 1


def test_summary_run_reports_lead_and_centroid_beside_the_system(
    tmp_path: Path, pipeline_double: PipelineCalls
) -> None:
    documents = {
        "instance_id": "M9",
        "documents": [
            {
                "filename": "a",
                "text": ["Pell dam holds", "Tuesday, March 4, 2031", "The dam held after the rain."],
            },
            {
                "filename": "b",
                "text": ["Inspection", "March 5, 2031", "Inspectors found no damage at the dam."],
            },
        ],
    }
    (tmp_path / "documents.jsonl").write_text(json.dumps(documents) + "\n", encoding="utf-8")
    reference = {
        "summarizer_id": "A",
        "summarizer_type": "reference",
        "text": ["The dam held after the rain."],
    }
    row = {"instance_id": "M9", "summarizer_id": "A", "summarizer_type": "reference", "summary": reference}
    (tmp_path / "summaries.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")

    report = run_task("summary", tmp_path, EvalOptions())
    ((raw, max_words),) = pipeline_double.summary
    assert max_words == 6  # the reference's length in words
    assert raw[0].published == "2031-03-04" and raw[0].content.startswith("Pell dam holds")
    # The double's summary, cut to six words: "the dam held the dam held" against the reference.
    assert 0.0 < report.system["rouge1"] < 1.0
    assert report.baseline_name == "lead"
    assert report.baseline["rouge1"] == pytest.approx(1.0)  # the lead sentence is the reference
    assert {"centroid_rouge1", "centroid_rouge2", "centroid_rougeL"} <= set(report.baseline)
