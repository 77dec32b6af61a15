"""Audit sequence numbers as 64-bit integers.

A bank screening ten million parties a night would pass 2**31 audit records within a
year, and OFAC asks for ten years of them.  SQLite's INTEGER is 64-bit already; on
PostgreSQL the columns become BIGINT.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = (("audit_record", "seq"), ("audit_head", "seq"), ("audit_head", "base_seq"))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # INTEGER is 64-bit there
    for table, column in _COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in _COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger(), existing_nullable=False)
