"""The header marks the section you are in (``aria-current``) for every section's pages.

Blueprints are nested (``modules.learning``, ``authoring.review`` …), so a template comparing
``request.blueprint`` with an old name silently marks nothing: each section is checked here.
"""

from __future__ import annotations

import re

import pytest

from peerlearn.permissions import Role
from tests.factories import make_user

CURRENT = re.compile(r'<a href="[^"]*" aria-current="page">([^<]+)')


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/", "Home"),
        ("/modules", "Modules"),
        ("/learning", "My learning"),
        ("/paths", "My learning"),
        ("/write", "Write"),
        ("/my/modules", "My modules"),
        ("/requests", "My modules"),
        ("/progress", "Progress"),
        ("/review", "Review"),
        ("/review/flags", "Review"),
        ("/notifications", "Notifications"),
        ("/admin/users", "Admin"),
    ],
)
def test_the_header_marks_the_current_section(client, login_as, path, section):
    login_as(make_user(Role.ADMIN))
    response = client.get(path)
    assert response.status_code == 200
    nav = response.get_data(as_text=True).split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert [name.strip() for name in CURRENT.findall(nav)] == [section]
