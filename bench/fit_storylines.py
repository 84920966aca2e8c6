"""Fit the storyline model leave-topics-out on the Timeline17 dev pile, then write it.

Builds the pile with ../shared/tools/t17_pile.py, links it into a fresh store (no synthesis) with the
given profile, and takes each story as an event whose articles' gold subject is their Timeline17
topic (bpoil, H1N1, haiti, MJ, Finan: one storyline each, over every outlet). Reports each held-out fold
of a K-fold split by topic beside two baselines fitted on the same folds (no chaining; single-link on
word cosine), then, with --write, fits on every topic and writes storyfuse/data/params/storylines.json.
`--check PROFILE` scores the written model on the events another profile forms (a second check: the
model was fitted on one encoder's events and is used with both).

    python bench/fit_storylines.py --profile fast --k 5 --write
    python bench/fit_storylines.py --profile default --check-only
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from t17 import build_pile

from storyfuse.evaluate.storyline_fit import (
    LabelledEvent,
    cross_validate_storylines,
    fit_storyline_model,
    storyline_f1,
    storyline_summary,
    word_cosine_storylines,
)
from storyfuse.link.cluster import StoryState
from storyfuse.link.storylines import PARAMS_FILE, EventSummary, group_storylines, storyline_model
from storyfuse.pipeline import ingest
from storyfuse.store import Store

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "src/storyfuse/data/params" / PARAMS_FILE


def subject_of(url: str) -> str:
    """The Timeline17 topic a pile URL came from (…/bpoil_bbc-123.html -> bpoil)."""
    return url.rsplit("/", 1)[-1].split("_", 1)[0].lower()


def labelled_events(store: Store, align: bool = True) -> list[LabelledEvent]:
    """The store's dated stories as events labelled by subject. With `align`, each subject's days are
    shifted to start on one day: the dev topics hardly overlap in time, real piles' subjects do, and the
    model must tell them apart by what they say, not by when."""
    gold: dict[str, list[str]] = defaultdict(list)
    ids = store.recent_article_ids(store.count_articles())
    for article in sorted(store.articles(ids), key=lambda a: a.id):
        if (story_id := store.story_of(article.id)) is not None:
            gold[story_id].append(subject_of(article.url or ""))
    items = []
    for story_id, state in store.story_states(None):
        event = EventSummary.of(StoryState.from_json(story_id, state))
        if event is not None and gold[story_id]:
            items.append(LabelledEvent(event, tuple(gold[story_id])))
    if align:
        start: dict[object, int] = {}
        for item in items:
            start[item.subject] = min(start.get(item.subject, item.event.first_day), item.event.first_day)
        items = [
            LabelledEvent(
                replace(
                    i.event,
                    first_day=i.event.first_day - start[i.subject],
                    last_day=i.event.last_day - start[i.subject],
                ),
                i.gold,
            )
            for i in items
        ]
    return sorted(items, key=lambda i: i.event.id)


def linked_pile(folder: Path, profile: str, per_topic: int) -> Store:
    pile = build_pile(folder / "pile.jsonl", "shuffled", per_topic)
    store = Store(folder / f"{profile}.db")
    ingest(store, [str(pile)], synthesise=False, profile=profile)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="fast", help="linking profile that forms the events")
    parser.add_argument("--store", type=Path, help="an already linked pile store (else one is built)")
    parser.add_argument("--per-topic", type=int, default=80)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="fit on every topic and write the params")
    parser.add_argument("--check-only", action="store_true", help="score the written model, fit nothing")
    parser.add_argument(
        "--no-align", action="store_true", help="keep each topic's own days (they hardly overlap: easy)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(args.store) if args.store else linked_pile(Path(folder), args.profile, args.per_topic)
        items = labelled_events(store, align=not args.no_align)
        store.close()
    events = [i.event for i in items]
    subjects = sorted({i.subject for i in items})
    print(f"{len(items)} dated events, {sum(len(i.gold) for i in items)} articles, subjects {subjects}")
    if args.check_only:
        model = storyline_model(args.profile)
        baseline = model.fitted["word_cosine_threshold"]
        system = storyline_f1(items, group_storylines(events, model))
        print(
            f"written model on {args.profile} events: F1 {system:.4f}; "
            f"no chaining {storyline_f1(items, list(range(len(items)))):.4f}; "
            f"word cosine at its fitted threshold {baseline}: "
            f"{storyline_f1(items, word_cosine_storylines(events, baseline)):.4f}"
        )
        return
    folds = cross_validate_storylines(items, args.k)
    for f in folds:
        print(
            f"held out {','.join(map(str, f.held_out)):14} {f.events:4} events {f.articles:4} articles: "
            f"F1 {f.system_f1:.4f} (no chaining {f.no_chaining_f1:.4f}, word cosine {f.word_cosine_f1:.4f}); "
            f"threshold {f.threshold}, gap {f.max_gap_days} days"
        )
    summary = storyline_summary(folds)
    print(json.dumps(summary))
    if args.write:
        from storyfuse.evaluate.storyline_fit import fit_word_cosine

        model = fit_storyline_model(items)
        fitted = {
            "data": f"Timeline17 dev pile ({len(subjects)} topics, {len(items)} events), "
            f"{args.profile} profile",
            "protocol": f"{args.k}-fold leave-topics-out"
            + ("" if args.no_align else ", every topic's days shifted to start on one day"),
            **summary,
            "word_cosine_threshold": fit_word_cosine(items),
        }
        model = replace(model, fitted=fitted)
        params = json.loads(PARAMS.read_text("utf-8")) if PARAMS.exists() else {"profiles": {}}
        params["profiles"][args.profile] = model.to_json()
        PARAMS.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {PARAMS.relative_to(ROOT)}: {json.dumps(model.to_json())}")
        print(
            f"in-sample F1 (not the figure to report): "
            f"{storyline_f1(items, group_storylines(events, model)):.4f}"
        )


if __name__ == "__main__":
    main()
