"""report first submission time; whether a status record was kept on its day

Revision ID: 0004_first_submission
Revises: production_0001
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa

import alumni.models.base


revision = "0004_first_submission"
down_revision = "production_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("first_submitted_at", alumni.models.base.UTCDateTime(timezone=True),
                                   nullable=True))
    op.execute("UPDATE report SET first_submitted_at = submitted_at WHERE submitted_at IS NOT NULL")
    with op.batch_alter_table("midstatusrecord") as batch:
        batch.add_column(sa.Column("on_the_day", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table("midstatusrecord") as batch:
        batch.drop_column("on_the_day")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("first_submitted_at")
