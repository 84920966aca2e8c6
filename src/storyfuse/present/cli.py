"""The `storyfuse` command: a thin layer over the library. Heavy modules are imported per command."""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

import click

from storyfuse import __version__, settings
from storyfuse.errors import StoryfuseError
from storyfuse.present.terminal import json_text, printable

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "storyfuse.db"


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_path",
        default=lambda: settings.active().store.db,
        show_default=f"STORYFUSE_DB, [store] db, else {DEFAULT_DB}",
        type=click.Path(dir_okay=False),
        help="The store: an SQLite file (a path or sqlite:///PATH) or a postgresql:// URL.",
    )(func)


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _warn(message: str) -> None:
    """One line on stderr; input-derived text in it is escaped (a name with a newline forges no line)."""
    click.echo(f"warning: {printable(message)}", err=True)


def _waiting(line: str) -> None:
    """The one line a writing command prints while another writer of its store runs."""
    click.echo(printable(line), err=True)


@contextmanager
def _progress(label: str, unit: str = "inputs") -> Iterator[Callable[[int], None]]:
    """A progress display on stderr when it is a terminal, silent otherwise: the phase the pipeline says
    it is in (reading, linking, analysing, synthesising), the count done of its total, a rate and, when
    the total is known, the time left."""
    if not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    units = {"reading": "inputs", "linking": "", "analysing": "articles", "synthesising": "stories"}
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed}{task.fields[of]} {task.fields[unit]}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=_console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, of="", unit=unit, rate="")

        class Phased:
            """Counts to the bar; `phase` (run.synthesis.phase) starts the next phase's count."""

            def __call__(self, n: int) -> None:
                bar.advance(task, n)
                speed = bar.tasks[0].speed
                bar.update(task, rate=f"{speed:.1f}/s" if speed else "")

            def phase(self, name: str, total: int | None) -> None:
                of = f"/{total}" if total is not None else ""
                bar.reset(task, total=total, description=name, of=of, unit=units.get(name, unit), rate="")

        yield Phased()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyfuse")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """storyfuse: turn scraped news articles into consolidated, cited stories, offline."""
    # Resolved once per command (environment, then storyfuse.toml, then defaults): a bad setting is
    # a one-line error before any work, and every library call below reads these.
    ctx.with_resource(settings.activated(settings.resolve()))


@cli.command("config")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: each setting's value and origin.")
def config_command(as_json: bool) -> None:
    """Print the effective settings and where each came from (flag, env, storyfuse.toml, default)."""
    # The API key is a secret: its presence is shown, never its value.
    rows = [(k, "***" if k == "llm.key" and v else v, o) for k, v, o in settings.active().rows()]
    if as_json:
        click.echo(json.dumps({key: {"value": value, "origin": origin} for key, value, origin in rows}))
        return
    width = max(len(key) for key, _, _ in rows)
    for key, value, origin in rows:
        click.echo(printable(f"{key:<{width}}  {json.dumps(value)}  ({origin})"))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--strict", is_flag=True, help="Any bad input fails the run and nothing is ingested.")
@click.option(
    "--no-synthesis",
    is_flag=True,
    help="Store and cluster only (fast); the changed stories wait for `storyfuse synthesise`.",
)
@click.option(
    "--profile",
    type=click.Choice(["default", "fast"]),
    default=None,
    show_default="STORYFUSE_PROFILE, else default",
    help="Linking: default embeds leads with multilingual-e5-small (best events, ~5 articles/s on 2 cores); "
    "fast with static token vectors (~50 articles/s, weaker on unseen topics).",
)
@click.option(
    "--executor",
    "executor_name",
    type=click.Choice(["inline", "process", "ray"]),
    default="process",
    show_default=True,
    help="Where per-article work runs: this process, worker processes (STORYFUSE_WORKERS), or a Ray "
    "cluster (pip install 'storyfuse[ray]'; docs/deploy.md). The stories are the same with each.",
)
@click.option(
    "--ray-address",
    default=None,
    metavar="auto|HOST:PORT",
    help="The Ray cluster to join (with --executor ray); without it, a local Ray is started.",
)
def ingest(
    paths: tuple[str, ...],
    db_path: str,
    strict: bool,
    no_synthesis: bool,
    profile: str | None,
    executor_name: str,
    ray_address: str | None,
) -> None:
    """Ingest articles from files, directories or `-` (stdin): txt, html, jsonl, warc, rss/atom."""
    from storyfuse.preparation import worker_count
    from storyfuse.run.executor import running

    # opened before the store and the lock, and kept (a local Ray stopped) until the command ends
    executor = click.get_current_context().with_resource(
        running(executor_name, workers=worker_count(), address=ray_address)
    )
    from storyfuse.pipeline import ingest as run_ingest
    from storyfuse.store.open import is_postgres, open_store, write_lock

    # SQLite: one writer at a time for the whole run (store/lock.py); on a server two ingests prepare
    # their articles side by side and take the lock for each writing turn (PostgresStore.writing_turn)
    with nullcontext() if is_postgres(db_path) else write_lock(db_path, on_wait=_waiting):
        created = not is_postgres(db_path) and not Path(db_path).exists()
        with open_store(db_path) as store, _progress("ingesting") as advance:
            report = run_ingest(
                store,
                list(paths),
                stdin=sys.stdin.buffer if "-" in paths else None,
                strict=strict,
                progress=advance,
                on_problem=lambda p: _warn(str(p)),
                synthesise=not no_synthesis,
                profile=profile,
                executor=executor,
            )
        if created and report.added == 0:
            _remove_store(db_path)  # under the lock: no other writer has opened it
    done = "waiting for `storyfuse synthesise`" if no_synthesis else "updated"
    click.echo(
        f"{report.added} new article(s), {report.duplicates} already stored, "
        f"{len(report.problems)} skipped; {report.stories_changed} story(ies) {done}",
        err=True,
    )
    if report.added + report.duplicates == 0:
        raise SystemExit(2)


def _remove_store(db_path: str) -> None:
    """Remove a store this run made and left empty, with SQLite's files beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(db_path + suffix).unlink(missing_ok=True)


