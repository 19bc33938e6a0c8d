"""An index on midstatusrecord (mid_id, recorded_on, status, on_the_day) in place of the one on mid_id:
the dashboard narrowed to some MIDs reads their statuses on the charted days from the index alone

Revision ID: 0017_status_record_by_mid_index
Revises: 0016_status_counts_by_network
Create Date: 2026-12-03
"""
from alembic import op


revision = "0017_status_record_by_mid_index"
down_revision = "0016_status_counts_by_network"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_midstatusrecord_mid_day_status", "midstatusrecord",
                    ["mid_id", "recorded_on", "status", "on_the_day"], unique=False)
    op.drop_index("ix_midstatusrecord_mid_id", table_name="midstatusrecord")


def downgrade():
    op.create_index("ix_midstatusrecord_mid_id", "midstatusrecord", ["mid_id"], unique=False)
    op.drop_index("ix_midstatusrecord_mid_day_status", table_name="midstatusrecord")
