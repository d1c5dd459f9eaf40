"""The admin page of the task queue: the schedule, recent failures and recent runs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from peerlearn.permissions import admin_required
from peerlearn.tasks.status import overview

bp = Blueprint("tasks", __name__, url_prefix="/admin")


@bp.get("/tasks")
@admin_required
def index() -> Any:
    return render_template("admin/tasks.html", **overview())
