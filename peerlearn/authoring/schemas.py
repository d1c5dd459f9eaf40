"""Marshmallow schemas for the authoring, review, flag and request endpoints.

Input schemas check shapes; the services check the domain rules and name the field at fault
(``quiz.questions.2.choices``), so the quiz arrives as a plain object.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from peerlearn.api.schemas import ID_RANGE, PageArgsSchema, StrictBoolean
from peerlearn.authoring.community_models import RequestState
from peerlearn.authoring.models import Decision, SubmissionState
from peerlearn.authoring.quiz import KINDS
from peerlearn.authoring.review import SORTS
from peerlearn.content.models import FlagReason, ModuleState, Origin
from peerlearn.gamification.reward_schema import RewardSchema

QUIZ_EXAMPLE = {
    "pass_mark": 70,
    "questions": [
        {
            "kind": "single",
            "prompt": "Where do expense receipts go?",
            "choices": ["E-mail to Finance", "The expenses app"],
            "correct": [1],
            "explanation": "The app keeps the audit trail.",
        }
    ],
}


class ContributorSchema(Schema):
    id = fields.Integer(dump_only=True)
    display_name = fields.String(dump_only=True)


class TagNameSchema(Schema):
    name = fields.String(dump_only=True)


class QuizQuestionDefinitionSchema(Schema):
    kind = fields.String(metadata={"enum": list(KINDS)})
    prompt = fields.String()
    choices = fields.List(fields.String())
    correct = fields.List(fields.Integer(), metadata={"description": "Indexes into choices."})
    explanation = fields.String()


class QuizDefinitionSchema(Schema):
    pass_mark = fields.Integer(metadata={"description": "Percent needed to pass (default 70)."})
    questions = fields.List(fields.Nested(QuizQuestionDefinitionSchema))


class ModuleContentSchema(Schema):
    """A module's content. On update every field is optional (missing ones are kept)."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    summary = fields.String(validate=validate.Length(max=200))
    body_markdown = fields.String(validate=validate.Length(max=60_000))
    tags = fields.List(fields.String(validate=validate.Length(max=40)))
    quiz = fields.Dict(
        allow_none=True,
        metadata={"description": "A Quiz object, or null for none.", "example": QUIZ_EXAMPLE},
    )


class ModuleContentCreateSchema(ModuleContentSchema):
    slug = fields.String(
        validate=validate.Length(max=80),
        metadata={"description": "The address /m/<slug>; made from the title when left out."},
    )


class ModuleContentUpdateSchema(ModuleContentSchema):
    title = fields.String(validate=validate.Length(min=1, max=120))


class RevisionSummarySchema(Schema):
    id = fields.Integer(dump_only=True)
    number = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True)
    estimated_minutes = fields.Integer(dump_only=True)
    author = fields.Nested(ContributorSchema, dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    frozen_at = fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "Set once submitted."}
    )


class RevisionSchema(RevisionSummarySchema):
    summary = fields.String(dump_only=True)
    body_markdown = fields.String(dump_only=True)
    body_html = fields.String(dump_only=True, metadata={"description": "Sanitized HTML."})
    tags = fields.List(fields.String(), dump_only=True)
    quiz = fields.Nested(QuizDefinitionSchema, dump_only=True, allow_none=True)
    word_count = fields.Integer(dump_only=True)


class DecisionSchema(Schema):
    id = fields.Integer(dump_only=True)
    reviewer = fields.Nested(ContributorSchema, dump_only=True)
    decision = fields.String(dump_only=True, metadata={"enum": [d.value for d in Decision]})
    rubric = fields.Dict(keys=fields.String(), values=fields.Integer(), dump_only=True)
    comment = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class DecisionResultSchema(DecisionSchema):
    """A decision just recorded, with what it earned the reviewer."""

    awarded = fields.Nested(RewardSchema, dump_only=True)


