"""search_postings: the PostgreSQL search backend's occurrences per (term, document), filled from the tsvectors

Ranking used to read every candidate's whole tsvector (ts_rank, then unnest): up to 3,000 TOASTed values per
query at 50,000 documents. It now reads only the query terms' rows of this table. Existing rows are filled here
from search_documents, in term order, so a deployment on SEARCH_BACKEND=postgres needs no rebuild (its next
rebuild also moves the stored text out of the documents' heap). PostgreSQL only, like 0019.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 18:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("""CREATE TABLE IF NOT EXISTS search_postings (
        term TEXT COLLATE "C" NOT NULL,
        doc BIGINT NOT NULL,
        tf_title SMALLINT NOT NULL, tf_city SMALLINT NOT NULL,
        tf_body SMALLINT NOT NULL, tf_attachments SMALLINT NOT NULL,
        positions SMALLINT[] NOT NULL,
        PRIMARY KEY (term, doc)
    )""")
    op.execute('CREATE INDEX IF NOT EXISTS ix_search_postings_doc ON search_postings (doc)')
    op.execute('CREATE INDEX IF NOT EXISTS ix_search_postings_title ON search_postings (term, doc) WHERE tf_title > 0')
    # weights A title, B city, C body, D attachments; positions in that order, as pgindex.to_row writes them
    op.execute("""INSERT INTO search_postings (term, doc, tf_title, tf_city, tf_body, tf_attachments, positions)
        SELECT u.lexeme, d.id, cardinality(array_positions(u.weights, 'A')),
               cardinality(array_positions(u.weights, 'B')), cardinality(array_positions(u.weights, 'C')),
               cardinality(array_positions(u.weights, 'D')),
               ARRAY(SELECT x.p FROM unnest(u.positions, u.weights) AS x(p, w) ORDER BY x.w, x.p)
        FROM search_documents d, unnest(d.terms) u
        ORDER BY u.lexeme, d.id""")
    # the stored text and the tsvector out of line from now on (pgindex.DDL): a narrow heap to count and facet
    op.execute('ALTER TABLE search_documents SET (toast_tuple_target = 128)')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP TABLE IF EXISTS search_postings')
