"""Who may call what: every page and API endpoint × every role → the expected status.

A new endpoint must be added here; ``test_every_route_is_in_the_matrix`` fails otherwise.
Each case starts from the same data, built once per worker for each role and each kind of
placeholder (see ``_world``) and restored from a snapshot, since many cases change it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from tests.factories import make_department, make_user

ROLES = ("anonymous", "employee", "reviewer", "hr", "admin")
SOON = (date.today() + timedelta(days=90)).isoformat()
AUTHORING_PLACEHOLDERS = (
    "module",
    "revision",
    "submission",
    "published",
    "slug",
    "flag",
    "request",
)

# (method, path, json body or form data, expected status for each role in ROLES)
# {dept} and {user} are filled in with real ids; 302 for pages means "redirected to sign in".
API = [
    ("GET", "/api/v1/me", None, (401, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/me", {"display_name": "X"}, (401, 200, 200, 200, 200)),
    (
        "POST",
        "/api/v1/me/password",
        {"current_password": "x", "new_password": "y"},
        (401, 422, 422, 422, 422),
    ),
    ("DELETE", "/api/v1/me/sessions", None, (401, 204, 204, 204, 204)),
    ("GET", "/api/v1/tokens", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/tokens", {"name": "t"}, (401, 201, 201, 201, 201)),
    ("DELETE", "/api/v1/tokens/999999", None, (401, 404, 404, 404, 404)),
    ("GET", "/api/v1/users", None, (401, 403, 403, 403, 200)),
    ("GET", "/api/v1/users/{user}", None, (401, 403, 403, 403, 200)),
    ("PATCH", "/api/v1/users/{user}", {"display_name": "Y"}, (401, 403, 403, 403, 200)),
    ("GET", "/api/v1/departments", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/departments", {"name": "New"}, (401, 403, 403, 403, 201)),
    ("PATCH", "/api/v1/departments/{dept}", {"name": "Renamed"}, (401, 403, 403, 403, 200)),
    ("DELETE", "/api/v1/departments/{dept}", None, (401, 403, 403, 403, 204)),
    ("GET", "/api/v1/settings", None, (401, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/settings", {"review_by_months": 6}, (401, 403, 403, 403, 200)),
    ("GET", "/api/v1/search/synonyms", None, (401, 403, 403, 403, 200)),
    ("PUT", "/api/v1/search/synonyms", {"groups": [["a1", "b1"]]}, (401, 403, 403, 403, 200)),
    ("GET", "/api/v1/openapi.json", None, (200, 200, 200, 200, 200)),
    ("GET", "/api/v1/docs", None, (200, 200, 200, 200, 200)),
    # authoring (issue 3): {module} is Target's module in review, {published} Target's
    # published module ({slug}), {flag} a reader's flag on it, {request} Target's request.
    ("GET", "/api/v1/authoring/modules", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/authoring/modules", {"title": "Matrix"}, (401, 201, 201, 201, 201)),
    ("GET", "/api/v1/authoring/modules/{module}", None, (401, 404, 200, 404, 200)),
    ("PATCH", "/api/v1/authoring/modules/{module}", {"title": "X"}, (401, 404, 403, 404, 403)),
    ("DELETE", "/api/v1/authoring/modules/{module}", None, (401, 404, 403, 404, 403)),
    ("POST", "/api/v1/authoring/modules/{module}/submit", None, (401, 404, 403, 404, 403)),
    ("POST", "/api/v1/authoring/modules/{module}/withdraw", None, (401, 404, 403, 404, 403)),
    ("GET", "/api/v1/authoring/modules/{module}/revisions", None, (401, 404, 200, 404, 200)),
    (
        "GET",
        "/api/v1/authoring/modules/{module}/revisions/{revision}",
        None,
        (401, 404, 200, 404, 200),
    ),
    ("GET", "/api/v1/authoring/modules/{module}/submissions", None, (401, 404, 200, 404, 200)),
    ("GET", "/api/v1/authoring/modules/{module}/diff", None, (401, 404, 200, 404, 200)),
    (
        "POST",
        "/api/v1/authoring/modules/{published}/reconfirm",
        None,
        (401, 404, 200, 404, 200),
    ),
    (
        "PUT",
        "/api/v1/authoring/modules/{published}/review-by",
        {"review_by": SOON},
        (401, 404, 200, 404, 200),
    ),
    ("POST", "/api/v1/authoring/preview", {"body_markdown": "# Hi"}, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/authoring/tags", None, (401, 200, 200, 200, 200)),
    (
        "POST",
        "/api/v1/flags",
        {"module_id": "{published}", "reason": "inaccurate"},
        (401, 201, 201, 201, 201),
    ),
    ("GET", "/api/v1/requests", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/requests", {"title": "Topic"}, (401, 201, 201, 201, 201)),
    ("POST", "/api/v1/requests/{request}/vote", None, (401, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/requests/{request}/vote", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/requests/{request}/take", None, (401, 201, 201, 201, 201)),
    ("POST", "/api/v1/requests/{request}/release", None, (401, 403, 403, 403, 403)),
    ("GET", "/api/v1/review/queue", None, (401, 403, 200, 403, 200)),
    ("GET", "/api/v1/review/health", None, (401, 403, 200, 403, 200)),
    ("GET", "/api/v1/review/submissions/{submission}", None, (401, 403, 200, 403, 200)),
    ("POST", "/api/v1/review/submissions/{submission}/claim", None, (401, 403, 200, 403, 200)),
    (
        "POST",
        "/api/v1/review/submissions/{submission}/release",
        None,
        (401, 403, 409, 403, 409),
    ),
    (
        "POST",
        "/api/v1/review/submissions/{submission}/decision",
        {"decision": "request_changes", "comment": "Add an example."},
        (401, 403, 201, 403, 201),
    ),
    (
        "PUT",
        "/api/v1/review/modules/{published}/origin",
        {"origin": "official"},
        (401, 403, 200, 403, 200),
    ),
    (
        "POST",
        "/api/v1/review/modules/{published}/archive",
        {"reason": "Outdated"},
        (401, 403, 200, 403, 200),
    ),
    ("POST", "/api/v1/review/modules/{published}/restore", None, (401, 403, 409, 403, 409)),
    ("GET", "/api/v1/review/flags", None, (401, 403, 200, 403, 200)),
    ("POST", "/api/v1/review/flags/{flag}/dismiss", {}, (401, 403, 200, 403, 200)),
    ("GET", "/api/v1/review/freshness", None, (401, 403, 200, 403, 200)),
    ("GET", "/api/v1/review/rubric", None, (401, 403, 200, 403, 200)),
    ("POST", "/api/v1/review/rubric", {"label": "Tone"}, (401, 403, 403, 403, 201)),
    ("PATCH", "/api/v1/review/rubric/{key}", {"label": "Correct"}, (401, 403, 403, 403, 200)),
    # learning (issue 4): {published} is Target's module, {comment} Target's comment on it,
    # {path} Target's learning path.
    ("GET", "/api/v1/modules", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/modules/{published}", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/modules/{published}/views", None, (401, 201, 201, 201, 201)),
    # reading time for a module never opened: past authorization, refused (409)
    ("POST", "/api/v1/modules/{published}/reading", {"seconds": 5}, (401, 409, 409, 409, 409)),
    ("POST", "/api/v1/modules/{published}/completion", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/modules/{published}/quiz", None, (401, 404, 404, 404, 404)),
    (
        "POST",
        "/api/v1/modules/{published}/quiz/attempts",
        {"answers": [[0]]},
        (401, 404, 404, 404, 404),
    ),
    ("POST", "/api/v1/modules/{published}/claps", {"count": 2}, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/modules/{published}/comments", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/modules/{published}/comments", {"body": "Hi"}, (401, 201, 201, 201, 201)),
    ("PUT", "/api/v1/modules/{published}/bookmark", None, (401, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/modules/{published}/bookmark", None, (401, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/comments/{comment}", {"body": "Mine"}, (401, 403, 403, 403, 403)),
    ("DELETE", "/api/v1/comments/{comment}", None, (401, 403, 403, 403, 403)),
    ("POST", "/api/v1/comments/{comment}/helpful", {}, (401, 403, 403, 403, 403)),
    ("POST", "/api/v1/comments/{comment}/hide", {"reason": "Spam"}, (401, 403, 200, 403, 200)),
    ("GET", "/api/v1/paths", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/paths", {"title": "P", "module_ids": [999999]}, (401, 422, 422, 422, 422)),
    ("GET", "/api/v1/paths/{path}", None, (401, 200, 200, 200, 200)),
    ("PATCH", "/api/v1/paths/{path}", {"title": "New"}, (401, 403, 403, 403, 200)),
    ("DELETE", "/api/v1/paths/{path}", None, (401, 403, 403, 403, 204)),
    ("PUT", "/api/v1/paths/{path}/follow", None, (401, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/paths/{path}/follow", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/learning/me", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/learning/authors/{user}", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/learning/tags", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/notifications", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/v1/notifications/read", {}, (401, 200, 200, 200, 200)),
    # gamification
    ("GET", "/api/v1/gamification/me", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/gamification/me/history", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/gamification/rules", None, (401, 403, 403, 403, 200)),
    ("PATCH", "/api/v1/gamification/rules/{key}", {"points": 3}, (401, 403, 403, 403, 404)),
    ("GET", "/api/v1/gamification/badges", None, (401, 403, 403, 403, 200)),
    ("PATCH", "/api/v1/gamification/badges/{key}", {"name": "X"}, (401, 403, 403, 403, 404)),
    ("GET", "/api/v1/gamification/audit", None, (401, 403, 403, 403, 200)),
    ("GET", "/api/v1/gamification/holds", None, (401, 403, 200, 403, 200)),
    (
        "POST",
        "/api/v1/gamification/holds/{key}",
        {"decision": "release"},
        (401, 403, 404, 403, 404),
    ),
    (
        "POST",
        "/api/v1/gamification/awards/{key}/revoke",
        {"reason": "Copied"},
        (401, 403, 403, 403, 404),
    ),
    ("GET", "/api/v1/leaderboards", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/leaderboards/departments", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/leagues/me", None, (401, 200, 200, 200, 200)),
    ("PUT", "/api/v1/leagues/me", None, (401, 200, 200, 200, 200)),
    ("DELETE", "/api/v1/leagues/me", None, (401, 204, 204, 204, 204)),
    # reports ({user} stands for an export job id that does not exist)
    ("GET", "/api/v1/reports/dashboard", None, (401, 403, 403, 200, 200)),
    # they name people: HR needs a justification (403 justification_required without one)
    ("GET", "/api/v1/reports/exports", None, (401, 403, 403, 403, 200)),
    ("GET", "/api/v1/reports/xapi/statements", None, (401, 403, 403, 403, 200)),
    ("POST", "/api/v1/reports/jobs", {"kind": "nothing"}, (401, 403, 403, 422, 422)),
    ("GET", "/api/v1/reports/jobs/{user}", None, (401, 403, 403, 404, 404)),
    ("GET", "/api/v1/reports/jobs/{user}/file", None, (401, 403, 403, 404, 404)),
    ("GET", "/api/v1/reports/my-data", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/v1/reports/vetting", None, (401, 403, 200, 200, 200)),
    # tasks and mail (issue 15)
    ("GET", "/api/v1/admin/tasks", None, (401, 403, 403, 403, 200)),
    ("GET", "/api/v1/me/email-preferences", None, (401, 200, 200, 200, 200)),
    (
        "PATCH",
        "/api/v1/me/email-preferences",
        {"preferences": {"community": "weekly"}},
        (401, 200, 200, 200, 200),
    ),
    ("POST", "/api/v1/password-reset", {"email": "no@example.com"}, (202, 202, 202, 202, 202)),
    (
        "POST",
        "/api/v1/password-reset/confirm",
        {"token": "x", "new_password": "y"},
        (422, 422, 422, 422, 422),
    ),
]
PAGES = [
    ("GET", "/", None, (200, 200, 200, 200, 200)),
    ("GET", "/healthz", None, (200, 200, 200, 200, 200)),
    ("GET", "/sign-in", None, (200, 302, 302, 302, 302)),
    ("POST", "/sign-in", {"email": "x@example.com", "password": "p"}, (200, 302, 302, 302, 302)),
    ("GET", "/sign-up", None, (200, 302, 302, 302, 302)),
    ("POST", "/sign-up", {"email": "bad"}, (200, 302, 302, 302, 302)),
    ("POST", "/sign-out", {}, (302, 302, 302, 302, 302)),
    ("POST", "/account/sign-out-everywhere", {}, (302, 302, 302, 302, 302)),
    ("GET", "/account/profile", None, (302, 200, 200, 200, 200)),
    ("POST", "/account/profile", {"display_name": ""}, (302, 200, 200, 200, 200)),
    ("GET", "/account/password", None, (302, 200, 200, 200, 200)),
    ("POST", "/account/password", {}, (302, 200, 200, 200, 200)),
    ("GET", "/account/tokens", None, (302, 200, 200, 200, 200)),
    ("POST", "/account/tokens", {"name": "t"}, (302, 200, 200, 200, 200)),
    ("POST", "/account/tokens/999999/revoke", {}, (302, 404, 404, 404, 404)),
    ("GET", "/admin/users", None, (302, 403, 403, 403, 200)),
    ("GET", "/admin/users/{user}", None, (302, 403, 403, 403, 200)),
    ("POST", "/admin/users/{user}", {"display_name": ""}, (302, 403, 403, 403, 200)),
    ("GET", "/admin/departments", None, (302, 403, 403, 403, 200)),
    ("POST", "/admin/departments", {"name": "Fresh"}, (302, 403, 403, 403, 302)),
    ("GET", "/admin/departments/{dept}", None, (302, 403, 403, 403, 200)),
    ("POST", "/admin/departments/{dept}", {"name": "Renamed"}, (302, 403, 403, 403, 302)),
    ("POST", "/admin/departments/{dept}/delete", {}, (302, 403, 403, 403, 302)),
    ("GET", "/admin/settings", None, (302, 403, 403, 403, 200)),
    ("POST", "/admin/settings", {"vetting_policy": "x"}, (302, 403, 403, 403, 422)),
    ("GET", "/admin/search-synonyms", None, (302, 403, 403, 403, 200)),
    ("POST", "/admin/search-synonyms", {"groups": "lonely"}, (302, 403, 403, 403, 422)),
    # authoring (issue 3)
    ("GET", "/write", None, (302, 200, 200, 200, 200)),
    ("POST", "/write", {"title": ""}, (302, 422, 422, 422, 422)),
    ("GET", "/modules/{module}/edit", None, (302, 404, 403, 404, 403)),
    ("POST", "/modules/{module}/edit", {"title": "X"}, (302, 404, 403, 404, 403)),
    ("POST", "/modules/{module}/submit", {}, (302, 404, 403, 404, 403)),
    ("POST", "/modules/{module}/withdraw", {}, (302, 404, 403, 404, 403)),
    ("POST", "/modules/{module}/delete", {}, (302, 404, 403, 404, 403)),
    ("POST", "/modules/{published}/reconfirm", {}, (302, 404, 302, 404, 302)),
    ("POST", "/modules/{published}/review-by", {"review_by": SOON}, (302, 404, 302, 404, 302)),
    ("GET", "/my/modules", None, (302, 200, 200, 200, 200)),
    ("GET", "/modules/{module}/history", None, (302, 404, 200, 404, 200)),
    ("GET", "/modules/{module}/diff", None, (302, 404, 200, 404, 200)),
    ("GET", "/m/{slug}", None, (302, 200, 200, 200, 200)),
    ("POST", "/m/{slug}/flag", {"reason": "outdated"}, (302, 302, 302, 302, 302)),
    ("GET", "/review", None, (302, 403, 200, 403, 200)),
    ("GET", "/review/submissions/{submission}", None, (302, 403, 200, 403, 200)),
    (
        "POST",
        "/review/submissions/{submission}",
        {"decision": "request_changes", "comment": "More examples."},
        (302, 403, 302, 403, 302),
    ),
    ("POST", "/review/submissions/{submission}/claim", {}, (302, 403, 302, 403, 302)),
    ("POST", "/review/submissions/{submission}/release", {}, (302, 403, 302, 403, 302)),
    ("GET", "/review/flags", None, (302, 403, 200, 403, 200)),
    ("POST", "/review/flags/{flag}/dismiss", {}, (302, 403, 302, 403, 302)),
    ("POST", "/review/modules/{published}/archive", {"reason": "Old"}, (302, 403, 302, 403, 302)),
    ("POST", "/review/modules/{published}/restore", {}, (302, 403, 302, 403, 302)),
    (
        "POST",
        "/review/modules/{published}/origin",
        {"origin": "official"},
        (302, 403, 302, 403, 302),
    ),
    ("GET", "/review/freshness", None, (302, 403, 200, 403, 200)),
    ("GET", "/admin/rubric", None, (302, 403, 403, 403, 200)),
    ("POST", "/admin/rubric", {"label": "Tone"}, (302, 403, 403, 403, 302)),
    ("POST", "/admin/rubric/{key}", {"label": "Correct", "active": "y"}, (302, 403, 403, 403, 302)),
    ("GET", "/requests", None, (302, 200, 200, 200, 200)),
    ("POST", "/requests", {"title": "Topic"}, (302, 302, 302, 302, 302)),
    ("POST", "/requests/{request}/vote", {}, (302, 302, 302, 302, 302)),
    ("POST", "/requests/{request}/take", {}, (302, 302, 302, 302, 302)),
    ("POST", "/requests/{request}/release", {}, (302, 403, 403, 403, 403)),
    # learning (issue 4); /m/{slug} (the reader's page) is above
    ("GET", "/modules", None, (302, 200, 200, 200, 200)),
    ("GET", "/tags/{key}", None, (302, 200, 200, 200, 200)),
    ("POST", "/m/{slug}/view", {}, (302, 204, 204, 204, 204)),
    ("POST", "/m/{slug}/reading", {"seconds": "3"}, (302, 409, 409, 409, 409)),
    ("POST", "/m/{slug}/complete", {}, (302, 302, 302, 302, 302)),
    ("POST", "/m/{slug}/quiz", {}, (302, 302, 302, 302, 302)),
    ("POST", "/m/{slug}/claps", {"count": "1"}, (302, 302, 302, 302, 302)),
    ("POST", "/m/{slug}/bookmark", {}, (302, 302, 302, 302, 302)),
    ("POST", "/m/{slug}/comments", {"body": "Hi"}, (302, 302, 302, 302, 302)),
    ("GET", "/comments/{comment}/edit", None, (302, 403, 403, 403, 403)),
    ("POST", "/comments/{comment}/edit", {"body": "Mine"}, (302, 403, 403, 403, 403)),
    ("POST", "/comments/{comment}/delete", {}, (302, 403, 403, 403, 403)),
    ("POST", "/comments/{comment}/helpful", {}, (302, 403, 403, 403, 403)),
    ("GET", "/comments/{comment}/hide", None, (302, 403, 200, 403, 200)),
    ("POST", "/comments/{comment}/hide", {"reason": "Spam"}, (302, 403, 302, 403, 302)),
    ("GET", "/learning", None, (302, 200, 200, 200, 200)),
    ("GET", "/people/{user}", None, (302, 200, 200, 200, 200)),
    ("GET", "/paths", None, (302, 200, 200, 200, 200)),
    ("GET", "/paths/new", None, (302, 200, 200, 200, 200)),
    ("POST", "/paths/new", {"title": ""}, (302, 422, 422, 422, 422)),
    ("GET", "/paths/{path}", None, (302, 200, 200, 200, 200)),
    ("GET", "/paths/{path}/edit", None, (302, 403, 403, 403, 200)),
    ("POST", "/paths/{path}/edit", {"title": ""}, (302, 403, 403, 403, 422)),
    ("POST", "/paths/{path}/delete", {}, (302, 403, 403, 403, 302)),
    ("POST", "/paths/{path}/follow", {}, (302, 302, 302, 302, 302)),
    ("GET", "/notifications", None, (302, 200, 200, 200, 200)),
    ("GET", "/admin/tasks", None, (302, 403, 403, 403, 200)),
    ("GET", "/account/email", None, (302, 200, 200, 200, 200)),
    ("POST", "/account/email", {"streak": "weekly"}, (302, 200, 200, 200, 200)),
    ("GET", "/password/forgot", None, (200, 200, 200, 200, 200)),
    ("POST", "/password/forgot", {"email": ""}, (200, 200, 200, 200, 200)),
    ("GET", "/password/reset/{user}", None, (200, 200, 200, 200, 200)),
    ("POST", "/password/reset/{user}", {}, (200, 200, 200, 200, 200)),
    ("GET", "/email/unsubscribe/{user}", None, (404, 404, 404, 404, 404)),
    ("POST", "/email/unsubscribe/{user}", {}, (404, 404, 404, 404, 404)),
    ("POST", "/notifications/read", {}, (302, 302, 302, 302, 302)),
    # gamification (Open Badges JSON and share pages are public)
    ("GET", "/progress", None, (302, 200, 200, 200, 200)),
    ("GET", "/leaderboards", None, (302, 200, 200, 200, 200)),
    ("GET", "/leaderboards/departments", None, (302, 200, 200, 200, 200)),
    ("GET", "/leagues", None, (302, 200, 200, 200, 200)),
    ("POST", "/leagues", {"action": "join"}, (302, 302, 302, 302, 302)),
    ("GET", "/review/points-holds", None, (302, 403, 200, 403, 200)),
    ("POST", "/review/points-holds/{key}", {"decision": "void"}, (302, 403, 404, 403, 404)),
    ("GET", "/admin/gamification", None, (302, 403, 403, 403, 200)),
    ("GET", "/admin/gamification/rules/{key}", None, (302, 403, 403, 403, 404)),
    ("POST", "/admin/gamification/rules/{key}", {"points": "1"}, (302, 403, 403, 403, 404)),
    ("GET", "/admin/gamification/badges/{key}", None, (302, 403, 403, 403, 404)),
    ("POST", "/admin/gamification/badges/{key}", {"name": "X"}, (302, 403, 403, 403, 404)),
    ("GET", "/openbadges/issuer", None, (200, 200, 200, 200, 200)),
    ("GET", "/openbadges/badges/{key}", None, (404, 404, 404, 404, 404)),
    ("GET", "/openbadges/badges/{key}/image.svg", None, (404, 404, 404, 404, 404)),
    ("GET", "/openbadges/assertions/{key}", None, (404, 404, 404, 404, 404)),
    ("GET", "/badges/{key}", None, (404, 404, 404, 404, 404)),
    # reports
    ("GET", "/reports", None, (302, 403, 403, 200, 200)),
    ("GET", "/reports/exports", None, (302, 403, 403, 200, 200)),
    ("GET", "/reports/exports/download", None, (302, 403, 403, 302, 200)),
    ("POST", "/reports/jobs", {"kind": "nothing"}, (302, 403, 403, 302, 302)),
    ("GET", "/reports/jobs/{user}", None, (302, 403, 403, 404, 404)),
    ("GET", "/reports/jobs/{user}/download", None, (302, 403, 403, 404, 404)),
    ("GET", "/reports/access-log", None, (302, 403, 403, 403, 200)),
    ("GET", "/reports/my-data", None, (302, 200, 200, 200, 200)),
    ("GET", "/reports/vetting", None, (302, 403, 200, 200, 200)),
]


def _cases(table):
    for method, path, body, expected in table:
        for role, status in zip(ROLES, expected, strict=True):
            yield pytest.param(method, path, body, role, status, id=f"{role}-{method}-{path}")


def _call(client, login_as, snapshots, method, path, body, role, api):
    from peerlearn.accounts.models import User
    from peerlearn.extensions import db

    needs_learning = any(f"{{{name}}}" in path for name in LEARNING_PLACEHOLDERS)
    needs_authoring = _needs_authoring(path, body) or needs_learning
    people, ids = snapshots.restore(
        f"authorization-{role}-{needs_authoring}-{needs_learning}",
        lambda: _world(role, needs_authoring, needs_learning),
    )
    if role != "anonymous":
        login_as(db.session.get(User, people["me"]))
    url = path.format(user=people["target"], dept=people["dept"], key="accuracy", **ids)
    body = _fill(body, ids)
    kwargs = {"json": body} if api else {"data": body}
    with _statements_written() as written:
        response = client.open(url, method=method, **({} if body is None else kwargs))
    if method == "GET" and path not in GETS_THAT_AUDIT:
        assert written == [], f"GET {path} wrote: {written}"
    return response


# A GET never writes (views are reported by POST, searching never repairs its index, the
# points catalog reads as its defaults until an admin's first edit …) except these: each
# discloses personal data and records who received it in the access log HR answers for.
GETS_THAT_AUDIT = {
    "/reports/exports/download",
    "/reports/jobs/{user}/download",
    "/reports/my-data",
    "/api/v1/reports/exports",
    "/api/v1/reports/xapi/statements",
    "/api/v1/reports/my-data",
}


@contextmanager
def _statements_written():
    """The INSERT/UPDATE/DELETE statements the database receives inside the block."""
    from peerlearn.extensions import db

    written: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            written.append(statement.split("\n")[0][:120])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield written
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _world(role, needs_authoring, needs_learning):
    """Target, the Matrix department, the signed-in user (unless anonymous), and what the
    placeholders name: (ids of people, ids of things)."""
    target = make_user(display_name="Target")
    dept = make_department("Matrix")
    people = {"target": target.id, "dept": dept.id}
    if role != "anonymous":
        people["me"] = make_user(role).id
    ids = _authoring_ids(target) if needs_authoring else {}
    if needs_learning:
        ids.update(_learning_ids(target, ids["published"]))
    return people, ids


def _needs_authoring(path, body):
    return any(f"{{{name}}}" in f"{path} {body}" for name in AUTHORING_PLACEHOLDERS)


def _fill(body, ids):
    """Body values written as "{published}" become that id."""
    if not isinstance(body, dict):
        return body
    return {
        k: ids[v[1:-1]] if isinstance(v, str) and v[1:-1] in ids else v for k, v in body.items()
    }


def _authoring_ids(target):
    """Target's module in review, Target's published module with a reader's flag, and
    Target's content request."""
    from peerlearn.authoring.content_requests import post_request
    from peerlearn.authoring.flags import flag_module
    from peerlearn.extensions import db
    from tests.factories import make_module, publish_module, submit_module

    module = make_module(target)
    submission = submit_module(module)
    published = publish_module(make_module(target, slug="matrix-published"))
    flag = flag_module(make_user(), published, "inaccurate", "A wrong number.")
    request = post_request(target, "Matrix topic")
    db.session.commit()
    return {
        "module": module.id,
        "revision": module.draft_revision_id,
        "submission": submission.id,
        "published": published.id,
        "slug": published.slug,
        "flag": flag.id,
        "request": request.id,
    }


