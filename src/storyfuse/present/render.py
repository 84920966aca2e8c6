"""Terminal rendering of stories, cleaned articles and evaluation reports (rich)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyfuse.evaluate.report import EvalReport
from storyfuse.model import Story
from storyfuse.present.terminal import printable
from storyfuse.store.curation import LogEntry
from storyfuse.store.entity_catalogue import GlobalEntity
from storyfuse.store.queries import StoryListing
from storyfuse.store.storylines import StorylineListing


def _shown(text: str) -> str:
    """Text from the articles as rich prints it: control characters escaped, markup inert."""
    return escape(printable(text))


def story_list_table(stories: list[dict[str, Any]]) -> Table:
    table = Table(title="Stories", show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("headline")
    for s in stories:
        table.add_row(
            _shown(s["id"]), _shown(s.get("published") or ""), str(len(s["articles"])), _shown(s["headline"])
        )
    return table


def storyline_json(line: StorylineListing, events: Sequence[StoryListing] = ()) -> dict[str, Any]:
    """A storyline as its JSON contract (docs/story-json.md): with `events`, its events in order."""
    data: dict[str, Any] = {
        "id": line.id,
        "title": line.title,
        "names": line.names,
        "events": line.events,
        "articles": line.articles,
        "outlets": line.outlets,
        "first_published": line.first_published,
        "last_published": line.last_published,
    }
    if events:
        data["stories"] = [
            {
                "id": s.id,
                "headline": s.headline,
                "first_published": s.first_published,
                "last_published": s.last_published,
                "articles": s.size,
                "outlets": s.outlets,
            }
            for s in events
        ]
    return data


def storyline_list_table(lines: list[dict[str, Any]]) -> Table:
    table = Table(title="Storylines", show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("days", no_wrap=True)
    table.add_column("events", justify="right")
    table.add_column("articles", justify="right")
    table.add_column("title")
    for line in lines:
        table.add_row(
            _shown(line["id"]),
            _shown(f"{line['first_published'] or '?'} – {line['last_published'] or '?'}"),
            str(line["events"]),
            str(line["articles"]),
            _shown(line["title"] + (f"  ({', '.join(line['names'])})" if line["names"] else "")),
        )
    return table


def print_storyline(console: Console, line: dict[str, Any]) -> None:
    """A storyline's title, names and span, then its events in order of time."""
    console.print(f"[bold]{_shown(line['title'])}[/bold]  [dim]{line['id']}[/dim]")
    if line["names"]:
        console.print(_shown(", ".join(line["names"])))
    console.print(
        f"{line['events']} events, {line['articles']} articles from {line['outlets']} outlet(s), "
        f"{line['first_published'] or '?'} – {line['last_published'] or '?'}\n"
    )
    for s in line.get("stories", []):
        span = s["first_published"] or "?"
        if s["last_published"] and s["last_published"] != s["first_published"]:
            span += f" – {s['last_published']}"
        console.print(
            f"{_shown(span):<24}  {_shown(s['headline'])}  "
            f"[dim]{s['id']} · {s['articles']} article(s), {s['outlets']} outlet(s)[/dim]"
        )


def print_story(console: Console, story: Story) -> None:
    """Everything of a story in reading order; citations are [n] into the numbered article list."""
    number = {a.id: i + 1 for i, a in enumerate(story.articles)}

    def cite(ids: list[str]) -> str:
        return "".join(f"[{number[i]}]" for i in ids if i in number)

    console.print(f"[bold]{_shown(story.headline)}[/bold]  [dim]{story.id}[/dim]\n")
    if story.summary:
        console.print("[bold underline]Summary[/bold underline]")
        for s in story.summary:
            console.print(f"• {_shown(s.text)} [cyan]{cite(s.articles)}[/cyan]")
        console.print()
    own = [t for t in story.timeline if not t.background]
    background = [t for t in story.timeline if t.background]
    for title, entries in (("Timeline", own), ("Background", background)):
        if entries:
            console.print(f"[bold underline]{title}[/bold underline]")
            for t in entries:
                console.print(f"{t.date:<10}  {_shown(t.text)} [cyan]{cite(t.articles)}[/cyan]")
            console.print()
    if story.entities:
        console.print("[bold underline]People, places and organisations[/bold underline]")
        people = [e for e in story.entities if e.type == "PERSON"]
        others = [e for e in story.entities if e.type != "PERSON"][:20]  # the most cited places and bodies
        for e in people + others:
            aliases = f" (also: {_shown(', '.join(e.aliases))})" if e.aliases else ""
            role = f", {_shown(e.role)}" if e.role else ""
            console.print(
                f"{_shown(e.name)}{role} [dim]{e.type}, {e.mentions} mentions{aliases}[/dim] "
                f"[cyan]{cite(e.articles)}[/cyan]"
            )
        console.print()
    if story.quotes:
        console.print("[bold underline]Quotes[/bold underline]")
        for q in story.quotes:
            unnamed = f"[dim]{_shown(q.described or 'unattributed')}[/dim]"
            speaker = _shown(q.speaker) if q.speaker else unnamed
            console.print(f"{speaker}: “{_shown(q.text)}” [cyan]{cite(q.articles)}[/cyan]")
        console.print()
    if story.figures:
        console.print("[bold underline]Figures[/bold underline]")
        for f in story.figures:
            flag = " [red]sources disagree[/red]" if f.conflict else ""
            shown = []
            for v, day, disputed in f.shown_values():
                named = " [red](disputed)[/red]" if disputed else ""
                shown.append(f"{f'{day}: ' if day else ''}{_shown(v.text)} {cite(v.articles)}{named}")
            series = " [dim](by the day reported)[/dim]" if f.series else ""
            console.print(f"{_shown(f.subject)}{series}: {'; '.join(shown)}{flag}")
        console.print()
    if story.families:
        console.print("[bold underline]Copies[/bold underline]")
        for fam in story.families:
            console.print(f"{fam.description()}: {cite(fam.articles)} ({len(fam.passages)} aligned passages)")
        console.print()
    console.print("[bold underline]Articles[/bold underline]")
    for a in story.articles:
        where = a.url or a.path or ""
        credits = f" with {_shown(', '.join(a.credits))}" if a.credits else ""
        console.print(
            f"[{number[a.id]}] {_shown(a.title or '(untitled)')} — {_shown(a.source or '?')}, "
            f"{_shown(a.published or 'undated')}{credits} [dim]{_shown(where)}[/dim]"
        )


