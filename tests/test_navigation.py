"""The header marks the section you are in for every section's pages.

Sections are links (Home, Notifications) or menus (Learn, Write, Progress, Review, Admin …).
A menu holding the current page is marked ``is-current`` (its summary says "current
section" to screen readers) and the page's own link inside it carries ``aria-current``.
Blueprints are nested (``modules.learning``, ``authoring.review`` …), so a template comparing
``request.blueprint`` with an old name silently marks nothing: each section is checked here.
"""

from __future__ import annotations

import re

import pytest

from peerlearn.permissions import Role
from tests.factories import make_user

CURRENT_MENU = re.compile(
    r'<details class="nav-menu is-current">\s*<summary><span class="nav-menu-label">([^<]+)'
)
CURRENT_LINK = re.compile(
    r'<a [^>]*href="[^"]*" aria-current="page">\s*(?:<svg.*?</svg>\s*)?'
    r'(?:<span class="nav-icon-label">)?([^<]+)',
    re.S,
)


@pytest.mark.parametrize(
    ("path", "section", "item"),
    [
        ("/", None, "Home"),
        ("/modules", "Learn", "All modules"),
        ("/learning", "Learn", "My learning"),
        ("/paths", "Learn", "Learning paths"),
        ("/write", "Write", "Write a module"),
        ("/my/modules", "Write", "My modules"),
        ("/requests", "Write", "Requested topics"),
        ("/progress", "Progress", "My progress and badges"),
        ("/leaderboards", "Progress", "Leaderboards"),
        ("/review", "Review", "Review queue"),
        ("/review/flags", "Review", "Flags"),
        ("/notifications", None, "Notifications"),
        ("/admin/users", "Admin", "Users"),
        ("/account/profile", "Admin Admin", "Profile"),
    ],
)
def test_the_header_marks_the_current_section(client, login_as, path, section, item):
    login_as(make_user(Role.ADMIN, display_name="Admin Admin"))
    response = client.get(path)
    assert response.status_code == 200
    nav = response.get_data(as_text=True).split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert [name.strip() for name in CURRENT_MENU.findall(nav)] == ([section] if section else [])
    assert [name.strip() for name in CURRENT_LINK.findall(nav)] == [item]


@pytest.mark.parametrize(("role", "section"), [(Role.REVIEWER, "Review"), (Role.HR, "Reports")])
def test_the_vetting_report_is_in_the_menu_of_whoever_may_see_it(client, login_as, role, section):
    login_as(make_user(role))
    response = client.get("/reports/vetting")
    assert response.status_code == 200
    nav = response.get_data(as_text=True).split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert [name.strip() for name in CURRENT_MENU.findall(nav)] == [section]
    assert [name.strip() for name in CURRENT_LINK.findall(nav)] == ["Vetting report"]


def test_every_role_sees_only_its_menus(client, login_as):
    """Employees see no Review, Reports or Admin menu; HR sees Reports; reviewers Review."""
    expected = {
        Role.EMPLOYEE: set(),
        Role.REVIEWER: {"Review"},
        Role.HR: {"Reports"},
        Role.ADMIN: {"Review", "Reports", "Admin"},
    }
    for role, menus in expected.items():
        login_as(make_user(role))
        html = client.get("/").get_data(as_text=True)
        labels = set(re.findall(r'<span class="nav-menu-label">([^<]+)</span>', html))
        assert labels & {"Review", "Reports", "Admin"} == menus, role
        assert {"Learn", "Write", "Progress"} <= labels
