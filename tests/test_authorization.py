"""Who may call what: every page and API endpoint × every role → the expected status.

A new endpoint must be added here; ``test_every_route_is_in_the_matrix`` fails otherwise.
"""

from __future__ import annotations

import pytest

from tests.factories import make_department, make_user

ROLES = ("anonymous", "employee", "reviewer", "hr", "admin")

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
    ("GET", "/api/v1/openapi.json", None, (200, 200, 200, 200, 200)),
    ("GET", "/api/v1/docs", None, (200, 200, 200, 200, 200)),
]
PAGES = [
    ("GET", "/", None, (200, 200, 200, 200, 200)),
    ("GET", "/healthz", None, (200, 200, 200, 200, 200)),
    ("GET", "/sign-in", None, (200, 302, 302, 302, 302)),
    ("POST", "/sign-in", {"email": "x@example.com", "password": "p"}, (200, 302, 302, 302, 302)),
    ("GET", "/sign-up", None, (200, 302, 302, 302, 302)),
    ("POST", "/sign-up", {"email": "bad"}, (200, 302, 302, 302, 302)),
    ("POST", "/sign-out", {}, (302, 302, 302, 302, 302)),
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
]


def _cases(table):
    for method, path, body, expected in table:
        for role, status in zip(ROLES, expected, strict=True):
            yield pytest.param(method, path, body, role, status, id=f"{role}-{method}-{path}")


def _call(client, login_as, method, path, body, role, api):
    target = make_user(display_name="Target")
    dept = make_department("Matrix")
    if role != "anonymous":
        login_as(make_user(role))
    url = path.format(user=target.id, dept=dept.id)
    kwargs = {"json": body} if api else {"data": body}
    return client.open(url, method=method, **({} if body is None else kwargs))


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), list(_cases(API)))
def test_api_authorization(client, db, login_as, method, path, body, role, status):
    response = _call(client, login_as, method, path, body, role, api=True)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if status >= 400:
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), list(_cases(PAGES)))
def test_page_authorization(client, db, login_as, method, path, body, role, status):
    response = _call(client, login_as, method, path, body, role, api=False)
    assert response.status_code == status
    if status == 302 and role == "anonymous" and path not in {"/sign-out"}:
        assert response.headers["Location"].startswith("/sign-in")


def test_every_route_is_in_the_matrix(app):
    covered = {(m, p) for m, p, _, _ in API + PAGES}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = rule.rule.replace("<int:user_id>", "{user}").replace("<int:department_id>", "{dept}")
        path = path.replace("<int:token_id>", "999999")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in covered, f"{method} {rule.rule} has no authorization case"
