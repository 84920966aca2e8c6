"""`storyfuse eval` without the [eval] extra: one line naming the extra, never a traceback."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate import report
from storyfuse.evaluate.report import EvalOptions, run_task


def _task_needing(module: str) -> types.ModuleType:
    task = types.ModuleType("storyfuse_test_task")

    def run(data: Path, options: EvalOptions) -> None:
        __import__(module)

    task.run = run  # type: ignore[attr-defined]
    return task


def test_a_missing_metric_package_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "storyfuse_test_task", _task_needing("rouge_score"))
    monkeypatch.setitem(sys.modules, "rouge_score", None)  # as if not installed
    monkeypatch.setitem(report.TASKS, "summary", "storyfuse_test_task")
    with pytest.raises(StoryfuseError, match=r"needs rouge_score: pip install 'storyfuse\[eval\]'"):
        run_task("summary", tmp_path, EvalOptions())


def test_other_missing_modules_are_not_blamed_on_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "storyfuse_test_task", _task_needing("storyfuse_no_such_module"))
    monkeypatch.setitem(report.TASKS, "summary", "storyfuse_test_task")
    with pytest.raises(ModuleNotFoundError):
        run_task("summary", tmp_path, EvalOptions())
