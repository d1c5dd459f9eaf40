"""Roles, the predicates that read them, and the decorators views use. Views never compare
role strings: they call a predicate or wear a decorator from here.

``employee`` is everyone; ``reviewer`` (L&D), ``hr`` and ``admin`` add to it, and ``admin``
can do everything the others can.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])


class Role(enum.StrEnum):
    """A user's role. Stored by value."""

    EMPLOYEE = "employee"
    REVIEWER = "reviewer"
    HR = "hr"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"employee": "Employee", "reviewer": "Reviewer (L&D)", "hr": "HR", "admin": "Admin"}[
            self.value
        ]


def _role(user: Any) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Role(user.role)


def is_admin(user: Any) -> bool:
    """Administrators manage users, departments and settings."""
    return _role(user) is Role.ADMIN


def can_review(user: Any) -> bool:
    """L&D reviewers (and admins) work the review and flag queues."""
    return _role(user) in {Role.REVIEWER, Role.ADMIN}


def can_see_reports(user: Any) -> bool:
    """HR (and admins) see engagement dashboards and exports."""
    return _role(user) in {Role.HR, Role.ADMIN}


def can_see_vetting(user: Any) -> bool:
    """L&D reviewers see how vetting goes; so do HR and admins."""
    return can_review(user) or can_see_reports(user)


NAMED_EXPORTS = frozenset({"people", "events", "xapi"})
"""Export kinds that name people: only their requester (or an admin) downloads them."""


def can_download_export(user: Any, job: Any) -> bool:
    """Whether ``user`` may download the background export ``job``."""
    if not can_see_reports(user):
        return False
    return job.kind not in NAMED_EXPORTS or is_admin(user) or job.requested_by_id == user.id


def can_manage_users(user: Any) -> bool:
    """Who may list users, change roles and departments, and deactivate accounts."""
    return is_admin(user)


def can_edit_user(actor: Any, target: Any) -> bool:
    """A user edits their own profile; admins edit anyone's."""
    return actor is not None and (actor.id == target.id or can_manage_users(actor))


def require(predicate: Callable[[Any], bool]) -> Callable[[F], F]:
    """Decorator: 401 when signed out, 403 unless ``predicate(current_user)`` holds.

    The error handlers turn these into the JSON envelope under /api/ and pages elsewhere.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def _signed_in(user: Any) -> bool:
    return True


signed_in_required = require(_signed_in)
admin_required = require(can_manage_users)
reviewer_required = require(can_review)
hr_required = require(can_see_reports)
vetting_required = require(can_see_vetting)


# --- authoring and vetting -------------------------------------------------------------


def _is_author(user: Any, module: Any) -> bool:
    return _role(user) is not None and module is not None and module.author_id == user.id


def can_edit_module(user: Any, module: Any) -> bool:
    """Only a module's author writes its content, submits and withdraws it."""
    return _is_author(user, module)


def can_see_module_work(user: Any, module: Any) -> bool:
    """Drafts, revisions, diffs and decisions: the author and the reviewers."""
    return _is_author(user, module) or can_review(user)


def can_review_module(user: Any, module: Any) -> bool:
    """Reviewers vet modules, but nobody reviews their own."""
    return can_review(user) and not _is_author(user, module)


def can_reconfirm_module(user: Any, module: Any) -> bool:
    """Re-confirm a module is still right, or move its review-by date: author or reviewers."""
    return _is_author(user, module) or can_review(user)


def can_post_priority_request(user: Any) -> bool:
    """L&D's content requests carry priority."""
    return can_review(user)


def can_edit_rubric(user: Any) -> bool:
    """Admins edit the review rubric's criteria."""
    return is_admin(user)


# --- gamification ----------------------------------------------------------------------


def can_edit_game_rules(user: Any) -> bool:
    """Admins edit points rules and badge definitions, and revoke badges."""
    return is_admin(user)


def can_release_held_points(user: Any, case: Any) -> bool:
    """Reviewers (L&D) release or void held points, never in a case they are part of."""
    return can_review(user) and user.id not in case.parties


def can_see_leaderboards(user: Any, public_boards: bool) -> bool:
    """Everyone sees the boards while they are public; otherwise only their own standing."""
    return _role(user) is not None and public_boards


# --- reading and the community around modules (peerlearn.modules) -----------------------


def can_clap(user: Any, module: Any) -> bool:
    """Readers clap for modules; authors never for their own."""
    return _role(user) is not None and not _is_author(user, module)


def can_change_comment(user: Any, comment: Any) -> bool:
    """Edit or delete a comment: only the person who wrote it."""
    return _role(user) is not None and comment.author_id == user.id


def can_mark_helpful(user: Any, module: Any) -> bool:
    """The module's author marks comments on it "helpful"."""
    return _is_author(user, module)


def can_hide_comment(user: Any) -> bool:
    """Reviewers (L&D) hide comments, giving a reason."""
    return can_review(user)


def can_edit_path(user: Any, path: Any) -> bool:
    """A learning path's owner edits and deletes it; admins may too."""
    return _role(user) is not None and (path.owner_id == user.id or is_admin(user))