LEARNING_PLACEHOLDERS = ("comment", "path")


def _learning_ids(target, published_id):
    """Target's comment on their published module, and Target's learning path."""
    from peerlearn.content.models import Module
    from peerlearn.extensions import db
    from tests.factories import make_comment, make_path

    module = db.session.get(Module, published_id)
    return {"comment": make_comment(module, target).id, "path": make_path(target, [module]).id}


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), list(_cases(API)))
def test_api_authorization(client, db, login_as, snapshots, method, path, body, role, status):
    response = _call(client, login_as, snapshots, method, path, body, role, api=True)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if status >= 400:
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), list(_cases(PAGES)))
def test_page_authorization(client, db, login_as, snapshots, method, path, body, role, status):
    response = _call(client, login_as, snapshots, method, path, body, role, api=False)
    assert response.status_code == status
    if status == 200 and response.mimetype == "text/html":  # labels and skip links need unique ids
        ids = re.findall(r'\sid="([^"]+)"', response.get_data(as_text=True))
        assert sorted({i for i in ids if ids.count(i) > 1}) == [], path
    if status == 302 and role == "anonymous" and path not in {"/sign-out"}:
        assert response.headers["Location"].startswith("/sign-in")


def test_every_route_is_in_the_matrix(app):
    # Any {placeholder} in a row stands for any <converter> in a rule.
    covered = {(m, re.sub(r"\{\w+\}", "{}", p)) for m, p, _, _ in API + PAGES}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = rule.rule.replace("<int:user_id>", "{user}").replace("<int:department_id>", "{dept}")
        path = path.replace("<int:token_id>", "999999")
        path = re.sub(r"<(?:\w+:)?\w+>|\{\w+\}", "{}", path)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in covered, f"{method} {rule.rule} has no authorization case"
