"""The home page. Signed in, its panels come from the catalog (continue where you left off,
"for you", trending in your department, the newest official modules) and from the
gamification engine (level, points, streak, badges)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from peerlearn.gamification.progress import progress_of
from peerlearn.modules import queries

home_bp = Blueprint("home", __name__)


def _panels() -> dict[str, Any]:
    tags, for_you = queries.for_you(current_user)
    newest_official = queries.newest_official()
    return {
        "continue_reading": queries.in_progress(current_user, limit=queries.HOME_LIMIT),
        "for_you_tags": tags,
        "for_you": for_you,
        "trending": queries.trending_in_department(current_user),
        "newest_official": newest_official,
        "done_ids": queries.completed_among(current_user, [m.id for m in newest_official]),
        "summary": queries.learning_summary(current_user),
        "progress": progress_of(current_user),
    }


@home_bp.get("/")
def index() -> str:
    """Signed out: what PeerLearn is. Signed in: the learner's starting point."""
    panels = _panels() if current_user.is_authenticated else {}
    return render_template("home/index.html", **panels)


@home_bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Liveness probe for load balancers."""
    return {"status": "ok"}, 200
