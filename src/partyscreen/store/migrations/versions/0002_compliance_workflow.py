"""Compliance workflow: counterparty book, alerts and their events, decision memory,
hash-chained audit trail with its head row, monitor state, list fetch state.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "party",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("schema", sa.String(20), nullable=False),
        sa.Column("countries", sa.String(200), nullable=False),
        sa.Column("birth_dates", sa.String(200), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("role", sa.String(50), nullable=False),
        sa.Column("attributes", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
        sa.Column("screened_at", _TZ, nullable=True),
    )
    op.create_index("ix_party_content_hash", "party", ["content_hash"])
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("party_id", sa.String(200), sa.ForeignKey("party.id"), nullable=False),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("list_code", sa.String(40), nullable=False),
        sa.Column("entity_name", sa.Text, nullable=False),
        sa.Column("matched_name", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("party_hash", sa.String(64), nullable=False),
        sa.Column("entity_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("pending_by", sa.String(100), nullable=True),
        sa.Column("pending_from", sa.String(20), nullable=True),
        sa.Column("opened_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.UniqueConstraint("party_id", "entity_id", name="uq_alert_party_entity"),
    )
    op.create_index("ix_alert_state", "alert", ["state"])
    op.create_index("ix_alert_entity", "alert", ["entity_id"])
    op.create_table(
        "alert_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alert.id"), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("from_state", sa.String(20), nullable=False),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_alert_event_alert", "alert_event", ["alert_id"])
    op.create_table(
        "fp_memory",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("party_id", sa.String(200), nullable=False),
        sa.Column("party_hash", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("entity_hash", sa.String(64), nullable=False),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alert.id"), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=False),
        sa.Column("approved_by", sa.String(100), nullable=True),
        sa.Column("decided_at", _TZ, nullable=False),
        sa.UniqueConstraint("party_id", "party_hash", "entity_id", "entity_hash", name="uq_fp_memory_key"),
    )
    op.create_index("ix_fp_memory_party_entity", "fp_memory", ["party_id", "entity_id"])
    op.create_table(
        "audit_record",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("party_id", sa.String(200), nullable=True),
        sa.Column("alert_id", sa.Integer, nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_record_party", "audit_record", ["party_id"])
    op.create_index("ix_audit_record_at", "audit_record", ["recorded_at"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("base_seq", sa.Integer, nullable=False),
        sa.Column("base_hash", sa.String(64), nullable=False),
    )
    # The one head row exists from the start, so every writer can lock it.
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64, "base_seq": 0, "base_hash": "0" * 64}])
    op.create_table(
        "monitor_state",
        sa.Column("feed", sa.String(100), primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_version.id"), nullable=False),
        sa.Column("monitored_at", _TZ, nullable=False),
    )
    op.create_table(
        "list_fetch",
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column("file", sa.String(200), primary_key=True),
        sa.Column("feed", sa.String(100), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.Text, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("fetched_at", _TZ, nullable=False),
        sa.Column("checked_at", _TZ, nullable=False),
    )


def downgrade() -> None:
    for name in ("list_fetch", "monitor_state", "audit_head", "audit_record", "fp_memory", "alert_event", "alert", "party"):
        op.drop_table(name)
