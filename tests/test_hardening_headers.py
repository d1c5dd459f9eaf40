"""Security headers on every route, signed in or not, whatever the status (issue 14)."""

from __future__ import annotations

import re

import pytest

from peerlearn.security_headers import CSP
from tests.factories import make_user

EXPECTED = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _urls(app):
    """One URL per rule and method: ids 1, other placeholders ``x``."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<int:\w+>", "1", rule.rule)
        path = re.sub(r"<(?:\w+:)?\w+>", "x", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


def _assert_protected(response, what):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, f"{what}: {name}"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert (
        "'unsafe-inline'"
        not in response.headers["Content-Security-Policy"].split("style-src-attr")[0]
    ), what
    assert "camera=()" in response.headers["Permissions-Policy"], what
    assert response.headers["Cache-Control"] in ("no-store", "public, max-age=3600"), what


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_every_route_answers_with_security_headers(app, client, login_as, signed_in):
    if signed_in:
        login_as(make_user("admin"))
    for method, path in _urls(app):
        response = client.open(path, method=method)
        _assert_protected(response, f"{method} {path} → {response.status_code}")


def test_secret_and_personal_pages_are_never_stored(client, login_as):
    login_as(make_user())
    for path in ("/account/tokens", "/account/profile", "/reports/my-data", "/api/v1/me"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_static_files_keep_their_caching(client):
    response = client.get("/static/css/peerlearn.css")
    response.close()
    assert response.status_code == 200
    assert response.headers["Cache-Control"] != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_only_when_served_over_https(app, client):
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    secure = client.get("/sign-in", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    app.config["SESSION_COOKIE_SECURE"] = True  # PEERLEARN_SECURE_COOKIES behind a proxy
    assert "Strict-Transport-Security" in client.get("/sign-in").headers


def test_no_template_has_inline_script_or_event_handlers(app):
    from pathlib import Path

    root = Path(app.template_folder)
    for template in root.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "javascript:" not in text, template
