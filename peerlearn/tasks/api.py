"""/api/v1/admin/tasks: what the task queue did and will do (admins)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.permissions import admin_required
from peerlearn.tasks.status import overview

blp = ApiBlueprint(
    "tasks_api",
    __name__,
    url_prefix="/api/v1/admin/tasks",
    description="The background task queue: schedule, failures and recent runs (admins).",
)


class TaskRunSchema(Schema):
    id = fields.Integer(dump_only=True)
    task_id = fields.String(dump_only=True)
    name = fields.String(dump_only=True, metadata={"example": "mail.send_notification"})
    args = fields.String(dump_only=True)
    state = fields.String(
        dump_only=True, metadata={"description": "running, done, retrying or failed"}
    )
    retries_left = fields.Integer(dump_only=True)
    error = fields.String(dump_only=True, allow_none=True)
    started_at = fields.DateTime(dump_only=True)
    finished_at = fields.DateTime(dump_only=True, allow_none=True)


class ScheduledSchema(Schema):
    name = fields.String(dump_only=True)
    when = fields.String(dump_only=True)
    description = fields.String(dump_only=True)


class TaskOverviewSchema(Schema):
    broker = fields.String(dump_only=True)
    pending = fields.Integer(dump_only=True, allow_none=True)
    scheduled = fields.Integer(dump_only=True, allow_none=True)
    schedule = fields.List(fields.Nested(ScheduledSchema), dump_only=True)
    failures = fields.List(fields.Nested(TaskRunSchema), dump_only=True)
    runs = fields.List(fields.Nested(TaskRunSchema), dump_only=True)


@blp.get("")
@admin_required
@blp.response(200, TaskOverviewSchema)
def get_tasks() -> dict[str, Any]:
    """The schedule, the last failures and the last 30 runs."""
    return overview()
