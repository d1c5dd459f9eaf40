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
