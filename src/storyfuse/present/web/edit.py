"""The web app's edit mode (`storyfuse serve --edit`): rename, merge and split a story, move an article,
with the same corrections as the CLI (run/corrections.py), logged and honoured by later ingests.

Only served when asked for. Every form carries the server's edit token (made at start, shown only on
its own pages) and a POST whose Origin names another site is refused, so another web page the reader
has open cannot post corrections; each correction takes the store's write lock, as `ingest` does, and
synthesises the stories it changed before the page shows them.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import RedirectResponse

from storyfuse.errors import StoryfuseError
from storyfuse.present.lookup import resolve_id
from storyfuse.present.web.api import MAX_ID
from storyfuse.store import Store
from storyfuse.store.open import open_store, write_lock

router = APIRouter(include_in_schema=False)
MAX_FORM = 20_000  # bytes of one form
_NUMBERS = re.compile(r"^(\d+)(?:\s*[-–]\s*(\d+))?$")


async def _form(request: Request) -> dict[str, str]:
    """The posted form's fields, after the token and origin checks."""
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(400, "form too large")
    fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), max_num_fields=20).items()}
    token = request.app.state.edit_token
    if token is None or not hmac.compare_digest(fields.get("token", ""), token):
        raise HTTPException(403, "edit mode is off, or this form is from another page: reload the story")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "a correction must come from this server's own pages")
    return fields


@contextmanager
def _writable(request: Request) -> Iterator[Store]:
    path = request.app.state.db_path
    with write_lock(path), open_store(path) as store:
        yield store


def _done(request: Request, store: Store, story_id: str) -> RedirectResponse:
    """Synthesise what the correction changed, then show the story (a 303: a reload posts nothing)."""
    from storyfuse.run.synthesis import synthesise_dirty

    synthesise_dirty(store)
    return RedirectResponse(request.app.state.links.story(story_id), status_code=303)


def _refused(exc: StoryfuseError) -> HTTPException:
    return HTTPException(422, str(exc))


@router.post("/stories/{story_id}/rename")
async def rename(request: Request, story_id: str = Path(max_length=MAX_ID)) -> RedirectResponse:
    from storyfuse.run import corrections

    fields = await _form(request)
    with _writable(request) as store:
        try:
            sid = resolve_id(store, "story", story_id)
            corrections.rename(store, sid, fields.get("headline", ""), fields.get("reason") or None)
        except StoryfuseError as exc:
            raise _refused(exc) from None
        return RedirectResponse(request.app.state.links.story(sid), status_code=303)


@router.post("/stories/{story_id}/merge")
async def merge(request: Request, story_id: str = Path(max_length=MAX_ID)) -> RedirectResponse:
    from storyfuse.run import corrections

    fields = await _form(request)
    with _writable(request) as store:
        try:
            ids = [resolve_id(store, "story", story_id)]
            ids += [resolve_id(store, "story", s) for s in re.split(r"[\s,]+", fields.get("with", "")) if s]
            into = corrections.merge(store, ids, fields.get("reason") or None)
        except StoryfuseError as exc:
            raise _refused(exc) from None
        return _done(request, store, into)


@router.post("/stories/{story_id}/split")
async def split(request: Request, story_id: str = Path(max_length=MAX_ID)) -> RedirectResponse:
    from storyfuse.run import corrections

    fields = await _form(request)
    with _writable(request) as store:
        try:
            sid = resolve_id(store, "story", story_id)
            members = store.story_article_ids(sid)
            story = store.story(sid)
            order = [a.id for a in story.articles] if story else members  # the page's citation numbers
            leaving = _articles(fields.get("articles", ""), order)
            kept, _ = corrections.split(store, sid, leaving, fields.get("reason") or None)
        except StoryfuseError as exc:
            raise _refused(exc) from None
        return _done(request, store, kept)


@router.post("/articles/{article_id}/move")
async def move(request: Request, article_id: str = Path(max_length=MAX_ID)) -> RedirectResponse:
    from storyfuse.run import corrections

    fields = await _form(request)
    with _writable(request) as store:
        try:
            aid = resolve_id(store, "article", article_id)
            target = resolve_id(store, "story", fields.get("to", "").strip())
            now = corrections.move(store, aid, target, fields.get("reason") or None)
        except StoryfuseError as exc:
            raise _refused(exc) from None
        return _done(request, store, now)


def _articles(given: str, order: list[str]) -> list[str]:
    """Articles named by citation numbers and ranges ("2, 5-7") as the story page numbers them."""
    chosen: list[str] = []
    for part in (p.strip() for p in given.split(",")):
        if not part:
            continue
        match = _NUMBERS.match(part)
        if not match:
            raise StoryfuseError(f"not an article number or range: {part!r} (write e.g. 2, 5-7)")
        first, last = int(match[1]), int(match[2] or match[1])
        if not 1 <= first <= last <= len(order):
            raise StoryfuseError(f"the story's articles are numbered 1 to {len(order)}: {part!r}")
        chosen += order[first - 1 : last]
    return list(dict.fromkeys(chosen))
