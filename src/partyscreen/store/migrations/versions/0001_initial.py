"""Initial list store: feeds, versions, content-addressed records, problems, artifacts.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("feed", sa.String(100), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("source_date", sa.String(10), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity_count", sa.Integer, nullable=False),
        sa.Column("relation_count", sa.Integer, nullable=False),
        sa.Column("problem_count", sa.Integer, nullable=False),
        sa.Column("counts", sa.Text, nullable=False),
        sa.UniqueConstraint("feed", "seq", name="uq_list_version_feed_seq"),
    )
    op.create_index("ix_list_version_feed", "list_version", ["feed"])
    op.create_table(
        "feed",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("current_version_id", sa.Integer, sa.ForeignKey("list_version.id"), nullable=True),
    )
    op.create_table(
        "record_blob",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "version_record",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_version.id"), primary_key=True),
        sa.Column("record_id", sa.String(300), primary_key=True),
        sa.Column("kind", sa.String(1), nullable=False),
        sa.Column("hash", sa.String(64), sa.ForeignKey("record_blob.hash"), nullable=False),
    )
    op.create_index("ix_version_record_hash", "version_record", ["hash"])
    op.create_table(
        "import_problem",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_version.id"), nullable=False),
        sa.Column("file", sa.String(300), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_table(
        "artifact",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    for name in ("artifact", "import_problem", "version_record", "record_blob", "feed", "list_version"):
        op.drop_table(name)
