"""Authoring endpoints under /api/v1: your modules (drafts CRUD, submit, withdraw, revisions,
diffs, freshness), the Markdown preview, tags, flags and content requests."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.api.pagination import paginate
from peerlearn.api.schemas import page_of
from peerlearn.authoring import content_requests, drafting, flags, queries, services
from peerlearn.authoring.diff import diff_html, diff_revisions
from peerlearn.authoring.drafting import draft_preview, suggest_tags
from peerlearn.authoring.schemas import (
    AuthoredModuleListArgsSchema,
    AuthoredModuleSchema,
    ContentRequestInputSchema,
    ContentRequestListArgsSchema,
    ContentRequestSchema,
    DiffArgsSchema,
    DiffSchema,
    DraftModuleSchema,
    FlagInputSchema,
    FlagSchema,
    ModuleContentCreateSchema,
    ModuleContentUpdateSchema,
    PreviewInputSchema,
    PreviewSchema,
    ReviewBySchema,
    RevisionSchema,
    RevisionSummarySchema,
    SubmissionSchema,
    TagArgsSchema,
    TagNameSchema,
    VotesSchema,
)
from peerlearn.content import queries as content_queries
from peerlearn.content.models import Module
from peerlearn.errors import PermissionDenied
from peerlearn.extensions import db
from peerlearn.permissions import can_edit_module, signed_in_required

blp = ApiBlueprint(
    "authoring_api",
    __name__,
    url_prefix="/api/v1/authoring",
    description="Write modules: drafts, submission, revisions and diffs, preview, tags.",
)
flags_blp = ApiBlueprint(
    "flags_api", __name__, url_prefix="/api/v1/flags", description="Flag a published module."
)
requests_blp = ApiBlueprint(
    "requests_api",
    __name__,
    url_prefix="/api/v1/requests",
    description="Content requests: ask for a topic, upvote, take it on.",
)
BLUEPRINTS = (blp, flags_blp, requests_blp)
REQUEST_FIELDS = tuple(ContentRequestSchema().fields)


def _detail(module: Module, warnings: list[str] | None = None) -> dict[str, Any]:
    draft = module.draft_revision
    return {
        **{name: getattr(module, name) for name in AuthoredModuleSchema().fields},
        "draft": draft,
        "published": module.published_revision,
        "pending_submission": queries.pending_submission(module),
        "warnings": warnings if warnings is not None else _warnings(draft),
    }


def _warnings(draft: Any) -> list[str]:
    return drafting.revision_warnings(draft) if draft is not None else []


def _own(module_id: int) -> Module:
    module = queries.get_module_for(current_user, module_id)
    if not can_edit_module(current_user, module):
        raise PermissionDenied("Only the author changes a module.")
    return module


@blp.get("/modules")
@signed_in_required
@blp.arguments(AuthoredModuleListArgsSchema, location="query")
@blp.response(200, page_of(AuthoredModuleSchema))
def list_my_modules(args: dict[str, Any]) -> dict[str, Any]:
    """Your modules (optionally in one ``state``), most recently changed first."""
    stmt = queries.modules_by_author(current_user, args.get("state"))
    return paginate(stmt, args["page"], args["per_page"])


@blp.post("/modules")
@signed_in_required
@blp.arguments(ModuleContentCreateSchema)
@blp.response(201, DraftModuleSchema)
def create_module(body: dict[str, Any]) -> dict[str, Any]:
    """Start a module as a draft. ``warnings`` names links to missing modules and length."""
    slug = body.pop("slug", None)
    result = services.create_module(current_user, body, slug=slug)
    db.session.commit()
    return _detail(result.revision.module, result.warnings)


@blp.get("/modules/<int:module_id>")
@signed_in_required
@blp.response(200, DraftModuleSchema)
def get_module(module_id: int) -> dict[str, Any]:
    """A module with its working and published revisions (the author and reviewers)."""
    return _detail(queries.get_module_for(current_user, module_id))


@blp.patch("/modules/<int:module_id>")
@signed_in_required
@blp.arguments(ModuleContentUpdateSchema)
@blp.response(200, DraftModuleSchema)
def save_draft(body: dict[str, Any], module_id: int) -> dict[str, Any]:
    """Save the draft. After a submission or publication this starts a new revision."""
    result = services.save_draft(current_user, _own(module_id), body)
    db.session.commit()
    return _detail(result.revision.module, result.warnings)


@blp.delete("/modules/<int:module_id>")
@signed_in_required
@blp.response(204)
def delete_draft(module_id: int) -> None:
    """Delete a draft that was never submitted."""
    services.delete_draft(current_user, _own(module_id))
    db.session.commit()


@blp.post("/modules/<int:module_id>/submit")
@signed_in_required
@blp.response(200, SubmissionSchema)
def submit(module_id: int) -> Any:
    """Submit the working revision; the vetting policy decides whether it publishes at once."""
    submission = services.submit(current_user, _own(module_id))
    db.session.commit()
    return submission


@blp.post("/modules/<int:module_id>/withdraw")
@signed_in_required
@blp.response(200, SubmissionSchema)
def withdraw(module_id: int) -> Any:
    """Take a submission back before a reviewer decides."""
    submission = services.withdraw(current_user, _own(module_id))
    db.session.commit()
    return submission


@blp.get("/modules/<int:module_id>/revisions")
@signed_in_required
@blp.response(200, RevisionSummarySchema(many=True))
def list_revisions(module_id: int) -> Any:
    """Every revision, newest first."""
    return queries.revisions_of(queries.get_module_for(current_user, module_id))


@blp.get("/modules/<int:module_id>/revisions/<int:revision_id>")
@signed_in_required
@blp.response(200, RevisionSchema)
def get_revision(module_id: int, revision_id: int) -> Any:
    """One revision in full."""
    return queries.get_revision(queries.get_module_for(current_user, module_id), revision_id)


@blp.get("/modules/<int:module_id>/submissions")
@signed_in_required
@blp.response(200, SubmissionSchema(many=True))
def list_submissions(module_id: int) -> Any:
    """Every submission with its decision: the module's review history."""
    return queries.submissions_of(queries.get_module_for(current_user, module_id))


