"""Property-based test of the OpenAPI description: schemathesis generates requests from
/api/openapi.json and sends them to a real server process; no request may crash the
server, and every answer must match the documented status codes, media types and schemas.

(schemathesis' pytest plugin does not run under pytest 9, so the operations are driven
with hypothesis directly.)"""

from __future__ import annotations

import pytest
from serve_support import demo_store, running_server

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra")
from hypothesis import HealthCheck, given, settings  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    db = demo_store(tmp_path_factory)
    with running_server(db, tmp_path_factory.mktemp("openapi"), "--rate", "0") as srv:
        yield schemathesis.openapi.from_url(srv.url + "/api/openapi.json")


def test_api_answers_every_generated_request_as_documented(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        examples = 4 if operation.path in ("/api/code", "/api/ingest") else 10

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        try:
            check()
        except Exception as err:
            raise AssertionError(f"{operation.method.upper()} {operation.path}: {err}") from err
