"""The SQLite store: schema, migrations and queries. The only stateful part of storyfuse."""

from storyfuse.store.database import SearchHit, Store
from storyfuse.store.entity_catalogue import EntityStory, GlobalEntity
from storyfuse.store.queries import ArticleMeta, ListedArticle, StoreStatus, StoryListing
from storyfuse.store.storylines import StorylineListing, StorylineView

__all__ = [
    "ArticleMeta",
    "EntityStory",
    "GlobalEntity",
    "ListedArticle",
    "SearchHit",
    "Store",
    "StoreStatus",
    "StoryListing",
    "StorylineListing",
    "StorylineView",
]
