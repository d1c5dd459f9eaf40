"""notification link targets: endpoint and args

Notifications now store where they lead as an endpoint name and its ``url_for`` values,
built into a URL when shown. Existing rows' ``link`` paths of the known shapes are
converted (and their ``link`` emptied); any other path stays in ``link``, which the model
keeps as the legacy fallback. Downgrade rebuilds the paths from the targets.

Revision ID: b1d0e761f1be
Revises: e976a297271b
Create Date: 2026-12-01 21:33:39.352527

"""
import re

from alembic import op
import sqlalchemy as sa

import peerlearn.extensions


# revision identifiers, used by Alembic.
revision = 'b1d0e761f1be'
down_revision = 'e976a297271b'
branch_labels = None
depends_on = None

# (path pattern, endpoint, argument converters) for the links notify() wrote before.
_SHAPES = [
    (re.compile(r"^/m/(?P<slug>[^/#?]+)(?:#(?P<_anchor>[^#]+))?$"), "modules.read", {"slug": str}),
    (re.compile(r"^/modules/(?P<module_id>\d+)/history$"), "authoring.history", {"module_id": int}),
    (re.compile(r"^/modules/(?P<module_id>\d+)/edit$"), "authoring.edit", {"module_id": int}),
    (re.compile(r"^/badges/(?P<uid>[^/#?]+)$"), "gamification.openbadges.badge_page", {"uid": str}),
    (re.compile(r"^/progress$"), "gamification.my_progress", {}),
]
_PATHS = {
    "modules.read": "/m/{slug}",
    "authoring.history": "/modules/{module_id}/history",
    "authoring.edit": "/modules/{module_id}/edit",
    "gamification.openbadges.badge_page": "/badges/{uid}",
    "gamification.my_progress": "/progress",
}

notification = sa.table(
    "notification",
    sa.column("id", sa.Integer),
    sa.column("link", sa.String),
    sa.column("endpoint", sa.String),
    sa.column("endpoint_args", sa.JSON),
)


def _target(link):
    for pattern, endpoint, converters in _SHAPES:
        match = pattern.match(link or "")
        if match:
            args = {name: convert(match[name]) for name, convert in converters.items()}
            if match.groupdict().get("_anchor"):
                args["_anchor"] = match["_anchor"]
            return endpoint, args
    return None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('endpoint', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('endpoint_args', sa.JSON(), nullable=True))

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(notification.c.id, notification.c.link).where(notification.c.link != "")
    ).all()
    for row_id, link in rows:
        target = _target(link)
        if target is not None:
            bind.execute(
                notification.update()
                .where(notification.c.id == row_id)
                .values(endpoint=target[0], endpoint_args=target[1], link="")
            )


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(notification.c.id, notification.c.endpoint, notification.c.endpoint_args)
        .where(notification.c.endpoint.is_not(None))
    ).all()
    for row_id, endpoint, args in rows:
        args = dict(args or {})
        anchor = args.pop("_anchor", None)
        template = _PATHS.get(endpoint)
        try:
            path = template.format(**args) if template else ""
        except KeyError:
            path = ""
        if path and anchor:
            path += f"#{anchor}"
        bind.execute(notification.update().where(notification.c.id == row_id).values(link=path))

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('endpoint_args')
        batch_op.drop_column('endpoint')
