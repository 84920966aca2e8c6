"""What the linking order's window costs and how close to publication order it links.

Input: the Timeline17 dev pile (../shared/tools/t17_pile.py), shuffled or by date. For each window
size, `storyfuse ingest --no-synthesis` of the pile's first `--articles` records runs in a child process
of its own (fast profile, no worker processes, so the memory is the driver's alone): its peak resident
memory (the child's ru_maxrss), its wall time, and how many articles reached the linker after one of a
later publication day (recorded from `Linker.store_batch`). Window 0 is input order, the baseline.

    .venv/bin/python bench/linking_order.py --articles 2000 --windows 0,256,1024,4096
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from t17 import build_pile

CHILD = """
import json, sys
from storyfuse.run import linking
from storyfuse.pipeline import ingest
from storyfuse.store import Store

days = []
store_batch = linking.Linker.store_batch

def recorded(self, batch):
    days.extend(item.features.day for item, _ in batch)
    return store_batch(self, batch)

linking.Linker.store_batch = recorded
with Store(sys.argv[2]) as store:
    report = ingest(store, [sys.argv[1]], synthesise=False)
latest, late = None, 0
for day in days:
    if day is not None:
        late += latest is not None and day < latest
        latest = day if latest is None else max(latest, day)
print(json.dumps({"added": report.added, "dated": sum(d is not None for d in days), "late": late}))
"""


def run(pile: Path, window: int, workdir: Path) -> dict[str, float]:
    env = {**os.environ, "STORYFUSE_PROFILE": "fast", "STORYFUSE_WORKERS": "0",
           "STORYFUSE_ORDER_WINDOW": str(window)}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(pile), str(workdir / f"w{window}.db")],
        stdout=subprocess.PIPE, env=env, text=True,
    )
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    assert status == 0, out
    figures = json.loads(out.strip().splitlines()[-1])
    figures.update(window=window, wall_s=round(time.perf_counter() - start, 1),
                   peak_rss_mib=round(usage.ru_maxrss / 1024, 1), load=round(os.getloadavg()[0], 1))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--windows", default="0,256,1024,4096")
    parser.add_argument("--orders", default="shuffled,by-date")
    parser.add_argument("--per-topic", type=int, default=400, help="records per Timeline17 topic")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for order in args.orders.split(","):
            pile = build_pile(workdir / f"{order}.jsonl", order=order, per_topic=args.per_topic)
            lines = pile.read_text(encoding="utf-8").splitlines()[: args.articles]
            pile.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            for window in (int(w) for w in args.windows.split(",")):
                print(json.dumps({"order": order, **run(pile, window, workdir)}), flush=True)


if __name__ == "__main__":
    main()
