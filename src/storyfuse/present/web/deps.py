"""One read-only store connection per request, so every page sees what a concurrent `ingest` committed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from storyfuse.present.web.pages import Links
from storyfuse.store import Store
from storyfuse.store.open import open_store as open_at


def open_store(request: Request) -> Iterator[Store]:
    store = open_at(request.app.state.db_path, readonly=True)
    try:
        yield store
    finally:
        store.close()


def links(request: Request) -> Links:
    links_: Links = request.app.state.links
    return links_


StoreDep = Annotated[Store, Depends(open_store)]
LinksDep = Annotated[Links, Depends(links)]
