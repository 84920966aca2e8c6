"""Ingest throughput as the store grows: articles/s per block of JSONL text input, and peak memory.

Articles are the public dev texts of ../shared/data (Timeline17 and SemEval-2022 Task 8), replicated
with perturbations (sentences dropped and shuffled, numbers changed) so that the store keeps growing
with distinct content; each record is dated, `--per-day` articles a day, as a news stream is. Each
block is ingested by the real pipeline into one store in two timed phases: linking (extract, lead
analysis, dedup, cluster, store: issue #4's "clean + dedup + cluster"; extraction and link features
run in worker processes, see storyfuse.preparation) and synthesis of the changed
stories (full analysis of their new articles, entities, quotes, figures, timeline, summary, copies).
The figures per block show whether cost per article stays flat as the store grows.

    .venv/bin/python bench/throughput.py --data ../shared/data --blocks 3 --block-size 500

`--db ADDRESS` (repeatable) names the stores to fill, each new and empty: SQLite paths or
postgresql:// URLs; the same blocks go into each, one store after the other, in one run (default: a
new SQLite file in a temporary folder). CPU seconds (this process and its reaped workers) are printed
beside wall seconds: on a shared machine they are the steadier figure. `--profile` names the linking
profile (default: the settings').
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from storyfuse.pipeline import ingest
from storyfuse.run.synthesis import synthesise_dirty
from storyfuse.store.open import describe, open_store, write_lock


def source_texts(data: Path) -> list[str]:
    texts: list[str] = []
    for articles in sorted((data / "timeline" / "timeline17").glob("*/articles.json")):
        texts += [a["text"] for a in json.loads(articles.read_text())]
    csv.field_size_limit(sys.maxsize)
    with (data / "similarity" / "semeval2022-task8" / "training_set.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            if row["lang1"] == "en":
                texts.append(row["text1"])
    return [t for t in texts if len(t.split()) > 80]


def perturbed(
    texts: list[str], count: int, seed: int, first: int = 0, per_day: int = 1000
) -> Iterator[dict[str, str]]:
    """`count` perturbed records; record k of the stream (k = first + i) is dated day k // per_day."""
    rng = random.Random(seed)
    start = date(2030, 1, 1)
    for i in range(count):
        sentences = re.split(r"(?<=[.!?]) ", rng.choice(texts))
        kept = [s for s in sentences if rng.random() > 0.15] or sentences
        if len(kept) > 4:
            head, tail = kept[:2], kept[2:]
            rng.shuffle(tail)
            kept = head + tail
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), " ".join(kept))
        paragraphs = "\n\n".join(" ".join(kept_part) for kept_part in _chunks(text.split(" "), 60))
        published = (start + timedelta(days=(first + i) // per_day)).isoformat()
        yield {
            "url": f"https://bench.example/{seed}/{i}",
            "title": kept[0][:90],
            "text": paragraphs,
            "published": published,
        }


def _chunks(words: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(words), size):
        yield words[start : start + size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--block-size", type=int, default=500)
    parser.add_argument("--per-day", type=int, default=1000, help="articles published per day of the stream")
    parser.add_argument("--link-only", action="store_true", help="skip the synthesis phase")
    parser.add_argument("--profile", default=None, help="linking profile (default: the settings')")
    parser.add_argument("--db", action="append", help="a new store to fill (repeatable); default a temp file")
    args = parser.parse_args()
    texts = source_texts(args.data)
    work = Path(tempfile.mkdtemp(prefix="storyfuse-throughput-"))
    for address in args.db or [str(work / "bench.db")]:
        print(f"store {describe(address)}", flush=True)
        run_blocks(address, texts, work, args)


def cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it has reaped."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_blocks(address: str, texts: list[str], work: Path, args: argparse.Namespace) -> None:
    with write_lock(address), open_store(address) as store:
        for block in range(args.blocks):
            feed = work / f"block{block}.jsonl"
            with feed.open("w") as fh:
                records = perturbed(texts, args.block_size, block, block * args.block_size, args.per_day)
                for record in records:
                    fh.write(json.dumps(record) + "\n")
            started, cpu = time.perf_counter(), cpu_seconds()
            report = ingest(store, [str(feed)], synthesise=False, profile=args.profile)
            link_seconds, link_cpu = time.perf_counter() - started, cpu_seconds() - cpu
            line = (
                f"block {block + 1}: store {store.count_articles():>6} articles; linking {report.added} "
                f"in {link_seconds:.1f} s ({link_cpu:.1f} s CPU) = "
                f"{report.added / link_seconds:.1f} articles/s"
            )
            if not args.link_only:
                started, cpu = time.perf_counter(), cpu_seconds()
                stories = synthesise_dirty(store)
                synth_seconds, synth_cpu = time.perf_counter() - started, cpu_seconds() - cpu
                line += (
                    f"; synthesis of {stories} stories in {synth_seconds:.1f} s ({synth_cpu:.1f} s CPU); "
                    f"end to end {report.added / (link_seconds + synth_seconds):.1f} articles/s"
                )
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # workers are reaped at the end of each ingest, so their peak is known here
            worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{line}; peak RSS {peak_mb:.0f} MB (largest worker {worker_mb:.0f} MB)", flush=True)


if __name__ == "__main__":
    main()