@cli.command()
@db_option
def synthesise(db_path: str) -> None:
    """Synthesise the stories changed since their last synthesis (after `ingest --no-synthesis`)."""
    from storyfuse.run.synthesis import synthesise_dirty
    from storyfuse.store.open import open_store, write_lock

    with (
        write_lock(db_path, on_wait=_waiting),
        open_store(db_path) as store,
        _progress("synthesising", unit="stories") as advance,
    ):
        count = synthesise_dirty(store, progress=advance, on_problem=lambda p: _warn(str(p)))
    click.echo(f"{count} story(ies) synthesised", err=True)


@cli.command()
@db_option
@click.option(
    "--repair",
    is_flag=True,
    help="Fix what disagrees: recompute what was lost and synthesise again the stories concerned.",
)
@click.option(
    "--profile",
    type=click.Choice(["default", "fast"]),
    default=None,
    show_default="STORYFUSE_PROFILE, else default",
    help="Linking profile for articles --repair finds without a story (as `ingest --profile`).",
)
def check(db_path: str, repair: bool, profile: str | None) -> None:
    """Check that the store agrees with itself: story sizes, members and analyses, the search index.

    Prints one line per problem and exits 1 when there is any; with --repair, fixes them and exits 1
    only when some remain.
    """
    from storyfuse.store.open import open_store

    if not repair:
        from storyfuse.store.integrity import check as check_store

        with open_store(db_path, readonly=True) as store:
            found = check_store(store)
        for finding in found:
            click.echo(printable(str(finding)))
        if found:
            _warn(f"{_problem_counts(found)} in {db_path}: run `storyfuse check --repair --db {db_path}`")
            raise SystemExit(1)
        click.echo(f"{db_path}: no problems found", err=True)
        return
    from storyfuse.pipeline import repair as repair_store
    from storyfuse.store.open import write_lock

    with (
        write_lock(db_path, on_wait=_waiting),
        open_store(db_path) as store,
        _progress("repairing", unit="stories") as advance,
    ):
        report = repair_store(store, profile=profile, progress=advance, on_problem=lambda p: _warn(str(p)))
    for finding in report.found:
        click.echo(printable(f"found {finding}"))
    for finding in report.remaining:
        click.echo(printable(f"remains {finding}"))
    if not report.found:
        click.echo(f"{db_path}: no problems found", err=True)
        return
    click.echo(
        f"{_problem_counts(report.found)} repaired: {report.lead_vectors} lead vector(s) recomputed, "
        f"{report.linked} article(s) linked, {report.stories_synthesised} story(ies) synthesised again",
        err=True,
    )
    if report.remaining:
        _warn(f"{_problem_counts(report.remaining)} remain")
        raise SystemExit(1)


def _problem_counts(found: list[Any]) -> str:
    """'3 problem(s) (2 size, 1 unanalysed)': how many findings of each kind."""
    from collections import Counter

    kinds = Counter(f.kind for f in found)
    return f"{len(found)} problem(s) ({', '.join(f'{n} {kind}' for kind, n in kinds.most_common())})"


