"""The JSON API keeps to its OpenAPI description over loopback: schemathesis generates requests from
the schema, valid and invalid ones, and every response must match the schema and never be a 5xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Ok
from schemathesis.openapi import from_url

from conftest import BACKENDS, new_store_address
from storyfuse.present.web.app import create_app
from storyfuse.present.web.server import running_in_thread
from web.fixtures import API_PATHS, build_store


@pytest.fixture(scope="module", params=BACKENDS)
def live_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the fictional store on each store backend, served on loopback."""
    db = build_store(new_store_address(request.param, request, tmp_path_factory.mktemp("schema")))
    with running_in_thread(create_app(db)) as url:
        yield url


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema_and_never_fails(live_url: str, mode: GenerationMode) -> None:
    schema = from_url(live_url + "api/openapi.json")
    seen: set[str] = set()

    # One Hypothesis run per operation, so that every endpoint gets its examples: drawn from the whole
    # schema at once, 60 random examples sometimes missed one. (The pytest plugin's lazy loader does
    # not run under this pytest; a plain Hypothesis test exercises the same operations and checks.)
    # an operation the schema fails to describe is not one of them, and the path check below fails
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not list(operation.iter_parameters()):
            continue  # nothing to make invalid: no parameter (no operation takes a body)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Case) -> None:
            response = case.call_and_validate(timeout=10)
            assert response.status_code < 500
            seen.add(case.operation.path)

        check()
    assert {operation.path for operation in operations} == API_PATHS
    if mode is GenerationMode.POSITIVE:
        assert seen == {operation.path for operation in operations}


def test_the_schema_is_served_and_describes_error_bodies(live_url: str) -> None:
    schema = from_url(live_url + "api/openapi.json")
    raw = schema.raw_schema
    assert raw["info"]["title"] == "storyfuse"
    responses = raw["paths"]["/api/stories/{story_id}"]["get"]["responses"]
    assert set(responses) == {"200", "404", "422"}
