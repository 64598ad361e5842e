"""reports and the public page: the city_reports table, and resolutions.public

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 12:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('city_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('span', sa.Integer(), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_dt', sa.DateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', sa.DateTime(), nullable=False),
    sa.Column('updated_dt', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['cities.id'], name=op.f('fk_city_reports_city_id_cities')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_city_reports_published_by_id_users')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_city_reports_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_city_reports')),
    sa.UniqueConstraint('city_id', 'year', 'span', name=op.f('uq_city_reports_city_id'))
    )
    with op.batch_alter_table('city_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_city_reports_city_id'), ['city_id'], unique=False)
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.drop_column('public')
    with op.batch_alter_table('city_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_city_reports_city_id'))
    op.drop_table('city_reports')