def filter_options(func: F) -> F:
    """The story filters `stories` and `export` share (the same as /api/stories' query parameters)."""
    options = [
        click.option("--since", metavar="DATE", help="Stories reported on or after DATE (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Stories reported on or before DATE."),
        click.option(
            "--source", metavar="NAME", help="With an article from an outlet whose name contains NAME."
        ),
        click.option(
            "--language", metavar="XX", help="With an article in this language (ISO 639-1, e.g. en)."
        ),
        click.option(
            "--entity",
            metavar="NAME",
            help="Naming a person, place or organisation (part of a name, or its id).",
        ),
        click.option(
            "--min-articles", type=click.IntRange(min=1), default=None, help="Of N articles or more."
        ),
        click.option(
            "--sort",
            type=click.Choice(["recent", "size", "outlets"]),
            default="recent",
            show_default=True,
            help="Most recent first, largest first, or most outlets first.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filter_from(options: dict[str, Any]) -> Any:
    from storyfuse.present.lookup import story_filter

    return story_filter(
        options["since"],
        options["until"],
        options["source"],
        options["language"],
        options["entity"],
        options["min_articles"],
        options["sort"],
    )


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the story-list contract).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many stories.")
@filter_options
def stories(db_path: str, as_json: bool, limit: int | None, **options: Any) -> None:
    """List stories, most recent and largest first, or as filtered and sorted."""
    from storyfuse.store.open import open_store

    wanted = _filter_from(options)
    with open_store(db_path, readonly=True) as store:
        found = store.filtered_stories(wanted, limit=limit)
        listed = [
            {
                "id": s.id,
                "headline": s.headline,
                "published": s.last_published,
                "articles": [vars(a) for a in s.articles],
            }
            for s in found
        ]
        waiting = store.dirty_story_ids()
        unwritten = store.count_unwritten_stories() if waiting else 0
        total = store.count_filtered_stories(wanted) if wanted.active else None
    if waiting:
        _warn(_waiting_text(len(waiting), unwritten, db_path))
    if as_json:
        click.echo(json_text(listed, indent=2))
        return
    if not listed:
        if wanted.active:
            click.echo("no story matches these filters")
        elif not waiting:
            click.echo("no stories yet: run `storyfuse ingest PATH...`")
        return
    from storyfuse.present.render import story_list_table

    _console().print(story_list_table(listed))
    if total is not None:
        click.echo(f"{total} story(ies) match", err=True)


def _waiting_text(dirty: int, unwritten: int, db_path: str) -> str:
    """What `stories` says when stories wait for synthesis: how many, and the command that writes them."""
    db = "" if db_path == DEFAULT_DB else f" --db {db_path}"
    if unwritten == dirty:
        return f"{dirty} story(ies) wait for synthesis and are not listed yet: run `storyfuse synthesise{db}`"
    new = f" ({unwritten} not listed yet)" if unwritten else ""
    return f"{dirty} story(ies) changed since they were synthesised{new}: run `storyfuse synthesise{db}`"


@cli.command()
@click.argument("storyline_id", required=False)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the storyline contract).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many storylines.")
def storylines(storyline_id: str | None, db_path: str, as_json: bool, limit: int | None) -> None:
    """List storylines (chains of events on one subject), or show one with its events in order."""
    from storyfuse.present.render import storyline_json
    from storyfuse.store.open import open_store

    with open_store(db_path, readonly=True) as store:
        if storyline_id is None:
            listed = [storyline_json(line) for line in store.list_storylines(limit=limit)]
        else:
            from storyfuse.present.lookup import resolve_id

            view = store.storyline(resolve_id(store, "storyline", storyline_id, "see `storyfuse storylines`"))
            if view is None:
                raise StoryfuseError(
                    f"no storyline {storyline_id!r} in {db_path} (see `storyfuse storylines`)"
                )
            shown = storyline_json(view.listing, view.stories)
    if as_json:
        click.echo(json_text(listed if storyline_id is None else shown, indent=2))
        return
    from storyfuse.present.render import print_storyline, storyline_list_table

    if storyline_id is not None:
        print_storyline(_console(), shown)
    elif listed:
        _console().print(storyline_list_table(listed))
    else:
        click.echo("no storylines yet: they form when several events of one subject are ingested")


