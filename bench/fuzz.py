"""Fuzz the readers and the cleaner far longer than the test does, and time every input.

    .venv/bin/python bench/fuzz.py --examples 200 --scaled 100 --largest 20000 --seed 1

Draws `--examples` hostile inputs of each format (tests/fuzz_inputs.py: grammatical with hostile values,
some mutated byte by byte, some gzipped) and `--scaled` inputs that repeat one thing (attributes,
nesting, lines, records, entities) up to `--largest` times. Each is read and cleaned as `storyfuse
clean` does. Reported: exceptions that got out (each would be a traceback and a lost run), errors that
a catch-all turned into a problem (debug-logged), anything printed, problems of more than one line,
and inputs slower per byte than 10 times the median of their kind: for the hostile inputs, their
format and outcome (read and cleaned, or refused by a reader: refusing costs far less); for the scaled
inputs, the others that repeat the same thing with the same outcome (so a cost that grows faster than
the input stands out).
Cost per byte is time over max(size, 4 KB per document), so that tiny documents do not count as slow
for the fixed cost of cleaning one; each slow input is timed twice more and its fastest time kept, as
the machine is shared. Exit 1 when any count is not 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_inputs import FORMATS, FuzzInput, Probe, fuzz_inputs, probe, scaled_inputs

FLOOR_BYTES = 4096
SLOW_FACTOR = 10


def _draw(strategy: st.SearchStrategy[FuzzInput], examples: int, seed: int) -> list[FuzzInput]:
    """`examples` inputs drawn by hypothesis (generation only: nothing is shrunk or replayed)."""
    drawn: list[FuzzInput] = []
    if examples < 1:
        return drawn

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(item: FuzzInput) -> None:
        drawn.append(item)

    collect._hypothesis_internal_use_seed = seed  # type: ignore[attr-defined]
    collect()
    return drawn


def _per_byte(item: FuzzInput, found: Probe) -> float:
    """Seconds per byte, counting each document as at least FLOOR_BYTES: cleaning one has a fixed cost
    (an archive of many tiny pages is slow per byte, linearly in its pages)."""
    return found.seconds / max(len(item.data), FLOOR_BYTES * max(found.documents, 1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=500, help="hostile inputs per format")
    parser.add_argument("--scaled", type=int, default=100, help="inputs that repeat one thing")
    parser.add_argument("--largest", type=int, default=20000, help="most repeats in a scaled input")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    inputs = [item for kind in FORMATS for item in _draw(fuzz_inputs(kind), args.examples, args.seed)]
    inputs += _draw(scaled_inputs(args.largest), args.scaled, args.seed)
    escaped, unforeseen, printed, multiline = [], [], [], []
    timed: dict[str, list[tuple[float, FuzzInput]]] = defaultdict(list)
    totals: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        for item in inputs:
            path = item.write(Path(folder))
            found = probe(path)
            if found.seconds > 5:
                print(
                    f"{item.name} ({len(item.data)} bytes): {found.seconds:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
            if totals["inputs"] % 250 == 0:
                print(f"{totals['inputs']} of {len(inputs)} inputs probed", file=sys.stderr, flush=True)
            totals["inputs"] += 1
            totals["bytes"] += len(item.data)
            totals["documents"] += found.documents
            totals["cleaned"] += found.cleaned
            totals["problems"] += len(found.problems)
            escaped += [(item.name, e) for e in found.escaped]
            unforeseen += [(item.name, e) for e in found.unforeseen]
            printed += [(item.name, found.printed)] if found.printed else []
            multiline += [(item.name, p) for p in found.problems if "\n" in p or "Traceback" in p]
            # Compared with inputs of their kind: a refusal costs far less per byte than a cleaning, and an
            # input that repeats one thing with the others repeating it more or fewer times
            outcome = "cleaned" if found.documents else "refused"
            shape = item.name.split("_")[0] if item.name.startswith("scaled") else item.kind
            timed[f"{shape} {outcome}"].append((_per_byte(item, found), item))
            path.unlink()
        slow = []
        for kind, rows in sorted(timed.items()):
            median = statistics.median(t for t, _ in rows)
            for per_byte, item in rows:
                if per_byte > SLOW_FACTOR * median:
                    path = item.write(Path(folder))
                    per_byte = min([per_byte] + [_per_byte(item, probe(path)) for _ in range(2)])
                    if per_byte > SLOW_FACTOR * median:
                        slow.append((kind, item.name, len(item.data), per_byte / median))
                    path.unlink()
            totals[f"median µs/KB {kind} ({len(rows)})"] = round(median * 1e6 * 1024)

    print(
        f"{totals['inputs']} inputs ({totals['bytes'] / 1e6:.1f} MB; {args.examples} per format + "
        f"{args.scaled} scaled up to {args.largest} repeats, seed {args.seed}): {totals['documents']} "
        f"documents, {totals['cleaned']} cleaned, {totals['problems']} problems reported"
    )
    print(
        "median cost per KB, by kind (inputs): "
        + ", ".join(f"{k.removeprefix('median µs/KB ')} {v} µs" for k, v in totals.items() if "µs" in k)
    )
    print(f"tracebacks (exceptions that got out): {len(escaped)}")
    print(f"unforeseen errors a catch-all turned into a problem: {len(unforeseen)}")
    print(f"inputs that printed to stderr: {len(printed)}")
    print(f"problems of more than one line: {len(multiline)}")
    print(f"inputs slower than {SLOW_FACTOR}x the median per byte of their kind: {len(slow)}")
    for name, text in (escaped + unforeseen + printed + multiline)[:20]:
        print(f"  {name}: {text[:200]!r}")
    for kind, name, size, factor in slow[:20]:
        print(f"  slow {kind} {name} ({size} bytes): {factor:.1f}x the median per byte")
    if escaped or unforeseen or printed or multiline or slow:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
