"""Ingest throughput as the store grows: articles/s per block of JSONL text input, and peak memory.

Articles are the public dev texts of ../shared/data (Timeline17 and SemEval-2022 Task 8), replicated
with perturbations (sentences dropped and shuffled, numbers changed) so that the store keeps growing
with distinct content. Each block is ingested by the real pipeline (extract, analyse, dedup, cluster,
synthesise) into one store; the figure per block shows whether cost per article stays flat.

    .venv/bin/python bench/throughput.py --data ../shared/data --blocks 3 --block-size 500
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
from pathlib import Path

from storyfuse.pipeline import ingest
from storyfuse.store import Store


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


def perturbed(texts: list[str], count: int, seed: int) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for i in range(count):
        sentences = re.split(r"(?<=[.!?]) ", rng.choice(texts))
        kept = [s for s in sentences if rng.random() > 0.15] or sentences
        if len(kept) > 4:
            head, tail = kept[:2], kept[2:]
            rng.shuffle(tail)
            kept = head + tail
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), " ".join(kept))
        paragraphs = "\n\n".join(" ".join(kept_part) for kept_part in _chunks(text.split(" "), 60))
        yield {"url": f"https://bench.example/{seed}/{i}", "title": kept[0][:90], "text": paragraphs}


def _chunks(words: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(words), size):
        yield words[start : start + size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--block-size", type=int, default=500)
    args = parser.parse_args()
    texts = source_texts(args.data)
    work = Path(tempfile.mkdtemp(prefix="storyfuse-throughput-"))
    with Store(work / "bench.db") as store:
        for block in range(args.blocks):
            feed = work / f"block{block}.jsonl"
            with feed.open("w") as fh:
                for record in perturbed(texts, args.block_size, seed=block):
                    fh.write(json.dumps(record) + "\n")
            started = time.perf_counter()
            report = ingest(store, [str(feed)])
            seconds = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"block {block + 1}: store {store.count_articles():>6} articles, "
                f"{report.added} added in {seconds:.1f} s = {report.added / seconds:.1f} articles/s, "
                f"peak RSS {peak_mb:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
