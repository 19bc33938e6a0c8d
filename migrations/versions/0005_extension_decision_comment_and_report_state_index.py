"""deadline extensions: the ministry's comment on its decision; reports indexed by state

Revision ID: 0005_extension_comment
Revises: 0004_first_submission
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_extension_comment"
down_revision = "0004_first_submission"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deadlineextension', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_comment', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_state'))
    with op.batch_alter_table('deadlineextension', schema=None) as batch_op:
        batch_op.drop_column('decision_comment')
