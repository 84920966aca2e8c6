"""What every page shows, built once for both the static report and the web app.

`StoryPage`, `ArticlePage` and friends gather from stored data what a template needs (numbered
citations, people with their quotes, chart SVG); `Links` says where a page links to, absolute routes
for `serve` and relative file names for `report`; `environment()` is the one Jinja environment
(autoescaping on) that renders the same templates for both.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from storyfuse.model import Article, Entity, Figure, FigureValue, Quote, Story, TimelineEntry
from storyfuse.present.web.charts import (
    CONTRIBUTIONS,
    FamilyGroup,
    OutletRow,
    families_svg,
    figure_svg,
    number_runs,
    outlet_bars_svg,
    timeline_svg,
)
from storyfuse.store.storylines import StorylineView
from storyfuse.synthesise.eligible import trim_lead

UNKNOWN_OUTLET = "unknown outlet"
ENTITY_GROUPS = {
    "ORG": "Organisations",
    "PLACE": "Places",
    "GPE": "Places",
    "LOC": "Places",
    "NORP": "Groups",
}

ENTITY_KINDS = {"PERSON": "person", "ORG": "organisation", "PLACE": "place", "NORP": "group"}


def entity_kind(entity_type: str) -> str:
    """What an entity page calls its type: person, organisation, place, group, or the NER label."""
    return ENTITY_KINDS.get(entity_type, ENTITY_KINDS.get(ENTITY_GROUPS.get(entity_type, ""), entity_type))


# --- where pages link to ----------------------------------------------------------------------


class Links:
    """Absolute routes of the web app."""

    static_site = False

    def index(self, page: int = 1) -> str:
        return "/" if page <= 1 else f"/?page={page}"

    def story(self, story_id: str) -> str:
        return f"/stories/{quote(story_id, safe='')}"

    def article(self, article_id: str) -> str:
        return f"/articles/{quote(article_id, safe='')}"

    def raw(self, article_id: str) -> str | None:
        return f"/articles/{quote(article_id, safe='')}/raw"

    def entity(self, entity_id: str | None) -> str | None:
        """The page of a store-wide entity; None for an entity without one."""
        return f"/entities/{quote(entity_id, safe='')}" if entity_id else None

    def storylines(self) -> str:
        return "/storylines"

    def storyline(self, storyline_id: str) -> str:
        return f"/storylines/{quote(storyline_id, safe='')}"

    def static(self, name: str) -> str:
        return f"/static/{name}"

    def search(self) -> str:
        return "/search"

    def api(self) -> str | None:
        return "/api/openapi.json"


def page_file(item_id: str) -> str:
    """A file name for a story or article page: the id when it is a plain name, else the id made
    plain plus a hash of it, so that no id can name a path outside the report or collide."""
    plain = re.sub(r"[^A-Za-z0-9_-]", "_", item_id)[:100]
    if plain != item_id or not plain:
        plain += "-" + hashlib.sha1(item_id.encode("utf-8")).hexdigest()[:10]
    return plain + ".html"


@dataclass
class ReportLinks(Links):
    """Relative links between the files of a static report; `depth` is the page's folder depth."""

    depth: int = 0
    static_site = True

    @property
    def root(self) -> str:
        return "../" * self.depth

    def index(self, page: int = 1) -> str:
        return f"{self.root}index.html"

    def story(self, story_id: str) -> str:
        return f"{self.root}stories/{page_file(story_id)}"

    def article(self, article_id: str) -> str:
        return f"{self.root}articles/{page_file(article_id)}"

    def raw(self, article_id: str) -> str | None:
        return None  # the report carries cleaned articles only

    def entity(self, entity_id: str | None) -> str | None:
        return None  # entity pages need the store: the web app has them, the report does not

    def storylines(self) -> str:
        return f"{self.root}storylines.html"

    def storyline(self, storyline_id: str) -> str:
        return f"{self.root}storylines/{page_file(storyline_id)}"

    def static(self, name: str) -> str:
        return f"{self.root}static/{name}"

    def search(self) -> str:
        return f"{self.root}index.html"  # the index filters headlines in the browser

    def api(self) -> str | None:
        return None


# --- story page ---------------------------------------------------------------------------------


@dataclass
class CitedArticle:
    """An article of a story with its citation number (its place in the story's article list)."""

    number: int
    id: str
    title: str
    outlet: str
    published: str | None
    credits: list[str]
    href: str
    where: str | None  # URL or file it came from
    family: int | None = None  # number of its copy family, if any