class SubmissionSchema(Schema):
    id = fields.Integer(dump_only=True)
    module_id = fields.Integer(dump_only=True)
    revision_id = fields.Integer(dump_only=True)
    state = fields.String(dump_only=True, metadata={"enum": [s.value for s in SubmissionState]})
    published_on_submit = fields.Boolean(dump_only=True)
    submitted_at = fields.DateTime(dump_only=True)
    decided_at = fields.DateTime(dump_only=True, allow_none=True)
    claimed_by = fields.Nested(ContributorSchema, dump_only=True, allow_none=True)
    claimed_until = fields.DateTime(dump_only=True, allow_none=True)
    decision = fields.Nested(DecisionSchema, dump_only=True, allow_none=True)


class ModuleRefSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    state = fields.String(dump_only=True, metadata={"enum": [s.value for s in ModuleState]})


class AuthoredModuleSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    state = fields.String(dump_only=True, metadata={"enum": [s.value for s in ModuleState]})
    origin = fields.String(dump_only=True, metadata={"enum": [o.value for o in Origin]})
    author = fields.Nested(ContributorSchema, dump_only=True)
    tags = fields.Pluck(TagNameSchema, "name", many=True, dump_only=True)
    draft_revision_id = fields.Integer(dump_only=True, allow_none=True)
    published_revision_id = fields.Integer(dump_only=True, allow_none=True)
    has_pending_edit = fields.Boolean(dump_only=True)
    review_by = fields.Date(dump_only=True, allow_none=True)
    first_published_at = fields.DateTime(dump_only=True, allow_none=True)
    archived_reason = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class DraftModuleSchema(AuthoredModuleSchema):
    draft = fields.Nested(RevisionSchema, dump_only=True, allow_none=True)
    published = fields.Nested(RevisionSchema, dump_only=True, allow_none=True)
    pending_submission = fields.Nested(SubmissionSchema, dump_only=True, allow_none=True)
    warnings = fields.List(fields.String(), dump_only=True)


class AuthoredModuleListArgsSchema(PageArgsSchema):
    state = fields.String(validate=validate.OneOf([s.value for s in ModuleState]))


class DiffArgsSchema(Schema):
    from_id = fields.Integer(
        data_key="from",
        validate=ID_RANGE,
        metadata={"description": "Older revision id (default: the one before ``to``)."},
    )
    to_id = fields.Integer(
        data_key="to",
        validate=ID_RANGE,
        metadata={"description": "Newer revision id (default: the current one)."},
    )


class DiffLineSchema(Schema):
    kind = fields.String(metadata={"enum": ["same", "added", "removed", "gap"]})
    text = fields.String()


class DiffSectionSchema(Schema):
    name = fields.String()
    changed = fields.Boolean()
    lines = fields.List(fields.Nested(DiffLineSchema))


class DiffSchema(Schema):
    from_id = fields.Integer(data_key="from", allow_none=True)
    to_id = fields.Integer(data_key="to")
    sections = fields.List(fields.Nested(DiffSectionSchema))
    html = fields.String(metadata={"description": "The changed sections as escaped HTML."})


class PreviewInputSchema(Schema):
    body_markdown = fields.String(load_default="", validate=validate.Length(max=60_000))
    quiz = fields.Dict(allow_none=True, load_default=None)


class PreviewSchema(Schema):
    html = fields.String()
    word_count = fields.Integer()
    estimated_minutes = fields.Integer()
    links = fields.List(fields.String())
    warnings = fields.List(fields.String())


class TagArgsSchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=40))


class ReviewBySchema(Schema):
    review_by = fields.Date(required=True)


class QueueArgsSchema(PageArgsSchema):
    tag = fields.String(validate=validate.Length(max=40))
    department_id = fields.Integer(validate=ID_RANGE)
    claim = fields.String(load_default="all", validate=validate.OneOf(["all", "unclaimed", "mine"]))
    sort = fields.String(load_default="oldest", validate=validate.OneOf(list(SORTS)))


class QueueItemSchema(SubmissionSchema):
    module = fields.Nested(AuthoredModuleSchema, dump_only=True)
    revision = fields.Nested(RevisionSummarySchema, dump_only=True)


