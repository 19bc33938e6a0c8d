"""An index on midstatusrecord (recorded_on, on_the_day): the dashboard asks whether a day holds a
record kept on the day without reading the day's rows

Revision ID: 0012_status_record_kept_index
Revises: 0011_participant_coordinates
Create Date: 2026-12-02
"""
from alembic import op


revision = "0012_status_record_kept_index"
down_revision = "0011_participant_coordinates"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_midstatusrecord_day_kept", "midstatusrecord", ["recorded_on", "on_the_day"], unique=False)


def downgrade():
    op.drop_index("ix_midstatusrecord_day_kept", table_name="midstatusrecord")