@dataclass
class Person:
    entity: Entity
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class FigureView:
    figure: Figure
    chart: Markup | None


@dataclass
class CiteChip:
    """One citation on a page: an article number, or a run of them ("3–13") linking to its first."""

    label: str
    href: str
    title: str


MAX_CHIPS = 6  # citation chips after one sentence, quote or name before "+n"


@dataclass
class StoryPage:
    story: Story
    articles: list[CitedArticle]
    by_id: dict[str, CitedArticle]
    own_events: list[tuple[int, TimelineEntry]]
    background_events: list[tuple[int, TimelineEntry]]
    people: list[Person]
    unattributed_quotes: list[Quote]
    entity_groups: list[tuple[str, list[Entity]]]
    figures: list[FigureView]
    outlets: int
    timeline_chart: Markup | None
    outlet_chart: Markup | None
    family_chart: Markup | None

    def cites(self, ids: Sequence[str], limit: int = MAX_CHIPS) -> list[CiteChip]:
        """The citations of `ids` as chips: runs of three or more numbers collapse into a range, and
        past `limit` chips one "+n" chip links to the article list."""
        by_number = {self.by_id[i].number: self.by_id[i] for i in ids if i in self.by_id}
        chips: list[CiteChip] = []
        for first, last in number_runs(list(by_number)):
            if last - first >= 2:
                a, b = by_number[first], by_number[last]
                chips.append(
                    CiteChip(
                        f"{first}–{last}", a.href, f"articles {first} to {last}: {a.outlet} … {b.outlet}"
                    )
                )
            else:
                chips.extend(
                    CiteChip(str(k), by_number[k].href, f"{by_number[k].outlet}: {by_number[k].title}")
                    for k in range(first, last + 1)
                )
        if len(chips) > limit:
            hidden = chips[limit - 1 :]
            shown = ", ".join(c.label for c in hidden)
            chips = [*chips[: limit - 1], CiteChip(f"+{len(hidden)}", "#articles", f"also articles {shown}")]
        return chips

    @property
    def single_outlet(self) -> str | None:
        """The one outlet every article comes from, when there is one (no chart compares outlets then)."""
        names = {a.outlet for a in self.articles}
        return names.pop() if len(names) == 1 and UNKNOWN_OUTLET not in names else None

    @property
    def dates(self) -> tuple[str | None, str | None]:
        days = sorted(a.published for a in self.articles if a.published)
        return (days[0], days[-1]) if days else (None, None)


def event_anchor(index: int) -> str:
    return f"event-{index + 1}"


def story_page(story: Story, links: Links) -> StoryPage:
    family_of = {aid: n + 1 for n, fam in enumerate(story.families) for aid in fam.articles}
    articles = [
        CitedArticle(
            number=i + 1,
            id=a.id,
            title=a.title or "(untitled)",
            outlet=a.source or UNKNOWN_OUTLET,
            published=a.published,
            credits=a.credits,
            href=links.article(a.id),
            where=a.url or a.path,
            family=family_of.get(a.id),
        )
        for i, a in enumerate(story.articles)
    ]
    by_id = {a.id: a for a in articles}
    indexed = list(enumerate(story.timeline))
    return StoryPage(
        story=story,
        articles=articles,
        by_id=by_id,
        own_events=[(i, t) for i, t in indexed if not t.background],
        background_events=[(i, t) for i, t in indexed if t.background],
        people=_people(story),
        unattributed_quotes=[q for q in story.quotes if not q.speaker],  # the others are under their speaker
        entity_groups=_entity_groups(story.entities),
        figures=[FigureView(f, figure_svg(f, lambda ids: _cite_text(by_id, ids))) for f in story.figures],
        outlets=len(_outlet_groups(articles)),
        timeline_chart=timeline_svg(story.timeline, lambda i: "#" + event_anchor(i)),
        outlet_chart=outlet_bars_svg(_outlet_rows(story, articles)),
        family_chart=families_svg(_family_groups(story, by_id)),
    )


def _cite_text(by_id: dict[str, CitedArticle], ids: Sequence[str]) -> str:
    return "".join(f"[{by_id[i].number}]" for i in ids if i in by_id)


