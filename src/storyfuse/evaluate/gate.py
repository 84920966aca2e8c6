"""The eval gate: each task's dev figure pinned as a floor, with a digest of the data it was measured on.

A floor sits a small margin under the figure measured when it was written (`bench/eval_floors.py`
writes them, through the same `run_task` that `storyfuse eval` runs). The gate re-runs storyfuse alone
on the same data and fails when a figure falls under its floor, or when the data is no longer the data
the floor was measured on (a floor measured on other data says nothing). Raising a floor is what the
script does by default; lowering one needs its explicit flag and a reason, recorded beside the floor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyfuse import settings
from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.report import EvalOptions, EvalReport, run_task

MARGIN = 0.003  # floors sit this far under the measured figure: noise of thread timing, never of quality
OPTION_NAMES = ("topics", "mode", "limit", "cv", "profile", "split")


@dataclass(frozen=True)
class Floor:
    """One gated measurement: a task on one data set with its options, and its floors by metric."""

    name: str
    task: str
    data: str  # relative to the shared data folder
    options: Mapping[str, Any]
    floors: Mapping[str, float]
    measured: Mapping[str, float]
    digest: str
    baseline: Mapping[str, Any] = field(default_factory=dict)  # for reading: measured in the same run
    seconds: float = 0.0  # how long the gated run took when the floor was written
    history: tuple[str, ...] = ()  # each lowering, with its date and reason

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Floor:
        return cls(
            name=data["name"],
            task=data["task"],
            data=data["data"],
            options=dict(data.get("options", {})),
            floors={k: float(v) for k, v in data["floors"].items()},
            measured={k: float(v) for k, v in data["measured"].items()},
            digest=data["digest"],
            baseline=dict(data.get("baseline", {})),
            seconds=float(data.get("seconds", 0.0)),
            history=tuple(data.get("history", ())),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "task": self.task,
            "data": self.data,
            "options": dict(self.options),
            "floors": dict(self.floors),
            "measured": dict(self.measured),
            "digest": self.digest,
            "baseline": dict(self.baseline),
            "seconds": round(self.seconds, 1),
            "history": list(self.history),
        }

    def eval_options(self, baseline: bool = False) -> EvalOptions:
        unknown = set(self.options) - set(OPTION_NAMES)
        if unknown:
            raise StoryfuseError(f"floor {self.name}: unknown option(s) {', '.join(sorted(unknown))}")
        return EvalOptions(**{**self.options, "baseline": baseline})


def data_digest(path: Path) -> str:
    """sha256 over every file under `path` (its relative name and bytes), in name order."""
    if not path.exists():
        raise StoryfuseError(f"{path}: no such file or directory")
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for file in files:
        digest.update(str(file.relative_to(path) if file != path else file.name).encode("utf-8") + b"\0")
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()


def measure(floor: Floor, data_root: Path, baseline: bool = False) -> EvalReport:
    """The floor's task run on its data with its options (storyfuse alone unless `baseline`), its
    linking profile active for every stage, whatever the environment says (tests run fast)."""
    options = floor.eval_options(baseline)
    with settings.activated(settings.resolve(flags={"link.profile": options.profile})):
        return run_task(floor.task, data_root / floor.data, options)


def shortfalls(floor: Floor, report: EvalReport) -> list[str]:
    """One line per metric under its floor (or missing from the report)."""
    lines = []
    for metric, minimum in floor.floors.items():
        value = report.system.get(metric)
        if value is None:
            lines.append(f"{floor.name}: {metric} missing from the {floor.task} report")
        elif value < minimum:
            lines.append(
                f"{floor.name}: {metric} {value:.4f} fell under its floor {minimum:.4f} "
                f"(measured {floor.measured[metric]:.4f} when the floor was written)"
            )
    return lines


def stale_data(floor: Floor, data_root: Path) -> str | None:
    """Why the floor cannot be checked on this data (a changed digest), else None."""
    digest = data_digest(data_root / floor.data)
    if digest != floor.digest:
        return (
            f"{floor.name}: {floor.data} is not the data its floor was measured on "
            f"({digest[:19]}… here, {floor.digest[:19]}… pinned): re-measure with bench/eval_floors.py"
        )
    return None
