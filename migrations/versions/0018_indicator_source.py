"""indicators.source: a value entered by hand ('') or counted from the occasions' media kit ('occasions.kit')

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 13:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('indicators') as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=30), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('indicators') as batch_op:
        batch_op.drop_column('source')
