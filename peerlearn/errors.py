"""One way to answer errors: the JSON envelope under /api/, friendly pages elsewhere.

Envelope: ``{"error": {"code": "not_found", "message": "…", "fields": {...}}}``.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DisconnectionError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from peerlearn.extensions import db
from peerlearn.urls import safe_next

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 10
"""What a 503 asks clients to wait while the database is unreachable."""
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)


class ServiceError(Exception):
    """A rule of the domain refused the request. Services raise it; nothing has changed.

    Views show ``message`` (on ``field`` when given) on the form; the API answers the envelope.
    """

    status = 422
    code = "invalid"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def fields(self) -> dict[str, list[str]]:
        return {self.field: [self.message]} if self.field else {}


class PermissionDenied(ServiceError):
    """The acting user may not do this."""

    status = 403
    code = "forbidden"


class NotFoundError(ServiceError):
    """The thing asked for does not exist (or is not the actor's to see)."""

    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """The request clashes with the current state (a duplicate, a stale claim …)."""

    status = 409
    code = "conflict"


def wants_json() -> bool:
    """API paths always answer JSON, whatever the Accept header."""
    return request.path.startswith(API_PREFIX)


def _code(exc: HTTPException) -> str:
    name = (exc.name or "error").lower()
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")


def _fields(exc: HTTPException) -> dict[str, Any]:
    """Field errors from webargs/marshmallow (``exc.data["messages"]``), flattened by location."""
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, dict):
        return getattr(exc, "fields", None) or {}
    fields: dict[str, Any] = {}
    for location, errors in messages.items():
        if isinstance(errors, dict):
            fields.update(errors)
        else:
            fields[location] = errors
    return fields


def error_envelope(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> Response:
    """Build the API error response."""
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def _api_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    message = exc.description or exc.name
    fields = _fields(exc)
    code = _code(exc)
    if status == 422:  # schema and domain validation answer alike
        code = ServiceError.code
        message = "The request has invalid fields." if fields else message
    response = error_envelope(status, code, message, fields)
    if status == 405 and getattr(exc, "valid_methods", None):
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    for name, value in exc.get_headers():
        if name.lower() == "retry-after":
            response.headers["Retry-After"] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="peerlearn"'
    return response


def _page_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    if isinstance(exc, CSRFError):
        flash("Your form expired or was sent from elsewhere. Please try again.", "error")
        return render_template("errors/error.html", status=400, exc=exc), 400
    if status == 401:
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
    return render_template("errors/error.html", status=status, exc=exc), status


def handle_http_exception(exc: HTTPException) -> Any:
    """Every HTTP error, API or page."""
    if exc.code and exc.code >= 500:
        db.session.rollback()
    return _api_error(exc) if wants_json() else _page_error(exc)


def handle_integrity_error(exc: IntegrityError) -> Any:
    """A constraint caught what a service did not (usually a race between two requests)."""
    db.session.rollback()
    current_app.logger.warning("Integrity error on %s %s: %s", request.method, request.path, exc)
    return handle_service_error(
        Conflict("That conflicts with data that already exists (perhaps just now). Try again.")
    )


def handle_unexpected(exc: Exception) -> Any:
    """An uncaught exception: roll back, log, answer 500 without a stack trace."""
    db.session.rollback()
    current_app.logger.exception("Unhandled exception on %s %s", request.method, request.path)
    wrapped = InternalServerError(
        description="Something went wrong on our side. It has been logged."
    )
    return handle_http_exception(wrapped)


def unreachable(exc: Exception) -> bool:
    """Whether a database error means "not reachable just now" rather than a bug: a failed
    connect (no statement ran), a connection lost mid-query, a pool timeout, SQLite busy.
    "no such table" or a bad query is an ``OperationalError`` too, and must stay a 500."""
    if not isinstance(exc, OperationalError):
        return True
    busy = "database is locked" in str(exc.orig)
    return exc.connection_invalidated or exc.statement is None or busy


def handle_database_unavailable(exc: Exception) -> Any:
    """The database cannot be reached (restarting, failing over, out of connections): 503
    with ``Retry-After``. The pool pre-pings, so the next request after it is back works.

    The page is rendered without the site's layout and context processors: they read the
    signed-in user and their notifications from the very database that is gone.
    """
    if not unreachable(exc):
        return handle_unexpected(exc)
    try:
        db.session.rollback()
    except Exception:  # the connection is already gone; the pool discards it
        current_app.logger.debug("Rollback failed while the database is unavailable")
    current_app.logger.error(
        "Database unavailable on %s %s", request.method, request.path, exc_info=exc
    )
    message = "PeerLearn cannot reach its database just now. Please try again in a moment."
    if wants_json():
        response = error_envelope(503, "service_unavailable", message)
    else:
        page = current_app.jinja_env.get_template("errors/unavailable.html")
        response = Response(page.render(message=message, retry=RETRY_AFTER_SECONDS), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handle_service_error(exc: ServiceError) -> Any:
    """A refused service call that a view did not turn into a form message itself."""
    db.session.rollback()
    if wants_json():
        return error_envelope(exc.status, exc.code, exc.message, exc.fields)
    if exc.status in (403, 404):
        return _page_error(default_exceptions[exc.status](description=exc.message))
    flash(exc.message, "error")
    return redirect(safe_next(request.referrer, url_for("home.index")))


def register_errorhandlers(app: Flask) -> None:
    """Install the handlers on ``app``."""
    app.register_error_handler(ServiceError, handle_service_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, handle_database_unavailable)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
