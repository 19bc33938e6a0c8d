"""indicatorcount: how many indicators of a network are in each progress on a day, kept so the
dashboard reads its "indicators on track" instead of judging every indicator (filled for the day
by `alumni init-db` after the upgrade, and every night)

Revision ID: 0015_indicator_counts
Revises: 0014_status_counts
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0015_indicator_counts"
down_revision = "0014_status_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'indicatorcount',
        sa.Column('counted_on', sa.Date(), nullable=False),
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('progress', sa.String(length=20), nullable=False),
        sa.Column('indicators', sa.Integer(), nullable=False),
        sa.CheckConstraint("progress IN ('achieved', 'on_track', 'behind', 'no_data')",
                           name=op.f('ck_indicatorcount_progress_known')),
        sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_indicatorcount_network_id_network')),
        sa.PrimaryKeyConstraint('counted_on', 'network_id', 'progress', name=op.f('pk_indicatorcount')),
    )


def downgrade():
    op.drop_table('indicatorcount')
