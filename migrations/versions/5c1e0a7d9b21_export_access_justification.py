"""export access log: the justification HR gives for an export that names people

Revision ID: 5c1e0a7d9b21
Revises: fda7ff01b104
Create Date: 2026-12-02 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0a7d9b21'
down_revision = 'fda7ff01b104'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_export_access', schema=None) as batch_op:
        batch_op.add_column(sa.Column('justification', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('report_export_access', schema=None) as batch_op:
        batch_op.drop_column('justification')
