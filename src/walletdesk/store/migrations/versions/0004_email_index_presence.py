"""customers.email_index (a blind index: an email customer is found without decrypting);
agents.last_seen_at (presence follows the console)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Existing rows get their index at the next start (``privacy.backfill_email_index``): the
data key that computes it is not available to a migration.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("email_index", sa.String(length=64), nullable=True))
        batch.create_index("ix_customers_email_index", ["email_index"])
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("last_seen_at")
    with op.batch_alter_table("customers") as batch:
        batch.drop_index("ix_customers_email_index")
        batch.drop_column("email_index")
