"""Two ingests at once into one PostgreSQL store against one ingest of the same inputs: wall time.

    .venv/bin/python bench/concurrent_ingest.py \
        --db 'postgresql://USER@/postgres?host=/tmp/pgdev&port=55432' \
        --pile /tmp/pg19/pile.jsonl --articles 300 --profile fast --repeats 3

Inputs: the first `--articles` lines of a JSONL `--pile` (e.g. one ../shared/tools/t17_pile.py builds,
read where it is), else short fictional articles (tests/helpers.py), in two halves (odd and even lines:
both halves cover the same days, as two feeds of the same news do). Every ingest is a CLI process, as
a user runs it, with its own worker processes for preparation.

Each repeat times, into a new database each: one ingest of everything, and the two halves ingested at
once (from the start of the first to the end of the last); the order of the two alternates between
repeats, and the 1-minute load average is printed beside each time (the machine may be shared). The
two-at-once store must hold every article exactly once, pass `storyfuse check`, and hold the same
stories as the one ingest (the same-story check is reported, not required: at the edges of the days a
run regroups, stories may depend on which articles were there when). Medians are printed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def _new_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def _drop_database(server: str, url: str) -> None:
    import psycopg

    from storyfuse.store.postgres.connection import close_pool

    close_pool(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


def _inputs(work: Path, pile: Path | None, articles: int) -> tuple[Path, Path]:
    first, second = work / "first", work / "second"
    if pile is None:
        from helpers import write_articles

        paths = write_articles(work / "all", articles)
        first.mkdir()
        second.mkdir()
        for k, path in enumerate(paths):
            path.rename((first if k % 2 == 0 else second) / path.name)
        return first, second
    lines = [line for line in pile.read_text(encoding="utf-8").splitlines() if line.strip()][:articles]
    for folder, part in ((first, lines[0::2]), (second, lines[1::2])):
        folder.mkdir()
        (folder / "pile.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    return first, second


def _ingest(db: str, paths: list[Path], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyfuse.present.cli", "ingest", *map(str, paths), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        _, err = process.communicate(timeout=7200)
        if process.returncode != 0 or "Traceback" in err:
            raise SystemExit(f"an ingest failed (rc {process.returncode}): {err.strip()[-2000:]}")


def _timed(db: str, groups: list[list[Path]], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, 1-minute load average at the start) of these ingests started
    together; the CPU seconds are the ingests' own and their worker processes' (the children's usage)."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    _wait([_ingest(db, paths, env) for paths in groups])
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, load


def _check(db: str, env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "storyfuse.present.cli", "check", "--db", db],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    return [] if done.returncode == 0 else (done.stdout.splitlines() or [done.stderr.strip()])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="postgresql://…: a database to make the others from")
    parser.add_argument("--pile", type=Path, default=None, help="a JSONL pile (else fictional articles)")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--profile", choices=["default", "fast"], default="fast")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from helpers import store_contents

    env = {**os.environ, "STORYFUSE_PROFILE": args.profile}
    one: list[float] = []
    two: list[float] = []
    results = []
    with tempfile.TemporaryDirectory(prefix="storyfuse-concurrent-") as folder:
        first, second = _inputs(Path(folder), args.pile, args.articles)
        for repeat in range(args.repeats):
            runs = {"one": [[first, second]], "two": [[first], [second]]}
            order = ["one", "two"] if repeat % 2 == 0 else ["two", "one"]
            stores: dict[str, str] = {}
            cpus: dict[str, float] = {}
            for name in order:
                stores[name] = _new_database(args.db, f"concurrent_{name}_{repeat}")
                seconds, cpu, load = _timed(stores[name], runs[name], env)
                (one if name == "one" else two).append(seconds)
                cpus[name] = cpu
                line = (
                    f"repeat {repeat + 1} {name} ingest(s): {seconds:6.1f} s, {cpu:6.1f} CPU s "
                    f"({cpu / seconds:.2f} cores busy) at load {load:.1f}"
                )
                print(line, flush=True)
            (count, distinct, stories), (ref_count, _, ref_stories) = (
                store_contents(stores["two"]),
                store_contents(stores["one"]),
            )
            found = _check(stores["two"], env)
            result = {
                "repeat": repeat + 1,
                "one": round(one[-1], 1),
                "two": round(two[-1], 1),
                "cpu_one": round(cpus["one"], 1),
                "cpu_two": round(cpus["two"], 1),
                "articles": count,
                "distinct": distinct,
                "expected": ref_count,
                "check": found[:3],
                "same stories": stories == ref_stories,
                "stories": [len(stories), len(ref_stories)],
            }
            results.append(result)
            print(json.dumps(result), flush=True)
            for url in stores.values():
                _drop_database(args.db, url)
    alone, together = statistics.median(one), statistics.median(two)
    print(
        f"medians over {args.repeats}: one ingest {alone:.1f} s, "
        f"two halves at once {together:.1f} s ({together / alone:.2f}x)"
    )
    if any(r["articles"] != r["expected"] or r["distinct"] != r["expected"] or r["check"] for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
