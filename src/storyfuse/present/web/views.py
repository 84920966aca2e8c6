"""The HTML pages of the web app: story list, search, story, article (and its raw input as text), and the
page of a person, place or organisation across the store."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from markupsafe import Markup

from storyfuse.errors import StoryfuseError
from storyfuse.present.lookup import story_filter
from storyfuse.present.web.api import MAX_ID, MAX_QUERY, StoryQueryDep, full_id
from storyfuse.present.web.deps import LinksDep, StoreDep
from storyfuse.present.web.pages import (
    UNKNOWN_OUTLET,
    article_page,
    entity_kind,
    highlight,
    outlets_over_time,
    render,
    story_page,
)

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 30
SEARCH_LIMIT = 30
ENTITY_SEARCH_LIMIT = 10
RAW_HEADERS = {  # raw input is shown as inert text, whatever it contains
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
}


@dataclass
class SearchResult:
    id: str
    title: str
    snippet: Markup
    story_id: str | None
    outlet: str = UNKNOWN_OUTLET
    published: str | None = None


@dataclass
class FilterForm:
    """The story list's filter controls, as the request filled them (blank fields ask for nothing)."""

    since: str = ""
    until: str = ""
    source: str = ""
    language: str = ""
    entity: str = ""
    min_articles: str = ""
    sort: str = "recent"

    def query(self, page: int = 1) -> str:
        """The URL query that asks for this filter (and page); '' for the plain list."""
        fields = {k: v for k, v in vars(self).items() if v and not (k == "sort" and v == "recent")}
        if page > 1:
            fields["page"] = str(page)
        return "?" + urlencode(fields) if fields else ""


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    store: StoreDep,
    links: LinksDep,
    page: int = Query(1, ge=1, le=1_000_000),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    source: str = Query("", max_length=MAX_QUERY),
    language: str = Query("", max_length=20),
    entity: str = Query("", max_length=MAX_QUERY),
    min_articles: str = Query("", max_length=7),
    sort: str = Query("recent", max_length=10),
) -> HTMLResponse:
    form = FilterForm(since, until, source, language, entity, min_articles, sort or "recent")
    try:
        size = int(min_articles) if min_articles.strip() else None
        wanted = story_filter(since, until, source, language, entity, size, sort or "recent")
    except ValueError:
        raise HTTPException(422, f"min_articles: not a number: {min_articles!r}") from None
    except StoryfuseError as exc:
        raise HTTPException(422, str(exc).replace("--", "")) from None
    status = store.status()
    total = store.count_filtered_stories(wanted) if wanted.active else status.stories
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        raise HTTPException(404, f"there {'is' if pages == 1 else 'are'} only {pages} page(s) of stories")
    stories = store.filtered_stories(wanted, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    return HTMLResponse(
        render(
            "index.html",
            links=links,
            stories=stories,
            outlet_counts=store.outlet_counts([s.id for s in stories]),
            status=status,
            page=page,
            pages=pages,
            total=total,
            form=form,
            filtered=wanted.active,
            status_url="/api/status",
            poll_ms=request.app.state.poll_ms,
        )
    )


@router.get("/search", response_class=HTMLResponse)
def search(store: StoreDep, links: LinksDep, q: str = Query("", max_length=MAX_QUERY)) -> HTMLResponse:
    query = q.strip()
    hits = store.search(query, limit=SEARCH_LIMIT) if query else []
    meta = store.article_meta([h.id for h in hits if h.kind == "article"])
    stories, articles = [], []
    for hit in hits:
        result = SearchResult(hit.id, hit.title, highlight(hit.snippet, query), hit.story_id)
        if hit.kind == "story":
            stories.append(result)
            continue
        if hit.id in meta:
            result.outlet = meta[hit.id].source or UNKNOWN_OUTLET
            result.published = meta[hit.id].published
        articles.append(result)
    entities = store.find_entities(query, ENTITY_SEARCH_LIMIT) if query else []
    return HTMLResponse(
        render("search.html", links=links, query=query, stories=stories, articles=articles, entities=entities)
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(
    request: Request, store: StoreDep, links: LinksDep, story_id: str = Path(max_length=MAX_ID)
) -> HTMLResponse:
    found = store.story(full_id(store, "story", story_id, "it may have been merged into another one"))
    if found is None:
        raise HTTPException(404, f"no story {story_id!r}: it may have been merged into another one")
    line = store.storyline_listing(found.storyline) if found.storyline else None
    return HTMLResponse(
        render(
            "story.html",
            links=links,
            page=story_page(found, links),
            storyline=line,
            edit=request.app.state.edit_token,
            history=store.story_history(found.id) if request.app.state.edit_token else [],
        )
    )


@router.get("/storylines", response_class=HTMLResponse)
def storylines(store: StoreDep, links: LinksDep, page: int = Query(1, ge=1, le=1_000_000)) -> HTMLResponse:
    total = store.count_storylines()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        raise HTTPException(404, f"there {'is' if pages == 1 else 'are'} only {pages} page(s) of storylines")
    lines = store.list_storylines((page - 1) * PAGE_SIZE, PAGE_SIZE)
    return HTMLResponse(render("storylines.html", links=links, lines=lines, total=total))


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline(store: StoreDep, links: LinksDep, storyline_id: str = Path(max_length=MAX_ID)) -> HTMLResponse:
    found = store.storyline(full_id(store, "storyline", storyline_id, "its events may have been regrouped"))
    if found is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}: its events may have been regrouped")
    return HTMLResponse(
        render("storyline.html", links=links, view=found, outlets_over_time=outlets_over_time(found))
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(store: StoreDep, links: LinksDep, entity_id: str = Path(max_length=MAX_ID)) -> HTMLResponse:
    found = store.entity(full_id(store, "entity", entity_id, "no story names it (any more)"))
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}: no story names it (any more)")
    return HTMLResponse(render("entity.html", links=links, entity=found, kind=entity_kind(found.type)))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request, store: StoreDep, links: LinksDep, article_id: str = Path(max_length=MAX_ID)
) -> HTMLResponse:
    found = store.article(full_id(store, "article", article_id))
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    story_id = store.story_of(found.id)
    story_ = store.story(story_id) if story_id else None
    return HTMLResponse(
        render(
            "article.html", links=links, page=article_page(found, story_), edit=request.app.state.edit_token
        )
    )


