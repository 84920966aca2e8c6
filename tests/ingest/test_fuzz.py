"""Fuzzing readers, cleaner and ingest with hostile inputs of every format (tests/fuzz_inputs.py): no
exception gets out, nothing is printed, every problem is one line, and an ingest leaves a whole store.
Bounded and derandomised here so it runs in seconds; `bench/fuzz.py` runs many more, and times them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz_inputs import FORMATS, FuzzInput, fuzz_inputs, probe, unforeseen_errors
from storyfuse.pipeline import ingest
from storyfuse.store import Store
from storyfuse.store.integrity import check

BOUNDED = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never fails on a new draw
    database=None,  # no .hypothesis folder in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _assert_told_in_lines(problems: list[str]) -> None:
    for problem in problems:
        assert "\n" not in problem and "Traceback" not in problem, problem


@pytest.mark.parametrize("kind", FORMATS)
def test_reading_and_cleaning_hostile_input_never_raises(kind: str) -> None:
    @BOUNDED
    @given(fuzz_inputs(kind))
    def run(item: FuzzInput) -> None:
        with tempfile.TemporaryDirectory() as folder:
            found = probe(item.write(Path(folder)))
        assert found.escaped == []
        assert found.unforeseen == []
        assert found.printed == ""
        _assert_told_in_lines(found.problems)

    run()


@pytest.mark.parametrize("kind", FORMATS)
def test_ingesting_hostile_input_leaves_a_whole_store(kind: str) -> None:
    @settings(BOUNDED, max_examples=4)
    @given(fuzz_inputs(kind))
    def run(item: FuzzInput) -> None:
        problems: list[str] = []
        with tempfile.TemporaryDirectory() as folder, unforeseen_errors() as unforeseen:
            path = item.write(Path(folder))
            with Store(Path(folder) / "s.db") as store:
                report = ingest(store, [str(path)], on_problem=lambda p: problems.append(str(p)))
                assert check(store) == []
                assert store.count_articles() == report.added
        assert unforeseen == []
        _assert_told_in_lines(problems)

    run()
