"""The stage entry point: format dispatch and input fields taking precedence."""

from __future__ import annotations

import pytest

from storyfuse import extract as extract_stage
from storyfuse.errors import BadInput
from storyfuse.extract import extract
from storyfuse.model import RawDocument

from .fixtures import ARTICLE_HTML, CLUTTERED_TEXT


def test_text_document() -> None:
    extracted = extract(RawDocument(origin="a.txt", content=CLUTTERED_TEXT, format="text"))
    assert extracted is not None
    assert "Council leader Mara Olvens" in extracted.text


def test_html_document() -> None:
    extracted = extract(RawDocument(origin="a.html", content=ARTICLE_HTML, format="html"))
    assert extracted is not None
    assert extracted.title == "Bridge repairs close Old Quay for a month"


def test_input_fields_take_precedence() -> None:
    doc = RawDocument(
        origin="a.txt",
        content=CLUTTERED_TEXT,
        format="text",
        title="  Given   title ",
        published="March 15, 2023",
        source="Given Source",
    )
    extracted = extract(doc)
    assert extracted is not None
    assert extracted.title == "Given title"
    assert extracted.source == "Given Source"
    assert extracted.published is not None
    assert (extracted.published.value, extracted.published.method, extracted.published.confidence) == (
        "2023-03-15",
        "input",
        0.9,
    )


def test_unreadable_input_date_keeps_the_guess() -> None:
    doc = RawDocument(origin="a.txt", content=CLUTTERED_TEXT, format="text", published="sometime soon-ish")
    extracted = extract(doc)
    assert extracted is not None and extracted.published is not None
    assert extracted.published.method != "input"


def test_no_article_gives_none() -> None:
    assert extract(RawDocument(origin="m.txt", content="Home\nWorld\nSport", format="text")) is None


def test_bundled_examples_get_their_true_publication_dates() -> None:
    import json
    from pathlib import Path

    import storyfuse

    examples = Path(storyfuse.__file__).parent / "data" / "examples"
    expected = json.loads((examples / "expected.json").read_text(encoding="utf-8"))["published"]
    checked = 0
    for path in sorted((examples / "articles").iterdir()):
        if path.suffix not in {".txt", ".html"}:
            continue
        document = RawDocument(
            origin=path.name,
            content=path.read_text(encoding="utf-8"),
            format=path.suffix[1:].replace("txt", "text"),
        )
        extracted = extract(document)
        assert extracted is not None and extracted.published is not None, path.name
        assert extracted.published.value == expected[path.name], path.name
        checked += 1
    assert checked >= 8


def test_a_cleaner_failure_is_bad_input_in_user_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise AttributeError("'NoneType' object has no attribute 'startswith'")

    monkeypatch.setattr(extract_stage, "clean_text", fails)
    with pytest.raises(BadInput, match=r"^article could not be cleaned$"):
        extract(RawDocument(origin="a.txt", content=CLUTTERED_TEXT, format="text"))
