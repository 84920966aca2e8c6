"""Plain-text and HTML files: one article per file, decoded faithfully."""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.ingest.conftest import Ingest

STORY = (
    "Valmora harbour council approves night ferries\n\n"
    "The harbour council of Valmora voted on Tuesday to run ferries after midnight, "
    "said its chair, Ines Korda.\n"
)
FERRY_IN_PORT_RU = "\u041f\u0430\u0440\u043e\u043c \u0432 \u043f\u043e\u0440\u0442\u0443"


def test_text_file_is_one_document_with_stem_id_and_absolute_origin(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "ferry_0042.txt"
    path.write_text(STORY, encoding="utf-8")
    result = ingest(path)
    assert result.problems == []
    [doc] = result.documents
    assert doc.format == "text"
    assert doc.content == STORY
    assert doc.native_id == "ferry_0042"
    assert doc.origin == os.path.abspath(path)
    assert doc.url is None and doc.title is None


def test_utf8_bom_is_dropped_from_text(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    [doc] = ingest(path).documents
    assert doc.content == STORY


def test_utf16_text_with_bom_is_decoded(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(STORY.encode("utf-16"))  # Python writes a BOM for "utf-16"
    [doc] = ingest(path).documents
    assert doc.content == STORY and doc.format == "text"


def test_html_file_is_html_document(tmp_path: Path, ingest: Ingest) -> None:
    page = "<!DOCTYPE html><html><head><title>Ferries</title></head><body><p>Night ferries</p></body></html>"
    path = tmp_path / "page-7.html"
    path.write_text(page, encoding="utf-8")
    [doc] = ingest(path).documents
    assert doc.format == "html"
    assert doc.content == page
    assert doc.native_id == "page-7"


def test_latin1_declared_charset_is_honoured(tmp_path: Path, ingest: Ingest) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\u00e9</title></head>'
        "<body><p>Le caf\u00e9 du port ferme \u00e0 minuit.</p></body></html>"
    )
    path = tmp_path / "cafe.htm"
    path.write_bytes(page.encode("latin-1"))
    [doc] = ingest(path).documents
    assert "Le caf\u00e9 du port ferme \u00e0 minuit." in doc.content


def test_http_equiv_charset_is_honoured(tmp_path: Path, ingest: Ingest) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "</head><body><p>" + FERRY_IN_PORT_RU + "</p></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    [doc] = ingest(path).documents
    assert FERRY_IN_PORT_RU in doc.content


def test_valid_utf8_wins_over_a_wrong_declaration(tmp_path: Path, ingest: Ingest) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Z\u00fcrich caf\u00e9</p></body></html>'
    path = tmp_path / "mislabelled.html"
    path.write_bytes(page.encode("utf-8"))
    [doc] = ingest(path).documents
    assert "Z\u00fcrich caf\u00e9" in doc.content


def test_undeclared_legacy_html_falls_back_to_windows_1252(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "legacy.html"
    path.write_bytes("<html><body><p>\u201cQuoted\u201d ferry</p></body></html>".encode("cp1252"))
    [doc] = ingest(path).documents
    assert "\u201cQuoted\u201d ferry" in doc.content


@pytest.mark.parametrize("label", ["rot13", "base64", "bz2", "undefined"])
def test_a_declared_codec_that_is_no_text_encoding_is_ignored(
    tmp_path: Path, ingest: Ingest, label: str
) -> None:
    path = tmp_path / f"{label}.html"
    page = f'<html><head><meta charset="{label}"></head><body><p>\u201cQuoted\u201d ferry</p></body></html>'
    path.write_bytes(page.encode("cp1252"))
    result = ingest(path)
    assert result.problems == []
    [doc] = result.documents
    assert "\u201cQuoted\u201d ferry" in doc.content  # windows-1252, as if nothing were declared


def test_gzipped_html_is_read_with_stem_without_suffixes(tmp_path: Path, ingest: Ingest) -> None:
    page = "<html><body><p>Ferries run late.</p></body></html>"
    path = tmp_path / "archived.html.gz"
    path.write_bytes(gzip.compress(page.encode("utf-8")))
    [doc] = ingest(path).documents
    assert doc.content == page
    assert doc.format == "html"
    assert doc.native_id == "archived"


def test_html_content_in_txt_file_is_read_as_html(tmp_path: Path, ingest: Ingest) -> None:
    path = tmp_path / "saved.txt"
    path.write_text("<!doctype html><html><body><p>Late ferry</p></body></html>", encoding="utf-8")
    [doc] = ingest(path).documents
    assert doc.format == "html"


def test_file_without_extension_is_sniffed(tmp_path: Path, ingest: Ingest) -> None:
    (tmp_path / "a1").write_text("<html><body><p>Late ferry</p></body></html>", encoding="utf-8")
    (tmp_path / "a2").write_text(STORY, encoding="utf-8")
    result = ingest(tmp_path / "a1", tmp_path / "a2")
    assert [d.format for d in result.documents] == ["html", "text"]
    assert [d.native_id for d in result.documents] == ["a1", "a2"]


def test_html_without_any_text_is_a_problem(tmp_path: Path, ingest: Ingest) -> None:
    shell = tmp_path / "shell.html"
    shell.write_text("<html><head><script>var x = 1;</script></head><body><div> </div></body></html>")
    soup = tmp_path / "soup.html"
    soup.write_text("<<<>>><//>")
    result = ingest(shell, soup)
    assert result.documents == []
    assert result.reasons() == {
        str(shell): "HTML page has no text",
        str(soup): "HTML page has no text",
    }
