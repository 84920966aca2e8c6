"""The SQLite store: schema, migrations and queries. The only stateful part of storyfuse."""

from storyfuse.store.database import SearchHit, Store, StoryRow

__all__ = ["SearchHit", "Store", "StoryRow"]
