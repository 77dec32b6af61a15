"""The job's one record in the audit trail (``partyscreen.cases.audit``).

A Spark job is recorded as a whole, with the hash of its output, not party by
party: the hash-chained trail is written by one process at a time, and tens of
millions of rows would make it the bottleneck.  The output file, checked
against the recorded hash, is the per-party record.
"""

from __future__ import annotations

from typing import Any

from partyscreen.cases import audit
from partyscreen.store import Store

KIND = "batch_job"


def record_job(store: Store, actor: str, payload: dict[str, Any]) -> int:
    """Append the job's record; returns its sequence number in the trail."""
    return audit.append(store.engine, actor, KIND, payload)
