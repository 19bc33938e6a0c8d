"""An index on action (mid_id, status): whether a MID is completed (a done action, no open one) is
answered from the index, without reading every action

Revision ID: 0013_action_mid_status_index
Revises: 0012_status_record_kept_index
Create Date: 2026-12-02
"""
from alembic import op


revision = "0013_action_mid_status_index"
down_revision = "0012_status_record_kept_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_action_mid_status", "action", ["mid_id", "status"], unique=False)


def downgrade():
    op.drop_index("ix_action_mid_status", table_name="action")
