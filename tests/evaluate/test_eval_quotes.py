"""`eval quotes`: the PolNeAR reader and the scores, on a brat fixture written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.datasets.polnear import PolnearArticle, load_polnear, parse_ann
from storyfuse.evaluate.quotes import SystemQuote, quoted_regions, score

TEXT = (
    "Quay floods again\n\n"
    "“The barrier held through the night,” Mayor Mara Tellen said on Tuesday.\n\n"
    "The council called the plan “a disgrace” and Osip Varga said the town had “waited long enough for it.”"
)


def _span(text: str, part: str) -> str:
    start = TEXT.index(part)
    return f"{start} {start + len(part)}"


ANN = "\n".join(
    [
        f"T1\tContent {_span(TEXT, '“The barrier held through the night,”')}\tx",
        f"T2\tSource {_span(TEXT, 'Mayor Mara Tellen')}\tx",
        f"T3\tCue {_span(TEXT, 'said')}\tsaid",
        "E1\tAttribution:T3 Source:T2 Content:T1 Cue:T3",
        f"T4\tContent {_span(TEXT, 'the town had “waited long enough for it.”')}\tx",
        f"T5\tSource {_span(TEXT, 'Osip Varga')}\tx",
        "E2\tAttribution:T3 Source:T5 Content:T4",
    ]
)


def test_brat_attributions_tie_content_to_source() -> None:
    attributions = parse_ann(ANN)
    assert len(attributions) == 2
    start, end = attributions[1].source[0]
    assert TEXT[start:end] == "Osip Varga"


def test_found_quotes_and_speakers_are_scored_by_tokens_and_names() -> None:
    item = PolnearArticle("quay", TEXT, parse_ann(ANN))
    regions = quoted_regions(TEXT)
    assert [TEXT[s:e] for s, e in regions] == [
        "“The barrier held through the night,”",
        "“a disgrace”",
        "“waited long enough for it.”",
    ]
    right = [SystemQuote(*regions[0], "Mara Tellen"), SystemQuote(*regions[2], "Osip Varga")]
    perfect = score([item], [right])
    assert perfect["quote_f1"] == 1.0 and perfect["attribution_accuracy"] == 1.0
    # a scare quote found and a speaker wrong: precision and attribution drop, recall stays
    wrong = [
        SystemQuote(*regions[0], "Osip Varga"),
        SystemQuote(*regions[1], None),
        SystemQuote(*regions[2], "Osip Varga"),
    ]
    scored = score([item], [wrong])
    assert scored["quote_recall"] == 1.0 and scored["quote_precision"] == pytest.approx(2 / 3)
    assert scored["attribution_accuracy"] == 0.5


def test_a_folder_without_annotations_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "text" / "quay.txt").write_text(TEXT, encoding="utf-8")
    with pytest.raises(StoryfuseError, match="annotations"):
        load_polnear(tmp_path, "dev")
    with pytest.raises(StoryfuseError, match="split"):
        load_polnear(tmp_path, "test")


def test_annotation_files_are_matched_to_their_article_by_name(tmp_path: Path) -> None:
    for sub in ("text", "attributions"):
        (tmp_path / "train" / sub).mkdir(parents=True)
    (tmp_path / "train" / "text" / "quay.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "train" / "attributions" / "quay_4e07.ann").write_text(ANN, encoding="utf-8")
    (item,) = load_polnear(tmp_path, "train")
    assert item.name == "quay" and len(item.attributions) == 2
