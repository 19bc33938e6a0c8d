"""midstatuscount by network and by whether the record was written on the day: the survival
curves read the anniversaries' counts instead of every MID's record of those days; filled again
from the record kept so far

Revision ID: 0016_status_counts_by_network
Revises: 0015_indicator_counts
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = "0016_status_counts_by_network"
down_revision = "0015_indicator_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('midstatuscount')
    op.create_table(
        'midstatuscount',
        sa.Column('recorded_on', sa.Date(), nullable=False),
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('on_the_day', sa.Boolean(), nullable=False),
        sa.Column('mids', sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('abandoned', 'completed', 'dormant', 'at_risk', 'active')",
                           name=op.f('ck_midstatuscount_status_known')),
        sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_midstatuscount_network_id_network')),
        sa.PrimaryKeyConstraint('recorded_on', 'network_id', 'status', 'on_the_day', name=op.f('pk_midstatuscount')),
    )
    op.execute(
        "INSERT INTO midstatuscount (recorded_on, network_id, status, on_the_day, mids) "
        "SELECT r.recorded_on, m.network_id, r.status, r.on_the_day, COUNT(*) "
        "FROM midstatusrecord r JOIN mid m ON m.id = r.mid_id "
        "GROUP BY r.recorded_on, m.network_id, r.status, r.on_the_day"
    )


def downgrade():
    op.drop_table('midstatuscount')
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
