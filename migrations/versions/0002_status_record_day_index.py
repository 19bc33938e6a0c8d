"""Index of the status records by day and status, covering the dashboard's reads of whole days

Revision ID: dashboard_0001
Revises: 0001
Create Date: 2026-11-22 02:25:20.148532
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import alumni.models.base


revision = 'dashboard_0001'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('midstatusrecord', schema=None) as batch_op:
        batch_op.create_index('ix_midstatusrecord_day_status_mid', ['recorded_on', 'status', 'mid_id'], unique=False)


def downgrade():
    with op.batch_alter_table('midstatusrecord', schema=None) as batch_op:
        batch_op.drop_index('ix_midstatusrecord_day_status_mid')
