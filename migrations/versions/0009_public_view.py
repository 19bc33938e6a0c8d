"""The public view: an installation setting to switch it on, and each MID's consent, withholding and budget choice

Revision ID: 0009_public_view
Revises: 0007_milestone_version
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import alumni.models.base


revision = "0009_public_view"
down_revision = "0007_milestone_version"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'setting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('updated_at', alumni.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_setting')),
        sa.UniqueConstraint('key', name=op.f('uq_setting_key')),
    )
    # Every existing MID stays private until its city agrees. Plain ADD COLUMN, not a batch: on
    # SQLite a batch would copy and drop the table `mid`, which rows of other tables refer to.
    for name in ('public_consent', 'public_withheld', 'public_budget'):
        op.add_column('mid', sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('mid', schema=None) as batch_op:
        batch_op.drop_column('public_budget')
        batch_op.drop_column('public_withheld')
        batch_op.drop_column('public_consent')
    op.drop_table('setting')
