"""Helpers for ingest tests: run read_inputs and split what it yields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pytest

from storyfuse.ingest import MAX_BYTES, read_inputs
from storyfuse.model import InputProblem, RawDocument


@dataclass
class Ingested:
    items: list[RawDocument | InputProblem] = field(default_factory=list)

    @property
    def documents(self) -> list[RawDocument]:
        return [item for item in self.items if isinstance(item, RawDocument)]

    @property
    def problems(self) -> list[InputProblem]:
        return [item for item in self.items if isinstance(item, InputProblem)]

    def reasons(self) -> dict[str, str]:
        return {problem.origin: problem.reason for problem in self.problems}


Ingest = Callable[..., Ingested]


@pytest.fixture
def ingest() -> Ingest:
    def run(*paths: str | Path, stdin: BinaryIO | None = None, max_bytes: int = MAX_BYTES) -> Ingested:
        return Ingested(list(read_inputs([str(p) for p in paths], stdin=stdin, max_bytes=max_bytes)))

    return run
