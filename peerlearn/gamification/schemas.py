"""Marshmallow schemas of the gamification API (names prefixed so they stay unique in the
OpenAPI document)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from peerlearn.api.schemas import PageArgsSchema, StrictBoolean
from peerlearn.gamification.leaderboards import BOARD_NAMES, PERIODS, SCOPES
from peerlearn.gamification.rules import CONDITIONS, VERBS


class GameLevelSchema(Schema):
    number = fields.Integer()
    name = fields.String()
    min_points = fields.Integer()


class GameBadgeStatusSchema(Schema):
    key = fields.String()
    name = fields.String()
    description = fields.String()
    tier = fields.String(metadata={"enum": ["bronze", "silver", "gold"]})
    earned = fields.Boolean()
    awarded_at = fields.DateTime(allow_none=True)
    value = fields.Integer(metadata={"description": "Progress so far (capped at the target)."})
    target = fields.Integer()
    assertion_url = fields.String(allow_none=True, metadata={"description": "Open Badges 2.0"})
    share_url = fields.String(allow_none=True)


class GameProgressSchema(Schema):
    """Your points, level, badges and streak."""

    total = fields.Integer()
    learner_points = fields.Integer()
    author_points = fields.Integer()
    week = fields.Integer()
    month = fields.Integer()
    level = fields.Nested(GameLevelSchema)
    next_level = fields.Nested(GameLevelSchema, allow_none=True)
    level_progress = fields.Float(metadata={"description": "0..1 towards the next level."})
    points_to_next = fields.Integer(allow_none=True)
    streak = fields.Integer()
    longest_streak = fields.Integer()
    freezes = fields.Integer()
    streak_days = fields.List(fields.Date(), metadata={"description": "Counted days, recent."})
    badges = fields.List(fields.Nested(GameBadgeStatusSchema))


class GameLedgerEntrySchema(Schema):
    id = fields.Integer()
    points = fields.Integer()
    rule_key = fields.String()
    rule_version = fields.Integer()
    reason = fields.String()
    board = fields.String(metadata={"enum": ["learner", "author"]})
    module_id = fields.Integer(allow_none=True)
    occurred_at = fields.DateTime()
    held = fields.Boolean(metadata={"description": "Held for review: not counted (yet)."})


class LeaderboardArgsSchema(Schema):
    board = fields.String(load_default="learners", validate=validate.OneOf(list(BOARD_NAMES)))
    period = fields.String(load_default="week", validate=validate.OneOf(PERIODS))
    scope = fields.String(load_default="company", validate=validate.OneOf(SCOPES))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class LeaderboardRowSchema(Schema):
    rank = fields.Integer()
    user_id = fields.Integer(allow_none=True, metadata={"description": "null when anonymous"})
    name = fields.String()
    points = fields.Integer()
    is_me = fields.Boolean()


class LeaderboardMeSchema(Schema):
    rank = fields.Integer(allow_none=True)
    points = fields.Integer()
    ranked = fields.Integer()
    percentile = fields.Integer(
        allow_none=True,
        metadata={"description": "Share of ranked people with strictly fewer points."},
    )
    tied = fields.Integer(
        metadata={"description": "Others with exactly your points (earlier arrival ranks first)."}
    )
    around = fields.List(fields.Nested(LeaderboardRowSchema))


class LeaderboardSchema(Schema):
    board = fields.String()
    period = fields.String()
    scope = fields.String()
    period_start = fields.Date()
    public = fields.Boolean()
    top = fields.List(fields.Nested(LeaderboardRowSchema))
    me = fields.Nested(LeaderboardMeSchema)


class DepartmentRankingArgsSchema(Schema):
    period = fields.String(load_default="month", validate=validate.OneOf(PERIODS))


class DepartmentRankSchema(Schema):
    rank = fields.Integer()
    department_id = fields.Integer()
    name = fields.String()
    points = fields.Integer()
    members = fields.Integer()
    per_member = fields.Float()
    is_mine = fields.Boolean()


class LeagueRowSchema(LeaderboardRowSchema):
    zone = fields.String(metadata={"enum": ["up", "down", ""]})


class LeagueSchema(Schema):
    opted_in = fields.Boolean()
    tier = fields.Integer()
    tier_name = fields.String()
    week_start = fields.Date()
    rows = fields.List(fields.Nested(LeagueRowSchema))
    members = fields.Integer(metadata={"description": "Who joined this league this week."})
    moving = fields.Integer(metadata={"description": "How many move up (and down) at the end."})


class GameRuleSchema(Schema):
    """A points rule (``key`` and ``version`` are read-only; every edit bumps the version)."""

    key = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    verb = fields.String(validate=validate.OneOf(VERBS))
    beneficiary = fields.String(validate=validate.OneOf(["actor", "author"]))
    points = fields.Integer(validate=validate.Range(min=0, max=10_000))
    daily_cap = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, max=100_000),
        metadata={"description": "Most points per beneficiary per UTC day (null: none)."},
    )
    min_interval_seconds = fields.Integer(
        allow_none=True, validate=validate.Range(min=1, max=86_400 * 30)
    )
    conditions = fields.List(fields.String(validate=validate.OneOf(CONDITIONS)))
    allow_self_action = StrictBoolean()
    dedupe = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(min=1, max=200))


class GameCriterionSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["count", "first", "streak",
                                                                 "distinct_tags"]))  # fmt: skip
    counter = fields.String()
    at_least = fields.Integer()
    days = fields.Integer()


class GameBadgeDefinitionSchema(Schema):
    key = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    name = fields.String(validate=validate.Length(min=1, max=80))
    description = fields.String(validate=validate.Length(max=300))
    tier = fields.String(validate=validate.OneOf(["bronze", "silver", "gold"]))
    criterion = fields.Nested(GameCriterionSchema)


class GameCatalogEditSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    key = fields.String()
    version = fields.Integer()
    before = fields.Dict(allow_none=True)
    after = fields.Dict()
    actor_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class GameAuditArgsSchema(PageArgsSchema):
    kind = fields.String(validate=validate.OneOf(["rule", "badge"]))
    key = fields.String(validate=validate.Length(max=64))


class GameHeldPairSchema(Schema):
    id = fields.Integer()
    user_low_id = fields.Integer()
    user_high_id = fields.Integer()
    user_low_name = fields.String(
        allow_none=True, metadata={"description": "Display name of ``user_low_id``."}
    )
    user_high_name = fields.String(
        allow_none=True, metadata={"description": "Display name of ``user_high_id``."}
    )
    status = fields.String()
    kind = fields.String(
        metadata={
            "enum": ["mutual", "ring", "one_way", "new_account"],
            "description": "Why it is held.",
        }
    )
    subject_id = fields.Integer(
        allow_none=True, metadata={"description": "Whose giving is held (one_way, new_account)."}
    )
    evidence = fields.Dict(
        allow_none=True,
        metadata={
            "description": "why; members; edges (from, to, count, first_at, last_at): who "
            "paid whom; given: each member's completions and claps in all"
        },
    )
    detected_at = fields.DateTime()
    held_points = fields.Integer()


class GameHoldDecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["release", "void"]))
    note = fields.String(load_default="", validate=validate.Length(max=300))


class GameRevokeSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))
