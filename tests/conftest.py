"""Shared fixtures. Tests over ../shared are marked `shared` and skipped when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
