"""outbox retry window and scheduler leadership

Revision ID: 0006_retry_window
Revises: 0005_extension_comment
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

import alumni.models.base


revision = "0006_retry_window"
down_revision = "0005_extension_comment"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_attempt_at', alumni.models.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('schedulerheartbeat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leader_since', alumni.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('schedulerheartbeat', schema=None) as batch_op:
        batch_op.drop_column('leader_since')
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_column('first_attempt_at')
