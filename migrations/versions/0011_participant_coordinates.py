"""Participants carry their coordinates, so the dashboard can show them as points on the map

Revision ID: 0011_participant_coordinates
Revises: 0010_mid_successor_index
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = "0011_participant_coordinates"
down_revision = "0010_mid_successor_index"
branch_labels = None
depends_on = None


def upgrade():
    # Existing participants have no coordinates: they are counted in their voivodeship, not drawn as points.
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_participant_latitude_range'), 'latitude IS NULL OR (latitude >= -90 AND latitude <= 90)')
        batch_op.create_check_constraint(
            op.f('ck_participant_longitude_range'), 'longitude IS NULL OR (longitude >= -180 AND longitude <= 180)')


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_participant_longitude_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_participant_latitude_range'), type_='check')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