@cli.command()
@click.argument("story_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--abstractive",
    is_flag=True,
    help="Rewrite the cited summary through the OpenAI-compatible endpoint at $STORYFUSE_LLM_URL, "
    "keeping each sentence's citations; the extractive summary is kept if that fails.",
)
def show(story_id: str, db_path: str, fmt: str, abstractive: bool) -> None:
    """Show one story: summary, timeline, entities, quotes, figures, copy families."""
    from storyfuse.present.lookup import resolve_id
    from storyfuse.store.open import open_store

    with open_store(db_path, readonly=True) as store:
        story = store.story(resolve_id(store, "story", story_id, "see `storyfuse stories`"))
    if story is None:
        raise StoryfuseError(f"no story {story_id!r} in {db_path} (see `storyfuse stories`)")
    if abstractive:
        from storyfuse.synthesise.abstractive import endpoint_from_settings, summarise_abstractive_or_keep

        endpoint = endpoint_from_settings()
        if endpoint is None:
            raise StoryfuseError(
                "--abstractive needs STORYFUSE_LLM_URL or [llm] url (an OpenAI-compatible /v1 endpoint)"
            )
        story.summary, warning = summarise_abstractive_or_keep(story.summary, endpoint)
        if warning:
            _warn(warning)
    if fmt == "json":
        click.echo(json_text(story.to_json(), indent=2))
        return
    from storyfuse.present.render import print_story

    print_story(_console(), story)


@cli.command()
@click.argument("query", required=False)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as `GET /api/entities?q=QUERY` serves it.")
@click.option(
    "--type",
    "type_",
    metavar="TYPE",
    default=None,
    help="Only entities of this type: person, place, org, group or misc.",
)
@click.option(
    "--limit", type=click.IntRange(1, 100), default=20, show_default=True, help="At most this many entities."
)
def entities(query: str | None, db_path: str, as_json: bool, type_: str | None, limit: int) -> None:
    """List the people, places and organisations whose name contains QUERY, with the stories naming them;
    without QUERY, those most mentioned across the store."""
    from storyfuse.present.lookup import entity_type
    from storyfuse.store.entity_catalogue import alias_key
    from storyfuse.store.open import open_store

    group = entity_type(type_)
    if query is not None and not alias_key(query):
        raise StoryfuseError(f"nothing to look for in {query!r}: give part of a name, e.g. `entities lavrov`")
    with open_store(db_path, readonly=True) as store:
        if query is None:
            found = store.entities_by_mentions(group, limit=limit)
        elif re.fullmatch(r"e[0-9a-f]{2,11}", query.strip()) and store.ids_starting("entity", query.strip()):
            from storyfuse.present.lookup import resolve_id

            one = store.entity(resolve_id(store, "entity", query))
            found = [one] if one else []
        else:  # the type filters the matches, so ask for more of them first
            found = [
                e for e in store.find_entities(query, 100 if group else limit) if not group or e.type == group
            ]
            found = found[:limit]
    if as_json:
        click.echo(json_text([e.to_json() for e in found], indent=2))
        return
    if not found:
        kind = f" of type {type_}" if group else ""
        click.echo(
            f"no person, place or organisation{kind} matches {query!r}" if query else f"no entities{kind} yet"
        )
        return
    from storyfuse.present.render import print_entities

    print_entities(_console(), found, stories=3 if query is None else None)


@cli.command(name="export")
@click.option(
    "--what",
    type=click.Choice(["stories", "articles", "entities", "quotes", "figures"]),
    default="stories",
    show_default=True,
    help="One row per story, per article of the stories, or per entity, quote or figure value in them.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv", show_default=True
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default="stdout",
    help="File to write (parquet needs one).",
)
@db_option
@filter_options
def export_command(what: str, fmt: str, out_path: str, db_path: str, **options: Any) -> None:
    """Export the stories the filters keep, streaming: columns in docs/export.md."""
    from storyfuse.present import export
    from storyfuse.store.open import open_store

    wanted = _filter_from(options)
    if fmt == "parquet" and out_path == "-":
        raise StoryfuseError("--format parquet writes a file: give --out FILE.parquet")
    columns = export.COLUMNS[what]
    with open_store(db_path, readonly=True) as store:
        records = export.rows(store, what, wanted)
        try:
            if fmt == "parquet":
                count = export.write_parquet(records, columns, out_path)
            else:
                write = export.write_csv if fmt == "csv" else export.write_jsonl
                if out_path == "-":
                    count = write(records, columns, sys.stdout)
                else:
                    with open(out_path, "w", encoding="utf-8", newline="") as out:
                        count = write(records, columns, out)
        except BrokenPipeError:
            raise  # a reader such as `head` stopped: main() ends quietly
        except OSError as exc:
            raise StoryfuseError(f"cannot write {out_path}: {exc.strerror or exc}") from None
    where = "stdout" if out_path == "-" else out_path
    click.echo(f"{count} row(s) of {what} written to {where}", err=True)


def reason_option(func: F) -> F:
    return click.option("--reason", default=None, help="Why: kept in the story's history.")(func)


def synthesis_option(func: F) -> F:
    return click.option(
        "--no-synthesis",
        is_flag=True,
        help="Only regroup; the changed stories wait for `storyfuse synthesise`.",
    )(func)


