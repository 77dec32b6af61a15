"""Database tables of the versioned list store (SQLAlchemy Core).

Records are content-addressed: a record's JSON is stored once in
``record_blob`` under its content hash, and each list version maps entity ids
to hashes in ``version_record``.  Keeping every version therefore costs only
the entries that changed, and a diff between two versions is a comparison of
hashes.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Table,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


#: A feed is what one publisher file or folder delivers (csl, ofac-sdn, ...).
feed = Table(
    "feed",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("format", String(40), nullable=False),
    # The version in force.  Switched in the same transaction that writes a
    # version, so readers never see a half-written one.
    Column("current_version_id", Integer, ForeignKey("list_version.id"), nullable=True),
)

list_version = Table(
    "list_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed", String(100), nullable=False),
    Column("seq", Integer, nullable=False),  # 1, 2, 3 ... per feed, as shown to users
    Column("format", String(40), nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("files", Text, nullable=False),  # JSON list of file names
    Column("source_date", String(10), nullable=False, default=""),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("entity_count", Integer, nullable=False),
    Column("relation_count", Integer, nullable=False),
    Column("problem_count", Integer, nullable=False),
    Column("counts", Text, nullable=False),  # JSON {list_code: entities}
    UniqueConstraint("feed", "seq", name="uq_list_version_feed_seq"),
)

record_blob = Table(
    "record_blob",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("data", Text, nullable=False),  # the record as JSON
)

version_record = Table(
    "version_record",
    metadata,
    Column("version_id", Integer, ForeignKey("list_version.id"), primary_key=True),
    Column("record_id", String(300), primary_key=True),
    Column("kind", String(1), nullable=False),  # "E" entity, "R" relation
    Column("hash", String(64), ForeignKey("record_blob.hash"), nullable=False),
)

import_problem = Table(
    "import_problem",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("list_version.id"), nullable=False),
    Column("file", String(300), nullable=False),
    Column("line", Integer, nullable=False),
    Column("message", Text, nullable=False),
)

#: Derived data that is expensive to rebuild (the candidate index), keyed by
#: what it was built from.
artifact = Table(
    "artifact",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

Index("ix_version_record_hash", version_record.c.hash)
Index("ix_list_version_feed", list_version.c.feed)


# -- compliance workflow (migration 0002): counterparty book, alerts, decision memory,
# -- audit trail, monitoring and list fetching.  Owned by ``partyscreen.cases``.

#: The caller's counterparties, under the caller's own ids.
party = Table(
    "party",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("schema", String(20), nullable=False, default=""),
    Column("countries", String(200), nullable=False, default=""),  # ISO codes, ";"-joined
    Column("birth_dates", String(200), nullable=False, default=""),
    Column("address", Text, nullable=False, default=""),
    Column("role", String(50), nullable=False, default=""),  # customer, supplier, consignee, end user ...
    Column("attributes", Text, nullable=False, default="{}"),  # JSON: every other column as given
    # Hash of the normalised screening content: the key of the decision memory.
    Column("content_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("screened_at", DateTime(timezone=True), nullable=True),
)

#: One alert per party and listed entry; decided, reopened and closed in place.
alert = Table(
    "alert",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("party_id", String(200), ForeignKey("party.id"), nullable=False),
    Column("entity_id", String(300), nullable=False),
    Column("list_code", String(40), nullable=False),
    Column("entity_name", Text, nullable=False),
    Column("matched_name", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("explanation", Text, nullable=False),
    # What was screened when last seen (open) or decided: the decision memory's key.
    Column("party_hash", String(64), nullable=False),
    Column("entity_hash", String(64), nullable=False),
    Column("state", String(20), nullable=False),
    # A proposed false positive waiting for a second reviewer: who proposed it, from which state.
    Column("pending_by", String(100), nullable=True),
    Column("pending_from", String(20), nullable=True),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("party_id", "entity_id", name="uq_alert_party_entity"),
)

#: Every step of every alert: who, when, why.
alert_event = Table(
    "alert_event",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alert.id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(20), nullable=False),  # opened, decided, approved, rejected, reopened, closed
    Column("from_state", String(20), nullable=False),
    Column("to_state", String(20), nullable=False),
    Column("reason", Text, nullable=False),
)

#: Remembered false positives: (party content, listed entry content) pairs decided not to match.
fp_memory = Table(
    "fp_memory",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("party_id", String(200), nullable=False),
    Column("party_hash", String(64), nullable=False),
    Column("entity_id", String(300), nullable=False),
    Column("entity_hash", String(64), nullable=False),
    Column("alert_id", Integer, ForeignKey("alert.id"), nullable=False),
    Column("decided_by", String(100), nullable=False),
    Column("approved_by", String(100), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("party_id", "party_hash", "entity_id", "entity_hash", name="uq_fp_memory_key"),
)

#: The audit trail: append-only, each record's hash chained to the previous one.
#: ``recorded_at`` is ISO text so the hashed value reads back byte for byte on every database.
audit_record = Table(
    "audit_record",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", String(40), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("party_id", String(200), nullable=True),
    Column("alert_id", Integer, nullable=True),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

#: The chain's head, one row: the lock every writer takes, and where a purge left the chain's start.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("base_seq", BigInteger, nullable=False),
    Column("base_hash", String(64), nullable=False),
)

#: The list version each feed was last monitored at: ``monitor`` re-screens what changed since.
monitor_state = Table(
    "monitor_state",
    metadata,
    Column("feed", String(100), primary_key=True),
    Column("version_id", Integer, ForeignKey("list_version.id"), nullable=False),
    Column("monitored_at", DateTime(timezone=True), nullable=False),
)

#: The last good download of each file of each update source, with its HTTP validators.
list_fetch = Table(
    "list_fetch",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("file", String(200), primary_key=True),
    Column("feed", String(100), nullable=False),
    Column("url", Text, nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),  # gzip of the file, for a 304 on a sibling file
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)

Index("ix_party_content_hash", party.c.content_hash)
Index("ix_alert_state", alert.c.state)
Index("ix_alert_entity", alert.c.entity_id)
Index("ix_alert_event_alert", alert_event.c.alert_id)
Index("ix_fp_memory_party_entity", fp_memory.c.party_id, fp_memory.c.entity_id)
Index("ix_audit_record_party", audit_record.c.party_id)
Index("ix_audit_record_at", audit_record.c.recorded_at)


# -- HTTP service (migration 0003): API tokens, web sessions, batch jobs.  Owned by ``partyscreen.api``.

#: API tokens: only the SHA-256 of the secret is kept; the secret is shown once at creation.
api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),  # who acts with it: the actor in the audit trail
    Column("role", String(20), nullable=False),  # analyst, reviewer, admin
    Column("token_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("revoked_by", String(100), nullable=True),
    UniqueConstraint("token_hash", name="uq_api_token_hash"),
    UniqueConstraint("name", name="uq_api_token_name"),
)

#: Web sessions of the reviewer page: the cookie holds a random id, the table its SHA-256.
web_session = Table(
    "web_session",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("token_id", Integer, ForeignKey("api_token.id"), nullable=False),
    Column("csrf", String(64), nullable=False),  # the form token of this session
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

#: Batch screening jobs started over HTTP; input and output files live in the jobs folder.
batch_job = Table(
    "batch_job",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner", String(100), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("state", String(20), nullable=False),  # queued, running, done, failed
    Column("rows_total", Integer, nullable=False),
    Column("rows_done", Integer, nullable=False),
    Column("problems", Text, nullable=False),  # JSON list of skipped-row messages
    Column("decisions", Text, nullable=False),  # JSON {decision: rows}
    Column("error", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    # jsonl or csv, known from the start (the results file exists only once complete); NULL for jobs
    # made before migration 0005, whose format is read off their results file.
    Column("output", String(10), nullable=True),
)

Index("ix_web_session_token", web_session.c.token_id)
Index("ix_batch_job_created", batch_job.c.created_at)
