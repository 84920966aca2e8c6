"""Mojibake repair: UTF-8 read as Latin-1 is decoded back, real Latin-1 text is left alone."""

from __future__ import annotations

from storyfuse.extract.encoding import repair_mojibake


def _as_latin1(text: str) -> str:
    """What a scraper shows for UTF-8 text it decodes as Latin-1."""
    return text.encode("utf-8").decode("latin-1")


def test_utf8_read_as_latin1_is_repaired() -> None:
    original = "The ferry’s captain said “not today” in Tórshavn — Добрый день, 안녕하세요."
    assert repair_mojibake(_as_latin1(original)) == original


def test_real_accented_text_is_unchanged() -> None:
    text = "Le café à Zürich, façade, naïve, Ærø, 25°C et «guillemets»."
    assert repair_mojibake(text) == text


def test_mixed_text_repairs_only_the_broken_runs() -> None:
    broken = "Elmsby " + _as_latin1("don’t") + " panic, déjà vu"
    assert repair_mojibake(broken) == "Elmsby don’t panic, déjà vu"
