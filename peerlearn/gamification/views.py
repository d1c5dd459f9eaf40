"""Gamification pages: my progress, leaderboards, leagues, the reviewers' held-points page
and the admins' rules and badges editor. Thin: parse, call one service, commit, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.gamification import catalog, holds, leagues, progress, reward
from peerlearn.gamification.leaderboards import (
    BOARD_NAMES,
    PERIODS,
    SCOPES,
    department_ranking,
    leaderboard,
)
from peerlearn.permissions import admin_required, reviewer_required, signed_in_required
from peerlearn.web import submit_form

bp = Blueprint("gamification", __name__)

HISTORY_PAGE = 20


def _choice(name: str, allowed: Any, default: str) -> str:
    value = request.args.get(name, default)
    return value if value in allowed else default


@bp.get("/progress")
@signed_in_required
def my_progress() -> str:
    mine = progress.progress_of(current_user)
    page = db.paginate(progress.history(current_user), per_page=HISTORY_PAGE, error_out=False)
    held = progress.held_among([entry.id for entry in page.items])
    standing = leaderboard(current_user, "learners", "all").me
    return render_template(
        "gamification/progress.html",
        mine=mine,
        page=page,
        held=held,
        standing=standing,
        rule_names=reward.rule_names(),
        min_seconds=reward.min_reading_seconds(),
    )


@bp.get("/leaderboards")
@signed_in_required
def leaderboards() -> str:
    board = leaderboard(
        current_user,
        _choice("board", BOARD_NAMES, "learners"),
        _choice("period", PERIODS, "week"),
        _choice("scope", SCOPES, "company"),
    )
    return render_template("gamification/leaderboards.html", board=board)


@bp.get("/leaderboards/departments")
@signed_in_required
def departments() -> str:
    period = _choice("period", PERIODS, "month")
    ranking = department_ranking(current_user, period)
    return render_template("gamification/departments.html", ranking=ranking, period=period)


@bp.route("/leagues", methods=["GET", "POST"])
@signed_in_required
def my_league() -> Any:
    if request.method == "POST":
        if request.form.get("action") == "leave":
            leagues.leave(current_user)
            flash("You left the weekly leagues. Your tier is kept if you come back.", "success")
        else:
            leagues.join(current_user)
            flash("You joined this week's league. Good luck!", "success")
        db.session.commit()
        return redirect(url_for("gamification.my_league"))
    return render_template(
        "gamification/league.html", league=leagues.my_league(current_user), tiers=leagues.TIERS
    )


@bp.get("/review/points-holds")
@reviewer_required
def held_points() -> str:
    pairs = db.session.execute(holds.open_pairs()).scalars().all()
    return render_template(
        "gamification/holds.html",
        pairs=[(pair, holds.held_points(pair)) for pair in pairs],
        names=holds.pair_names(pairs),
    )


@bp.post("/review/points-holds/<pair_id>")
@reviewer_required
def decide_pair(pair_id: str) -> Any:
    if not pair_id.isdigit() or len(pair_id) > 9:
        abort(404)
    pair = holds.get_pair(int(pair_id))
    release = request.form.get("decision") == "release"
    holds.decide_pair(current_user, pair, release, request.form.get("note", ""))
    db.session.commit()
    flash("Points released." if release else "Points voided.", "success")
    return redirect(url_for("gamification.held_points"))


@bp.get("/admin/gamification")
@admin_required
def admin_catalog() -> str:
    rules, badges = catalog.list_rules(), catalog.list_badges()
    edits = db.session.execute(catalog.audit_trail().limit(50)).scalars().all()
    return render_template(
        "gamification/admin_catalog.html", rules=rules, badges=badges, edits=edits
    )


RULE_FIELDS = ("points", "daily_cap", "min_interval_seconds")


def _int_field(name: str) -> int | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ServiceError("Enter a whole number.", name) from None


def _catalog_editor(kind: str, row: Any, changes: Callable[[], dict[str, Any]]) -> Any:
    """The rule and badge editors: save ``changes()`` on POST, or show why not (422)."""
    errors: list[ServiceError] = []
    update = catalog.update_rule if kind == "rule" else catalog.update_badge
    ok, saved = submit_form(
        None, lambda: update(current_user, row.key, changes()), refused=errors.append
    )
    if ok:
        flash(f"{kind.title()} “{row.key}” saved (version {saved.version}).", "success")
        return redirect(url_for("gamification.admin_catalog"))
    error = errors[0] if errors else None
    template = f"gamification/edit_{kind}.html"
    return render_template(template, row=row, error=error), 422 if error else 200


@bp.route("/admin/gamification/rules/<key>", methods=["GET", "POST"])
@admin_required
def edit_rule(key: str) -> Any:
    def changes() -> dict[str, Any]:
        values: dict[str, Any] = {name: _int_field(name) for name in RULE_FIELDS}
        values["description"] = request.form.get("description", "").strip()
        return values

    return _catalog_editor("rule", catalog.get_rule(key), changes)


@bp.route("/admin/gamification/badges/<key>", methods=["GET", "POST"])
@admin_required
def edit_badge(key: str) -> Any:
    row = catalog.get_badge(key)

    def changes() -> dict[str, Any]:
        criterion = dict(row.definition["criterion"])
        if criterion["kind"] != "first":
            target = _int_field("target")
            criterion["days" if criterion["kind"] == "streak" else "at_least"] = target
        return {
            "name": request.form.get("name", "").strip(),
            "description": request.form.get("description", "").strip(),
            "tier": request.form.get("tier", ""),
            "criterion": criterion,
        }

    return _catalog_editor("badge", row, changes)
