"""schemathesis against /openapi.json, as the admin and as the public: whatever it sends,
the application answers with no server error (500)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from tests.support import demo_workspace

from ceasewatch.asgi import create_app


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """A workspace of its own: the admin's writes must not reach the other tests'."""
    folder = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CEASEWATCH_KEY", str(folder / "ledger.key"))
        path = demo_workspace(folder / "fuzz.db")
    yield create_app(path, allowed_hosts=["testserver", "localhost"])


@pytest.fixture(scope="module")
def api_schema(fuzzed: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed)


@pytest.fixture(scope="module")
def admin_token(fuzzed: FastAPI) -> str:
    return str(fuzzed.state.workspace.new_token("admin", "schemathesis"))


def fuzz(api_schema: schemathesis.BaseSchema, headers: dict[str, str]) -> int:
    """Every operation with generated requests; returns how many were sent. (Through
    schemathesis' Python API: its pytest plugin does not run under this pytest.)"""
    sent = 0
    for found in api_schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: schemathesis.Case) -> None:
            nonlocal sent
            sent += 1
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        run()
    return sent


def test_no_server_error_as_the_public(api_schema: schemathesis.BaseSchema) -> None:
    assert fuzz(api_schema, {}) > 100


def test_no_server_error_as_the_admin(
    api_schema: schemathesis.BaseSchema, admin_token: str
) -> None:
    assert fuzz(api_schema, {"Authorization": f"Bearer {admin_token}"}) > 100
