"""search_documents and search_terms: the PostgreSQL search backend's tables (SEARCH_BACKEND=postgres)

Created on PostgreSQL only (tsvector, GIN); on SQLite this revision does nothing (whoosh is the only backend
there). The statements live in commission/search/pgindex.py (DDL), which the backend's tests use too.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 15:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    from commission.search.pgindex import create_tables
    create_tables(bind)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    op.execute('DROP TABLE IF EXISTS search_terms')
    op.execute('DROP TABLE IF EXISTS search_documents')
