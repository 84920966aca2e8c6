"""The eval gate (like trafilatura's tests/eval_gate.py): every task's dev figure stays above the floor
pinned in eval_floors.json, measured on the same data (its digest), by the same `run_task` that
`storyfuse eval` runs, storyfuse alone. bench/eval_floors.py writes the floors and refuses to lower one
without `--lower --reason`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyfuse.evaluate.gate import MARGIN, Floor, data_digest, measure, shortfalls, stale_data
from storyfuse.evaluate.report import EvalReport

DOCUMENT = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))
FLOORS = [Floor.from_json(f) for f in DOCUMENT["floors"]]
TASKS = ("extraction", "clustering", "similarity", "dates", "timeline", "summary", "entities", "quotes")


def test_every_task_is_gated_and_each_floor_sits_under_its_figure() -> None:
    assert {f.task for f in FLOORS} == set(TASKS)
    assert {(f.data, f.options.get("mode")) for f in FLOORS if f.task == "extraction"} >= {
        ("extraction/article-extraction-benchmark", "html"),
        ("extraction/article-extraction-benchmark", "text"),
        ("extraction/dragnet", "html"),
        ("extraction/dragnet", "text"),
    }
    for floor in FLOORS:
        assert floor.floors, floor.name
        for metric, minimum in floor.floors.items():
            lowered = any(f": {metric} " in line for line in floor.history)
            assert minimum <= floor.measured[metric], (floor.name, metric)
            assert lowered or floor.measured[metric] - minimum <= MARGIN + 0.0011, (floor.name, metric)


def test_the_gate_sees_a_fall_and_other_data(tmp_path: Path) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "a.txt").write_text("one")
    floor = Floor("t", "dates", "set", {}, {"f1": 0.9}, {"f1": 0.902}, data_digest(tmp_path / "set"))
    fell = EvalReport("dates", 1, {"f1": 0.85}, "b", {})
    assert shortfalls(floor, fell) == [
        "t: f1 0.8500 fell under its floor 0.9000 (measured 0.9020 when the floor was written)"
    ]
    assert shortfalls(floor, EvalReport("dates", 1, {"f1": 0.95}, "b", {})) == []
    assert "missing" in shortfalls(floor, EvalReport("dates", 1, {}, "b", {}))[0]
    assert stale_data(floor, tmp_path) is None
    (tmp_path / "set" / "a.txt").write_text("two")
    assert "is not the data its floor was measured on" in str(stale_data(floor, tmp_path))


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("floor", FLOORS, ids=[f.name for f in FLOORS])
def test_dev_figure_stays_above_its_floor(data_dir: Path, floor: Floor) -> None:
    stale = stale_data(floor, data_dir)
    assert stale is None, stale
    report = measure(floor, data_dir)
    lines = shortfalls(floor, report)
    assert not lines, "\n".join(lines)
