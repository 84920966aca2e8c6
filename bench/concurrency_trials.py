"""Concurrency trials: two ingests into one store at once, and SIGKILL during them.

    .venv/bin/python bench/concurrency_trials.py --trials 20 --kills 20 --articles 80

Inputs: `--articles` short fictional articles (tests/helpers.py) in two folders of half each, or the
first `--articles` lines of a JSONL `--pile` (e.g. one ../shared/tools/t17_pile.py builds; it is read
where it is, never copied into the repository). Every ingest runs as the CLI runs, in its own process,
with the fast linking profile; a run of more than 64 inputs prepares them in worker processes.

- Concurrent trials alternate between the same inputs (both halves) twice at once and the two
  disjoint halves at once, each into a fresh store. A crash is a non-zero exit or a traceback on
  stderr; an inconsistency is `storyfuse check` finding anything, an article count other than one
  ingest's, or stories other than one ingest after the other gives (the reference, made once per mode).
- Kill trials start two ingests of all the inputs at once, SIGKILL the main process of one of them
  (the first, then the second, alternately) at a random point of the first 95% of one ingest's time
  (the reference's: ingests got faster than a fixed 0.5-20 s, and most kills fell after their end), let
  the other finish, then ingest everything again. Lost or duplicated articles are counted against one
  ingest's; the store must then pass `storyfuse check` and hold the same stories (a store that does
  not is kept, and named). Processes of the killed ingest (its workers) still alive 2 s after the
  kill are counted too.

`--db postgresql://USER@HOST/DB` runs every trial on that PostgreSQL server instead of SQLite files: each
trial gets a new database (made through DB, dropped after), and the stores are read through the store's
methods either way. One ingest of everything (the reference) and each trial are timed, so the
disjoint-halves trials say whether two ingests at once beat one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "STORYFUSE_PROFILE": "fast"}
SERVER: str | None = None  # --db: the PostgreSQL server's URL, else SQLite files in the work folder


def _command(db: Path | str, *args: str) -> list[str]:
    return [sys.executable, "-m", "storyfuse.present.cli", *args, "--db", str(db)]


def _new_store(work: Path, name: str) -> str:
    """The address of a new store: a file in `work`, or a new database on the --db server."""
    if SERVER is None:
        return str(work / f"{name}.db")
    import psycopg

    database = name.replace("-", "_")
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}"')
    return urlunsplit(urlsplit(SERVER)._replace(path=f"/{database}"))


def _remove_store(address: str) -> None:
    if SERVER is None:
        for path in Path(address).parent.glob(Path(address).name + "*"):
            path.unlink()
        return
    import psycopg

    from storyfuse.store.postgres.connection import close_pool

    close_pool(address)
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(address).path.lstrip("/")}" WITH (FORCE)')


def _inputs(work: Path, pile: Path | None, articles: int) -> tuple[Path, Path]:
    """Two halves of the inputs: folders of fictional articles (tests/helpers.py), or of a pile's lines."""
    first, second = work / "first", work / "second"
    if pile is None:
        from helpers import write_articles

        write_articles(first, articles // 2)
        write_articles(second, articles - articles // 2, start=articles // 2)
        return first, second
    lines = [line for line in pile.read_text(encoding="utf-8").splitlines() if line.strip()][:articles]
    for folder, part in ((first, lines[: len(lines) // 2]), (second, lines[len(lines) // 2 :])):
        folder.mkdir()
        (folder / "pile.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    return first, second


def _start(db: Path | str, paths: list[Path]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _command(db, "ingest", *map(str, paths)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        start_new_session=True,  # its own process group: its workers can be found after a kill
    )


def _crashed(process: subprocess.Popen[str]) -> str | None:
    _, err = process.communicate(timeout=1800)
    if process.returncode != 0 or "Traceback" in err:
        return f"rc {process.returncode}: {err.strip().splitlines()[-1] if err.strip() else ''}"
    return None


def _stories(db: str) -> tuple[int, int, frozenset[frozenset[str]]]:
    """(articles, distinct contents, stories as sets of content hashes), through the store's methods."""
    from helpers import store_contents

    return store_contents(db)


def _check(db: Path | str) -> list[str]:
    done = subprocess.run(_command(db, "check"), capture_output=True, text=True, env=ENV, timeout=600)
    if done.returncode != 0:
        return done.stdout.splitlines() or [done.stderr.strip()]
    return []


def _group_alive(pgid: int) -> list[str]:
    """The processes of a process group still running (zombies, dead but not yet reaped by whoever
    adopted them, are not), as 'pid state command'."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:80]
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(f"{stat.parent.name} {fields[0]} {command}")
    return alive


def _reference(
    work: Path, batches: list[list[Path]], name: str
) -> tuple[int, frozenset[frozenset[str]], float]:
    """(articles, stories, seconds of the last batch's ingest) of the batches ingested one after another."""
    db = _new_store(work, f"reference-{name}")
    seconds = 0.0
    for paths in batches:
        started = time.perf_counter()
        process = _start(db, paths)
        crash = _crashed(process)
        if crash:
            raise SystemExit(f"the reference ingest failed: {crash}")
        seconds = time.perf_counter() - started
        print(f"reference {name}: one ingest of {len(paths)} folder(s) in {seconds:.1f} s", flush=True)
    count, _, stories = _stories(db)
    _remove_store(db)
    return count, stories, seconds


def concurrent_trials(work: Path, first: Path, second: Path, trials: int) -> Counter[str]:
    modes = {
        "same inputs": ([first, second], [first, second]),
        "disjoint halves": ([first], [second]),
    }
    references = {
        name: _reference(work, [list(a), list(b)], name.replace(" ", "-"))[:2]
        for name, (a, b) in modes.items()
    }
    counts: Counter[str] = Counter()
    for trial in range(trials):
        name = list(modes)[trial % 2]
        db = _new_store(work, f"concurrent-{trial}")
        started = time.perf_counter()
        processes = [_start(db, list(paths)) for paths in modes[name]]
        crashes = [c for c in (_crashed(p) for p in processes) if c]
        found = _check(db)
        count, distinct, stories = _stories(db)
        expected_count, expected_stories = references[name]
        problems = found + (
            [f"{count} articles ({distinct} distinct), not {expected_count}"]
            if (count, distinct) != (expected_count, expected_count)
            else []
        )
        problems += ["stories differ from one ingest after the other"] if stories != expected_stories else []
        counts["trials"] += 1
        counts["crashes"] += bool(crashes)
        counts["inconsistent"] += bool(problems)
        print(
            f"concurrent {trial + 1:2d} ({name}): {time.perf_counter() - started:5.1f} s, {count} articles, "
            f"{len(stories)} stories" + "".join(f"; {p}" for p in crashes + problems),
            flush=True,
        )
        _remove_store(db)
    return counts


def kill_trials(work: Path, first: Path, second: Path, kills: int, seed: int) -> Counter[str]:
    everything = [first, second]
    expected_count, expected_stories, one_ingest = _reference(work, [everything], "kill")
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    for trial in range(kills):
        db = _new_store(work, f"kill-{trial}")
        processes = [_start(db, everything), _start(db, everything)]
        victim = processes[trial % 2]
        delay = rng.uniform(0.05, 0.95) * one_ingest
        time.sleep(delay)
        was_running = victim.poll() is None
        if was_running:  # the main process alone, as an OOM killer or `kill -9` would
            os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        time.sleep(2.0)
        orphans = _group_alive(victim.pid)
        if orphans:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(victim.pid, signal.SIGKILL)
        survivor = processes[1 - trial % 2]
        crash = _crashed(survivor)
        rerun = _start(db, everything)
        crash = crash or _crashed(rerun)
        count, distinct, stories = _stories(db)
        found = _check(db)
        lost = max(expected_count - distinct, 0)
        duplicated = count - distinct + max(distinct - expected_count, 0)
        counts["trials"] += 1
        counts["killed while running"] += was_running
        counts["crashes"] += bool(crash)
        counts["lost articles"] += lost
        counts["duplicated articles"] += duplicated
        counts["inconsistent after re-run"] += bool(found)
        counts["workers outliving the kill"] += len(orphans)
        counts["stories differ from the reference"] += stories != expected_stories
        print(
            f"kill {trial + 1:2d}: after {delay:.1f} s ({'running' if was_running else 'already done'}), "
            f"{count} articles, lost {lost}, duplicated {duplicated}, {len(stories)} stories"
            + (f"; survivor/re-run: {crash}" if crash else "")
            + (f"; check: {found[:3]}" if found else "")
            + (f"; still running 2 s after the kill: {orphans}" if orphans else "")
            + (f"; sizes {sorted(map(len, stories))}, kept: {db}" if stories != expected_stories else ""),
            flush=True,
        )
        if stories == expected_stories:  # a store that differs is kept, to be read
            _remove_store(db)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=20, help="concurrent-ingest trials")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILL trials")
    parser.add_argument("--articles", type=int, default=80, help="articles, in two halves")
    parser.add_argument("--pile", type=Path, default=None, help="a JSONL pile (else fictional articles)")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--db", default=None, help="postgresql://…: run the trials on this server")
    args = parser.parse_args()
    global SERVER
    SERVER = args.db
    with tempfile.TemporaryDirectory(prefix="storyfuse-trials-") as folder:
        work = Path(folder)
        first, second = _inputs(work, args.pile, args.articles)
        results = {}
        if args.trials:
            results["concurrent"] = dict(concurrent_trials(work, first, second, args.trials))
        if args.kills:
            results["kill"] = dict(kill_trials(work, first, second, args.kills, args.seed))
    print(json.dumps(results, indent=2))
    bad = results.get("concurrent", {}).get("crashes", 0) + results.get("concurrent", {}).get(
        "inconsistent", 0
    )
    kill = results.get("kill", {})
    bad += sum(
        kill.get(k, 0)
        for k in ("crashes", "lost articles", "duplicated articles", "inconsistent after re-run")
    )
    if bad:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
