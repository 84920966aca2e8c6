"""The dates evaluation: TimeML reading, scoring, and a run on a few TempEval-3 training documents."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from storyfuse.errors import BadInput, StoryfuseError
from storyfuse.evaluate.datasets.tempeval import read_timeml
from storyfuse.evaluate.dates import run, score_document
from storyfuse.evaluate.report import EvalOptions

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>FICT001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2022-01-21" functionInDocument="CREATION_TIME">\
2022-01-21</TIMEX3></DCT>
<TEXT>
Velmar ministers <EVENT eid="e1">met</EVENT> \
<TIMEX3 tid="t1" type="DATE" value="2022-01-19">Wednesday</TIMEX3> for \
<TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3> and will meet \
<TIMEX3 tid="t3" type="DATE" value="2022-W04">next week</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def timeml_file(tmp_path: Path) -> Path:
    path = tmp_path / "fict001.tml"
    path.write_text(TIMEML, encoding="utf-8")
    return path


def test_read_timeml_gives_creation_date_text_and_timex_offsets(timeml_file: Path) -> None:
    document = read_timeml(timeml_file)
    assert document.doc_id == "FICT001"
    assert document.creation == datetime.date(2022, 1, 21)
    assert [(t.text, t.type, t.value) for t in document.timexes] == [
        ("Wednesday", "DATE", "2022-01-19"),
        ("three hours", "DURATION", "PT3H"),
        ("next week", "DATE", "2022-W04"),
    ]
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text


def test_read_timeml_rejects_a_file_without_creation_time(tmp_path: Path) -> None:
    path = tmp_path / "bad.tml"
    path.write_text("<TimeML><TEXT>No dates here.</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(BadInput, match="CREATION_TIME"):
        read_timeml(path)


def test_score_counts_found_value_correct_and_precision(timeml_file: Path) -> None:
    document = read_timeml(timeml_file)
    wednesday, hours, week = document.timexes
    spans = [
        (wednesday.start, wednesday.end, "2022-01-19"),  # found, right value
        (week.start, week.end - 2, "2022-W05"),  # found (overlap), wrong value
        (hours.start, hours.end, None),  # on a gold DURATION: counts for precision only
        (0, 6, "2022"),  # on no gold expression
    ]
    counts = score_document(document, spans)
    assert (counts.gold, counts.found, counts.value_correct) == (2, 2, 1)
    assert (counts.mentions, counts.mentions_on_gold) == (4, 3)
    metrics = counts.metrics()
    assert metrics["recall"] == 1.0
    assert metrics["precision"] == 0.75
    assert metrics["value_accuracy"] == 0.5


def test_run_on_an_empty_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(StoryfuseError, match="no TimeML"):
        run(tmp_path, EvalOptions())


@pytest.mark.shared
@pytest.mark.slow
def test_run_on_training_documents_beats_the_baseline(data_dir: Path) -> None:
    data = data_dir / "dates" / "tempeval3" / "TBAQ-cleaned" / "AQUAINT"
    report = run(data, EvalOptions(limit=20))
    assert report.task == "dates"
    assert report.n > 40
    assert report.system["value_accuracy"] >= 0.7
    assert report.system["value_accuracy"] > report.baseline["value_accuracy"] + 0.1
    assert report.system["recall"] >= 0.85
    assert report.system["precision"] >= 0.85
