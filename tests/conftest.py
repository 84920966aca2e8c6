"""Shared fixtures. Tests over ../shared are marked `shared` and skipped when it is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pg_server import PostgresServer, find_binaries

# The suite links with the fast profile (static lead vectors) unless a test names another: the default
# profile's transformer costs ~0.3 s a lead on one core. The tests of the product's own stories (the
# bundled examples, the seeds, input order) and the eval gate name the default profile.
os.environ.setdefault("STORYFUSE_PROFILE", "fast")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason="../shared is not beside the repository")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def data_dir() -> Path:
    return DATA


# The store backends every contract test runs on (tests/store/test_contract.py and the web's e2e tests).
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the session (tests/pg_server.py); skips without one."""
    pytest.importorskip("psycopg", reason="a PostgreSQL store needs the postgres extra")
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("needs PostgreSQL's initdb and pg_ctl (Debian's postgresql package)")
    server = PostgresServer(binaries)
    try:
        yield server
    finally:
        server.stop()


def new_store_address(backend: str, request: pytest.FixtureRequest, folder: Path, name: str = "s") -> str:
    """The address of a new, empty store: a file in `folder`, or a new database on the test server."""
    if backend == "sqlite":
        return str(folder / f"{name}.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.database(name)


@pytest.fixture(params=BACKENDS)
def store_address(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store on each backend in turn."""
    return new_store_address(request.param, request, tmp_path)