def print_entities(console: Console, entities: list[GlobalEntity], stories: int | None = None) -> None:
    """Each entity with its id and spellings, then the stories naming it, most recent first (at most
    `stories` of them and how many more, when given)."""
    for e in entities:
        aliases = e.aliases if stories is None else e.aliases[:3]
        also = f" · also {_shown(', '.join(aliases))}" if aliases else ""
        console.print(
            f"[bold]{_shown(e.name)}[/bold]  [dim]{e.id} · {e.type} · {e.mentions} mentions · "
            f"{len(e.stories)} {'story' if len(e.stories) == 1 else 'stories'}{also}[/dim]"
        )
        for s in e.stories[:stories]:
            console.print(
                f"  {s.id}  {s.published or 'undated':<10}  {_shown(s.headline)} "
                f"[dim](as {_shown(s.name)}, {s.mentions})[/dim]"
            )
        if stories is not None and len(e.stories) > stories:
            console.print(
                f"  [dim]… and {len(e.stories) - stories} more: storyfuse entities {_shown(e.id)}[/dim]"
            )
        console.print()


def print_clean(console: Console, record: dict[str, Any]) -> None:
    console.print(
        f"[bold]{_shown(record['title'] or '(untitled)')}[/bold]  [dim]{_shown(record['path'])}[/dim]"
    )
    console.print(
        f"[dim]source: {_shown(record['source'] or '?')} · published: {_shown(record['published'] or '?')} "
        f"({record['published_method'] or '-'}) · credits: {_shown(', '.join(record['credits']) or '-')} · "
        f"language: {record['language'] or '?'}[/dim]"
    )
    for block in record["body"]:
        text = _shown(block["text"])
        console.print(f"\n[bold]{text}[/bold]" if block["kind"] == "heading" else f"\n{text}")
    console.print()


def eval_table(report: EvalReport) -> Table:
    table = Table(title=f"eval {report.task} (n = {report.n})")
    table.add_column("metric")
    table.add_column("storyfuse", justify="right")
    table.add_column(report.baseline_name, justify="right")
    for key in sorted(set(report.system) | set(report.baseline)):
        table.add_row(key, _fmt(report.system.get(key)), _fmt(report.baseline.get(key)))
    for note in report.notes:
        table.caption = (table.caption + "\n" if table.caption else "") + note
    return table


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.4f}" if abs(value) < 10 else f"{value:.1f}"


def correction_line(entry: LogEntry) -> str:
    """One correction of a story's history: when, what, which stories or articles, and why."""
    what = {
        "merge": f"merged {', '.join(entry.stories)}",
        "split": f"split {len(entry.articles)} article(s) out of {', '.join(entry.stories)}: "
        + ", ".join(entry.articles[:5])
        + (" …" if len(entry.articles) > 5 else ""),
        "move": f"moved {', '.join(entry.articles)} from {entry.stories[0]} to {entry.stories[-1]}",
        "rename": f"renamed {', '.join(entry.stories)}: {entry.headline!r}",
    }.get(entry.action, entry.action)
    return f"{entry.at}  {what}" + (f"  (why: {entry.reason})" if entry.reason else "")
