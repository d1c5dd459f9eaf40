"""caps on the helpful, review and request rules

The points rules are data, stored on first run from defaults.toml; a deployment that
already has them would keep the uncapped versions. This brings the three rules issue 10
changed to their new defaults (version 2) **only where the stored rule is still the old
default**: a rule an administrator edited is left as it is (compare it with defaults.toml).
Each update is written to the catalog audit trail with no actor.

- helpful_comment: daily_cap 15
- review: daily_cap 50, conditions ["final_decision"] (approve/reject pay; request_changes not)
- request_fulfilled: daily_cap 25

Run `flask gamification replay` afterwards to apply them to the history.

Revision ID: 5c1f0d2b7a34
Revises: 2a986e36f762
Create Date: 2026-12-01 22:45:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1f0d2b7a34'
down_revision = '2a986e36f762'
branch_labels = None
depends_on = None

_OLD = {
    "helpful_comment": {
        "key": "helpful_comment", "verb": "comment_marked_helpful", "beneficiary": "author",
        "points": 3, "dedupe": "{rule}:{user}:{object}",
        "description": "Your comment was marked helpful",
    },
    "review": {
        "key": "review", "verb": "review_decided", "beneficiary": "actor", "points": 5,
        "min_interval_seconds": 30, "dedupe": "{rule}:{user}:{object}:{revision}",
        "description": "Decided a review",
    },
    "request_fulfilled": {
        "key": "request_fulfilled", "verb": "request_fulfilled", "beneficiary": "author",
        "points": 25, "dedupe": "{rule}:{user}:{object}",
        "description": "Your module fulfilled a content request",
    },
}
_NEW = {
    "helpful_comment": {**_OLD["helpful_comment"], "daily_cap": 15},
    "review": {**_OLD["review"], "daily_cap": 50, "conditions": ["final_decision"]},
    "request_fulfilled": {**_OLD["request_fulfilled"], "daily_cap": 25},
}

_rule = sa.table(
    "game_rule",
    sa.column("id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("definition", sa.JSON),
    sa.column("version", sa.Integer),
    sa.column("updated_at", sa.DateTime),
    sa.column("updated_by_id", sa.Integer),
)
_edit = sa.table(
    "game_catalog_edit",
    sa.column("kind", sa.String),
    sa.column("key", sa.String),
    sa.column("version", sa.Integer),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("actor_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
)


def _move(source, target):
    bind = op.get_bind()
    now = datetime.now(timezone.utc)
    rows = bind.execute(
        sa.select(_rule.c.id, _rule.c.key, _rule.c.definition, _rule.c.version).where(
            _rule.c.key.in_(list(source))
        )
    ).all()
    for row_id, key, definition, version in rows:
        if definition != source[key]:
            continue  # edited by an administrator: theirs to change
        bind.execute(
            _rule.update()
            .where(_rule.c.id == row_id)
            .values(definition=target[key], version=version + 1, updated_at=now,
                    updated_by_id=None)
        )
        bind.execute(
            _edit.insert().values(kind="rule", key=key, version=version + 1,
                                  before=definition, after=target[key], actor_id=None,
                                  created_at=now)
        )


def upgrade():
    _move(_OLD, _NEW)


def downgrade():
    _move(_NEW, _OLD)
