"""Language identification on the SemEval-2022 Task 8 training texts (public dev data in ../shared).

Every distinct text of the CSV (title and body, 10 languages: en, de, es, fr, it, pl, tr, ar, zh, ru)
against its `lang` column: extract.metadata.guess_language (py3langid when installed)
beside the function-word cover alone (the baseline, and what runs without py3langid), in the same run.

    .venv/bin/python bench/language_id.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from storyfuse.extract import metadata


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    texts: dict[str, str] = {}
    with (args.data / "similarity" / "semeval2022-task8" / "training_set.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            for side in ("1", "2"):
                texts.setdefault(row[f"text{side}"], row[f"lang{side}"])
    languages = Counter(texts.values())
    print(f"{len(texts)} texts: {dict(sorted(languages.items()))}")
    for name, guess in (("guess_language", metadata.guess_language), ("function words", _function_words)):
        guess(next(iter(texts)))  # load the model before timing
        started = time.perf_counter()
        right = Counter(language for text, language in texts.items() if guess(text) == language)
        ms = 1000 * (time.perf_counter() - started) / len(texts)
        per_language = ", ".join(f"{lang} {right[lang]}/{n}" for lang, n in sorted(languages.items()))
        print(f"{name}: {sum(right.values())}/{len(texts)} right, {ms:.1f} ms a text ({per_language})")


def _function_words(text: str) -> str | None:
    return metadata._function_word_language(text[: metadata.LANGUAGE_SAMPLE])


if __name__ == "__main__":
    main()
