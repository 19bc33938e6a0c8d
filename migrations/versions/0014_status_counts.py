"""midstatuscount: how many MIDs a day's record holds in each status, written with the record, so
the dashboard reads its months instead of counting them; filled from the record kept so far. An
index on mid (lineage_kind): the few MIDs with a lineage, counted apart, found without reading all

Revision ID: 0014_status_counts
Revises: 0013_action_mid_status_index
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0014_status_counts"
down_revision = "0013_action_mid_status_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'midstatuscount',
        sa.Column('recorded_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('mids', sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('abandoned', 'completed', 'dormant', 'at_risk', 'active')",
                           name=op.f('ck_midstatuscount_status_known')),
        sa.PrimaryKeyConstraint('recorded_on', 'status', name=op.f('pk_midstatuscount')),
    )
    op.execute(
        "INSERT INTO midstatuscount (recorded_on, status, mids) "
        "SELECT recorded_on, status, COUNT(*) FROM midstatusrecord GROUP BY recorded_on, status"
    )
    op.create_index("ix_mid_lineage_kind", "mid", ["lineage_kind"], unique=False)


def downgrade():
    op.drop_index("ix_mid_lineage_kind", table_name="mid")
    op.drop_table('midstatuscount')
