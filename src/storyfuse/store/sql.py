"""What the store's SQL modules need of a database connection, whichever server is behind it.

`entities`, `storylines`, `queries`, `integrity` and the `Store` methods are written in the SQL both
SQLite and PostgreSQL speak, with `?` placeholders; an `sqlite3.Connection` is one of these, and the
PostgreSQL backend's `postgres.connection.PgConnection` is the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

# A page "without a limit": SQLite reads LIMIT -1 so and PostgreSQL refuses a negative LIMIT.
NO_LIMIT = 2**63 - 1


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> object: ...

    def close(self) -> None: ...
