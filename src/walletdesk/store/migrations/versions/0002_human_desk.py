"""human desk: intake facts, ticket lifecycle, SLAs, agent presence and capacity, CSAT

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("intake", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("agents") as batch:
        batch.add_column(
            sa.Column("presence", sa.String(length=10), nullable=False, server_default="away")
        )
        batch.add_column(sa.Column("capacity", sa.Integer(), nullable=False, server_default="5"))
        batch.add_column(sa.Column("last_assigned_at", _TZ, nullable=True))
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column("skill", sa.String(length=20), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("priority_score", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("due_first_response", _TZ, nullable=True))
        batch.add_column(sa.Column("due_resolution", _TZ, nullable=True))
        batch.add_column(sa.Column("first_response_at", _TZ, nullable=True))
        batch.add_column(sa.Column("assigned_at", _TZ, nullable=True))
        batch.add_column(sa.Column("solved_at", _TZ, nullable=True))
        batch.add_column(sa.Column("closed_at", _TZ, nullable=True))
        batch.add_column(
            sa.Column("sla_state", sa.String(length=10), nullable=False, server_default="ok")
        )
        batch.add_column(sa.Column("escalated_at", _TZ, nullable=True))
        batch.add_column(
            sa.Column("technical_status", sa.String(length=20), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("merged_into", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("csat_score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("csat_comment", sa.Text(), nullable=True))
        batch.add_column(sa.Column("csat_at", _TZ, nullable=True))
        batch.create_index("ix_tickets_status", ["status"])
    op.create_table(
        "ticket_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("ticket_id", sa.String(length=32), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ticket_events_ticket_id", "ticket_events", ["ticket_id"])
    op.create_table(
        "sla_policies",
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("first_response_minutes", sa.Integer(), nullable=False),
        sa.Column("resolution_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("priority"),
    )
    op.bulk_insert(
        sa.table(
            "sla_policies",
            sa.column("priority", sa.String),
            sa.column("first_response_minutes", sa.Integer),
            sa.column("resolution_minutes", sa.Integer),
        ),
        [
            {"priority": "urgent", "first_response_minutes": 5, "resolution_minutes": 240},
            {"priority": "high", "first_response_minutes": 15, "resolution_minutes": 480},
            {"priority": "normal", "first_response_minutes": 60, "resolution_minutes": 1440},
            {"priority": "low", "first_response_minutes": 240, "resolution_minutes": 4320},
        ],
    )


def downgrade() -> None:
    op.drop_table("sla_policies")
    op.drop_index("ix_ticket_events_ticket_id", table_name="ticket_events")
    op.drop_table("ticket_events")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_status")
        for column in (
            "csat_at",
            "csat_comment",
            "csat_score",
            "merged_into",
            "technical_status",
            "escalated_at",
            "sla_state",
            "closed_at",
            "solved_at",
            "assigned_at",
            "first_response_at",
            "due_resolution",
            "due_first_response",
            "tags",
            "priority_score",
            "skill",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("agents") as batch:
        for column in ("last_assigned_at", "capacity", "presence"):
            batch.drop_column(column)
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("email")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("intake")
