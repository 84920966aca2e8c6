"""The SQLite store: schema, migrations and queries. The only stateful part of storyfuse."""

from storyfuse.store.database import SearchHit, Store
from storyfuse.store.queries import ArticleMeta, ListedArticle, StoreStatus, StoryListing

__all__ = ["ArticleMeta", "ListedArticle", "SearchHit", "Store", "StoreStatus", "StoryListing"]
