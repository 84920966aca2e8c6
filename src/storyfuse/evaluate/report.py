"""What every evaluation task returns, and the registry that maps task names to runners."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse.errors import StoryfuseError


@dataclass
class EvalOptions:
    """Options shared by all tasks; a task ignores what it does not use."""

    topics: str | None = None  # ECB+ topic range, e.g. "1-35"
    mode: str = "html"  # extraction: "html" or "text"
    limit: int | None = None  # evaluate at most this many items (quick runs)
    cv: int | None = None  # clustering: leave-topics-out folds, fitting the linking profile on the others
    profile: str = "default"  # clustering, similarity: the linking profile
    split: str | None = None  # quotes: the PolNeAR split (train or dev; dev when None)
    baseline: bool = True  # False: storyfuse alone (the eval gate), the report's baseline empty
    languages: str | None = None  # similarity: "en" (None), "all", or language pairs such as "de-en,fr"


@dataclass
class EvalReport:
    """One run of one task: the system's metrics beside a baseline's, measured on the same items."""

    task: str
    n: int  # items evaluated (pages, documents, pairs, expressions, topics)
    system: dict[str, float]
    baseline_name: str
    baseline: dict[str, float]
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "n": self.n,
            "system": self.system,
            "baseline": {"name": self.baseline_name, **self.baseline},
            "notes": self.notes,
        }


Runner = Callable[[Path, EvalOptions], EvalReport]

# task name -> module holding `run(data: Path, options: EvalOptions) -> EvalReport`.
# Modules are imported only when their task runs, so the CLI stays light.
TASKS: dict[str, str] = {
    "extraction": "storyfuse.evaluate.extraction",
    "clustering": "storyfuse.evaluate.clustering",
    "similarity": "storyfuse.evaluate.similarity",
    "dates": "storyfuse.evaluate.dates",
    "timeline": "storyfuse.evaluate.timeline",
    "summary": "storyfuse.evaluate.summary",
    "entities": "storyfuse.evaluate.entities",
    "quotes": "storyfuse.evaluate.quotes",
}


EVAL_EXTRA_MODULES = ("rouge_score", "justext", "sklearn")


def run_task(task: str, data: Path, options: EvalOptions) -> EvalReport:
    if task not in TASKS:
        raise StoryfuseError(f"unknown eval task {task!r}; choose one of: {', '.join(TASKS)}")
    if not data.exists():
        raise StoryfuseError(f"{data}: no such file or directory")
    try:
        runner: Runner = importlib.import_module(TASKS[task]).run
        report = runner(data, options)
        if not options.baseline:
            report.baseline_name = f"{report.baseline_name} (not run)"
        return report
    except ModuleNotFoundError as missing:
        # The metrics and baselines are not part of the default install (pyproject's [eval] extra).
        if missing.name and missing.name.split(".")[0] in EVAL_EXTRA_MODULES:
            raise StoryfuseError(
                f"storyfuse eval {task} needs {missing.name.split('.')[0]}: pip install 'storyfuse[eval]'"
            ) from None
        raise
