"""Gamification endpoints under /api/v1: your progress and history, leaderboards, leagues,
the rules/badges editor (admins), held points (reviewers) and badge revocation (admins)."""

from __future__ import annotations

from typing import Any

from flask import abort, url_for
from flask_login import current_user

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.api.pagination import paginate
from peerlearn.api.schemas import PageArgsSchema, page_of
from peerlearn.extensions import db
from peerlearn.gamification import catalog, holds, leagues, progress
from peerlearn.gamification.leaderboards import department_ranking, leaderboard
from peerlearn.gamification.schemas import (
    DepartmentRankingArgsSchema,
    DepartmentRankSchema,
    GameAuditArgsSchema,
    GameBadgeDefinitionSchema,
    GameCatalogEditSchema,
    GameHeldPairSchema,
    GameHoldDecisionSchema,
    GameLedgerEntrySchema,
    GameProgressSchema,
    GameRevokeSchema,
    GameRuleSchema,
    LeaderboardArgsSchema,
    LeaderboardSchema,
    LeagueSchema,
)
from peerlearn.permissions import admin_required, reviewer_required, signed_in_required

game_blp = ApiBlueprint(
    "gamification_api", __name__, url_prefix="/api/v1/gamification",
    description="Your points, badges and streak; the rules and badges (admins); held points.",
)  # fmt: skip
boards_blp = ApiBlueprint(
    "leaderboards_api", __name__, url_prefix="/api/v1/leaderboards",
    description="Leaderboards (privacy settings respected) and the department ranking.",
)  # fmt: skip
leagues_blp = ApiBlueprint(
    "leagues_api", __name__, url_prefix="/api/v1/leagues", description="Weekly leagues."
)
BLUEPRINTS = (game_blp, boards_blp, leagues_blp)


def _id(value: str) -> int:
    """A numeric id from a path segment (404 otherwise)."""
    if not value.isdigit() or len(value) > 9:
        abort(404)
    return int(value)


def _badge_url(view: str, uid: str) -> str:
    return url_for(f"gamification.openbadges.{view}", uid=uid, _external=True)


def progress_payload(user: Any) -> dict[str, Any]:
    """The progress of ``user`` as the API and the page show it."""
    mine = progress.progress_of(user)
    level = mine.level
    badges = []
    for item in mine.earned + mine.locked:
        award, badge = item.award, item.definition
        uid = award.uid if award else None
        badges.append({
            "key": badge.key, "name": badge.name, "description": badge.description,
            "tier": badge.tier, "earned": award is not None,
            "awarded_at": award.awarded_at if award else None,
            "value": item.value, "target": item.target,
            "assertion_url": _badge_url("assertion", uid) if uid else None,
            "share_url": _badge_url("badge_page", uid) if uid else None,
        })  # fmt: skip
    return {
        "total": mine.total, "learner_points": mine.learner, "author_points": mine.author,
        "week": mine.week, "month": mine.month, "level": level.current,
        "next_level": level.next, "level_progress": level.fraction,
        "points_to_next": mine.points_to_next, "streak": mine.streak,
        "longest_streak": mine.longest_streak, "freezes": mine.freezes,
        "streak_days": [day for day, counted in mine.calendar if counted], "badges": badges,
    }  # fmt: skip


@game_blp.get("/me")
@signed_in_required
@game_blp.response(200, GameProgressSchema)
def get_my_progress() -> dict[str, Any]:
    """Your points (all-time, week, month), level and progress, badges and streak."""
    return progress_payload(current_user)


@game_blp.get("/me/history")
@signed_in_required
@game_blp.arguments(PageArgsSchema, location="query")
@game_blp.response(200, page_of(GameLedgerEntrySchema))
def get_my_history(args: dict[str, int]) -> dict[str, Any]:
    """Your points history, newest first, each with the rule, its version and the reason."""
    page = paginate(progress.history(current_user), **args)
    held = progress.held_among([entry.id for entry in page["items"]])
    page["items"] = [
        {**{name: getattr(e, name) for name in GameLedgerEntrySchema().fields if name != "held"},
         "held": e.id in held}
        for e in page["items"]
    ]  # fmt: skip
    return page


@boards_blp.get("")
@signed_in_required
@boards_blp.arguments(LeaderboardArgsSchema, location="query")
@boards_blp.response(200, LeaderboardSchema)
def get_leaderboard(args: dict[str, Any]) -> Any:
    """Top and "around me" (hidden people never listed; anonymous ones without a name)."""
    return leaderboard(current_user, args["board"], args["period"], args["scope"], args["limit"])


@boards_blp.get("/departments")
@signed_in_required
@boards_blp.arguments(DepartmentRankingArgsSchema, location="query")
@boards_blp.response(200, DepartmentRankSchema(many=True))
def get_department_ranking(args: dict[str, str]) -> Any:
    """Departments by points per active member."""
    return department_ranking(current_user, args["period"])


