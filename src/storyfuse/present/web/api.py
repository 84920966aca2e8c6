"""The JSON API: story list, one story in the story-JSON contract, articles, search, store-wide entities,
store status.

Every route declares its responses (including 404 and 422 with a one-line `detail`), so the OpenAPI
description at /api/openapi.json is the full contract a client can check against.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, Field

from storyfuse.model import Story
from storyfuse.present.lookup import UnknownId, entity_type, resolve_id, story_filter
from storyfuse.present.render import storyline_json
from storyfuse.present.web.deps import StoreDep
from storyfuse.store import Store, StoryListing
from storyfuse.store.listing import StoryFilter

router = APIRouter(prefix="/api", tags=["stories"])

MAX_QUERY = 200  # characters of a search; longer is refused with a 422
MAX_ID = 300  # characters of a story or article id in a path


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong with the request, in one line.")


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such item."}}
BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "A parameter is missing or invalid."}
}


class ListedArticleOut(BaseModel):
    id: str
    path: str | None
    url: str | None
    source: str | None
    title: str | None


class StoryListItemOut(BaseModel):
    """A story as `storyfuse stories --json` lists it, plus its size and dates."""

    id: str
    headline: str
    published: str | None = Field(description="The latest publication date of its articles (ISO).")
    first_published: str | None
    size: int = Field(description="Number of articles.")
    updated_at: str
    articles: list[ListedArticleOut]


class BlockOut(BaseModel):
    text: str
    kind: Literal["paragraph", "heading"]


class ArticleOut(BaseModel):
    """A cleaned article: its body blocks and the clutter lines removed from it."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    path: str | None
    published: str | None
    language: str | None
    credits: list[str]
    body: list[BlockOut]
    removed: list[str]
    story_id: str | None


class SearchHitOut(BaseModel):
    kind: Literal["story", "article"]
    id: str
    title: str
    snippet: str = Field(description="Text around the match; matched words are in [brackets].")
    story_id: str | None


class SearchOut(BaseModel):
    query: str
    hits: list[SearchHitOut]


class EntityStoryOut(BaseModel):
    id: str
    headline: str
    published: str | None = Field(description="The latest publication date of its articles (ISO).")
    name: str = Field(description="The name this story gives the entity.")
    mentions: int = Field(description="Mentions in this story.")


class EntityOut(BaseModel):
    """A person, place or organisation across the store: the `id` of story entities (docs/story-json.md)."""

    id: str
    name: str = Field(description="The spelling most mentioned over its stories.")
    type: str = Field(description="PERSON, PLACE, ORG, NORP, …")
    mentions: int = Field(description="Mentions over all its stories.")
    aliases: list[str] = Field(description="Other spellings its stories use.")
    stories: list[EntityStoryOut] = Field(description="Stories naming it, most recent first.")


class StorylineEventOut(BaseModel):
    id: str = Field(description="The story (event) id.")
    headline: str
    first_published: str | None
    last_published: str | None
    articles: int
    outlets: int


class StorylineOut(BaseModel):
    """A storyline: a chain of events (stories) on one subject, as `storyfuse storylines --json` shows it."""

    id: str
    title: str = Field(description="The headline of its largest event.")
    names: list[str] = Field(description="The names most of its events share, most shared first.")
    events: int
    articles: int
    outlets: int
    first_published: str | None
    last_published: str | None
    stories: list[StorylineEventOut] | None = Field(
        None, description="Its events, earliest first (one storyline only, not in lists)."
    )


class StatusOut(BaseModel):
    articles: int
    stories: int
    updated_at: str | None = Field(description="When a story was last written (ISO 8601).")


Sort = Literal["recent", "size", "outlets"]


def _iso_day(value: object) -> object:
    """Only a calendar day as YYYY-MM-DD: pydantic alone also takes a number as a Unix time."""
    if isinstance(value, str) and not (len(value) == 10 and value[4] == value[7] == "-"):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]