def _speaker_entity(story: Story, quote_: Quote) -> Entity | None:
    """The entity that speaks: a person of that name, else the organisation ("the Kremlin said")."""
    if not quote_.speaker:
        return None
    named = [e for e in story.entities if quote_.speaker == e.name or quote_.speaker in e.aliases]
    return next((e for e in named if e.type == "PERSON"), named[0] if named else None)


def _people(story: Story) -> list[Person]:
    """People of the story, most mentioned first, each with the quotes attributed to them, and the
    organisations that speak; a quoted speaker missing from the entities still gets an entry."""
    people = {e.name: Person(e) for e in story.entities if e.type == "PERSON"}
    for quote_ in story.quotes:
        entity = _speaker_entity(story, quote_)
        if entity is not None:
            people.setdefault(entity.name, Person(entity)).quotes.append(quote_)
        elif quote_.speaker:
            people.setdefault(quote_.speaker, Person(Entity(quote_.speaker, "PERSON"))).quotes.append(quote_)
    return sorted(people.values(), key=lambda p: (-len(p.quotes), -p.entity.mentions, p.entity.name))


def _entity_groups(entities: Sequence[Entity]) -> list[tuple[str, list[Entity]]]:
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.type != "PERSON":
            groups.setdefault(ENTITY_GROUPS.get(entity.type, "Other"), []).append(entity)
    order = ["Organisations", "Places", "Groups", "Other"]
    return [(name, sorted(groups[name], key=lambda e: -e.mentions)) for name in order if name in groups]


def _outlet_groups(articles: Sequence[CitedArticle]) -> dict[str, list[CitedArticle]]:
    """Articles by outlet; each article of unknown outlet is its own group (they may differ)."""
    groups: dict[str, list[CitedArticle]] = {}
    for a in articles:
        key = a.outlet if a.outlet != UNKNOWN_OUTLET else f"\0{a.id}"
        groups.setdefault(key, []).append(a)
    return groups


def _outlet_rows(story: Story, articles: Sequence[CitedArticle]) -> list[OutletRow]:
    groups = _outlet_groups(articles)
    outlet_of = {a.id: key for key, members in groups.items() for a in members}
    cited = {key: dict.fromkeys(CONTRIBUTIONS, 0) for key in groups}
    sections: dict[str, list[list[str]]] = {
        "summary": [s.articles for s in story.summary],
        "timeline": [t.articles for t in story.timeline],
        "quotes": [q.articles for q in story.quotes],
        "figures": [v.articles for f in story.figures for v in f.values],
    }
    for kind, citations in sections.items():
        for ids in citations:
            for key in {outlet_of[i] for i in ids if i in outlet_of}:  # once per item, however many copies
                cited[key][kind] += 1
    rows = [
        OutletRow(
            outlet=members[0].outlet,
            numbers=[a.number for a in members],
            cited=cited[key],
            href=members[0].href if len(members) == 1 else None,
        )
        for key, members in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r.total, r.numbers[0]))


MAX_FAMILY_BOXES = 3  # copy families drawn in a box of their own


def _family_groups(story: Story, by_id: dict[str, CitedArticle]) -> list[FamilyGroup]:
    if not story.families:
        return []
    groups = []
    in_family: set[str] = set()
    for n, family in enumerate(story.families, start=1):
        members = [(by_id[i].number, by_id[i].outlet, by_id[i].href) for i in family.articles if i in by_id]
        in_family.update(family.articles)
        if n > MAX_FAMILY_BOXES:  # the rest share one box; the list under the chart names each
            if n == MAX_FAMILY_BOXES + 1:
                rest = len(story.families) - MAX_FAMILY_BOXES
                groups.append(
                    FamilyGroup(f"Families {n}–{len(story.families)} ({rest} more)", "duplicate", [])
                )
            groups[-1].members.extend(members)
            continue
        groups.append(FamilyGroup(f"Family {n}: {family.description()}", family.kind, members))
    independent = [(a.number, a.outlet, a.href) for a in by_id.values() if a.id not in in_family]
    if independent:
        groups.append(FamilyGroup("Independent reports", "independent", independent))
    return groups


# --- article page -------------------------------------------------------------------------------


@dataclass
class ArticlePage:
    article: Article
    story: Story | None
    number: int | None  # its citation number in the story
    family_note: str | None  # e.g. "translation, with [2] Awani Review"
    cut_leads: list[str] = field(default_factory=list)  # datelines and stamps stories leave out


