"""Database tables of the versioned list store (SQLAlchemy Core).

Records are content-addressed: a record's JSON is stored once in
``record_blob`` under its content hash, and each list version maps entity ids
to hashes in ``version_record``.  Keeping every version therefore costs only
the entries that changed, and a diff between two versions is a comparison of
hashes.
"""

from __future__ import annotations

from sqlalchemy import (
    Table,
    Column,
    DateTime,
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
