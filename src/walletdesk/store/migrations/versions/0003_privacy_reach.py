"""privacy, academy, reminders, webhooks, API keys, email threading, export approvals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(length=32), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        # email now holds ciphertext (store/crypto.py); phone too
        batch.alter_column("email", type_=sa.Text(), existing_type=sa.String(length=254))
        batch.add_column(sa.Column("phone", sa.Text(), nullable=True))
        batch.add_column(sa.Column("points", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("reminders_opt_out", sa.Boolean(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("deleted_at", _TZ, nullable=True))
    with op.batch_alter_table("conversations") as batch:
        # the email thread a conversation continues (root Message-ID), for the email channel
        batch.add_column(sa.Column("external_ref", sa.String(length=255), nullable=True))
        batch.create_index("ix_conversations_external_ref", ["external_ref"])
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("external_id", sa.String(length=255), nullable=True))
    op.create_table(
        "academy_progress",
        _id(),
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("lesson_id", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("completed_at", _TZ, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "lesson_id", name="uq_academy_customer_lesson"),
    )
    op.create_table(
        "reminders",
        _id(),
        sa.Column("customer_id", sa.String(length=32), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("shown_at", _TZ, nullable=True),
        sa.Column("emailed_at", _TZ, nullable=True),
        sa.Column("dismissed_at", _TZ, nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "rule", name="uq_reminders_customer_rule"),
    )
    op.create_table(
        "export_requests",
        _id(),
        sa.Column("requested_by", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),  # customer | bulk
        sa.Column("customer_id", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),  # pending|approved|...
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("decided_at", _TZ, nullable=True),
        sa.Column("expires_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "api_keys",
        _id(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("last_used_at", _TZ, nullable=True),
        sa.Column("revoked_at", _TZ, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "webhooks",
        _id(),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),  # ciphertext (store/crypto.py)
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default="1"),
        sa.Column("api_key_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "webhook_deliveries",
        _id(),
        sa.Column("webhook_id", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),  # pending|delivered|dead
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", _TZ, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("delivered_at", _TZ, nullable=True),
        sa.ForeignKeyConstraint(["webhook_id"], ["webhooks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_webhook_deliveries_status", "webhook_deliveries", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_status", table_name="webhook_deliveries")
    for table in (
        "webhook_deliveries",
        "webhooks",
        "api_keys",
        "export_requests",
        "reminders",
        "academy_progress",
    ):
        op.drop_table(table)
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("external_id")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_external_ref")
        batch.drop_column("external_ref")
    with op.batch_alter_table("customers") as batch:
        for column in ("deleted_at", "reminders_opt_out", "points", "phone"):
            batch.drop_column(column)
        batch.alter_column("email", type_=sa.String(length=254), existing_type=sa.Text())