@contextmanager
def _correcting(db_path: str) -> Iterator[Any]:
    """A writable store under the write lock, for a correction."""
    from storyfuse.store.open import is_postgres, open_store, sqlite_path, write_lock

    if not is_postgres(db_path) and not sqlite_path(db_path).exists():
        raise StoryfuseError(f"{db_path}: no store here yet (run `storyfuse ingest PATH...` first)")
    with write_lock(db_path, on_wait=_waiting), open_store(db_path) as store:
        yield store


def _after_correction(store: Any, no_synthesis: bool, lines: list[str]) -> None:
    from storyfuse.run.synthesis import synthesise_dirty

    for line in lines:
        click.echo(printable(line))
    if no_synthesis:
        waiting = len(store.dirty_story_ids())
        click.echo(f"{waiting} story(ies) wait for `storyfuse synthesise`", err=True)
        return
    with _progress("synthesising", unit="stories") as advance:
        count = synthesise_dirty(store, progress=advance, on_problem=lambda p: _warn(str(p)))
    click.echo(f"{count} story(ies) synthesised", err=True)


@cli.command()
@click.argument("story_ids", nargs=-1, required=True)
@db_option
@reason_option
@synthesis_option
def merge(story_ids: tuple[str, ...], db_path: str, reason: str | None, no_synthesis: bool) -> None:
    """Merge two or more stories into one; later ingests and re-links keep them together."""
    from storyfuse.present.lookup import resolve_id
    from storyfuse.run import corrections

    with _correcting(db_path) as store:
        ids = [resolve_id(store, "story", s, "see `storyfuse stories`") for s in story_ids]
        into = corrections.merge(store, ids, reason)
        _after_correction(store, no_synthesis, [f"merged {', '.join(ids)} into {into}"])


@cli.command()
@click.argument("story_id")
@click.option(
    "--articles",
    "article_list",
    required=True,
    metavar="A,B,…",
    help="The articles that leave (ids or prefixes).",
)
@db_option
@reason_option
@synthesis_option
def split(story_id: str, article_list: str, db_path: str, reason: str | None, no_synthesis: bool) -> None:
    """Split articles out of a story into a story of their own; later ingests keep them apart."""
    from storyfuse.present.lookup import resolve_id
    from storyfuse.run import corrections

    with _correcting(db_path) as store:
        sid = resolve_id(store, "story", story_id, "see `storyfuse stories`")
        leaving = [resolve_id(store, "article", a) for a in article_list.split(",") if a.strip()]
        kept, new = corrections.split(store, sid, leaving, reason)
        _after_correction(store, no_synthesis, [f"{len(leaving)} article(s) left {kept} for {new}"])


@cli.command()
@click.argument("article_id")
@click.option("--to", "to_story", required=True, metavar="STORY_ID", help="The story it belongs to.")
@db_option
@reason_option
@synthesis_option
def move(article_id: str, to_story: str, db_path: str, reason: str | None, no_synthesis: bool) -> None:
    """Move an article into another story; later ingests keep it there."""
    from storyfuse.present.lookup import resolve_id
    from storyfuse.run import corrections

    with _correcting(db_path) as store:
        aid = resolve_id(store, "article", article_id)
        target = resolve_id(store, "story", to_story, "see `storyfuse stories`")
        source = store.story_of(aid)
        now = corrections.move(store, aid, target, reason)
        _after_correction(store, no_synthesis, [f"moved {aid} from {source} to {now}"])


@cli.command()
@click.argument("story_id")
@click.argument("headline")
@db_option
@reason_option
def rename(story_id: str, headline: str, db_path: str, reason: str | None) -> None:
    """Give a story a headline of your own; later syntheses keep it."""
    from storyfuse.present.lookup import resolve_id
    from storyfuse.run import corrections

    with _correcting(db_path) as store:
        sid = resolve_id(store, "story", story_id, "see `storyfuse stories`")
        corrections.rename(store, sid, headline, reason)
    click.echo(printable(f"{sid}: {' '.join(headline.split())}"))


