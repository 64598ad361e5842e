"""occasions: the calendar, shifted dates, the media kit, calendar feed addresses and reminders

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 12:09:43.853008

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('occasions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('calendar', sa.String(length=10), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('days_ahead', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', sa.DateTime(), nullable=False),
    sa.CheckConstraint('day BETWEEN 1 AND 31', name=op.f('ck_occasions_day_range')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_occasions_month_range')),
    sa.ForeignKeyConstraint(['city_id'], ['cities.id'], name=op.f('fk_occasions_city_id_cities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occasions'))
    )
    with op.batch_alter_table('occasions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occasions_city_id'), ['city_id'], unique=False)

    op.create_table('occasion_feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_dt', sa.DateTime(), nullable=False),
    sa.Column('last_used_dt', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_occasion_feed_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occasion_feed_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_occasion_feed_tokens_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_occasion_feed_tokens_user_id'))
    )
    op.create_table('occasion_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occasion_id', sa.Integer(), nullable=False),
    sa.Column('jalali_year', sa.Integer(), nullable=False),
    sa.Column('base_date', sa.Date(), nullable=False),
    sa.Column('sent_dt', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['occasion_id'], ['occasions.id'], name=op.f('fk_occasion_reminders_occasion_id_occasions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occasion_reminders')),
    sa.UniqueConstraint('occasion_id', 'base_date', name=op.f('uq_occasion_reminders_occasion_id'))
    )
    with op.batch_alter_table('occasion_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occasion_reminders_occasion_id'), ['occasion_id'], unique=False)

    op.create_table('occasion_shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occasion_id', sa.Integer(), nullable=False),
    sa.Column('jalali_year', sa.Integer(), nullable=False),
    sa.Column('base_date', sa.Date(), nullable=False),
    sa.Column('shift_days', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', sa.DateTime(), nullable=False),
    sa.CheckConstraint('shift_days BETWEEN -2 AND 2', name=op.f('ck_occasion_shifts_shift_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_occasion_shifts_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['occasion_id'], ['occasions.id'], name=op.f('fk_occasion_shifts_occasion_id_occasions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occasion_shifts')),
    sa.UniqueConstraint('occasion_id', 'base_date', name=op.f('uq_occasion_shifts_occasion_id'))
    )
    with op.batch_alter_table('occasion_shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occasion_shifts_occasion_id'), ['occasion_id'], unique=False)

    op.create_table('occasion_kit_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occasion_id', sa.Integer(), nullable=False),
    sa.Column('jalali_year', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('item_kind', sa.String(length=20), nullable=False),
    sa.Column('licence', sa.String(length=20), nullable=False),
    sa.Column('credit', sa.String(length=200), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.Column('thumb_name', sa.String(length=100), nullable=True),
    sa.Column('featured', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_dt', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_occasion_kit_items_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['city_id'], ['cities.id'], name=op.f('fk_occasion_kit_items_city_id_cities')),
    sa.ForeignKeyConstraint(['occasion_id'], ['occasions.id'], name=op.f('fk_occasion_kit_items_occasion_id_occasions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_occasion_kit_items_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occasion_kit_items')),
    sa.UniqueConstraint('attachment_id', name=op.f('uq_occasion_kit_items_attachment_id'))
    )
    with op.batch_alter_table('occasion_kit_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occasion_kit_items_city_id'), ['city_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_occasion_kit_items_jalali_year'), ['jalali_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_occasion_kit_items_occasion_id'), ['occasion_id'], unique=False)



def downgrade():
    with op.batch_alter_table('occasion_kit_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occasion_kit_items_occasion_id'))
        batch_op.drop_index(batch_op.f('ix_occasion_kit_items_jalali_year'))
        batch_op.drop_index(batch_op.f('ix_occasion_kit_items_city_id'))

    op.drop_table('occasion_kit_items')
    with op.batch_alter_table('occasion_shifts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occasion_shifts_occasion_id'))

    op.drop_table('occasion_shifts')
    with op.batch_alter_table('occasion_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occasion_reminders_occasion_id'))

    op.drop_table('occasion_reminders')
    op.drop_table('occasion_feed_tokens')
    with op.batch_alter_table('occasions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occasions_city_id'))

    op.drop_table('occasions')
