"""The canonical example input: the five seed articles in ../shared/seeds."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.ingest.conftest import Ingest


@pytest.mark.shared
def test_seeds_are_five_text_documents_named_by_stem(seeds_dir: Path, ingest: Ingest) -> None:
    result = ingest(seeds_dir)
    assert result.problems == []
    stems = sorted(path.stem for path in seeds_dir.glob("*.txt"))
    assert len(stems) == 5
    assert [d.native_id for d in result.documents] == stems
    for doc in result.documents:
        assert doc.format == "text"
        assert doc.origin == os.path.abspath(seeds_dir / f"{doc.native_id}.txt")
        assert len(doc.content) > 1000
        assert "Blinken" in doc.content
