"""The HTTP service fixtures (shared with tests/web)."""

from _service_fixtures import app, client, live_server, sample_db, tokens  # noqa: F401
