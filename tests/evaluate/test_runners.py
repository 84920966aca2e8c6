"""Baselines and task runners on tiny fixtures; the system side is a recording double of the pipeline."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from storyfuse.analyse.split import split_sentences
from storyfuse.errors import StoryfuseError
from storyfuse.evaluate import similarity
from storyfuse.evaluate.baselines import (
    centroid_summary,
    first_sentence_timeline,
    lead_summary,
    tfidf_agglomerative,
    tfidf_cosine,
)
from storyfuse.evaluate.datasets.semeval import SimilarityPair
from storyfuse.evaluate.report import EvalOptions, run_task
from storyfuse.evaluate.summary import truncate_words
from storyfuse.link.pair_features import FEATURES
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
    timeline: list[tuple[list[RawDocument], int]] = field(default_factory=list)
    summary: list[tuple[list[RawDocument], int]] = field(default_factory=list)


@pytest.fixture
def pipeline_double(monkeypatch: pytest.MonkeyPatch) -> PipelineCalls:
    calls = PipelineCalls()
    module = types.ModuleType("storyfuse.run.documents")

    def cluster_documents(docs: Sequence[RawDocument], profile: str = "default") -> list[str]:
        calls.cluster.append(list(docs))
        return [d.origin.split("_")[0] + ("p" if "plus" in d.origin else "") for d in docs]  # the gold

    def timeline_of(docs: Sequence[RawDocument], max_dates: int) -> list[TimelineEntry]:
        calls.timeline.append((list(docs), max_dates))
        entries = [TimelineEntry(date=d.published or "", granularity="day", text=d.content) for d in docs]
        return entries[:max_dates]

    def summarise(docs: Sequence[RawDocument], max_words: int) -> list[SummarySentence]:
        calls.summary.append((list(docs), max_words))
        return [SummarySentence(text="the dam held " * 20)]

    for function in (cluster_documents, timeline_of, summarise):
        setattr(module, function.__name__, function)
    monkeypatch.setitem(sys.modules, "storyfuse.run.documents", module)
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


@pytest.fixture
def similarity_rows(monkeypatch: pytest.MonkeyPatch) -> list[list[SimilarityPair]]:
    """The pairs handed to the pair features, which answer with the first text's length as lead cosine
    and zeros for the other features."""
    seen: list[list[SimilarityPair]] = []

    def pair_rows(pairs: Sequence[SimilarityPair], profile: str | None = None) -> np.ndarray:
        seen.append(list(pairs))
        rows = np.zeros((len(pairs), len(FEATURES) + 1))
        rows[:, FEATURES.index("lead_cosine")] = [len(p.text1) for p in pairs]
        return rows

    monkeypatch.setattr(similarity, "pair_rows", pair_rows)
    return seen


def test_similarity_run_correlates_with_negated_overall(
    tmp_path: Path, similarity_rows: list[list[SimilarityPair]]
) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(
        "pair_id,lang1,lang2,text1,text2,Overall\n"
        f'1_2,en,en,"{FERRY[0]} More words here.","{FERRY[1]}",1.0\n'
        f'3_4,en,en,"{FERRY[2]} Some.","{ELECTION[0]}",3.0\n'
        f'5_6,en,en,"{ELECTION[1]}","{FERRY[0]}",4.0\n'
        f'7_8,de,en,"{ELECTION[1]}","{FERRY[0]}",4.0\n',
        encoding="utf-8",
    )
    report = run_task("similarity", path, EvalOptions())
    assert report.n == 3  # English pairs only by default
    (pairs,) = similarity_rows
    assert pairs[0].id1 == "1" and pairs[0].id2 == "2"
    # The double answers with the first text's length: longest text ~ most similar pair, so r > 0.
    assert report.system["pearson"] > 0.5
    assert not any(key.startswith(("pearson_", "features_cv")) for key in report.system)  # one pair kind
    assert report.baseline_name == "tfidf-cosine"
    assert report.baseline["pearson"] > 0.5  # the two ferry pairs share words, the last pair none


def test_similarity_run_over_all_languages_scores_each_language_pair(
    tmp_path: Path, similarity_rows: list[list[SimilarityPair]]
) -> None:
    path = tmp_path / "pairs.csv"
    rows = [
        ("1_2", "en", "en", f"{FERRY[0]} More words here.", FERRY[1], 1.0),
        ("3_4", "en", "en", ELECTION[1], FERRY[0], 4.0),
        ("5_6", "de", "en", f"{FERRY[2]} Lange Worte.", FERRY[1], 1.5),
        ("7_8", "de", "en", "Kurz.", ELECTION[0], 3.5),
        ("9_10", "fr", "fr", f"{ELECTION[0]} Encore.", ELECTION[1], 2.0),
        ("11_12", "fr", "fr", "Court.", FERRY[0], 4.0),
        ("13fr_14", "fr", "fr", "An augmented row.", "Left out.", 1.0),
    ]
    path.write_text(
        "pair_id,lang1,lang2,text1,text2,Overall\n"
        + "".join(f'{i},{a},{b},"{t1}","{t2}",{o}\n' for i, a, b, t1, t2, o in rows),
        encoding="utf-8",
    )
    report = run_task("similarity", path, EvalOptions(languages="all"))
    assert report.n == 6
    for figures in (report.system, report.baseline):
        assert {"pearson", "pearson_de-en", "pearson_en-en", "pearson_fr-fr"} <= set(figures)
    # in each language pair the longer first text is the more similar pair: r = 1 within each
    assert all(report.system[f"pearson_{k}"] == pytest.approx(1.0) for k in ("de-en", "en-en", "fr-fr"))
    assert -1.0 <= report.system["features_cv_pearson"] <= 1.0
    assert {"features_cv_pearson_de-en", "features_cv_pearson_fr-fr"} <= set(report.system)
    assert any("held" in note or "fit on the others" in note for note in report.notes)

    chosen = run_task("similarity", path, EvalOptions(languages="de-en,fr"))
    assert chosen.n == 4
    assert {p.languages for p in similarity_rows[-1]} == {"de-en", "fr-fr"}


def test_language_pairs_are_read_from_the_option() -> None:
    assert similarity.language_pairs(None) == {"en-en"}
    assert similarity.language_pairs("all") is None
    assert similarity.language_pairs(" DE-en, es ") == {"de-en", "es-es"}
    with pytest.raises(StoryfuseError, match="--languages"):
        similarity.language_pairs("german")
    with pytest.raises(StoryfuseError, match="--languages"):
        similarity.language_pairs("de-en-fr")


def test_the_held_out_fit_never_sees_the_group_it_predicts() -> None:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(60, 3))
    targets = 2.0 * rows[:, 0] - rows[:, 2] + rng.normal(scale=0.1, size=60)
    groups = ["a"] * 20 + ["b"] * 20 + ["c"] * 20
    predicted = similarity.held_out_by_group(rows, targets, groups)
    assert np.corrcoef(predicted, targets)[0, 1] > 0.95
    changed = targets.copy()
    changed[:20] = -changed[:20]  # group a's own targets turned over: its predictions do not move
    again = similarity.held_out_by_group(rows, changed, groups)
    assert np.allclose(again[:20], predicted[:20])
    assert not np.allclose(again[20:], predicted[20:])


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
