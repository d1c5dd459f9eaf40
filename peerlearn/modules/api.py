"""Catalog, reading, quiz, claps, comments and bookmarks under /api/v1/modules and
/api/v1/comments. Thin: parse, call one service, commit once, serialize."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import fields

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.api.pagination import paginate
from peerlearn.api.schemas import page_of
from peerlearn.content.queries import get_live_module_by_id
from peerlearn.errors import NotFoundError
from peerlearn.extensions import db
from peerlearn.gamification import reward
from peerlearn.modules import reading, serialize, social
from peerlearn.modules.next_step import next_steps
from peerlearn.modules.quizzing import public_quiz
from peerlearn.modules.schemas import (
    AttemptArgsSchema,
    AttemptResultSchema,
    BookmarkStateSchema,
    CatalogModuleSchema,
    ClapArgsSchema,
    ClapResultSchema,
    CommentCreateSchema,
    CommentEditSchema,
    CommentSchema,
    CompletionResultSchema,
    HelpfulSchema,
    HideSchema,
    ModuleSearchArgsSchema,
    ModuleSummarySchema,
    ReaderQuizSchema,
    ReadingSchema,
    ReadingStateSchema,
)
from peerlearn.modules.search import SearchFilters, catalog_search
from peerlearn.permissions import signed_in_required


class ModuleSearchPageSchema(page_of(ModuleSummarySchema)):  # type: ignore[misc]
    suggestion = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The query corrected to words the catalog knows, when a "
            "word was unknown (show it as “Did you mean …”); null otherwise."
        },
    )


modules_blp = ApiBlueprint(
    "modules_api",
    __name__,
    url_prefix="/api/v1/modules",
    description="The catalog of published modules: search, read, complete, quiz, clap, comment.",
)
comments_blp = ApiBlueprint(
    "comments", __name__, url_prefix="/api/v1/comments", description="Comments on modules."
)


def _status(user: Any, module: Any) -> dict[str, Any]:
    status = reading.quiz_status(user, module)
    return {
        "can_attempt": status.can_attempt,
        "reason": status.reason,
        "passed": status.passed,
        "attempts_today": status.attempts_today,
        "limit": status.limit,
        "next_attempt_at": status.next_attempt_at,
    }


@modules_blp.get("")
@signed_in_required
@modules_blp.arguments(ModuleSearchArgsSchema, location="query")
@modules_blp.response(200, ModuleSearchPageSchema)
def search(args: dict[str, Any]) -> dict[str, Any]:
    """Search the catalog: full text over title, summary, body and tags, ranked; filters by
    tag, origin, length and author's department; sorts newest, popular (completions in 30
    days), claps, completion_rate. Any word may match (more matched words rank higher), word
    starts match ("onboard" finds "onboarding"), admins' synonyms count, and a word the
    catalog does not know is corrected to the closest one it does: ``suggestion`` then holds
    the corrected query ("Did you mean …"), else null."""
    page, per_page = args.pop("page"), args.pop("per_page")
    found = catalog_search(SearchFilters(**args))
    result = paginate(found.stmt, page, per_page)
    result["items"] = serialize.module_summaries(result["items"])
    result["suggestion"] = found.suggestion
    return result


@modules_blp.get("/<int:module_id>")
@signed_in_required
@modules_blp.response(200, CatalogModuleSchema)
def get_module(module_id: int) -> dict[str, Any]:
    """A published module with its rendered body and your own state (no view recorded:
    POST ``/views`` for that)."""
    return serialize.module_detail(get_live_module_by_id(module_id), current_user)


@modules_blp.post("/<int:module_id>/views")
@signed_in_required
@modules_blp.response(201, ReadingStateSchema)
def record_view(module_id: int) -> Any:
    """Record that you opened the module (a ``module_viewed`` event)."""
    progress = reading.view_module(current_user, get_live_module_by_id(module_id))
    db.session.commit()
    return progress


@modules_blp.post("/<int:module_id>/reading")
@signed_in_required
@modules_blp.arguments(ReadingSchema)
@modules_blp.response(200, ReadingStateSchema)
def record_reading(body: dict[str, float], module_id: int) -> Any:
    """Report visible-page reading time: the seconds since your last report. Credited at
    most the wall-clock time since your last accepted report or your opening of the module
    (``POST /views``), and at most 30 minutes; a report for a module you have not opened is
    refused (409) and writes nothing."""
    module = get_live_module_by_id(module_id)
    reading.record_reading_time(current_user, module, body["seconds"])
    db.session.commit()
    return reading.progress_of(current_user, module)


def _next(module: Any) -> list[dict[str, Any]]:
    return [
        {"id": s.module.id, "slug": s.module.slug, "title": s.module.title, "why": s.why}
        for s in next_steps(current_user, module)
    ]


@modules_blp.post("/<int:module_id>/completion")
@signed_in_required
@modules_blp.response(200, CompletionResultSchema)
def complete(module_id: int) -> Any:
    """Complete a module without a quiz (once: again answers the first completion).
    ``awarded`` says what it earned you (or why nothing); ``next_steps`` what to read next."""
    module = get_live_module_by_id(module_id)
    with reward.watch() as seen:
        completion, created = reading.complete_module(current_user, module)
        db.session.commit()
    awarded = reward.summarize(current_user, seen.event_ids, "complete", repeat=not created)
    return serialize.completion(completion) | {
        "created": created,
        "awarded": awarded.as_dict(),
        "next_steps": _next(module),
    }


@modules_blp.get("/<int:module_id>/quiz")
@signed_in_required
@modules_blp.response(200, ReaderQuizSchema)
def get_quiz(module_id: int) -> dict[str, Any]:
    """The quiz's questions and choices (never the answers) and whether you may attempt."""
    module = get_live_module_by_id(module_id)
    quiz = public_quiz(module.published_revision.quiz)
    if quiz is None:
        raise NotFoundError("This module has no quiz.")
    return {**quiz, "status": _status(current_user, module)}