@cli.command()
@click.argument("story_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def history(story_id: str, db_path: str, as_json: bool) -> None:
    """What was done to a story by hand: merges, splits, moves and renames, with when and why."""
    from storyfuse.present.lookup import resolve_id
    from storyfuse.store.open import open_store

    with open_store(db_path, readonly=True) as store:
        sid = resolve_id(store, "story", story_id, "see `storyfuse stories`")
        entries = store.story_history(sid)
        story = store.story(sid)
    if as_json:
        click.echo(json_text([vars(e) for e in entries], indent=2))
        return
    if story is not None:
        click.echo(printable(f"{sid}: {story.headline} ({len(story.articles)} articles)"))
    if not entries:
        click.echo("no corrections made by hand: the linker formed this story as it is")
        return
    from storyfuse.present.render import correction_line

    for entry in entries:
        click.echo(printable(correction_line(entry)))


@cli.command()
@db_option
@click.option(
    "--profile",
    type=click.Choice(["default", "fast"]),
    default=None,
    show_default="the store's",
    help="Linking profile (as `ingest --profile`).",
)
@synthesis_option
def relink(db_path: str, profile: str | None, no_synthesis: bool) -> None:
    """Form every story again from all the articles at once, honouring the corrections made by hand."""
    from storyfuse.pipeline import relink as relink_store

    with _correcting(db_path) as store:
        changed = relink_store(store, profile)
        _after_correction(store, no_synthesis, [f"{changed} story(ies) changed"])


@cli.command(name="copy")
@click.option("--from", "source", required=True, metavar="STORE", help="The store to copy: a path or URL.")
@click.option("--to", "target", required=True, metavar="STORE", help="A new, empty store: a path or URL.")
def copy_command(source: str, target: str) -> None:
    """Copy a whole store to another backend, e.g. --from storyfuse.db --to postgresql://HOST/DB (or
    back), and check that every story reads the same from both."""
    from storyfuse.store.copy import copy_store
    from storyfuse.store.open import describe, open_store, write_lock

    with (
        open_store(source, readonly=True) as src,
        write_lock(target, on_wait=_waiting),
        open_store(target) as dst,
        _progress("copying", unit="rows") as advance,
    ):
        report = copy_store(src, dst, progress=advance)
    click.echo(
        f"{report.articles} article(s) and {report.stories_compared} story(ies) copied from "
        f"{describe(source)} to {describe(target)}; every story's JSON reads the same from both",
        err=True,
    )


@cli.group()
def alert() -> None:
    """Saved searches: `alert add "words"`, then `alert check` lists the stories new to each."""


@alert.command(name="add")
@click.argument("query")
@db_option
def alert_add(query: str, db_path: str) -> None:
    """Save a search over story headlines, summaries and article texts."""
    from storyfuse.store.entity_catalogue import alias_key
    from storyfuse.store.open import open_store

    text = " ".join(query.split())
    if not alias_key(text) or len(text) > 200:
        raise StoryfuseError(f"an alert needs some words (at most 200 characters): {query!r}")
    with open_store(db_path) as store:
        alert_id = store.add_alert(text)
        found = len(_matching(store, text))
    click.echo(
        f"alert {alert_id}: {printable(text)} ({found} story(ies) match now; "
        "`storyfuse alert check` lists the new ones)"
    )


def _matching(store: Any, query: str) -> list[Any]:
    from storyfuse.present.follow import matching_stories

    return matching_stories(store, query)


@alert.command(name="list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as /api/alerts serves it.")
def alert_list(db_path: str, as_json: bool) -> None:
    """The saved searches, each with how many stories are new to it."""
    from storyfuse.present.follow import new_stories
    from storyfuse.store.open import open_store

    with open_store(db_path, readonly=True) as store:
        rows = [(a, new_stories(store, a)) for a in store.alerts()]
    if as_json:
        click.echo(json_text([{**vars(a), "new": [s.id for s in new]} for a, new in rows], indent=2))
        return
    if not rows:
        click.echo('no alerts yet: run `storyfuse alert add "words"`')
    for a, new in rows:
        click.echo(printable(f"{a.id}  {a.query!r}  {len(new)} new since {a.seen_at}"))


@alert.command(name="check")
@db_option
@click.option("--peek", is_flag=True, help="Show the new stories without marking them seen.")
def alert_check(db_path: str, peek: bool) -> None:
    """List the stories new to each alert, then mark them seen."""
    from datetime import UTC, datetime

    from storyfuse.present.follow import new_stories
    from storyfuse.store.open import open_store

    with open_store(db_path, readonly=peek) as store:
        checked = datetime.now(UTC).isoformat(timespec="microseconds")
        for a in store.alerts():
            new = new_stories(store, a)
            click.echo(printable(f"alert {a.id} {a.query!r}: {len(new)} new"))
            for s in new:
                click.echo(
                    printable(
                        f"  {s.id}  {s.last_published or 'undated':<10}  {s.headline} ({s.size} articles)"
                    )
                )
            if not peek:
                store.mark_alert_seen(a.id, checked)


@alert.command(name="remove")
@click.argument("alert_id", type=int)
@db_option
def alert_remove(alert_id: int, db_path: str) -> None:
    """Forget a saved search."""
    from storyfuse.store.open import open_store

    with open_store(db_path) as store:
        if not store.remove_alert(alert_id):
            raise StoryfuseError(f"no alert {alert_id} (see `storyfuse alert list`)")
    click.echo(f"alert {alert_id} removed")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds between looks.",
)
@click.option(
    "--rounds", type=click.IntRange(min=1), default=None, help="Stop after this many looks (default: never)."
)
@click.option(
    "--profile",
    type=click.Choice(["default", "fast"]),
    default=None,
    show_default="STORYFUSE_PROFILE, else default",
    help="Linking profile (as `ingest --profile`).",
)
def watch(
    paths: tuple[str, ...], db_path: str, interval: float, rounds: int | None, profile: str | None
) -> None:
    """Keep ingesting: look at folders and files every --interval seconds, ingest what is new or changed
    (feeds that grew are read again; stored articles are skipped) and synthesise the stories it changed,
    until Ctrl-C. Alerts with new stories are named as they come."""
    import time

    from storyfuse.pipeline import ingest as run_ingest
    from storyfuse.present.follow import new_stories
    from storyfuse.present.watch import Watcher
    from storyfuse.store.open import open_store, write_lock

    watcher = Watcher([Path(p) for p in paths])
    told: dict[int, set[str]] = {}
    warned: set[Path] = set()
    done = 0
    try:
        while rounds is None or done < rounds:
            changed = watcher.changed()
            for missing in set(watcher.missing()) - warned:
                _warn(f"{missing}: no such file or folder (yet); still watching")
                warned.add(missing)
            if changed:
                with write_lock(db_path, on_wait=_waiting), open_store(db_path) as store:
                    report = run_ingest(
                        store, [str(p) for p in changed], on_problem=lambda p: _warn(str(p)), profile=profile
                    )
                    click.echo(
                        f"{len(changed)} file(s): {report.added} new article(s), {report.duplicates} already "
                        f"stored; {report.stories_changed} story(ies) updated",
                        err=True,
                    )
                    for a in store.alerts():
                        named = told.setdefault(a.id, set())
                        fresh = [s for s in new_stories(store, a) if s.id not in named]
                        named.update(s.id for s in fresh)
                        for s in fresh:
                            click.echo(printable(f"alert {a.id} {a.query!r}: {s.id}  {s.headline}"))
            done += 1
            if rounds is None or done < rounds:
                time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@cli.command(name="report")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for the site (new, empty, or an earlier report, whose pages are replaced).",
)
@db_option
def report_command(out_dir: Path, db_path: str) -> None:
    """Write the stories as a static site that opens from the file system (no server, no internet)."""
    from storyfuse.present.static_report import write_report

    written = write_report(db_path, out_dir)
    click.echo(f"{written.stories} story page(s) and {written.articles} article page(s) written", err=True)
    click.echo(f"open {written.index}", err=True)


