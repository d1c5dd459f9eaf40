"""leaderboards read one partial index: user_points.listed and department_id

`listed` (active and not hidden) and `department_id` are copied from the user onto their
points rows and kept in step, so every board (learners/authors × company/department) is a
range of one partial covering index; the two plain board indexes are replaced.

Revision ID: 8b5c3e1f0a27
Revises: 4d2e7f9a1b3c
Create Date: 2026-12-02 01:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b5c3e1f0a27'
down_revision = '4d2e7f9a1b3c'
branch_labels = None
depends_on = None

BOARDS = ("learner", "author")
SCOPES = ("company", "department")


def upgrade():
    with op.batch_alter_table('user_points', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('department_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_user_points_department_id_department'), 'department', ['department_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_index('ix_user_points_learners')
        batch_op.drop_index('ix_user_points_authors')
    op.execute(
        'UPDATE user_points SET '
        'listed = (SELECT u.active AND u.leaderboard_visibility != \'hidden\' FROM "user" u '
        'WHERE u.id = user_points.user_id), '
        'department_id = (SELECT u.department_id FROM "user" u WHERE u.id = user_points.user_id)'
    )
    for board in BOARDS:
        for scope in SCOPES:
            columns = ["period", "period_start"] + (["department_id"] if scope == "department" else [])
            columns += [f"{board}_points", f"{board}_reached_at", "user_id"]
            op.create_index(f"ix_user_points_{board}_{scope}", "user_points", columns,
                            unique=False,
                            postgresql_where=sa.text(f"listed AND {board}_points > 0"),
                            sqlite_where=sa.text(f"listed = 1 AND {board}_points > 0"))


def downgrade():
    for board in BOARDS:
        for scope in SCOPES:
            op.drop_index(f"ix_user_points_{board}_{scope}", table_name="user_points")
    with op.batch_alter_table('user_points', schema=None) as batch_op:
        batch_op.create_index('ix_user_points_authors', ['period', 'period_start', 'author_points'], unique=False)
        batch_op.create_index('ix_user_points_learners', ['period', 'period_start', 'learner_points'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_user_points_department_id_department'), type_='foreignkey')
        batch_op.drop_column('department_id')
        batch_op.drop_column('listed')
