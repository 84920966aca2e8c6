"""The Timeline17 dev pile for benches: ../shared/tools/t17_pile.py run into a file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def build_pile(out: Path, order: str = "shuffled", per_topic: int = 80) -> Path:
    """Write the pile in that order ("grouped", "by-date", "shuffled") to `out`; returns `out`."""
    subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools/t17_pile.py"),
            "--out",
            str(out),
            "--order",
            order,
            "--per-topic",
            str(per_topic),
        ],
        check=True,
        capture_output=True,
    )
    return out
