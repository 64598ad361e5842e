"""practice_similar: each published practice's similar experiences, computed ahead by the worker

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 12:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_similar',
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('similar_ids', sa.JSON(), nullable=False),
    sa.Column('computed_dt', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_practice_similar_practice_id_practices'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id', name=op.f('pk_practice_similar'))
    )


def downgrade():
    op.drop_table('practice_similar')