class StoryQuery(BaseModel):
    """The filters and order of a story list, as `storyfuse stories` takes them."""

    since: Day | None = Field(None, description="Stories reported on or after this day (YYYY-MM-DD).")
    until: Day | None = Field(None, description="Stories reported on or before this day (YYYY-MM-DD).")
    source: str | None = Field(None, max_length=MAX_QUERY, description="An outlet whose name contains this.")
    language: str | None = Field(None, max_length=20, description="An article in this language (ISO 639-1).")
    entity: str | None = Field(
        None, max_length=MAX_QUERY, description="Naming an entity whose spelling contains this, or its id."
    )
    min_articles: int | None = Field(None, ge=1, le=1_000_000, description="Of this many articles or more.")
    sort: Sort = Field("recent", description="recent: latest first; size: largest; outlets: most outlets.")

    def story_filter(self) -> StoryFilter | None:
        """The store's filter; None when it can match nothing (since after until)."""
        if self.since and self.until and self.since > self.until:
            return None
        return story_filter(
            self.since.isoformat() if self.since else None,
            self.until.isoformat() if self.until else None,
            self.source,
            self.language,
            self.entity,
            self.min_articles,
            self.sort,
        )


StoryQueryDep = Annotated[StoryQuery, Query()]


@router.get("/stories", response_model=list[StoryListItemOut], responses=BAD_REQUEST)
def api_stories(
    store: StoreDep,
    query: StoryQueryDep,
    limit: int = Query(50, ge=1, le=500, description="At most this many stories."),
    offset: int = Query(0, ge=0, le=1_000_000_000, description="Skip this many stories first."),
) -> Response:
    """Stories, most recent first (then largest), or as filtered and sorted. The total matching is in
    the X-Total-Count header."""
    wanted = query.story_filter()
    if wanted is None:
        return JSONResponse([], headers={"X-Total-Count": "0"})
    total = store.count_filtered_stories(wanted)
    listed = ",".join(listed_json(s) for s in store.filtered_stories(wanted, offset, limit))
    return Response(f"[{listed}]", media_type="application/json", headers={"X-Total-Count": str(total)})


def listed_json(s: StoryListing) -> str:
    """A story's StoryListItemOut as JSON text, its articles passed on as the store keeps them: a page
    of the largest stories lists thousands of articles, and a model for each (then its validation and
    dump again for the response) took a third of the request (tests/web/test_filters.py checks every
    item against the model)."""
    head = {
        "id": s.id,
        "headline": s.headline,
        "published": s.last_published,
        "first_published": s.first_published,
        "size": s.size,
        "updated_at": s.updated_at,
    }
    return (
        json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + f',"articles":{s.articles_json}}}'
    )


def full_id(store: Store, kind: str, given: str, why: str = "") -> str:
    """The id `given` names or uniquely begins; a 404 with the one-line reason otherwise (and `why`
    an id may be gone, when none has it)."""
    try:
        return resolve_id(store, kind, given)
    except UnknownId as exc:
        message = str(exc).replace(f" in {store.label}", "")
        raise HTTPException(
            404, f"{message}: {why}" if why and message.startswith("no ") else message
        ) from None


@router.get("/stories/{story_id}", response_model=Story, responses={**NOT_FOUND, **BAD_REQUEST})
def api_story(store: StoreDep, story_id: str = Path(max_length=MAX_ID)) -> Story:
    """One story in the story-JSON contract (docs/story-json.md)."""
    story = store.story(full_id(store, "story", story_id))
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return story


@router.get("/articles/{article_id}", response_model=ArticleOut, responses={**NOT_FOUND, **BAD_REQUEST})
def api_article(store: StoreDep, article_id: str = Path(max_length=MAX_ID)) -> ArticleOut:
    """One cleaned article with the clutter removed from it and the story it belongs to."""
    article = store.article(full_id(store, "article", article_id))
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return ArticleOut(
        id=article.id,
        title=article.title,
        source=article.source,
        url=article.url,
        path=article.path,
        published=article.published.value if article.published else None,
        language=article.language,
        credits=article.credits,
        body=[BlockOut(text=b.text, kind=b.kind) for b in article.body],
        removed=article.removed,
        story_id=store.story_of(article.id),
    )


@router.get("/search", response_model=SearchOut, responses=BAD_REQUEST)
def api_search(
    store: StoreDep,
    q: str = Query(min_length=1, max_length=MAX_QUERY, description="Words to find (full-text)."),
    limit: int = Query(20, ge=1, le=100, description="At most this many stories and this many articles."),
) -> SearchOut:
    """Full-text search over story headlines and summaries and article titles and texts."""
    hits = store.search(q, limit=limit)
    return SearchOut(
        query=q,
        hits=[
            SearchHitOut(
                kind="story" if h.kind == "story" else "article",
                id=h.id,
                title=h.title,
                snippet=h.snippet,
                story_id=h.story_id,
            )
            for h in hits
        ],
    )


