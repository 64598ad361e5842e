"""notice_log: scheduled follow-up notices (meeting tomorrow, missing RSVP or sign-off, adoption result), sent once

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notice_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('sent_dt', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_log')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_notice_log_kind'))
    )


def downgrade():
    op.drop_table('notice_log')
