"""Quote detection and attribution on PolNeAR, split by what was read while developing.

`storyfuse eval quotes` scores one split. Attribution rules are written from errors read on the train
split's first articles (`--read`, 550 so far); its other articles were never read, so the gap between
the two parts, and between them and dev, is the check that a rule generalises. One run scores dev, the
read part and the unread part of train alike (the same code, the same spaCy pass per split):

    .venv/bin/python bench/polnear_parts.py --data ../shared/data/quotes/polnear --read 550
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="../shared/data/quotes/polnear")
    parser.add_argument("--read", type=int, default=550, help="train articles read while developing")
    args = parser.parse_args()

    from storyfuse.evaluate import quotes
    from storyfuse.evaluate.datasets.polnear import load_polnear

    figures = {}
    for split in ("dev", "train"):
        items = load_polnear(args.data, split)
        prepared = [quotes._article(item)[0] for item in items]
        analyses = quotes._analyse(prepared)
        found = [quotes.system_quotes(a, an) for a, an in zip(prepared, analyses, strict=True)]
        parts = (
            {"dev": (0, len(items))}
            if split == "dev"
            else {
                f"train read (0-{args.read})": (0, args.read),
                f"train unread ({args.read}-{len(items)})": (args.read, len(items)),
                "train all": (0, len(items)),
            }
        )
        for name, (lo, hi) in parts.items():
            score = quotes.score(items[lo:hi], found[lo:hi])
            figures[name] = {
                "articles": hi - lo,
                "quote_f1": round(score["quote_f1"], 4),
                "attribution_accuracy": round(score["attribution_accuracy"], 4),
                "attributed_quotes": int(score["attributed_quotes"]),
            }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
