"""MID indicators (name, unit, direction, baseline, target, source) and their yearly values

Revision ID: 0008_indicators
Revises: 0007_milestone_version
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import alumni.models.base


revision = "0008_indicators"
down_revision = "0007_milestone_version"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mid_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('direction', sa.String(length=20), nullable=False),
    sa.Column('baseline_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('baseline_year', sa.Integer(), nullable=True),
    sa.Column('target_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('target_year', sa.Integer(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('created_at', alumni.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', alumni.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("direction IN ('increase', 'decrease')", name=op.f('ck_indicator_direction_known')),
    sa.CheckConstraint('(baseline_value IS NULL) = (baseline_year IS NULL)', name=op.f('ck_indicator_baseline_whole')),
    sa.CheckConstraint('(target_value IS NULL) = (target_year IS NULL)', name=op.f('ck_indicator_target_whole')),
    sa.CheckConstraint('baseline_year IS NULL OR target_year IS NULL OR baseline_year <= target_year', name=op.f('ck_indicator_years_ordered')),
    sa.ForeignKeyConstraint(['action_id', 'mid_id'], ['action.id', 'action.mid_id'], name=op.f('fk_indicator_action_id_action')),
    sa.ForeignKeyConstraint(['mid_id'], ['mid.id'], name=op.f('fk_indicator_mid_id_mid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    sa.UniqueConstraint('id', 'mid_id', name=op.f('uq_indicator_id_mid_id'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_mid_id'), ['mid_id'], unique=False)

    op.create_table('indicatorvalue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('mid_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=True),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('created_at', alumni.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', alumni.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id', 'mid_id'], ['indicator.id', 'indicator.mid_id'], name=op.f('fk_indicatorvalue_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['mid_id'], ['mid.id'], name=op.f('fk_indicatorvalue_mid_id_mid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicatorvalue')),
    sa.UniqueConstraint('indicator_id', 'year', name=op.f('uq_indicatorvalue_indicator_id_year'))
    )
    with op.batch_alter_table('indicatorvalue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicatorvalue_mid_id'), ['mid_id'], unique=False)



def downgrade():
    with op.batch_alter_table('indicatorvalue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicatorvalue_mid_id'))

    op.drop_table('indicatorvalue')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_mid_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_action_id'))

    op.drop_table('indicator')