@cli.command(name="serve")
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port; 0 picks a free one."
)
@click.option(
    "--edit",
    is_flag=True,
    help="Edit mode: the pages offer rename, merge, split and move (logged, kept by later ingests).",
)
def serve_command(db_path: str, host: str, port: int, edit: bool) -> None:
    """Serve the stories as a web app with search and a JSON API, updating as `ingest` adds articles."""
    from storyfuse.present.web.app import create_app
    from storyfuse.present.web.server import LOOPBACK, run
    from storyfuse.store.open import open_store

    with open_store(db_path, readonly=True) as store:
        store.quick_check()  # a damaged store would answer every request with an error

    if host in LOOPBACK:
        app = create_app(db_path, allowed_hosts=LOOPBACK, edit=edit)
    else:
        app = create_app(db_path, edit=edit)
        _warn(f"listening on {host}: other machines can read the store's articles")
        if edit:
            _warn("edit mode on a network address: anyone who can open the pages can change the stories")

    def ready(url: str) -> None:
        click.echo(f"serving {url} (API description at {url}api/openapi.json); Ctrl-C to stop", err=True)

    run(app, host, port, on_ready=ready)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON object per line, as inputs are read.")
def clean(paths: tuple[str, ...], as_json: bool, as_jsonl: bool) -> None:
    """Extract the clean article (title, source, date, credits, body) from each input, without storing."""
    from storyfuse.errors import BadInput
    from storyfuse.extract import extract
    from storyfuse.ingest import read_inputs
    from storyfuse.model import InputProblem

    results = []
    cleaned = 0
    for item in read_inputs(paths, stdin=sys.stdin.buffer if "-" in paths else None):
        if isinstance(item, InputProblem):
            _warn(str(item))
            continue
        try:
            extracted = extract(item)
        except BadInput as exc:
            _warn(f"{item.origin}: {exc}")
            continue
        if extracted is None:
            _warn(f"{item.origin}: no article text found (list page or empty body)")
            continue
        for note in extracted.notes:
            _warn(f"{item.origin}: {note}")
        cleaned += 1
        record = {
            "path": item.origin,
            "url": item.url,
            "title": extracted.title,
            "source": extracted.source,
            "published": extracted.published.value if extracted.published else None,
            "published_method": extracted.published.method if extracted.published else None,
            "published_confidence": extracted.published.confidence if extracted.published else None,
            "credits": extracted.credits,
            "language": extracted.language,
            "body": [{"text": b.text, "kind": b.kind} for b in extracted.body],
        }
        if as_jsonl:
            click.echo(json_text(record))
        elif as_json:
            results.append(record)
        else:
            from storyfuse.present.render import print_clean

            print_clean(_console(), record)
    if as_json:
        click.echo(json_text(results, indent=2))
    if cleaned == 0:
        raise SystemExit(2)


