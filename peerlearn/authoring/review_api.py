"""Reviewer endpoints under /api/v1/review: queue, health, claim, decide, origin, archive,
restore, flags, freshness and the rubric (admins edit it)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.api.pagination import paginate
from peerlearn.api.schemas import PageArgsSchema, page_of
from peerlearn.authoring import flags, queries, review, rubric
from peerlearn.authoring.diff import diff_html, diff_revisions
from peerlearn.authoring.models import RubricCriterion
from peerlearn.authoring.schemas import (
    AuthoredModuleSchema,
    CriterionSchema,
    CriterionUpdateSchema,
    DecideSchema,
    DecisionResultSchema,
    FlagQueueArgsSchema,
    FlagSchema,
    NoteSchema,
    OriginSchema,
    QueueArgsSchema,
    QueueHealthSchema,
    QueueItemSchema,
    ReasonSchema,
    SubmissionDetailSchema,
    SubmissionSchema,
)
from peerlearn.content.models import Module
from peerlearn.content.queries import get_module
from peerlearn.extensions import db
from peerlearn.gamification import reward
from peerlearn.permissions import admin_required, reviewer_required

blp = ApiBlueprint(
    "review_api",
    __name__,
    url_prefix="/api/v1/review",
    description="Vetting (reviewers): the queue, claims, decisions, flags and freshness.",
)


class Extended:
    """An object as a response schema dumps it, with extra attributes (a submission with its
    baseline and diff; a decision with its reward)."""

    def __init__(self, item: Any, **extra: Any) -> None:
        self._item = item
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)


@blp.get("/queue")
@reviewer_required
@blp.arguments(QueueArgsSchema, location="query")
@blp.response(200, page_of(QueueItemSchema))
def list_queue(args: dict[str, Any]) -> dict[str, Any]:
    """Pending submissions by others, oldest first; filter by tag, department and claim."""
    stmt = review.queue(
        current_user,
        tag=args.get("tag"),
        department_id=args.get("department_id"),
        claim_filter=args["claim"],
        sort=args["sort"],
    )
    return paginate(stmt, args["page"], args["per_page"])


@blp.get("/health")
@reviewer_required
@blp.response(200, QueueHealthSchema)
def queue_health() -> dict[str, Any]:
    """Counts by state, median and oldest time in queue, load per reviewer, backlog alert."""
    return review.queue_health()


@blp.get("/submissions/<int:submission_id>")
@reviewer_required
@blp.response(200, SubmissionDetailSchema)
def get_submission(submission_id: int) -> Any:
    """A submission with the revision to review in full (quiz answers included), and what
    changed since the revision submitted before it (or the published one): ``compared_with``
    and ``diff_html`` (escaped ``<ins>``/``<del>`` lines)."""
    item = queries.get_submission(submission_id)
    baseline = queries.review_baseline(item)
    html = str(diff_html(diff_revisions(baseline, item.revision))) if baseline else None
    return Extended(item, compared_with=baseline, diff_html=html)


@blp.post("/submissions/<int:submission_id>/claim")
@reviewer_required
@blp.response(200, SubmissionSchema)
def claim(submission_id: int) -> Any:
    """Claim a submission; 409 when a colleague holds an unexpired claim."""
    submission = review.claim(current_user, queries.get_submission(submission_id))
    db.session.commit()
    return submission


@blp.post("/submissions/<int:submission_id>/release")
@reviewer_required
@blp.response(200, SubmissionSchema)
def release(submission_id: int) -> Any:
    """Give your claim back."""
    submission = review.release(current_user, queries.get_submission(submission_id))
    db.session.commit()
    return submission


@blp.post("/submissions/<int:submission_id>/decision")
@reviewer_required
@blp.arguments(DecideSchema)
@blp.response(201, DecisionResultSchema)
def decide(body: dict[str, Any], submission_id: int) -> Any:
    """Approve (every rubric criterion scored), request changes (comment) or reject (reason).
    ``awarded``: what deciding earned you (approve and reject pay; a change request does not)."""
    with reward.watch() as seen:
        record = review.decide(
            current_user,
            queries.get_submission(submission_id),
            body["decision"],
            body["rubric"],
            body["comment"],
            official=body["official"],
        )
        db.session.commit()
    awarded = reward.summarize(current_user, seen.event_ids, "review")
    return Extended(record, awarded=awarded.as_dict())


@blp.put("/modules/<int:module_id>/origin")
@reviewer_required
@blp.arguments(OriginSchema)
@blp.response(200, AuthoredModuleSchema)
def set_origin(body: dict[str, str], module_id: int) -> Module:
    """Mark a module official (L&D) or peer."""
    module = review.set_origin(current_user, get_module(module_id), body["origin"])
    db.session.commit()
    return module


@blp.post("/modules/<int:module_id>/archive")
@reviewer_required
@blp.arguments(ReasonSchema)
@blp.response(200, AuthoredModuleSchema)
def archive(body: dict[str, str], module_id: int) -> Module:
    """Unpublish a module with a reason the author sees."""
    module = flags.archive_module(current_user, get_module(module_id), body["reason"])
    db.session.commit()
    return module


@blp.post("/modules/<int:module_id>/restore")
@reviewer_required
@blp.response(200, AuthoredModuleSchema)
def restore(module_id: int) -> Module:
    """Publish an archived module again."""
    module = flags.restore_module(current_user, get_module(module_id))
    db.session.commit()
    return module


@blp.get("/flags")
@reviewer_required
@blp.arguments(FlagQueueArgsSchema, location="query")
@blp.response(200, page_of(FlagSchema))
def list_flags(args: dict[str, Any]) -> dict[str, Any]:
    """Open flags (or ``with_author``: outdated ones waiting for the author), oldest first."""
    return paginate(flags.flag_queue(current_user, args["state"]), args["page"], args["per_page"])


@blp.post("/flags/<int:flag_id>/dismiss")
@reviewer_required
@blp.arguments(NoteSchema)
@blp.response(200, FlagSchema)
def dismiss_flag(body: dict[str, str], flag_id: int) -> Any:
    """The module is fine: close the flag."""
    flag = flags.dismiss_flag(current_user, flags.get_flag(flag_id), body["note"])
    db.session.commit()
    return flag


@blp.get("/freshness")
@reviewer_required
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_of(AuthoredModuleSchema))
def list_stale(args: dict[str, int]) -> dict[str, Any]:
    """Published modules past their review-by date, oldest first."""
    return paginate(flags.stale_modules(), args["page"], args["per_page"])


@blp.get("/rubric")
@reviewer_required
@blp.response(200, CriterionSchema(many=True))
def list_criteria() -> list[RubricCriterion]:
    """The rubric's criteria, in order."""
    return rubric.rubric_criteria(include_inactive=True)


@blp.post("/rubric")
@admin_required
@blp.arguments(CriterionSchema)
@blp.response(201, CriterionSchema)
def add_criterion(body: dict[str, Any]) -> RubricCriterion:
    """Add a criterion (admins)."""
    criterion = rubric.add_criterion(current_user, body["label"], body["help"])
    db.session.commit()
    return criterion


@blp.patch("/rubric/<key>")
@admin_required
@blp.arguments(CriterionUpdateSchema)
@blp.response(200, CriterionSchema)
def update_criterion(body: dict[str, Any], key: str) -> RubricCriterion:
    """Rename a criterion, change its guidance, or switch it off (admins)."""
    criterion = rubric.update_criterion(current_user, key, body)
    db.session.commit()
    return criterion
