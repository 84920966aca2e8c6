"""`storyfuse export`: every kind of row in each format, the story filters, the documented columns,
and one-line refusals."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from helpers import run_cli
from storyfuse.present.export import COLUMNS
from web.fixtures import FERRY, INJECTION, MARKET, build_store

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export.md"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("export") / "s.db")


def export(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    result = run_cli(capsys, "export", "--db", str(db), *args)
    assert result.code == 0, result.err
    return result.out


def test_csv_of_stories_has_the_documented_header_and_one_row_each(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(export(capsys, db))))
    assert [r["story_id"] for r in rows] == [FERRY, MARKET]
    ferry = rows[0]
    assert ferry["articles"] == "4" and ferry["outlets"] == "3"
    assert ferry["sources"] == "Lindquay Courier; Northgate Wire; Quellport Gazette"
    assert ferry["first_published"] == "2031-04-12" and ferry["last_published"] == "2031-04-14"
    assert ferry["lead"].startswith("The ferry Tessaly Star ran aground")


def test_articles_export_carries_text_and_survives_commas_quotes_and_markup(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(export(capsys, db, "--what", "articles", "--source", "gazette"))))
    assert {r["story_id"] for r in rows} == {FERRY} and len(rows) == 4
    hostile = next(r for r in rows if r["article_id"] == "ferry-hostile")
    assert INJECTION in hostile["text"] and hostile["source"] == ""
    gazette = next(r for r in rows if r["article_id"] == "ferry-gazette")
    assert gazette["removed"] == "Subscribe to the Gazette for 1 euro; Read more: tide tables"
    assert gazette["words"] == str(len(gazette["text"].split()))


def test_jsonl_keeps_lists_and_nulls(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = export(capsys, db, "--what", "figures", "--format", "jsonl").splitlines()
    values = [json.loads(line) for line in lines]
    assert [list(v) for v in values] == [[c.name for c in COLUMNS["figures"]]] * len(values)
    assert values[0]["articles"] == ["ferry-gazette", "ferry-wire"] and values[0]["low"] is None
    assert [v["conflict"] for v in values] == [True, True, False]
    quotes = [json.loads(x) for x in export(capsys, db, "--what", "quotes", "--format", "jsonl").splitlines()]
    assert {q["described"] for q in quotes} == {None, "a deckhand"}
    people = [
        json.loads(x)
        for x in export(
            capsys, db, "--what", "entities", "--format", "jsonl", "--entity", "Osei"
        ).splitlines()
    ]
    assert {p["story_id"] for p in people} == {FERRY} and all(p["entity_id"] for p in people)


def test_parquet_has_typed_columns(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "figures.parquet"
    result = run_cli(
        capsys, "export", "--db", str(db), "--what", "figures", "--format", "parquet", "--out", str(out)
    )
    assert result.code == 0 and "3 row(s) of figures" in result.err
    table = pq.read_table(out)
    assert table.column_names == [c.name for c in COLUMNS["figures"]]
    assert str(table.schema.field("value").type) == "double"
    assert table.column("articles").to_pylist()[0] == ["ferry-gazette", "ferry-wire"]


def test_every_column_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for what, columns in COLUMNS.items():
        section = text.split(f"`--what {what}`", 1)[1].split("\n## ", 1)[0]
        documented = re.findall(r"^\| (\w+) \| (\w+) \|", section, re.MULTILINE)
        assert documented[1:] == [(c.name, c.kind) for c in columns], what  # the first row is the header


def test_bad_requests_are_refused_in_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parquet = run_cli(capsys, "export", "--db", str(db), "--format", "parquet")
    assert parquet.code == 1 and "give --out" in parquet.err
    nowhere = run_cli(capsys, "export", "--db", str(db), "--out", str(tmp_path / "missing" / "x.csv"))
    assert nowhere.code == 1 and nowhere.err.startswith("error: cannot write")
    filtered = run_cli(capsys, "export", "--db", str(db), "--since", "2031-13-01")
    assert filtered.code == 1 and "not a date" in filtered.err
