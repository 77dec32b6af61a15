"""The HTTP service fixtures of tests/api, for the browser tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from _service_fixtures import app, live_server, sample_db, tokens  # noqa: E402, F401
