"""What one article costs at each stage, and what Ray adds per article beside the process pool.

Input: the Timeline17 dev pile (../shared/tools/t17_pile.py, shuffled), its first `--articles` records
written as `--shards` JSONL shards. Three measurements, all in one run on this machine:

1. Per-stage cost per article, one core, in this process (models loaded before timing; their load time
   is reported apart): extraction, lead vector (per profile), names and terms (`ArticleFeatures.of`
   without the lead), MinHash (shingles and signature), the analysis pass (spaCy, batches of 64),
   linking (the driver's `Linker.store_batch` in batches of 32 plus the end-of-run regroup, with the
   store's writes), and synthesis of the dirty stories after the analysis pass (`synthesise_dirty`).
2. Preparation (read + extract + lead + names + MinHash, no linking) of every article through the
   process pool and through Ray, 1 and 2 workers, each run with a new pool or actor pool: wall time
   per article, and the cost per article once the workers are up with their models loaded: a run over
   a few documents first measures the fixed start (pool or actors started, models loaded, the first
   results' way back), and the rest of the full run's time is spread over its other articles.
   Ray's overhead per article is its cost minus the process pool's, as a share of the process pool's.
   Ray itself (`ray.init`) is started once, before, and timed apart. Forked workers inherit the models
   this process loaded for step 1; Ray's actors load their own, once each.
3. The capacity model's inputs derived from 1 (docs/deploy.md): articles a day per worker core and the
   single linker's ceiling, per profile.

    .venv/bin/python bench/scale.py --articles 800 --default-articles 160 --out /tmp/scale.json
    .venv/bin/python bench/scale.py --no-stages --repeats 3 --out /tmp/scale-executors.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from t17 import build_pile

from storyfuse import preparation
from storyfuse.ingest import content_hash, read_inputs
from storyfuse.link.event_model import lead_spec
from storyfuse.model import RawDocument
from storyfuse.preparation import LinkInput, PreparationQueue, extracted_article
from storyfuse.run.executor import Executor, Inline, Processes
from storyfuse.run.linking import Linker
from storyfuse.run.synthesis import synthesise_dirty
from storyfuse.store import Store

DAY = 86_400


def write_shards(pile: Path, out: Path, articles: int, shards: int) -> list[str]:
    lines = pile.read_text(encoding="utf-8").splitlines()[:articles]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(shards):
        path = out / f"shard-{k:02d}.jsonl"
        path.write_text("".join(line + "\n" for line in lines[k::shards]), encoding="utf-8")
        paths.append(str(path))
    return paths


def per_article(seconds: float, count: int) -> float:
    return 1000 * seconds / max(count, 1)  # ms


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def stage_costs(docs: list[RawDocument], profile: str, workdir: Path) -> dict[str, float]:
    """ms per article of each stage, one core, in this process."""
    from storyfuse.analyse import link_analyses
    from storyfuse.analyse.models import embedding_model
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.link.minhash import Shingles

    lead = lead_spec(profile)
    costs: dict[str, float] = {}
    # models loaded before anything is timed (a worker or an actor loads them once)
    first = extracted_article(docs[0], "warm", content_hash(docs[0].content))[0]
    assert first is not None
    _, costs["model_load_s"] = timed(lambda: link_analyses([first], lead))
    articles, seconds = [], 0.0
    for i, doc in enumerate(docs):
        digest = content_hash(doc.content)
        article, took = timed(lambda doc=doc, i=i, digest=digest: extracted_article(doc, f"a{i}", digest)[0])
        seconds += took
        if article is not None:
            articles.append(article)
    costs["extract"] = per_article(seconds, len(docs))
    analyses, seconds = [], 0.0
    for article in articles:  # one at a time, as preparation does
        done, took = timed(lambda article=article: link_analyses([article], lead)[0])
        analyses.append(done)
        seconds += took
    costs["lead_vector"] = per_article(seconds, len(articles))
    features, seconds = [], 0.0
    for article, analysis in zip(articles, analyses, strict=True):
        done, took = timed(lambda a=article, an=analysis: ArticleFeatures.of(a, an))
        features.append(done)
        seconds += took
    costs["names_terms"] = per_article(seconds, len(articles))
    shingles, seconds = [], 0.0
    for article in articles:  # the text's shingles and their MinHash signature, as the store keeps it
        done, took = timed(lambda article=article: Shingles.of(article.text))
        _, signing = timed(done.signature)
        shingles.append(done)
        seconds += took + signing
    costs["minhash"] = per_article(seconds, len(articles))
    preparation.sentence_analyses(articles[:2])  # spaCy and the sentence encoder loaded before timing
    embedding_model()
    _, seconds = timed(
        lambda: [preparation.sentence_analyses(articles[k : k + 64]) for k in range(0, len(articles), 64)]
    )
    costs["analysis_pass"] = per_article(seconds, len(articles))

    items = [
        (LinkInput(a, f, s), doc.content)
        for a, f, s, doc in zip(articles, features, shingles, docs, strict=False)
    ]
    with Store(workdir / f"link-{profile}.db") as store:
        linker = Linker(store, profile)
        start = time.perf_counter()
        for k in range(0, len(items), 32):
            linker.store_batch(items[k : k + 32])
        with store.transaction():
            linker.regroup()
        costs["linking"] = per_article(time.perf_counter() - start, len(items))
        stories = len(store.dirty_story_ids())
        _, seconds = timed(lambda: synthesise_dirty(store, executor=Inline()))
    # synthesise_dirty runs the analysis pass first: what is left is the stories' own synthesis
    costs["synthesis"] = per_article(seconds, len(items)) - costs["analysis_pass"]
    costs["stories"] = stories
    costs["articles"] = len(items)
    return costs


def prepare_all(paths: list[str], profile: str, executor: Executor) -> tuple[int, float]:
    """Read and prepare every document through `executor`, as ingest does, without linking:
    (documents, seconds)."""
    queue = PreparationQueue(lead=lead_spec(profile), executor=executor)
    count = 0
    start = time.perf_counter()
    with queue:
        for item in queue.read(paths):
            if not isinstance(item, RawDocument):
                continue
            for _ in queue.submit(item, f"a{count}", content_hash(item.content)):
                pass
            count += 1
        for _ in queue.finish():
            pass
    return count, time.perf_counter() - start


def executor_cost(
    tiny: list[str], paths: list[str], profile: str, make: Callable[[], Executor]
) -> dict[str, float]:
    """Wall time per article of preparing `paths` through a new executor, and the part of it that is
    not its fixed start: a run over `tiny` (a few documents) is the start (pool or actors, their model
    loads, the first results' way back), and the cost per article is the rest over the other articles.
    The load average (1 min) at the end of the run goes beside it: this machine is shared."""
    small, start = prepare_all(tiny, profile, make())
    count, total = prepare_all(paths, profile, make())
    return {
        "documents": count,
        "total_ms": per_article(total, count),
        "start_s": start,
        "per_article_ms": per_article(total - start, count - small),
        "load": os.getloadavg()[0],
    }


def median_of(runs: list[dict[str, float]]) -> dict[str, Any]:
    """Each figure's median over repeated runs, with every run's cost per article and load beside."""
    keys = runs[0].keys()
    out: dict[str, Any] = {k: statistics.median(r[k] for r in runs) for k in keys}
    out["runs_per_article_ms"] = [round(r["per_article_ms"], 1) for r in runs]
    out["runs_load"] = [round(r["load"], 1) for r in runs]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=600, help="articles for the fast profile")
    parser.add_argument("--default-articles", type=int, default=150, help="articles for the default profile")
    parser.add_argument("--shards", type=int, default=8, help="JSONL shards (an even number)")
    parser.add_argument("--stage-articles", type=int, default=200, help="articles the stages are timed on")
    parser.add_argument("--profiles", default="fast,default")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each executor (medians reported)")
    parser.add_argument("--no-stages", dest="stages", action="store_false", help="executors only")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args()

    import ray

    from storyfuse.run.ray_executor import RayExecutor

    preparation.PARALLEL_AFTER = 0  # every document to the executor: its cost, not the first 64's
    workers = [int(w) for w in args.workers.split(",")]
    report: dict[str, Any] = {"profiles": {}}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pile = build_pile(workdir / "pile.jsonl", order="shuffled")
        _, report["ray_init_s"] = timed(lambda: ray.init(include_dashboard=False, logging_level="ERROR"))
        for profile in args.profiles.split(","):
            count = args.articles if profile == "fast" else args.default_articles
            paths = write_shards(pile, workdir / profile, count, args.shards)
            tiny = write_shards(pile, workdir / f"{profile}-tiny", 2 * len(workers), len(workers))
            docs = [d for d in read_inputs(paths) if isinstance(d, RawDocument)][: args.stage_articles]
            if not args.stages:  # what the stages would have loaded here, so forked workers inherit it
                # (and do not load it after a fork from a process that runs Ray's threads: one hung so)
                from storyfuse.analyse import link_analyses

                first = extracted_article(docs[0], "warm", content_hash(docs[0].content))[0]
                link_analyses([first] if first else [], lead_spec(profile))
            stages = stage_costs(docs, profile, workdir) if args.stages else {}
            figures: dict[str, Any] = {"stages_ms": stages, "executors": {}}
            for w in workers:
                runs = figures["executors"]
                pairs = [  # the two executors one after the other in each repeat, so they share its load
                    (
                        executor_cost(tiny, paths, profile, lambda w=w: Processes(w)),
                        executor_cost(tiny, paths, profile, lambda w=w: RayExecutor(workers=w)),
                    )
                    for _ in range(args.repeats)
                ]
                runs[f"process-{w}"] = median_of([p for p, _ in pairs])
                runs[f"ray-{w}"] = median_of([r for _, r in pairs])
                for name in ("process", "ray"):
                    print(profile, name, w, runs[f"{name}-{w}"], flush=True)
                base = runs[f"process-{w}"]["per_article_ms"]
                runs[f"ray-{w}"]["overhead"] = (runs[f"ray-{w}"]["per_article_ms"] - base) / base
            if not stages:
                report["profiles"][profile] = figures
                continue
            worker_ms = sum(stages[k] for k in ("extract", "lead_vector", "names_terms", "minhash"))
            figures["capacity"] = {
                "prepare_ms": worker_ms,
                "worker_ms_with_analysis": worker_ms + stages["analysis_pass"],
                "articles_per_day_per_worker_core": DAY * 1000 / (worker_ms + stages["analysis_pass"]),
                "linker_ceiling_articles_per_day": DAY * 1000 / stages["linking"],
                "driver_synthesis_ceiling_articles_per_day": DAY * 1000 / max(stages["synthesis"], 1e-9),
            }
            report["profiles"][profile] = figures
            print(json.dumps({profile: figures}, indent=2), flush=True)
        ray.shutdown()
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
