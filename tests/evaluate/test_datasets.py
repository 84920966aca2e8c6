"""Benchmark loaders on tiny fixtures written here, and (marked shared) on the real dev data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import ecb_xml
from storyfuse.errors import BadInput, StoryfuseError
from storyfuse.evaluate.datasets.ecbplus import (
    detokenise,
    load_ecbplus,
    parse_topics,
    read_ecbplus_document,
    topic_folders,
)
from storyfuse.evaluate.datasets.multiling import load_multiling, split_document
from storyfuse.evaluate.datasets.semeval import load_english_pairs
from storyfuse.evaluate.datasets.timeline17 import load_timeline17

# --- ECB+ ------------------------------------------------------------------------------------------


ECB_SENTENCES = [
    ["Mayor", "Ilsa", "Brenn", "opened", "the", "Kelvar", "bridge", "on", "Monday", "."],
    ["``", "It", "'s", "ours", ",", "''", "she", "said", "."],
]
ECB_MARKABLES = """
<HUMAN_PART_PER m_id="1"><token_anchor t_id="2"/><token_anchor t_id="3"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="4"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="3"><token_anchor t_id="17"/></HUMAN_PART_PER>
<TIME_DATE m_id="4"><token_anchor t_id="9"/></TIME_DATE>
<HUMAN_PART_PER m_id="9" RELATED_TO="" TAG_DESCRIPTOR="t1_brenn" instance_id="HUM100" />
<ACTION_OCCURRENCE m_id="10" RELATED_TO="" TAG_DESCRIPTOR="t1_opening" instance_id="ACT200" />
"""
ECB_RELATIONS = """
<CROSS_DOC_COREF r_id="1" note="HUM100"><source m_id="1" /><source m_id="3" />
  <target m_id="9" /></CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="2" note="ACT200"><source m_id="2" /><target m_id="10" /></CROSS_DOC_COREF>
