"""Fixtures for the web tests: the fictional store, the app over it, and a loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from storyfuse.present.web.app import create_app
from storyfuse.present.web.server import running_in_thread
from web.fixtures import build_store


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "stories.db")


@pytest.fixture(scope="session")
def app(web_db: Path) -> FastAPI:
    return create_app(web_db)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def live_url(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1, a free port, for the session."""
    with running_in_thread(app) as url:
        yield url
