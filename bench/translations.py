"""Translations of one article across languages: one story? one translation family? any language bucket?

The SemEval-2022 Task 8 training CSV (public dev data, ../shared) carries, beside its original articles,
machine translations of some of them into other languages (ids such as `1484037032zh` for a Chinese
translation of article `1484037032`). This ingests, as a new user would, every such original with its
translations and the other article of each of the original's scored pairs (related news that is no
copy), all in one JSONL pile, and reports:

- the pairs of translations of one article (original with translation, and two translations of it)
  that share a story, and that a family of kind "translation" holds;
- families joining articles that are not translations of one another (false copies);
- for each language, the share of its articles in its largest story (a language bucket is near 1).

    .venv/bin/python bench/translations.py --data ../shared/data --profile default --store pile.db
    .venv/bin/python bench/translations.py --data ../shared/data --store pile.db --families-only
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from storyfuse.pipeline import ingest
from storyfuse.store import Store
from storyfuse.synthesise.families import families
from storyfuse.synthesise.story_sentences import StorySentences

_TRANSLATED = re.compile(r"^(\d+)([a-z]+)$")  # "1484037032zh": article 1484037032 in Chinese


def read(data: Path) -> tuple[dict[str, tuple[str, str]], defaultdict[str, set[str]]]:
    """Every text of the CSV by SemEval id, as (language, text), and each id's scored partners."""
    csv.field_size_limit(sys.maxsize)
    texts: dict[str, tuple[str, str]] = {}
    partners: defaultdict[str, set[str]] = defaultdict(set)
    with (data / "similarity" / "semeval2022-task8" / "training_set.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            left, _, right = row["pair_id"].partition("_")
            texts.setdefault(left, (row["lang1"], row["text1"]))
            texts.setdefault(right, (row["lang2"], row["text2"]))
            partners[left].add(right)
            partners[right].add(left)
    return texts, partners


def scored_partners(data: Path) -> defaultdict[str, set[str]]:
    """The originals each original was scored against (translations' ids reduced to their original's)."""
    out: defaultdict[str, set[str]] = defaultdict(set)
    for key, others in read(data)[1].items():
        out[base(key)] |= {base(o) for o in others}
    return out


def pile(data: Path) -> list[dict[str, str]]:
    """The JSONL records: originals that have a translation, their translations, their pair partners."""
    texts, partners = read(data)
    chosen: set[str] = set()
    for key in texts:
        match = _TRANSLATED.match(key)
        if match and match[1] in texts:
            chosen |= {key, match[1]} | {p for p in partners[match[1]] if not _TRANSLATED.match(p)}
    records = []
    for key in sorted(chosen):
        language, text = texts[key]
        title, _, body = text.strip().partition("  ")  # the CSV's text opens with the title
        if len(text.split()) < 40 and len(text) < 200:  # a Chinese text has few spaces
            continue
        records.append(
            {"id": key, "url": f"https://semeval.example/{key}", "title": title[:200], "text": body or text,
             "language": language}
        )  # fmt: skip
    return records


def base(key: str) -> str:
    match = _TRANSLATED.match(key)
    return match[1] if match else key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--profile", default="default")
    parser.add_argument("--store", type=Path, help="keep the store here (default: a temporary folder)")
    parser.add_argument(
        "--families-only",
        action="store_true",
        help="a --store this script filled before: keep its stories and compute their families again "
        "with the current code, from the sentences the store holds",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storyfuse-translations-"))
    records = pile(args.data)
    feed = work / "pile.jsonl"
    feed.write_text(
        "".join(json.dumps({k: v for k, v in r.items() if k != "language"}) + "\n" for r in records)
    )
    gold_language = {r["url"]: r["language"] for r in records}
    started = time.perf_counter()
    with Store(args.store or work / "bench.db") as store:
        if not args.families_only:
            ingest(store, [str(feed)], profile=args.profile)
        seconds = time.perf_counter() - started
        stored = store.articles(store.recent_article_ids(store.count_articles()))
        key_of = {a.id: (a.url or "").rsplit("/", 1)[1] for a in stored}
        detected = {a.id: a.language for a in stored}
        story_of = {a: store.story_of(a) for a in key_of}
        family_pairs: dict[frozenset[str], str] = {}
        for story_id in sorted({s for s in story_of.values() if s}):
            story = store.story(story_id)
            found = story.families if story else []
            if args.families_only:
                members = store.story_article_ids(story_id)
                analyses = store.analyses(members)
                articles = store.articles(members)
                found = families(StorySentences.of(articles, [analyses[a.id] for a in articles]))
            for family in found:
                for a, b in itertools.combinations(sorted(family.articles), 2):
                    family_pairs[frozenset((a, b))] = family.kind
    by_base: defaultdict[str, list[str]] = defaultdict(list)
    for article, key in key_of.items():
        by_base[base(key)].append(article)
    pairs = [
        frozenset(p)
        for group in by_base.values()
        if any(_TRANSLATED.match(key_of[a]) for a in group)
        for p in itertools.combinations(sorted(group), 2)
    ]
    same_story = sum(1 for p in pairs if len({story_of[a] for a in p}) == 1)
    translation = sum(1 for p in pairs if family_pairs.get(p) == "translation")
    any_family = sum(1 for p in pairs if p in family_pairs)
    false_pairs = [p for p in family_pairs if len({base(key_of[a]) for a in p}) > 1]
    language_right = sum(
        1 for a, key in key_of.items() if detected[a] == gold_language[f"https://semeval.example/{key}"]
    )
    done = "families computed again" if args.families_only else "ingested and synthesised"
    print(f"profile {args.profile}: {len(key_of)} articles {done} in {seconds:.0f} s")
    print(f"languages detected right: {language_right}/{len(key_of)}")
    print(f"translation pairs: {len(pairs)}")
    print(f"  sharing a story:          {same_story} ({same_story / max(len(pairs), 1):.1%})")
    print(f"  in a translation family:  {translation} ({translation / max(len(pairs), 1):.1%})")
    print(f"  in any copy family:       {any_family} ({any_family / max(len(pairs), 1):.1%})")
    print(f"pairs of a family that are no translations of each other: {len(false_pairs)}")
    languages = Counter(gold_language[f"https://semeval.example/{k}"] for k in key_of.values())
    for language, count in sorted(languages.items()):
        members = [a for a, k in key_of.items() if gold_language[f"https://semeval.example/{k}"] == language]
        largest = Counter(story_of[a] for a in members).most_common(1)[0][1]
        print(f"  {language}: {count} articles, largest story holds {largest} ({largest / count:.0%})")


if __name__ == "__main__":
    main()
