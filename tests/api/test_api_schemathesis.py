"""schemathesis against the published OpenAPI schema: generated requests of every operation, no server error.

A bounded run (a few examples per operation) on a database of its own, since it calls the admin
endpoints too (revoking tokens, importing files).  schemathesis' pytest plugin does not load under
this pytest, so the operations are walked here with hypothesis directly: the same generated cases and
the same ``not_a_server_error`` check."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from _service_fixtures import make_tokens, sample_database
from partyscreen.api.service import ServiceConfig

#: Examples per operation; a longer hunt: SCHEMATHESIS_EXAMPLES=100 pytest tests/api/test_api_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_no_server_error_on_any_operation(kind: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from partyscreen.api.app import create_app

    with sample_database(kind, tmp_path) as db:
        app = create_app(ServiceConfig(db=db, jobs_dir=tmp_path / "jobs"))
        headers = make_tokens(db).header("admin")
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 25
        statuses: list[int] = []
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def check(case) -> None:  # type: ignore[no-untyped-def]
                statuses.append(case.call_and_validate(headers=headers, checks=[not_a_server_error]).status_code)

            check()
        # Every operation was called, and the generated cases reached both answers and refusals.
        assert len(statuses) >= len(operations) and {200, 422} <= set(statuses) and max(statuses) < 500
