"""A batch job's output format, recorded when the job is made.

It was read off the results file, which ``batch`` now writes beside its place and
moves there only when complete: until then a reviewer's page could not say what it
would download.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("batch_job", sa.Column("output", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("batch_job") as batch:
        batch.drop_column("output")
