"""job outbox, schedule and worker heartbeats; attachment text status

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=50), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('max_attempts', sa.Integer(), nullable=False),
        sa.Column('run_after', sa.DateTime(), nullable=False),
        sa.Column('locked_by', sa.String(length=100), nullable=True),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('dedup_key', sa.String(length=100), nullable=True),
        sa.Column('progress', sa.JSON(), nullable=True),
        sa.Column('created_dt', sa.DateTime(), nullable=False),
        sa.Column('finished_dt', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_jobs_claim', ['status', 'run_after'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_dedup_key'), ['dedup_key'], unique=False)
    op.create_table(
        'job_schedule',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('run_on', sa.Date(), nullable=False),
        sa.Column('created_dt', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_schedule')),
        sa.UniqueConstraint('name', 'run_on', name='uq_job_schedule_name_run_on'),
    )
    op.create_table(
        'worker_heartbeats',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('started_dt', sa.DateTime(), nullable=False),
        sa.Column('seen_dt', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_heartbeats')),
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_status', sa.String(length=10), nullable=False, server_default='done'))
        batch_op.add_column(sa.Column('text_note', sa.String(length=255), nullable=True))


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_column('text_note')
        batch_op.drop_column('text_status')
    op.drop_table('worker_heartbeats')
    op.drop_table('job_schedule')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_dedup_key'))
        batch_op.drop_index('ix_jobs_claim')
    op.drop_table('jobs')