@modules_blp.post("/<int:module_id>/quiz/attempts")
@signed_in_required
@modules_blp.arguments(AttemptArgsSchema)
@modules_blp.response(201, AttemptResultSchema)
def attempt(body: dict[str, Any], module_id: int) -> dict[str, Any]:
    """Submit answers; see the score and which answers were right. Explanations and the
    right answers come with a pass only (``revealed``). Passing completes the module. Failed
    attempts wait a cooldown, and the daily limit counts a rolling 24 hours. ``awarded`` says
    what the attempt earned you, or why nothing."""
    module = get_live_module_by_id(module_id)
    with reward.watch() as seen:
        result = reading.attempt_quiz(current_user, module, body["answers"])
        db.session.commit()
    awarded = reward.summarize(current_user, seen.event_ids, "quiz")
    return {
        "attempt": result.attempt.number,
        "score": result.attempt.score,
        "passed": result.attempt.passed,
        "revealed": result.revealed,
        "results": [vars(r) for r in result.results],
        "completion": serialize.completion(result.completion) if result.completion else None,
        "awarded": awarded.as_dict(),
        "next_steps": _next(module) if result.attempt.passed else [],
    }


@modules_blp.post("/<int:module_id>/claps")
@signed_in_required
@modules_blp.arguments(ClapArgsSchema)
@modules_blp.response(200, ClapResultSchema)
def clap(body: dict[str, int], module_id: int) -> Any:
    """Clap 1..cap times (the cap is per reader per module; authors cannot clap their own).
    ``awarded``: what your claps gave the author (``given``), in plain words."""
    with reward.watch() as seen:
        result = social.clap(current_user, get_live_module_by_id(module_id), body["count"])
        db.session.commit()
    awarded = reward.summarize(current_user, seen.event_ids, "clap")
    return vars(result) | {"awarded": awarded.as_dict()}


@modules_blp.get("/<int:module_id>/comments")
@signed_in_required
@modules_blp.response(200, CommentSchema(many=True))
def list_comments(module_id: int) -> list[dict[str, Any]]:
    """Comments, oldest first, each with its replies."""
    module = get_live_module_by_id(module_id)
    return [
        serialize.comment(c, current_user, replies)
        for c, replies in social.comments_on(module, current_user)
    ]


@modules_blp.post("/<int:module_id>/comments")
@signed_in_required
@modules_blp.arguments(CommentCreateSchema)
@modules_blp.response(201, CommentSchema)
def post_comment(body: dict[str, Any], module_id: int) -> dict[str, Any]:
    """Comment (Markdown, sanitized), or reply with ``parent_id``."""
    module = get_live_module_by_id(module_id)
    comment = social.post_comment(current_user, module, body["body"], body.get("parent_id"))
    db.session.commit()
    return serialize.comment(comment, current_user, [])


@modules_blp.put("/<int:module_id>/bookmark")
@signed_in_required
@modules_blp.response(200, BookmarkStateSchema)
def bookmark(module_id: int) -> dict[str, bool]:
    """Save the module to read later (again is harmless)."""
    social.add_bookmark(current_user, get_live_module_by_id(module_id))
    db.session.commit()
    return {"bookmarked": True}


@modules_blp.delete("/<int:module_id>/bookmark")
@signed_in_required
@modules_blp.response(200, BookmarkStateSchema)
def unbookmark(module_id: int) -> dict[str, bool]:
    """Remove the bookmark."""
    social.remove_bookmark(current_user, get_live_module_by_id(module_id))
    db.session.commit()
    return {"bookmarked": False}


@comments_blp.patch("/<int:comment_id>")
@signed_in_required
@comments_blp.arguments(CommentEditSchema)
@comments_blp.response(200, CommentSchema)
def edit_comment(body: dict[str, str], comment_id: int) -> dict[str, Any]:
    """Edit your comment."""
    comment = social.edit_comment(current_user, social.get_comment(comment_id), body["body"])
    db.session.commit()
    return serialize.comment(comment, current_user)


@comments_blp.delete("/<int:comment_id>")
@signed_in_required
@comments_blp.response(204)
def delete_comment(comment_id: int) -> None:
    """Delete your comment (replies to it stay)."""
    social.delete_comment(current_user, social.get_comment(comment_id))
    db.session.commit()


@comments_blp.post("/<int:comment_id>/helpful")
@signed_in_required
@comments_blp.arguments(HelpfulSchema)
@comments_blp.response(200, CommentSchema)
def mark_helpful(body: dict[str, bool], comment_id: int) -> dict[str, Any]:
    """The module's author marks a comment helpful (``helpful: false`` unmarks it)."""
    comment = social.mark_helpful(current_user, social.get_comment(comment_id), body["helpful"])
    db.session.commit()
    return serialize.comment(comment, current_user)


@comments_blp.post("/<int:comment_id>/hide")
@signed_in_required
@comments_blp.arguments(HideSchema)
@comments_blp.response(200, CommentSchema)
def hide_comment(body: dict[str, str], comment_id: int) -> dict[str, Any]:
    """Reviewers hide a comment, with a reason everyone sees."""
    comment = social.hide_comment(current_user, social.get_comment(comment_id), body["reason"])
    db.session.commit()
    return serialize.comment(comment, current_user)


BLUEPRINTS: tuple[ApiBlueprint, ...] = (modules_blp, comments_blp)
