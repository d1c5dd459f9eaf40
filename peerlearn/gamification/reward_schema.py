"""The ``awarded`` object of the completion, quiz-attempt and clap answers (see ``reward``)."""

from __future__ import annotations

from marshmallow import Schema, fields


class RewardLineSchema(Schema):
    points = fields.Integer(dump_only=True)
    rule = fields.String(dump_only=True, metadata={"description": "The rule in plain words."})
    held = fields.Boolean(
        dump_only=True, metadata={"description": "Held for review: not counted yet."}
    )


class RewardGivenSchema(Schema):
    points = fields.Integer(dump_only=True)
    rule = fields.String(dump_only=True)
    held = fields.Boolean(dump_only=True)


class RewardBadgeSchema(Schema):
    key = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    description = fields.String(dump_only=True)
    tier = fields.String(dump_only=True, metadata={"enum": ["bronze", "silver", "gold"]})
    image_url = fields.String(dump_only=True)
    share_url = fields.String(
        dump_only=True, metadata={"description": "The award's public page (Open Badges)."}
    )


class RewardLevelSchema(Schema):
    number = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    total = fields.Integer(dump_only=True, metadata={"description": "All-time counted points."})
    next_name = fields.String(dump_only=True, allow_none=True)
    points_to_next = fields.Integer(dump_only=True, allow_none=True)
    percent = fields.Integer(dump_only=True, metadata={"description": "0–100 toward the next."})
    reached_now = fields.Boolean(
        dump_only=True, metadata={"description": "This action reached the level."}
    )


class RewardStreakSchema(Schema):
    current = fields.Integer(dump_only=True)
    counted_now = fields.Boolean(
        dump_only=True, metadata={"description": "This action made today count."}
    )
    today_counted = fields.Boolean(
        dump_only=True, metadata={"description": "Today counts for the streak (now or before)."}
    )


class RewardSchema(Schema):
    """What the action actually wrote for you: ledger entries, badges, level, streak day;
    and, when it paid nothing, why (``messages``)."""

    action = fields.String(
        dump_only=True, metadata={"enum": ["complete", "quiz", "clap", "comment", "review"]}
    )
    points = fields.Integer(dump_only=True, metadata={"description": "Counted points earned."})
    held_points = fields.Integer(dump_only=True)
    lines = fields.List(fields.Nested(RewardLineSchema), dump_only=True)
    given = fields.List(
        fields.Nested(RewardGivenSchema),
        dump_only=True,
        metadata={"description": "Points your action earned others (the module's author)."},
    )
    badges = fields.List(fields.Nested(RewardBadgeSchema), dump_only=True)
    level = fields.Nested(RewardLevelSchema, dump_only=True)
    streak = fields.Nested(RewardStreakSchema, dump_only=True)
    messages = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "Why nothing (or less) was earned, in plain words."},
    )
