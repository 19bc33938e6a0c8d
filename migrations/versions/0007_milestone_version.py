"""Milestones carry a version, so a stale edit of one is refused (optimistic locking)

Revision ID: 0007_milestone_version
Revises: 0006_retry_window
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import alumni.models.base


revision = "0007_milestone_version"
down_revision = "0006_retry_window"
branch_labels = None
depends_on = None


def upgrade():
    # Existing milestones start at version 1, as new ones do.
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.alter_column('version', server_default=None)


def downgrade():
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_column('version')
