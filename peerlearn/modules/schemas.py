"""Marshmallow schemas of the catalog, reading, quiz, social and learning-path API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from peerlearn.api.schemas import ID_RANGE, PageArgsSchema, StrictBoolean
from peerlearn.gamification.reward_schema import RewardSchema
from peerlearn.modules.search import LENGTHS, SORTS

ORIGINS = ["peer", "official"]


class ModuleSearchArgsSchema(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=500))
    tag = fields.String(validate=validate.Length(max=40))
    origin = fields.String(validate=validate.OneOf(ORIGINS))
    length = fields.String(
        validate=validate.OneOf(list(LENGTHS)),
        metadata={"description": "short ≤ 3 min, medium 4–6, long ≥ 7."},
    )
    department_id = fields.Integer(validate=ID_RANGE, metadata={"description": "Author's."})
    author_id = fields.Integer(validate=ID_RANGE)
    sort = fields.String(
        validate=validate.OneOf(list(SORTS)),
        metadata={"description": "Default: relevance with q, else newest."},
    )


class PersonBriefSchema(Schema):
    id = fields.Integer(dump_only=True)
    display_name = fields.String(dump_only=True)
    department = fields.String(dump_only=True, allow_none=True)


class StatsSchema(Schema):
    readers = fields.Integer(dump_only=True)
    completions = fields.Integer(dump_only=True)
    completions_30d = fields.Integer(dump_only=True)
    claps = fields.Integer(dump_only=True)
    completion_rate = fields.Integer(dump_only=True, allow_none=True)


class ModuleSummarySchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    summary = fields.String(dump_only=True)
    origin = fields.String(dump_only=True, metadata={"enum": ORIGINS})
    tags = fields.List(fields.String(), dump_only=True)
    estimated_minutes = fields.Integer(dump_only=True)
    has_quiz = fields.Boolean(dump_only=True)
    author = fields.Nested(PersonBriefSchema, dump_only=True)
    published_at = fields.DateTime(dump_only=True, allow_none=True)
    stats = fields.Nested(StatsSchema, dump_only=True)


class LinkSchema(Schema):
    slug = fields.String(dump_only=True)
    title = fields.String(dump_only=True)


class MyModuleStateSchema(Schema):
    viewed = fields.Boolean(dump_only=True)
    visible_seconds = fields.Float(dump_only=True)
    completed_at = fields.DateTime(dump_only=True, allow_none=True)
    score = fields.Integer(dump_only=True, allow_none=True)
    claps = fields.Integer(dump_only=True)
    bookmarked = fields.Boolean(dump_only=True)


class CatalogModuleSchema(ModuleSummarySchema):
    body_html = fields.String(dump_only=True, metadata={"description": "Sanitized HTML."})
    updated_at = fields.DateTime(dump_only=True)
    referenced_by = fields.List(fields.Nested(LinkSchema), dump_only=True)
    comment_count = fields.Integer(dump_only=True)
    me = fields.Nested(MyModuleStateSchema, dump_only=True)


class ReadingSchema(Schema):
    seconds = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0, max=86_400),
        metadata={"description": "Visible-page seconds since the last report."},
    )


class ReadingStateSchema(Schema):
    view_count = fields.Integer(dump_only=True)
    visible_seconds = fields.Float(
        dump_only=True,
        metadata={
            "description": "Credited reading time: reports, never more than the wall-clock "
            "time since your openings and earlier reports."
        },
    )


class CompletionSchema(Schema):
    module_id = fields.Integer(dump_only=True)
    method = fields.String(dump_only=True, metadata={"enum": ["button", "quiz"]})
    completed_at = fields.DateTime(dump_only=True)
    reading_seconds = fields.Float(dump_only=True)
    score = fields.Integer(dump_only=True, allow_none=True)


class NextStepSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    why = fields.String(
        dump_only=True,
        metadata={"description": "Next in a path you follow, linked, links back, same topic."},
    )


class CompletionResultSchema(CompletionSchema):
    """A completion answer: the completion, what it earned you, what to read next."""

    created = fields.Boolean(
        dump_only=True, metadata={"description": "False when you had completed it before."}
    )
    awarded = fields.Nested(RewardSchema, dump_only=True)
    next_steps = fields.List(fields.Nested(NextStepSchema), dump_only=True)


class ReaderQuestionSchema(Schema):
    kind = fields.String(dump_only=True, metadata={"enum": ["single", "multiple", "true_false"]})
    prompt = fields.String(dump_only=True)
    choices = fields.List(fields.String(), dump_only=True)


class QuizStatusSchema(Schema):
    can_attempt = fields.Boolean(dump_only=True)
    reason = fields.String(dump_only=True)
    passed = fields.Boolean(dump_only=True)
    attempts_today = fields.Integer(dump_only=True)
    limit = fields.Integer(dump_only=True)
    next_attempt_at = fields.DateTime(dump_only=True, allow_none=True)


class ReaderQuizSchema(Schema):
    """A quiz before submission: never the correct answers or explanations."""

    pass_mark = fields.Integer(dump_only=True)
    questions = fields.List(fields.Nested(ReaderQuestionSchema), dump_only=True)
    status = fields.Nested(QuizStatusSchema, dump_only=True)


class AttemptArgsSchema(Schema):
    answers = fields.List(
        fields.List(fields.Integer(validate=validate.Range(min=0, max=20)), required=True),
        required=True,
        validate=validate.Length(min=1, max=10),
        metadata={"description": "Per question, the indexes of the chosen choices."},
    )


REVEALED = "Shown with a pass only; otherwise null."


class QuestionResultSchema(Schema):
    prompt = fields.String(dump_only=True)
    kind = fields.String(dump_only=True)
    chosen = fields.List(fields.Integer(), dump_only=True)
    right = fields.Boolean(dump_only=True, metadata={"description": "Full credit or not."})
    credit = fields.Float(
        dump_only=True, allow_none=True, metadata={"description": "0..1. " + REVEALED}
    )
    explanation = fields.String(
        dump_only=True, allow_none=True, metadata={"description": "Why. " + REVEALED}
    )
    correct = fields.List(
        fields.Integer(),
        dump_only=True,
        allow_none=True,
        metadata={"description": "The right choices. " + REVEALED},
    )


class AttemptResultSchema(Schema):
    attempt = fields.Integer(dump_only=True)
    score = fields.Integer(dump_only=True)
    passed = fields.Boolean(dump_only=True)
    revealed = fields.Boolean(
        dump_only=True,
        metadata={"description": "Whether the results carry explanations and right answers."},
    )
    results = fields.List(fields.Nested(QuestionResultSchema), dump_only=True)
    completion = fields.Nested(CompletionSchema, dump_only=True, allow_none=True)
    awarded = fields.Nested(RewardSchema, dump_only=True)
    next_steps = fields.List(fields.Nested(NextStepSchema), dump_only=True)


class ClapArgsSchema(Schema):
    count = fields.Integer(load_default=1, validate=validate.Range(min=1, max=500))


class ClapResultSchema(Schema):
    added = fields.Integer(dump_only=True)
    mine = fields.Integer(dump_only=True)
    total = fields.Integer(dump_only=True)
    cap = fields.Integer(dump_only=True)
    awarded = fields.Nested(RewardSchema, dump_only=True)


class ReplySchema(Schema):
    id = fields.Integer(dump_only=True)
    module_id = fields.Integer(dump_only=True)
    parent_id = fields.Integer(dump_only=True, allow_none=True)
    author = fields.Nested(PersonBriefSchema, dump_only=True)
    body_html = fields.String(dump_only=True, metadata={"description": "Empty when hidden."})
    created_at = fields.DateTime(dump_only=True)
    edited_at = fields.DateTime(dump_only=True, allow_none=True)
    deleted = fields.Boolean(dump_only=True)
    helpful = fields.Boolean(dump_only=True)
    hidden = fields.Boolean(dump_only=True)
    hidden_reason = fields.String(dump_only=True, allow_none=True)


class CommentSchema(ReplySchema):
    replies = fields.List(fields.Nested(ReplySchema), dump_only=True)


class CommentCreateSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    parent_id = fields.Integer(allow_none=True, validate=ID_RANGE)


class CommentEditSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class HelpfulSchema(Schema):
    helpful = StrictBoolean(load_default=True)


class HideSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))


class BookmarkSchema(Schema):
    module = fields.Nested(ModuleSummarySchema, dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class BookmarkStateSchema(Schema):
    bookmarked = fields.Boolean(dump_only=True)


class ProgressSchema(Schema):
    done = fields.Integer(dump_only=True)
    total = fields.Integer(dump_only=True)
    percent = fields.Integer(dump_only=True)
    complete = fields.Boolean(dump_only=True)


class PathSchema(Schema):
    id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True)
    description = fields.String(dump_only=True)
    owner = fields.Nested(PersonBriefSchema, dump_only=True)
    modules = fields.List(fields.Nested(ModuleSummarySchema), dump_only=True)
    follower_count = fields.Integer(dump_only=True)
    following = fields.Boolean(dump_only=True)
    progress = fields.Nested(ProgressSchema, dump_only=True, allow_none=True)
    updated_at = fields.DateTime(dump_only=True)


class PathListArgsSchema(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=100))
    owner_id = fields.Integer(validate=ID_RANGE)


class PathWriteSchema(Schema):
    title = fields.String(validate=validate.Length(min=1, max=120))
    description = fields.String(validate=validate.Length(max=2000))
    module_ids = fields.List(
        fields.Integer(validate=ID_RANGE), validate=validate.Length(min=1, max=30)
    )


class PathCreateSchema(PathWriteSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    module_ids = fields.List(
        fields.Integer(validate=ID_RANGE), required=True, validate=validate.Length(min=1, max=30)
    )


class InProgressSchema(Schema):
    module = fields.Nested(ModuleSummarySchema, dump_only=True)
    visible_seconds = fields.Float(dump_only=True)
    last_viewed_at = fields.DateTime(dump_only=True)


class CompletedSchema(CompletionSchema):
    module = fields.Nested(ModuleSummarySchema, dump_only=True)


class MyLearningSchema(Schema):
    in_progress = fields.List(fields.Nested(InProgressSchema), dump_only=True)
    completed = fields.List(fields.Nested(CompletedSchema), dump_only=True)
    bookmarks = fields.List(fields.Nested(BookmarkSchema), dump_only=True)
    paths = fields.List(fields.Nested(PathSchema), dump_only=True)


class AuthorTotalsSchema(Schema):
    modules = fields.Integer(dump_only=True)
    readers = fields.Integer(dump_only=True)
    completions = fields.Integer(dump_only=True)
    claps = fields.Integer(dump_only=True)


class AuthorSchema(Schema):
    author = fields.Nested(PersonBriefSchema, dump_only=True)
    totals = fields.Nested(AuthorTotalsSchema, dump_only=True)


class TagCountSchema(Schema):
    name = fields.String(dump_only=True)
    modules = fields.Integer(dump_only=True)
