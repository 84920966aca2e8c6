"""What adding a few articles to a grown store costs, beside ingesting the same few into an empty one.

A Timeline17 pile (../shared/tools/t17_pile.py, shuffled) is cut in two: the first `--base` articles are
ingested (with synthesis) into a store, then the next `--add` are ingested into a copy of it ("grown")
and into an empty store ("alone"), each `--repeats` times from a fresh copy. Both use the linking
`--profile`. Wall and CPU seconds (this process and its reaped workers) are printed for each, and the
ratio grown / alone of the medians: issue #18 asks for at most 3x.

    .venv/bin/python bench/incremental.py --base 550 --add 15 --repeats 3
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from storyfuse.pipeline import ingest
from storyfuse.store import Store


def cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it has reaped."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--base", type=int, default=550)
    parser.add_argument("--add", type=int, default=15)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", default="fast")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storyfuse-incremental-"))
    pile = work / "pile.jsonl"
    tool = args.shared / "tools" / "t17_pile.py"
    command = [sys.executable, str(tool), "--out", str(pile), "--order", "shuffled"]
    subprocess.run(command, check=True, capture_output=True)
    lines = pile.read_text(encoding="utf-8").splitlines(keepends=True)
    if len(lines) < args.base + args.add:
        raise SystemExit(f"the pile has {len(lines)} articles: fewer than --base + --add")
    base, added = work / "base.jsonl", work / "added.jsonl"
    base.write_text("".join(lines[: args.base]), encoding="utf-8")
    added.write_text("".join(lines[args.base : args.base + args.add]), encoding="utf-8")

    def run(db: Path, feed: Path) -> Callable[[], object]:
        def go() -> object:
            with Store(db) as store:
                return ingest(store, [str(feed)], profile=args.profile)

        return go

    wall, cpu = timed(run(work / "base.db", base))
    with Store(work / "base.db") as store:
        print(
            f"base: {store.count_articles()} articles, {store.count_stories()} stories, "
            f"ingested with synthesis in {wall:.1f} s wall, {cpu:.1f} s CPU",
            flush=True,
        )
    grown, alone = [], []
    for k in range(args.repeats):
        shutil.copy(work / "base.db", work / "grown.db")
        grown.append(timed(run(work / "grown.db", added)))
        (work / "alone.db").unlink(missing_ok=True)
        alone.append(timed(run(work / "alone.db", added)))
        print(
            f"repeat {k + 1}: {args.add} into the grown store {grown[-1][0]:.1f} s wall, "
            f"{grown[-1][1]:.1f} s CPU; into an empty store {alone[-1][0]:.1f} s wall, "
            f"{alone[-1][1]:.1f} s CPU",
            flush=True,
        )
    for kind, index in (("wall", 0), ("CPU", 1)):
        g = statistics.median(t[index] for t in grown)
        a = statistics.median(t[index] for t in alone)
        print(f"median {kind}: grown {g:.1f} s, alone {a:.1f} s, ratio {g / a:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB (largest worker {worker:.0f} MB)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