EntityType = Literal["person", "place", "org", "group", "misc"]


@router.get("/entities", response_model=list[EntityOut], responses=BAD_REQUEST)
def api_entities(
    store: StoreDep,
    q: str | None = Query(
        None, min_length=1, max_length=MAX_QUERY, description="Part of a name, any case and accents."
    ),
    kind: Annotated[EntityType | None, Query(alias="type", description="Only entities of this type.")] = None,
    limit: int = Query(20, ge=1, le=100, description="At most this many entities."),
    offset: int = Query(0, ge=0, le=1_000_000, description="Without q: skip this many entities first."),
) -> list[EntityOut]:
    """Entities one of whose spellings contains `q`: whole names first, then names beginning with it;
    without `q`, the entities most mentioned across the store."""
    group = entity_type(kind)
    if q is None:
        found = store.entities_by_mentions(group, offset, limit)
    else:
        found = [e for e in store.find_entities(q, 100 if group else limit) if not group or e.type == group]
    return [EntityOut.model_validate(e.to_json()) for e in found[:limit]]


@router.get(
    "/entities/{entity_id}",
    response_model=EntityOut,
    responses={**NOT_FOUND, **BAD_REQUEST},
)
def api_entity(store: StoreDep, entity_id: str = Path(max_length=MAX_ID)) -> EntityOut:
    """One person, place or organisation with its spellings and every story naming it."""
    found = store.entity(full_id(store, "entity", entity_id))
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return EntityOut.model_validate(found.to_json())


@router.get("/storylines", response_model=list[StorylineOut], responses=BAD_REQUEST)
def api_storylines(
    store: StoreDep,
    response: Response,
    limit: int = Query(50, ge=1, le=500, description="At most this many storylines."),
    offset: int = Query(0, ge=0, le=1_000_000_000, description="Skip this many storylines first."),
) -> list[StorylineOut]:
    """Storylines, most recent first. The total is in the X-Total-Count header."""
    response.headers["X-Total-Count"] = str(store.count_storylines())
    return [
        StorylineOut.model_validate(storyline_json(line)) for line in store.list_storylines(offset, limit)
    ]


@router.get("/storylines/{storyline_id}", response_model=StorylineOut, responses={**NOT_FOUND, **BAD_REQUEST})
def api_storyline(store: StoreDep, storyline_id: str = Path(max_length=MAX_ID)) -> StorylineOut:
    """One storyline with its events in order of time."""
    view = store.storyline(full_id(store, "storyline", storyline_id))
    if view is None:
        raise HTTPException(404, f"no storyline {storyline_id!r}")
    return StorylineOut.model_validate(storyline_json(view.listing, view.stories))


class AlertOut(BaseModel):
    """A saved search (`storyfuse alert add`) and the stories written since it was last seen."""

    id: int
    query: str
    created_at: str
    seen_at: str = Field(description="Stories written after this (ISO 8601) are new to it.")
    new: list[StoryListItemOut] = Field(description="Matching stories written since, latest first.")


@router.get("/alerts", response_model=list[AlertOut])
def api_alerts(store: StoreDep) -> list[AlertOut]:
    """Saved searches with the stories new to each; `storyfuse alert check` marks them seen."""
    from storyfuse.present.follow import new_stories

    return [
        AlertOut(
            id=alert.id,
            query=alert.query,
            created_at=alert.created_at,
            seen_at=alert.seen_at,
            new=[_listed(s) for s in new_stories(store, alert)],
        )
        for alert in store.alerts()
    ]


def _listed(s: StoryListing) -> StoryListItemOut:
    return StoryListItemOut(
        id=s.id,
        headline=s.headline,
        published=s.last_published,
        first_published=s.first_published,
        size=s.size,
        updated_at=s.updated_at,
        articles=[ListedArticleOut(**vars(a)) for a in s.articles],
    )


@router.get("/status", response_model=StatusOut)
def api_status(store: StoreDep) -> StatusOut:
    """Counts of articles and stories; pages poll it to notice what a running `ingest` adds."""
    status = store.status()
    return StatusOut(articles=status.articles, stories=status.stories, updated_at=status.updated_at)