class SubmissionDetailSchema(SubmissionSchema):
    module = fields.Nested(AuthoredModuleSchema, dump_only=True)
    revision = fields.Nested(RevisionSchema, dump_only=True)
    compared_with = fields.Nested(
        RevisionSummarySchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "The revision submitted before (else the published one)."},
    )
    diff_html = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Changes since ``compared_with``: escaped <ins>/<del> lines."},
    )


class DecideSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf([d.value for d in Decision]))
    rubric = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        load_default=dict,
        metadata={"description": "Criterion key → 1–5; every criterion to approve."},
    )
    comment = fields.String(load_default="", validate=validate.Length(max=4000))
    official = StrictBoolean(allow_none=True, load_default=None)


class ReviewerLoadSchema(Schema):
    reviewer_id = fields.Integer()
    name = fields.String()
    claimed = fields.Integer()
    decided_30_days = fields.Integer()


class QueueHealthSchema(Schema):
    module_states = fields.Dict(keys=fields.String(), values=fields.Integer())
    pending = fields.Integer()
    claimed = fields.Integer()
    median_hours = fields.Float()
    oldest_hours = fields.Float()
    per_reviewer = fields.Float()
    alert_threshold = fields.Integer()
    alert = fields.Boolean()
    load = fields.List(fields.Nested(ReviewerLoadSchema))
    longest_waiting = fields.List(fields.Nested(QueueItemSchema))


class OriginSchema(Schema):
    origin = fields.String(required=True, validate=validate.OneOf([o.value for o in Origin]))


class ReasonSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class FlagInputSchema(Schema):
    module_id = fields.Integer(required=True, validate=ID_RANGE)
    reason = fields.String(required=True, validate=validate.OneOf([r.value for r in FlagReason]))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class FlagSchema(Schema):
    id = fields.Integer(dump_only=True)
    module = fields.Nested(ModuleRefSchema, dump_only=True)
    revision_id = fields.Integer(dump_only=True, allow_none=True)
    reason = fields.String(dump_only=True)
    note = fields.String(dump_only=True)
    state = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    resolution = fields.String(dump_only=True)
    resolved_at = fields.DateTime(dump_only=True, allow_none=True)


class FlagQueueArgsSchema(PageArgsSchema):
    state = fields.String(load_default="open", validate=validate.OneOf(["open", "with_author"]))


class NoteSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class CriterionSchema(Schema):
    key = fields.String(dump_only=True)
    label = fields.String(required=True, validate=validate.Length(min=1, max=80))
    help = fields.String(load_default="", validate=validate.Length(max=200))
    active = StrictBoolean()
    position = fields.Integer(dump_only=True)


class CriterionUpdateSchema(Schema):
    label = fields.String(validate=validate.Length(min=1, max=80))
    help = fields.String(validate=validate.Length(max=200))
    active = StrictBoolean()


class ContentRequestInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    priority = StrictBoolean(load_default=False)


class ContentRequestSchema(Schema):
    id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True)
    description = fields.String(dump_only=True)
    requester = fields.Nested(ContributorSchema, dump_only=True)
    priority = fields.Boolean(dump_only=True)
    state = fields.String(dump_only=True, metadata={"enum": [s.value for s in RequestState]})
    taken_by = fields.Nested(ContributorSchema, dump_only=True, allow_none=True)
    module_id = fields.Integer(dump_only=True, allow_none=True)
    votes = fields.Integer(dump_only=True)
    voted = fields.Boolean(dump_only=True, metadata={"description": "Whether you upvoted it."})
    created_at = fields.DateTime(dump_only=True)
    fulfilled_at = fields.DateTime(dump_only=True, allow_none=True)


class ContentRequestListArgsSchema(PageArgsSchema):
    state = fields.String(
        load_default="open", validate=validate.OneOf([s.value for s in RequestState])
    )


class VotesSchema(Schema):
    votes = fields.Integer()