@blp.get("/modules/<int:module_id>/diff")
@signed_in_required
@blp.arguments(DiffArgsSchema, location="query")
@blp.response(200, DiffSchema)
def diff(args: dict[str, Any], module_id: int) -> dict[str, Any]:
    """The changes between two revisions (by default: the current one and the one before)."""
    module = queries.get_module_for(current_user, module_id)
    older, newer = queries.diff_pair(module, args.get("to_id"), args.get("from_id"))
    sections = diff_revisions(older, newer)
    return {
        "from_id": older.id if older else None,
        "to_id": newer.id,
        "sections": sections,
        "html": str(diff_html(sections)),
    }


@blp.post("/modules/<int:module_id>/reconfirm")
@signed_in_required
@blp.response(200, AuthoredModuleSchema)
def reconfirm(module_id: int) -> Module:
    """Confirm a published module is still right: its review-by date moves on."""
    module = flags.reconfirm(current_user, queries.get_module_for(current_user, module_id))
    db.session.commit()
    return module


@blp.put("/modules/<int:module_id>/review-by")
@signed_in_required
@blp.arguments(ReviewBySchema)
@blp.response(200, AuthoredModuleSchema)
def set_review_by(body: dict[str, Any], module_id: int) -> Module:
    """Choose the module's own review-by date."""
    module = queries.get_module_for(current_user, module_id)
    flags.set_review_by(current_user, module, body["review_by"])
    db.session.commit()
    return module


@blp.post("/preview")
@signed_in_required
@blp.arguments(PreviewInputSchema)
@blp.response(200, PreviewSchema)
def preview(body: dict[str, Any]) -> dict[str, Any]:
    """Render Markdown exactly as readers will see it (nothing is saved)."""
    # The same function as saving, so the preview and the saved module always agree.
    rendered, minutes, warnings = draft_preview(body["body_markdown"], body.get("quiz"))
    return {
        "html": rendered.html,
        "word_count": rendered.word_count,
        "estimated_minutes": minutes,
        "links": rendered.links,
        "warnings": warnings,
    }