"""
ECBPLUS_SENTENCES = [
    ["http", ":", "/", "/", "example", ".", "org", "/", "bridge"],
    ["Kelvar", "bridge", "closed", "after", "storm"],
    ["Engineers", "closed", "the", "bridge", "(", "again", ")", "."],
]
ECBPLUS_MARKABLES = """
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="12"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="16"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="3"><token_anchor t_id="15"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="5" RELATED_TO="" TAG_DESCRIPTOR="closing" />
"""
ECBPLUS_RELATIONS = """
<INTRA_DOC_COREF r_id="7"><source m_id="1" /><source m_id="2" /><target m_id="5" /></INTRA_DOC_COREF>
"""


@pytest.fixture
def ecb_root(tmp_path: Path) -> Path:
    topic = tmp_path / "ECB+" / "1"
    topic.mkdir(parents=True)
    (topic / "1_1ecb.xml").write_text(ecb_xml("1_1ecb.xml", ECB_SENTENCES, ECB_MARKABLES, ECB_RELATIONS))
    (topic / "1_1ecbplus.xml").write_text(
        ecb_xml("1_1ecbplus.xml", ECBPLUS_SENTENCES, ECBPLUS_MARKABLES, ECBPLUS_RELATIONS)
    )
    (tmp_path / "ECB+" / "3").mkdir()
    return tmp_path


def test_detokenise_glues_punctuation_clitics_and_quotes() -> None:
    assert detokenise(["``", "It", "'s", "ours", ",", "''", "she", "said", "."]) == '"It\'s ours," she said.'
    assert detokenise(["He", "paid", "$", "5", "(", "cash", ")", "."]) == "He paid $5 (cash)."
    assert detokenise(['"', "No", '"', ",", "he", "said"]) == '"No", he said'


def test_ecb_document_text_half_and_gold_event(ecb_root: Path) -> None:
    documents = load_ecbplus(ecb_root)
    assert [d.name for d in documents] == ["1_1ecb", "1_1ecbplus"]
    ecb, plus = documents
    assert ecb.text == 'Mayor Ilsa Brenn opened the Kelvar bridge on Monday.\n"It\'s ours," she said.'
    assert (ecb.topic, ecb.half, ecb.gold_event, ecb.url) == (1, "ecb", "1ecb", None)
    assert (plus.half, plus.gold_event) == ("ecbplus", "1ecbplus")


def test_ecbplus_source_url_is_kept_out_of_the_text(ecb_root: Path) -> None:
    plus = load_ecbplus(ecb_root)[1]
    assert plus.url == "http://example.org/bridge"
    assert plus.text == "Kelvar bridge closed after storm\nEngineers closed the bridge (again)."


def test_ecb_mentions_carry_span_text_tag_and_chain(ecb_root: Path) -> None:
    ecb, plus = load_ecbplus(ecb_root)
    by_id = {m.m_id: m for m in ecb.mentions}
    assert set(by_id) == {"1", "2", "3", "4"}  # instance markables without tokens are not mentions
    assert (by_id["1"].text, by_id["1"].tag, by_id["1"].chain) == ("Ilsa Brenn", "HUMAN_PART_PER", "HUM100")
    assert by_id["3"].chain == "HUM100" and by_id["3"].sentence == 1
    assert by_id["2"].chain == "ACT200"
    assert by_id["4"].chain is None  # annotated but in no chain: a singleton
    assert all(ecb.text[m.start : m.end] == m.text for m in ecb.mentions if m.start is not None)
    assert (by_id["3"].start, by_id["3"].end) == (66, 69)  # "she" on the second line
    plus_chains = {m.m_id: m.chain for m in plus.mentions}
    assert plus_chains["1"] == plus_chains["2"] == "1_1ecbplus.xml#5"  # intra-document chain
    assert plus_chains["3"] is None


def test_parse_topics_reads_lists_and_ranges() -> None:
    assert parse_topics("1,3,5-7") == [1, 3, 5, 6, 7]
    assert parse_topics(" 2 - 4 ") == [2, 3, 4]
    for bad in ("1-", "a", "7-5", ""):
        with pytest.raises(StoryfuseError):
            parse_topics(bad)


def test_topic_folders_reports_absent_topics_and_fails_when_none_exist(ecb_root: Path) -> None:
    folders, absent = topic_folders(ecb_root, "1-2")
    assert [f.name for f in folders] == ["1"] and absent == [2]
    assert [d.name for d in load_ecbplus(ecb_root, "3")] == []  # present but empty
    with pytest.raises(StoryfuseError):
        topic_folders(ecb_root, "8-9")
    with pytest.raises(StoryfuseError):
        topic_folders(ecb_root / "nowhere", None)


def test_bad_ecb_files_raise_bad_input(tmp_path: Path) -> None:
    wrong_name = tmp_path / "notes.xml"
    wrong_name.write_text(ecb_xml("notes.xml", ECB_SENTENCES))
    broken = tmp_path / "2_1ecb.xml"
    broken.write_text("<Document><token")
    for path in (wrong_name, broken):
        with pytest.raises(BadInput):
            read_ecbplus_document(path)


# --- SemEval-2022 Task 8 ------------------------------------------------------------------------------

SEMEVAL_HEADER = "pair_id,lang1,lang2,text1,text2,Overall\n"


def test_semeval_keeps_one_row_per_plain_english_pair(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(
        SEMEVAL_HEADER
        + '11_12,en,en,"Harbour reopens  The Tamsin harbour reopened, officials said.",'
        + '"Port back  Boats sail again.",1.5\n'
        + "11_12,en,en,Augmented copy,Augmented copy,4.0\n"
        + "13es_14,en,en,Translated row,Translated row,2.0\n"
        + "15_16,de,de,Hafen,Hafen,1.0\n"
        + "17_18,en,en,Rain in Orvel,Drought in Pell,4.0\n",
        encoding="utf-8",
    )
    pairs = load_english_pairs(path)
    assert [p.pair_id for p in pairs] == ["11_12", "17_18"]
    first = pairs[0]
    assert (first.id1, first.id2, first.overall) == ("11", "12", 1.5)
    assert first.text1 == "Harbour reopens  The Tamsin harbour reopened, officials said."


def test_semeval_without_the_score_column_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("pair_id,lang1,lang2,text1,text2\n1_2,en,en,a,b\n", encoding="utf-8")
    with pytest.raises(BadInput):
        load_english_pairs(path)


# --- Timeline17 ---------------------------------------------------------------------------------------


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_timeline17_reads_articles_and_merges_gold_dates(tmp_path: Path) -> None:
    topic = tmp_path / "flood_orvel"
    topic.mkdir()
    write_json(
        topic / "articles.json",
        [
            {
                "uid": "1",
                "dct": "2031-03-02",
                "text": "The river Orvel burst its banks . Nobody was hurt .",
                "dates": "[]",
            },
            {"uid": "2", "dct": "2031-03-04", "text": "Rain stopped , officials said .", "dates": "[]"},
        ],
    )
    write_json(
        topic / "a.timeline.json",
        [
            {"date": "2031-03-02", "text": " The Orvel floods . "},
            {"date": "2031-03-02", "text": "Roads close ."},
        ],
    )
    write_json(topic / "b.timeline.json", [{"date": "2031-03-04", "text": "Rain stops ."}])
    (tmp_path / "empty_topic").mkdir()
    write_json(tmp_path / "empty_topic" / "x.timeline.json", [])

    topics, notes = load_timeline17(tmp_path)
    assert [t.name for t in topics] == ["flood_orvel"]
    assert notes == ["skipped empty_topic: no articles.json"]
    articles = topics[0].articles
    assert [(a.uid, a.dct) for a in articles] == [("1", "2031-03-02"), ("2", "2031-03-04")]
    assert articles[1].text == "Rain stopped, officials said."
    first_gold, second_gold = topics[0].timelines
    assert first_gold.entries == {"2031-03-02": "The Orvel floods . Roads close ."}
    assert second_gold.dates == ["2031-03-04"]
    # One topic folder can be given directly.
    assert [t.name for t in load_timeline17(topic)[0]] == ["flood_orvel"]


def test_timeline17_rejects_articles_without_a_day(tmp_path: Path) -> None:
    write_json(tmp_path / "articles.json", [{"uid": "1", "dct": "March 2031", "text": "x"}])
    write_json(tmp_path / "g.timeline.json", [])
    with pytest.raises(BadInput):
        load_timeline17(tmp_path)


def test_timeline17_folder_without_topics_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoryfuseError):
        load_timeline17(tmp_path)


# --- MultiLing 2011 -----------------------------------------------------------------------------------


def summary_row(
    instance: str, summarizer: str, kind: str, text: list[str], refs: list[dict[str, object]]
) -> str:
    own = {"summarizer_id": summarizer, "summarizer_type": kind, "text": text}
    return json.dumps(
        {"instance_id": instance, "summarizer_id": summarizer, "summarizer_type": kind, "summary": own,
         "references": refs}
    )  # fmt: skip


def test_multiling_keeps_only_human_references_once_each(tmp_path: Path) -> None:
    documents = {
        "instance_id": "M9",
        "documents": [
            {
                "filename": "M90.english",
                "text": ["Pell dam holds", "Tuesday, March 4, 2031", "The dam held."],
            },
            {
                "filename": "M91.english",
                "text": ["Dam inspected", "March 5, 2031 Inspectors came.", "All fine."],
            },
        ],
    }
    (tmp_path / "documents.jsonl").write_text(json.dumps(documents) + "\n", encoding="utf-8")
    ref_a: dict[str, object] = {
        "summarizer_id": "A",
        "summarizer_type": "reference",
        "text": ["The dam held."],
    }
    ref_b: dict[str, object] = {
        "summarizer_id": "B",
        "summarizer_type": "reference",
        "text": ["Inspectors found", "no damage."],
    }
    rows = [
        summary_row("M9", "1", "peer", ["A system wrote this."], [ref_a, ref_b]),
        summary_row("M9", "A", "reference", ["The dam held."], [ref_b]),
    ]
    (tmp_path / "summaries.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")

    (instance,) = load_multiling(tmp_path)
    assert instance.references == {"A": "The dam held.", "B": "Inspectors found no damage."}
    first, second = instance.documents
    assert (first.title, first.published, first.body) == ("Pell dam holds", "2031-03-04", ["The dam held."])
    assert (second.published, second.body) == ("2031-03-05", ["Inspectors came.", "All fine."])
    assert first.text == "Pell dam holds\n\nThe dam held."


def test_multiling_document_without_dateline_keeps_its_body() -> None:
    document = split_document("x", ["Title", "Countries affected by the storm", "More."])
    assert document.published is None
    assert document.body == ["Countries affected by the storm", "More."]


def test_multiling_broken_jsonl_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "documents.jsonl").write_text("{not json\n", encoding="utf-8")
    (tmp_path / "summaries.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(BadInput):
        load_multiling(tmp_path)


# --- the real dev data (../shared) --------------------------------------------------------------------


@pytest.mark.shared
def test_real_ecbplus_topic_one_has_both_halves(data_dir: Path) -> None:
    documents = load_ecbplus(data_dir / "clustering" / "ecbplus", "1")
    halves = {d.half for d in documents}
    assert halves == {"ecb", "ecbplus"}
    assert all(d.topic == 1 and d.text for d in documents)
    assert all(d.url and d.url.startswith("http") for d in documents if d.half == "ecbplus")
    assert sum(1 for d in documents for m in d.mentions if m.chain) > 100


@pytest.mark.shared
def test_real_ecbplus_dev_topics_have_two_events_each(data_dir: Path) -> None:
    folders, absent = topic_folders(data_dir / "clustering" / "ecbplus", "1-35")
    assert absent == [15, 17]  # not in the ECB+ release
    documents = load_ecbplus(data_dir / "clustering" / "ecbplus", "1-35")
    assert len({d.gold_event for d in documents}) == 2 * len(folders)


@pytest.mark.shared
def test_real_semeval_english_pairs(data_dir: Path) -> None:
    pairs = load_english_pairs(data_dir / "similarity" / "semeval2022-task8" / "training_set.csv")
    assert len(pairs) == 161
    assert len({p.pair_id for p in pairs}) == len(pairs)
    assert all(1.0 <= p.overall <= 4.0 and p.text1 and p.text2 for p in pairs)


@pytest.mark.shared
def test_real_timeline17_topics(data_dir: Path) -> None:
    topics, notes = load_timeline17(data_dir / "timeline" / "timeline17")
    assert len(topics) == 10
    assert notes == ["skipped Finan_washingtonpost: no articles.json"]
    assert all(t.articles and t.timelines and t.timelines[0].dates for t in topics)


@pytest.mark.shared
def test_real_multiling_sets_have_three_human_references(data_dir: Path) -> None:
    instances = load_multiling(data_dir / "summary" / "multiling2011")
    assert [i.instance_id for i in instances] == ["M000", "M001", "M002"]
    assert all(sorted(i.references) == ["A", "B", "C"] and len(i.documents) == 10 for i in instances)
