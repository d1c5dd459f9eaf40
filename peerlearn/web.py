"""Small helpers shared by the HTML views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.urls import safe_next

__all__ = ["form_error", "safe_next", "submit_form"]

T = TypeVar("T")


def form_error(form: Any, exc: ServiceError) -> None:
    """Show a refused service call on ``form``: on its field when it names one, else on top."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def submit_form(form: Any, action: Callable[[], T]) -> tuple[bool, T | None]:
    """The one way a page runs a service for a submitted form.

    When ``form`` validates, run ``action``: commit and answer ``(True, result)``; when the
    service refuses, roll back, show why on the form and answer ``(False, None)``. A form
    that was not submitted or is invalid answers ``(False, None)`` and runs nothing.
    """
    if not form.validate_on_submit():
        return False, None
    try:
        result = action()
    except ServiceError as exc:
        db.session.rollback()
        form_error(form, exc)
        return False, None
    db.session.commit()
    return True, result