@blp.get("/tags")
@signed_in_required
@blp.arguments(TagArgsSchema, location="query")
@blp.response(200, TagNameSchema(many=True))
def list_tags(args: dict[str, str]) -> list[dict[str, str]]:
    """Existing tags starting with ``q`` (new tags are created when a module is saved)."""
    return [{"name": name} for name in suggest_tags(args["q"])]


@flags_blp.post("")
@signed_in_required
@flags_blp.arguments(FlagInputSchema)
@flags_blp.response(201, FlagSchema)
def flag_module(body: dict[str, Any]) -> Any:
    """Flag a published module (once per reader per module)."""
    module = content_queries.get_module(body["module_id"])
    flag = flags.flag_module(current_user, module, body["reason"], body["note"])
    db.session.commit()
    return flag


def _request_row(item: Any, votes: int, voted: set[int]) -> dict[str, Any]:
    return {
        **{
            name: getattr(item, name)
            for name in ContentRequestSchema().fields
            if hasattr(item, name)
        },
        "votes": votes,
        "voted": item.id in voted,
    }


@requests_blp.get("")
@signed_in_required
@requests_blp.arguments(ContentRequestListArgsSchema, location="query")
@requests_blp.response(200, page_of(ContentRequestSchema))
def list_requests(args: dict[str, Any]) -> dict[str, Any]:
    """Requests in one state: priority first, then most upvoted, then oldest."""
    page = paginate(content_requests.list_requests(args["state"]), args["page"], args["per_page"])
    ids = [item.id for item in page["items"]]
    votes, voted = content_requests.vote_counts(ids), content_requests.voted_by(current_user, ids)
    page["items"] = [_request_row(item, votes[item.id], voted) for item in page["items"]]
    return page


@requests_blp.post("")
@signed_in_required
@requests_blp.arguments(ContentRequestInputSchema)
@requests_blp.response(201, ContentRequestSchema)
def post_request(body: dict[str, Any]) -> dict[str, Any]:
    """Ask for a module on a topic (``priority`` is for L&D)."""
    item = content_requests.post_request(
        current_user, body["title"], body["description"], body["priority"]
    )
    db.session.commit()
    return _request_row(item, 0, set())


@requests_blp.post("/<int:request_id>/vote")
@signed_in_required
@requests_blp.response(200, VotesSchema)
def upvote(request_id: int) -> dict[str, int]:
    """Upvote a request (again is harmless)."""
    votes = content_requests.upvote(current_user, content_requests.get_request(request_id))
    db.session.commit()
    return {"votes": votes}


@requests_blp.delete("/<int:request_id>/vote")
@signed_in_required
@requests_blp.response(200, VotesSchema)
def remove_upvote(request_id: int) -> dict[str, int]:
    """Take your upvote back."""
    votes = content_requests.remove_upvote(current_user, content_requests.get_request(request_id))
    db.session.commit()
    return {"votes": votes}


@requests_blp.post("/<int:request_id>/take")
@signed_in_required
@requests_blp.response(201, DraftModuleSchema)
def take(request_id: int) -> dict[str, Any]:
    """Take a request on: it becomes yours and a draft module is started for it."""
    result = content_requests.take_request(current_user, content_requests.get_request(request_id))
    db.session.commit()
    return _detail(result.revision.module, result.warnings)


@requests_blp.post("/<int:request_id>/release")
@signed_in_required
@requests_blp.response(200, ContentRequestSchema)
def release(request_id: int) -> dict[str, Any]:
    """Give a request you took back to everyone."""
    item = content_requests.release_request(current_user, content_requests.get_request(request_id))
    db.session.commit()
    return _request_row(item, content_requests.votes_for(item), set())
