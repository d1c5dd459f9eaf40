"""search: stored tsvector + GIN and pg_trgm on PostgreSQL, a word list, synonyms

PostgreSQL gets `module_fts` (a stored, weighted tsvector per live module under a GIN index)
and the `pg_trgm` extension; both databases get `module_fts_words` (the indexed words, for
prefix checks and "Did you mean") and `search_synonym` with a starting list. The index is
filled here from the live modules; from now on publication keeps it current.

Revision ID: 4d2e7f9a1b3c
Revises: 5c1e0a7d9b21
Create Date: 2026-12-02 01:20:00

"""
import re
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

import peerlearn.extensions


# revision identifiers, used by Alembic.
revision = '4d2e7f9a1b3c'
down_revision = '5c1e0a7d9b21'
branch_labels = None
depends_on = None

DEFAULT_SYNONYMS = (
    "expenses, expense, reimbursement, reimburse, expense claim",
    "angry, upset, irate, frustrated, difficult",
    "customer, client",
    "manager, boss, lead, supervisor",
    "holiday, vacation, annual leave, time off, pto",
    "password, credentials, login",
    "hire, new starter, joiner, onboarding",
    "spreadsheet, excel, sheets",
    "meeting, call",
    "presentation, slides, talk",
)
WORD = re.compile(r"[^\W_]+", re.UNICODE)
DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(:title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(:summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(:body, '')), 'C') || "
    "setweight(to_tsvector('english', coalesce(:tags, '')), 'D')"
)


def upgrade():
    synonym = op.create_table('search_synonym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entries', sa.String(length=300), nullable=False),
    sa.Column('updated_at', peerlearn.extensions.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonym'))
    )
    now = datetime.now(timezone.utc)
    op.bulk_insert(synonym, [{"entries": e, "updated_at": now} for e in DEFAULT_SYNONYMS])

    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE TABLE module_fts (module_id INTEGER PRIMARY KEY, "
                   "revision_id INTEGER NOT NULL, document TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX ix_module_fts_document ON module_fts USING gin (document)")
        op.execute('CREATE TABLE module_fts_words (word VARCHAR(40) COLLATE "C" PRIMARY KEY)')
        op.execute("CREATE INDEX ix_module_fts_words_trgm ON module_fts_words "
                   "USING gin (word gin_trgm_ops)")
    else:
        op.execute("CREATE TABLE IF NOT EXISTS module_fts_words "
                   "(word VARCHAR(40) PRIMARY KEY) WITHOUT ROWID")

    rows = bind.execute(sa.text(
        "SELECT m.id, r.id, r.title, r.summary, r.body_markdown, r.tags FROM module m "
        "JOIN module_revision r ON r.id = m.published_revision_id WHERE m.state = 'published'"
    )).all()
    words = set()
    for module_id, revision_id, title, summary, body, tags in rows:
        if isinstance(tags, str):
            import json
            tags = json.loads(tags or "[]")
        tags_text = " ".join(tags or [])
        for w in WORD.findall(f"{title} {summary} {body} {tags_text}"):
            if 3 <= len(w) <= 40:
                words.add(w.casefold())
        if postgresql:
            bind.execute(sa.text(
                f"INSERT INTO module_fts (module_id, revision_id, document) "
                f"VALUES (:id, :revision_id, {DOCUMENT})"
            ), {"id": module_id, "revision_id": revision_id, "title": title,
                "summary": summary, "body": body, "tags": tags_text})
    if words:
        insert = ("INSERT INTO module_fts_words (word) VALUES (:word) ON CONFLICT DO NOTHING"
                  if postgresql else "INSERT OR IGNORE INTO module_fts_words (word) VALUES (:word)")
        bind.execute(sa.text(insert), [{"word": w} for w in sorted(words)])


def downgrade():
    op.execute("DROP TABLE IF EXISTS module_fts_words")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS module_fts")
    op.drop_table('search_synonym')
