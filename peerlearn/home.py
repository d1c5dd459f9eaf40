"""The home page. Later features (catalog, review queue, leaderboards) fill its panels."""

from __future__ import annotations

from flask import Blueprint, render_template

home_bp = Blueprint("home", __name__)


@home_bp.get("/")
def index() -> str:
    """Signed out: what PeerLearn is. Signed in: the learner's starting point."""
    return render_template("home/index.html")


@home_bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Liveness probe for load balancers."""
    return {"status": "ok"}, 200
