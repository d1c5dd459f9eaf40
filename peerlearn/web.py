"""Small helpers shared by the HTML views: how a page runs a service for a submitted form.

There are two kinds of form, and one helper for each; both validate, run one service and
commit once, so one request is one transaction.

- **A page with a form** (write, settings, the rubric …) re-renders itself when the service
  refuses: :func:`submit_form` rolls back and shows why on the form (or wherever
  ``refused`` puts it), and the view answers the page again, with 422 after a POST.
- **A button** (a POST-only action form: flag, bookmark, follow …) always redirects:
  :func:`run_action`. It does not catch refusals: :func:`peerlearn.errors.handle_service_error`
  rolls back and flashes why, back on the page the button was on (or shows the 403/404
  page). A bare button with no fields to validate needs no helper: the view calls the
  service, commits, flashes and redirects, and refusals take the same road.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import request

from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.urls import safe_next

__all__ = ["form_error", "run_action", "safe_next", "submit_form"]

T = TypeVar("T")


def form_error(form: Any, exc: ServiceError) -> None:
    """Show a refused service call on ``form``: on its field when it names one, else on top."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)


def submit_form(
    form: Any,
    action: Callable[[], T],
    *,
    refused: Callable[[ServiceError], None] | None = None,
) -> tuple[bool, T | None]:
    """The one way a page runs a service for a submitted form.

    When ``form`` validates, run ``action``: commit and answer ``(True, result)``; when the
    service refuses, roll back, show why and answer ``(False, None)``. A form that was not
    submitted or is invalid answers ``(False, None)`` and runs nothing.

    Why is shown on ``form`` (:func:`form_error`) unless ``refused`` is given: it receives
    the :class:`ServiceError` for pages that show refusals elsewhere (several field errors
    at once, a settings table). ``form=None`` is for a page of plain fields that the
    service validates itself: the action runs on every POST.
    """
    if form is None and refused is None:
        raise TypeError("submit_form(None, …) needs refused=: there is no form to show it on")
    submitted = request.method == "POST" if form is None else form.validate_on_submit()
    if not submitted:
        return False, None
    try:
        result = action()
    except ServiceError as exc:
        db.session.rollback()
        if refused is not None:
            refused(exc)
        else:
            form_error(form, exc)
        return False, None
    db.session.commit()
    return True, result


def run_action(form: Any, action: Callable[[], T]) -> tuple[bool, T | None]:
    """The one way a button (a POST-only action form that redirects) runs a service.

    When ``form`` validates, run ``action``, commit and answer ``(True, result)``; an
    invalid form answers ``(False, None)`` and runs nothing, so the view can say what is
    missing. A refusal is not caught: the error handler rolls back and answers it.
    """
    if not form.validate_on_submit():
        return False, None
    result = action()
    db.session.commit()
    return True, result
