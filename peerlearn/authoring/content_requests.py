"""Content requests: anyone asks for a missing topic, others upvote, an author takes it on,
and the module's first publication fulfils it (``request_fulfilled``, in ``services``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from peerlearn.authoring.community_models import ContentRequest, ContentRequestVote, RequestState
from peerlearn.authoring.services import SaveResult, create_module
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event
from peerlearn.extensions import db
from peerlearn.permissions import can_post_priority_request

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
STATES = tuple(state.value for state in RequestState)


def get_request(request_id: int) -> ContentRequest:
    request = db.session.get(ContentRequest, request_id)
    if request is None:
        raise NotFoundError("No such request.")
    return request


def vote_count_column() -> Any:
    """A correlated count of a request's upvotes."""
    return (
        select(func.count())
        .select_from(ContentRequestVote)
        .where(ContentRequestVote.request_id == ContentRequest.id)
        .correlate(ContentRequest)
        .scalar_subquery()
    )


def list_requests(state: str | None = RequestState.OPEN.value) -> Select[Any]:
    """Requests: L&D's priority first, then most upvoted, then oldest."""
    stmt = select(ContentRequest)
    if state:
        stmt = stmt.where(ContentRequest.state == state)
    return stmt.order_by(
        ContentRequest.priority.desc(),
        vote_count_column().desc(),
        ContentRequest.created_at,
        ContentRequest.id,
    )


def vote_counts(request_ids: list[int]) -> dict[int, int]:
    """Upvotes per request, for a page of requests."""
    counts = dict.fromkeys(request_ids, 0)
    if request_ids:
        rows = db.session.execute(
            select(ContentRequestVote.request_id, func.count())
            .where(ContentRequestVote.request_id.in_(request_ids))
            .group_by(ContentRequestVote.request_id)
        )
        counts.update({request_id: count for request_id, count in rows})
    return counts


def voted_by(user: Any, request_ids: list[int]) -> set[int]:
    """Which of ``request_ids`` ``user`` has upvoted."""
    if not request_ids:
        return set()
    return set(
        db.session.execute(
            select(ContentRequestVote.request_id).where(
                ContentRequestVote.user_id == user.id,
                ContentRequestVote.request_id.in_(request_ids),
            )
        ).scalars()
    )


def votes_for(request: ContentRequest) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(ContentRequestVote)
        .where(ContentRequestVote.request_id == request.id)
    ).scalar_one()


def post_request(
    actor: Any, title: str, description: str = "", priority: bool = False
) -> ContentRequest:
    """Ask for a module on a missing topic. Only L&D's requests may carry priority."""
    title = " ".join((title or "").split())
    if not title or len(title) > TITLE_MAX:
        raise ServiceError(f"Name the topic (1 to {TITLE_MAX} characters).", "title")
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise ServiceError(f"Keep it under {DESCRIPTION_MAX} characters.", "description")
    if priority and not can_post_priority_request(actor):
        raise PermissionDenied("Only L&D marks requests as priority.")
    request = ContentRequest(
        title=title, description=description, requester_id=actor.id, priority=bool(priority)
    )
    db.session.add(request)
    db.session.flush()
    record_event(
        Verb.REQUEST_POSTED,
        actor,
        "content_request",
        request.id,
        {"title": title, "priority": request.priority},
    )
    return request


def upvote(actor: Any, request: ContentRequest) -> int:
    """Add ``actor``'s upvote (once; again is a no-op); return the request's votes."""
    if request.state != RequestState.OPEN:
        raise Conflict("Only open requests take upvotes.")
    if request.requester_id == actor.id:
        raise ServiceError("This is your own request.")
    try:
        with db.session.begin_nested():
            db.session.add(ContentRequestVote(request_id=request.id, user_id=actor.id))
            db.session.flush()
    except IntegrityError:
        pass  # already upvoted: the unique key keeps it to one
    return votes_for(request)


def remove_upvote(actor: Any, request: ContentRequest) -> int:
    """Take ``actor``'s upvote back; return the request's votes."""
    db.session.execute(
        delete(ContentRequestVote).where(
            ContentRequestVote.request_id == request.id, ContentRequestVote.user_id == actor.id
        )
    )
    db.session.flush()
    return votes_for(request)


def take_request(actor: Any, request: ContentRequest) -> SaveResult:
    """Take a request on: it is yours, and a draft module titled after it is started."""
    changed = db.session.execute(
        update(ContentRequest)
        .where(ContentRequest.id == request.id, ContentRequest.state == RequestState.OPEN)
        .values(state=RequestState.TAKEN, taken_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict("Someone has already taken this request on.")
    result = create_module(
        actor,
        {
            "title": request.title,
            "summary": "",
            "body_markdown": request.description,
            "tags": [],
            "quiz": None,
        },
    )
    db.session.refresh(request)
    request.module_id = result.revision.module_id
    db.session.flush()
    return result


def release_request(actor: Any, request: ContentRequest) -> ContentRequest:
    """Give a taken request back to everyone (the draft module stays yours)."""
    if request.taken_by_id != actor.id or request.state != RequestState.TAKEN:
        raise PermissionDenied("Only whoever took this request on can give it back.")
    request.state = RequestState.OPEN
    request.taken_by_id = None
    request.module_id = None
    db.session.flush()
    return request