@cli.command(name="eval")
@click.argument("task")
@click.option("--data", "data", required=True, type=click.Path(path_type=Path), help="The benchmark's data.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--topics", default=None, help="ECB+ topics, e.g. 1-35 (clustering, entities).")
@click.option(
    "--mode",
    type=click.Choice(["html", "text"]),
    default="html",
    show_default=True,
    help="Extraction input: HTML pages, or pages flattened to text first.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Evaluate at most N items.")
@click.option(
    "--cv",
    type=click.IntRange(min=2),
    default=None,
    help="Clustering: K-fold leave-topics-out cross-validation (the profile is fitted on the other folds).",
)
@click.option(
    "--profile",
    type=click.Choice(["default", "fast"]),
    default="default",
    show_default=True,
    help="Linking profile (clustering, similarity).",
)
@click.option(
    "--split",
    type=click.Choice(["train", "dev"]),
    default=None,
    help="Quotes: the PolNeAR split to read (default dev).",
)
@click.option(
    "--languages",
    default=None,
    help="Similarity: the language pairs to score: en (default, English–English), all (per language pair "
    "and overall), or pairs such as de-en,es-es.",
)
@click.option("--no-baseline", is_flag=True, help="Measure storyfuse alone (faster; the eval gate does).")
def evaluate(
    task: str,
    data: Path,
    as_json: bool,
    topics: str | None,
    mode: str,
    limit: int | None,
    cv: int | None,
    profile: str,
    split: str | None,
    languages: str | None,
    no_baseline: bool,
) -> None:
    """Measure a stage on a public benchmark, beside a baseline run on the same items.

    TASK is one of: extraction, clustering, similarity, dates, timeline, summary, entities, quotes.
    """
    from storyfuse.evaluate.report import EvalOptions, run_task

    options = EvalOptions(
        topics=topics,
        mode=mode,
        limit=limit,
        cv=cv,
        profile=profile,
        split=split,
        baseline=not no_baseline,
        languages=languages,
    )
    report = run_task(task, data, options)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
        return
    from storyfuse.present.render import eval_table

    _console().print(eval_table(report))


@cli.command()
@db_option
def demo(db_path: str) -> None:
    """Ingest the bundled example articles into a fresh store and list the stories found."""
    from storyfuse.pipeline import ingest as run_ingest
    from storyfuse.store.open import describe, is_postgres, open_store, write_lock

    examples = examples_dir()
    server = is_postgres(db_path)  # the database named, as `ingest` writes it: in writing turns
    target: str | Path = db_path if server else Path(db_path)
    if not server and Path(db_path).exists() and db_path == DEFAULT_DB:
        target = Path(tempfile.mkdtemp(prefix="storyfuse-demo-")) / "demo.db"
    with (
        nullcontext() if server else write_lock(target, on_wait=_waiting),
        open_store(target) as store,
        _progress("ingesting the examples") as advance,
    ):
        report = run_ingest(store, [str(examples)], progress=advance, on_problem=lambda p: _warn(str(p)))
    click.echo(f"{report.added} example articles ingested into {describe(target)}", err=True)
    ctx = click.get_current_context()
    ctx.invoke(stories, db_path=str(target), as_json=False, limit=None)
    click.echo(f"\nnext: storyfuse show STORY_ID --db {describe(target)}", err=True)


def examples_dir() -> Path:
    from importlib.resources import files

    path = Path(str(files("storyfuse") / "data" / "examples"))
    if not path.is_dir():
        raise StoryfuseError(f"bundled examples missing at {path}; reinstall storyfuse")
    return path / "articles"


def main() -> None:
    """Entry point: user errors print one line and exit 1; never a traceback for them."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        raise SystemExit(130) from None
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except StoryfuseError as exc:
        click.echo(f"error: {printable(str(exc))}", err=True)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        raise SystemExit(130) from None
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except Exception as exc:  # the store failed under a command: disk full, damaged, read-only, busy
        from storyfuse.store.open import store_error_line

        if (line := store_error_line(exc)) is None:
            raise
        click.echo(f"error: {printable(line)}", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
