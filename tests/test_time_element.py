"""``components/time.html``: a UTC moment as a <time> element readable without scripts,
which static/js/peerlearn.js turns into "3 hours ago" in the reader's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime


def render(app, moment) -> str:
    with app.test_request_context():
        macro = app.jinja_env.get_template("components/time.html").module.when
        return str(macro(moment))


def test_aware_and_naive_moments_carry_an_explicit_utc_offset(app):
    aware = render(app, datetime(2026, 3, 1, 14, 5, tzinfo=UTC))
    naive = render(app, datetime(2026, 3, 1, 14, 5))  # SQLite hands back naive UTC
    for html in (aware, naive):
        assert 'datetime="2026-03-01T14:05:00+00:00"' in html
        assert "data-relative" in html
        assert ">01 Mar 2026, 14:05 UTC</time>" in html  # the fallback without scripts


def test_no_moment_renders_nothing(app):
    assert render(app, None).strip() == ""
