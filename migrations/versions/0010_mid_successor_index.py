"""An index on mid.successor_mid_id: a MID's page finds the MIDs that lead into it without reading every MID

Revision ID: 0010_mid_successor_index
Revises: 0009_public_view
Create Date: 2026-12-02
"""
from alembic import op


revision = "0010_mid_successor_index"
down_revision = "0009_public_view"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f('ix_mid_successor_mid_id'), 'mid', ['successor_mid_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_mid_successor_mid_id'), table_name='mid')
