"""Every page in the navigation, for every role, holds its layout and passes axe.

For each role (employee, reviewer, HR, admin) the test signs in, reads the links of the
header navigation (so a new menu entry is covered without editing this file) and visits
each of them:

* at 1366 px the header is one row and axe finds no serious/critical violation;
* at 375 px (a phone) nothing scrolls sideways
  (``document.documentElement.scrollWidth <= innerWidth``) and axe again finds nothing
  serious or critical.

Problems are collected over all pages and reported together, so one run shows them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, EMPLOYEE
from tests.e2e.test_accessibility import AXE, BLOCKING, describe

pytestmark = pytest.mark.e2e

ROLES = {
    "employee": EMPLOYEE,
    "reviewer": "riley.reviewer@demo.peerlearn.test",
    "hr": "harper.hr@demo.peerlearn.test",
    "admin": "ada.admin@demo.peerlearn.test",
}
# Links that download a file rather than show a page.
DOWNLOADS = ("/reports/my-data",)
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}

HEADER_ROWS = """() => {
  const tops = [...document.querySelectorAll('.header-row > *, .nav-bar > li')]
    .filter(e => e.getBoundingClientRect().height > 0)
    .map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; });
  // Items on one row share (almost) the same vertical centre.
  return tops.length ? Math.max(...tops) - Math.min(...tops) : 0;
}"""


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#main-nav")).to_have_count(1)


def nav_paths(page: Page) -> list[str]:
    """The header's link targets, in order, without duplicates or downloads."""
    hrefs = page.eval_on_selector_all("#main-nav a", "els => els.map(e => e.getAttribute('href'))")
    paths: list[str] = []
    for href in hrefs:
        if href.startswith("/") and href not in paths and href not in DOWNLOADS:
            paths.append(href)
    return paths


def axe_problems(page: Page) -> list[str]:
    violations: list[dict[str, Any]] = AXE.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    return [describe(blocking)] if blocking else []


def visit_all(
    browser: Browser,
    base_url: str,
    email: str,
    viewport: dict[str, int],
    check: Callable[[Page], list[str]],
    **context_options: Any,
) -> tuple[list[str], list[str]]:
    """Visit every nav page as ``email``; return the paths and ``path: problem`` lines."""
    context = browser.new_context(base_url=base_url, viewport=viewport, **context_options)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, email)
        paths = nav_paths(page)
        problems = []
        for path in paths:
            response = page.goto(path)
            assert response is not None
            if response.status != 200:
                problems.append(f"{path}: answered {response.status}")
                continue
            problems += [f"{path}: {p}" for p in check(page)]
        return paths, problems
    finally:
        context.close()


def desktop_check(page: Page) -> list[str]:
    spread = page.evaluate(HEADER_ROWS)
    problems = [f"the header wraps (items {spread:.0f} px apart vertically)"] if spread > 8 else []
    return problems + axe_problems(page)


def phone_check(page: Page) -> list[str]:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    problems = (
        [f"scrolls sideways: {width} px wide on a {inner} px screen"] if width > inner else []
    )
    return problems + axe_problems(page)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_nav_page_at_1366_has_one_header_row_and_no_axe_problem(
    browser: Browser, live_server: str, role: str
) -> None:
    paths, problems = visit_all(browser, live_server, ROLES[role], WIDE, desktop_check)
    assert len(paths) >= 10, paths  # the menus are really in the page
    assert not problems, f"{role} at 1366 px:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_nav_page_at_375_fits_the_phone_and_has_no_axe_problem(
    browser: Browser, live_server: str, role: str
) -> None:
    paths, problems = visit_all(
        browser, live_server, ROLES[role], PHONE, phone_check, is_mobile=True, has_touch=True
    )
    assert len(paths) >= 10, paths
    assert not problems, f"{role} at 375 px:\n" + "\n".join(problems)


def test_header_menus_work_with_the_keyboard(page: Page, sign_in: Callable[..., None]) -> None:
    """Tab to a menu, open it with Enter, follow a link; Escape closes an open menu."""
    sign_in(page, ROLES["admin"])
    learn = page.locator("details.nav-menu", has=page.locator("summary", has_text="Learn"))
    summary = learn.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(learn).to_have_attribute("open", "")
    all_modules = learn.get_by_role("link", name="All modules")
    expect(all_modules).to_be_visible()
    page.keyboard.press("Escape")
    expect(learn).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(all_modules).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/modules$"))


def test_a_long_unbroken_comment_does_not_widen_the_module_page(
    phone_page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(phone_page, EMPLOYEE)
    phone_page.goto("/modules")
    phone_page.locator(".module-card a").first.click()
    phone_page.get_by_label("Your comment").fill("x" * 5000)
    phone_page.get_by_role("button", name="Post comment").click()
    expect(phone_page.locator(".comment-body", has_text="xxxxxxxxxx").first).to_be_visible()
    width, inner = phone_page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner


def test_times_read_as_relative_with_the_local_time_on_hover(
    browser: Browser, live_server: str
) -> None:
    """The server writes UTC; the reader in Tokyo sees "… ago" and a Tokyo time on hover."""
    context = browser.new_context(base_url=live_server, viewport=WIDE, timezone_id="Asia/Tokyo")
    try:
        page = context.new_page()
        sign_in(page, EMPLOYEE)
        page.goto("/notifications")
        first = page.locator("time[data-relative]").first
        expect(first).to_have_text(re.compile(r"ago|yesterday|just now|last|\d{4}"))
        assert "UTC" not in first.inner_text()
        iso = first.get_attribute("datetime")
        assert iso.endswith("+00:00")
        assert "GMT+9" in (first.get_attribute("title") or "")
    finally:
        context.close()