def cut_leads(article: Article) -> list[str]:
    """The datelines, stamps and wire credits opening the article's paragraphs: kept in its cleaned
    text, left out of every story sentence (synthesise.eligible.trim_lead decides both)."""
    found = []
    for block in article.body:
        text = block.text.strip()
        kept = trim_lead(text)
        if kept and kept != text and text.endswith(kept):
            found.append(text[: len(text) - len(kept)].strip())
    return found


@dataclass
class OutletsOverTime:
    weeks: list[str]  # the Monday of each week an event of the storyline began
    rows: list[tuple[str, list[int]]]  # outlet, its articles in each week


def outlets_over_time(view: StorylineView) -> OutletsOverTime | None:
    """How many articles each outlet gave the storyline's events, by the week each event began."""
    counts: dict[str, Counter[str]] = {}
    for story in view.stories:
        if not story.first_published:
            continue
        day = date.fromisoformat(story.first_published[:10])
        week = (day - timedelta(days=day.weekday())).isoformat()
        for article in story.articles:
            counts.setdefault(article.source or UNKNOWN_OUTLET, Counter())[week] += 1
    weeks = sorted({w for per_week in counts.values() for w in per_week})
    if not weeks:
        return None
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return OutletsOverTime(weeks, [(outlet, [per_week[w] for w in weeks]) for outlet, per_week in ordered])


def article_page(article: Article, story: Story | None) -> ArticlePage:
    number = None
    note = None
    if story is not None:
        numbers = {a.id: i + 1 for i, a in enumerate(story.articles)}
        outlets = {a.id: a.source or UNKNOWN_OUTLET for a in story.articles}
        number = numbers.get(article.id)
        for family in story.families:
            if article.id in family.articles:
                others = ", ".join(
                    f"[{numbers[i]}] {outlets[i]}"
                    for i in family.articles
                    if i != article.id and i in numbers
                )
                note = f"{family.description()}, with {others}"
    return ArticlePage(article, story, number, note, cut_leads(article))


# --- search -------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents, as SQLite FTS5's default tokenizer compares words."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def highlight(snippet: str, query: str) -> Markup:
    """An FTS snippet as safe markup: the store brackets matched words ([word]); brackets around a
    query word become <mark>, any other bracket is the article's own text and stays as it is."""
    terms = {fold(t) for t in re.findall(r"\w+", query)}
    escaped = str(escape(snippet))

    def mark(match: re.Match[str]) -> str:
        words = re.findall(r"\w+", match.group(1))
        if words and all(fold(w) in terms for w in words):
            return f"<mark>{match.group(1)}</mark>"
        return match.group(0)

    return Markup(re.sub(r"\[([^\[\]]{1,80})\]", mark, escaped))


# --- rendering ----------------------------------------------------------------------------------


def nice_date(value: str | None) -> str:
    """ISO day, month or year as people write it: 21 Jan 2022, Jan 2022, 2022."""
    if not value:
        return "undated"
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return f"{day.day} {day:%b %Y}"
        if len(value) == 7:
            return f"{date(int(value[:4]), int(value[5:7]), 1):%b %Y}"
    except ValueError:
        pass
    return value


def value_bounds(value: FigureValue) -> str:
    """What a figure's value allows, in numbers: "≈ 100,000", "≥ 13,000", "≤ 20", "range 200,000–999,999"."""
    if value.value is None:
        ranged = value.low is not None and value.high is not None
        return f"range {value.low:,.0f}–{value.high:,.0f}" if ranged else ""
    number = f"{value.value:,.10g}"
    if value.low == 0.0 and value.high is not None:
        return f"≤ {number}"  # "up to 20"
    if value.low is not None and value.high is None:
        return f"≥ {number}"  # "more than 13,000"
    return f"≈ {number}" if value.approximate else number


def plural(count: int, word: str) -> str:
    """Count and noun: 1 story, 2 stories, 3 articles."""
    if count == 1:
        return f"{count} {word}"
    many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u") else word + "s"
    return f"{count} {many}"


def safe_url(url: str | None) -> str | None:
    """Only web addresses become links; `javascript:` and other schemes stay text."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else None


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storyfuse.present.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["nice_date"] = nice_date
    env.globals["plural"] = plural
    env.globals["value_bounds"] = value_bounds
    env.globals["safe_url"] = safe_url
    env.globals["event_anchor"] = event_anchor
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
