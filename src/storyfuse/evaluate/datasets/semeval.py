"""Reads the SemEval-2022 Task 8 pair CSV: article pairs (English–English, or any language pairs) with
their `Overall` score."""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from storyfuse.errors import BadInput

_PLAIN_PAIR_ID = re.compile(r"^(\d+)_(\d+)$")  # augmented rows carry language suffixes like "123es_456"
_REQUIRED = ("pair_id", "lang1", "lang2", "text1", "text2", "Overall")


@dataclass
class SimilarityPair:
    """Two articles and how similar annotators found them (1 = very similar … 4 = very dissimilar)."""

    pair_id: str
    languages: str  # "en-en", "de-en", ...
    id1: str
    id2: str
    text1: str  # title + body as the CSV gives them
    text2: str
    overall: float


def load_english_pairs(path: Path) -> list[SimilarityPair]:
    """English–English pairs with plain numeric ids, one per pair_id (first row wins), in file order."""
    return load_pairs(path, {"en-en"})


def load_pairs(path: Path, languages: set[str] | None = None) -> list[SimilarityPair]:
    """Pairs with plain numeric ids (the annotated originals, not the training set's translations of
    them) whose languages, as "lang1-lang2", are in `languages` (None: all), one per pair_id (first
    row wins), in file order."""
    pairs: dict[str, SimilarityPair] = {}
    for row in _rows(path):
        pair_id = row["pair_id"].strip()
        match = _PLAIN_PAIR_ID.match(pair_id)
        pair_languages = f"{row['lang1']}-{row['lang2']}"
        if match is None or pair_id in pairs or (languages is not None and pair_languages not in languages):
            continue
        try:
            overall = float(row["Overall"])
        except ValueError as error:
            raise BadInput(f"{path}: pair {pair_id} has a non-numeric Overall {row['Overall']!r}") from error
        pairs[pair_id] = SimilarityPair(
            pair_id=pair_id,
            languages=pair_languages,
            id1=match.group(1),
            id2=match.group(2),
            text1=_title_and_body(row, "1"),
            text2=_title_and_body(row, "2"),
            overall=overall,
        )
    return list(pairs.values())


def load_texts(path: Path) -> dict[str, tuple[str, str]]:
    """Every article of the CSV by its id, translations (ids like "123zh") included, as (language,
    text), in the order the file first names them."""
    texts: dict[str, tuple[str, str]] = {}
    for row in _rows(path):
        left, _, right = row["pair_id"].strip().partition("_")
        texts.setdefault(left, (row["lang1"], _title_and_body(row, "1")))
        texts.setdefault(right, (row["lang2"], _title_and_body(row, "2")))
    return texts


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # article bodies exceed the csv module's default field limit
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or [])
            missing = [c for c in _REQUIRED if c not in columns]
            if missing:
                raise BadInput(
                    f"{path}: not a SemEval-2022 Task 8 CSV (missing column(s) {', '.join(missing)})"
                )
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise BadInput(f"{path}: not a readable CSV ({error})") from error


def _title_and_body(row: dict[str, str], side: str) -> str:
    # Some releases split the title into its own column; this one already starts text with the title.
    title = (row.get(f"title{side}") or "").strip()
    body = row[f"text{side}"].strip()
    return f"{title}\n\n{body}" if title else body