@leagues_blp.get("/me")
@signed_in_required
@leagues_blp.response(200, LeagueSchema)
def get_my_league() -> Any:
    """Your tier and this week's cohort."""
    return leagues.my_league(current_user)


@leagues_blp.put("/me")
@signed_in_required
@leagues_blp.response(200, LeagueSchema)
def join_league() -> Any:
    """Opt in to the weekly leagues."""
    leagues.join(current_user)
    db.session.commit()
    return leagues.my_league(current_user)


@leagues_blp.delete("/me")
@signed_in_required
@leagues_blp.response(204)
def leave_league() -> None:
    """Opt out of the weekly leagues."""
    leagues.leave(current_user)
    db.session.commit()


def _rule_out(row: Any) -> dict[str, Any]:
    return {**row.definition, "key": row.key, "version": row.version}


@game_blp.get("/rules")
@admin_required
@game_blp.response(200, GameRuleSchema(many=True))
def list_rules() -> list[dict[str, Any]]:
    """Every points rule."""
    rows = catalog.list_rules()
    return [_rule_out(row) for row in rows]


@game_blp.patch("/rules/<key>")
@admin_required
@game_blp.arguments(GameRuleSchema)
@game_blp.response(200, GameRuleSchema)
def update_rule(changes: dict[str, Any], key: str) -> dict[str, Any]:
    """Edit a rule: validated, its version bumped, the edit audited."""
    row = catalog.update_rule(current_user, key, changes)
    db.session.commit()
    return _rule_out(row)


@game_blp.get("/badges")
@admin_required
@game_blp.response(200, GameBadgeDefinitionSchema(many=True))
def list_badges() -> list[dict[str, Any]]:
    """Every badge definition."""
    rows = catalog.list_badges()
    return [_rule_out(row) for row in rows]


@game_blp.patch("/badges/<key>")
@admin_required
@game_blp.arguments(GameBadgeDefinitionSchema)
@game_blp.response(200, GameBadgeDefinitionSchema)
def update_badge(changes: dict[str, Any], key: str) -> dict[str, Any]:
    """Edit a badge: validated, its version bumped, the edit audited."""
    row = catalog.update_badge(current_user, key, changes)
    db.session.commit()
    return _rule_out(row)


@game_blp.get("/audit")
@admin_required
@game_blp.arguments(GameAuditArgsSchema, location="query")
@game_blp.response(200, page_of(GameCatalogEditSchema))
def list_catalog_edits(args: dict[str, Any]) -> dict[str, Any]:
    """The audit trail of rule and badge edits, newest first."""
    stmt = catalog.audit_trail(args.get("kind"), args.get("key"))
    return paginate(stmt, args["page"], args["per_page"])


@game_blp.get("/holds")
@reviewer_required
@game_blp.response(200, GameHeldPairSchema(many=True))
def list_held_pairs() -> list[dict[str, Any]]:
    """Held cases waiting for a decision: pairs or rings suspected of farming each other's
    points, and points new accounts gave, each with its evidence."""
    pairs = db.session.execute(holds.open_pairs()).scalars().all()
    names = holds.pair_names(pairs)
    return [
        _pair_out(p, names, sum(e.points for e, s in holds.held_points(p) if s == "held"))
        for p in pairs
    ]


def _pair_out(pair: Any, names: dict[int, str], held: int) -> dict[str, Any]:
    fields = ("id", "user_low_id", "user_high_id", "status", "kind", "subject_id", "evidence")
    fields += ("detected_at",)
    return {
        **{n: getattr(pair, n) for n in fields},
        "user_low_name": names.get(pair.user_low_id),
        "user_high_name": names.get(pair.user_high_id),
        "held_points": held,
    }


@game_blp.post("/holds/<pair_id>")
@reviewer_required
@game_blp.arguments(GameHoldDecisionSchema)
@game_blp.response(200, GameHeldPairSchema)
def decide_held_pair(body: dict[str, str], pair_id: str) -> dict[str, Any]:
    """Release (they count) or void (they never count) a pair's held points."""
    pair = holds.get_pair(_id(pair_id))
    holds.decide_pair(current_user, pair, body["decision"] == "release", body["note"])
    db.session.commit()
    return _pair_out(pair, holds.pair_names([pair]), 0)


@game_blp.post("/awards/<uid>/revoke")
@admin_required
@game_blp.arguments(GameRevokeSchema)
@game_blp.response(204)
def revoke_award(body: dict[str, str], uid: str) -> None:
    """Revoke a badge award: its Open Badges assertion then answers as revoked."""
    catalog.revoke_award(current_user, catalog.get_award(uid), body["reason"])
    db.session.commit()