@router.get("/articles/{article_id}/raw", response_class=PlainTextResponse)
def article_raw(store: StoreDep, article_id: str = Path(max_length=MAX_ID)) -> PlainTextResponse:
    raw = store.raw_content(article_id)
    if raw is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return PlainTextResponse(raw, headers=RAW_HEADERS)


# --- following: feeds and alerts --------------------------------------------------------------

ATOM = "application/atom+xml; charset=utf-8"


@router.get("/feed.atom")
def feed(request: Request, store: StoreDep, query: StoryQueryDep) -> Response:
    """The latest stories as an Atom feed; the story list's filters (?entity=…, ?source=…) narrow it."""
    from storyfuse.present.follow import FEED_SIZE, atom

    wanted = query.story_filter()
    stories = store.filtered_stories(wanted, 0, FEED_SIZE) if wanted else []
    title = "storyfuse: latest stories" + (" (filtered)" if wanted and wanted.active else "")
    return Response(atom(title, str(request.url), str(request.base_url), stories), media_type=ATOM)


@router.get("/storylines/{storyline_id}/feed.atom")
def storyline_feed(
    request: Request, store: StoreDep, storyline_id: str = Path(max_length=MAX_ID)
) -> Response:
    from storyfuse.present.follow import atom

    view = store.storyline(full_id(store, "storyline", storyline_id))
    if view is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    title = f"storyfuse storyline: {view.listing.title}"
    return Response(atom(title, str(request.url), str(request.base_url), view.stories), media_type=ATOM)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(store: StoreDep, links: LinksDep) -> HTMLResponse:
    from storyfuse.present.follow import new_stories

    found = [(alert, new_stories(store, alert)) for alert in store.alerts()]
    return HTMLResponse(render("alerts.html", links=links, alerts=found))


@router.get("/alerts/{alert_id}/feed.atom")
def alert_feed(request: Request, store: StoreDep, alert_id: int = Path(ge=1, le=2**62)) -> Response:
    from storyfuse.present.follow import atom, matching_stories

    alert = store.alert(alert_id)
    if alert is None:
        raise HTTPException(404, f"no alert {alert_id} (see `storyfuse alert list`)")
    stories = matching_stories(store, alert.query)
    title = f"storyfuse alert: {alert.query}"
    return Response(atom(title, str(request.url), str(request.base_url), stories), media_type=ATOM)
