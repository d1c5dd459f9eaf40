"""The Content-Security-Policy breaks nothing: on the main pages of each role, Chromium
reports no CSP violation, no header it cannot parse and no script error (issue 14)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.e2e.conftest import ADMIN, EMPLOYEE

pytestmark = pytest.mark.e2e

PAGES = ["/", "/modules", "/account/profile", "/account/tokens", "/api/v1/docs"]


def _watch(page: Page) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the API docs page names no icon; the browser asks anyway
        if message.type == "error" or "Policy" in text:
            problems.append(f"{page.url}: console {message.type}: {text} {message.location}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: page error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile"
        " + ':' + e.lineNumber))"
    )
    return problems


def _visit_main_pages(page: Page) -> list[str]:
    """The fixed pages, then every page linked from the header, then one module."""
    seen: list[str] = []
    for path in PAGES:
        page.goto(path)
        seen.append(path)
    page.goto("/")
    nav = page.eval_on_selector_all(  # pages, not downloads (the account menu's "My data")
        "header a[href^='/']:not([download])", "links => links.map(a => a.getAttribute('href'))"
    )
    for path in dict.fromkeys(nav):
        if path not in seen and path != "/reports/my-data":  # a download, not a page
            page.goto(path)
            seen.append(path)
    page.goto("/modules")
    module = page.locator("a[href^='/m/']").first.get_attribute("href")
    page.goto(module)
    page.wait_for_load_state("networkidle")
    seen.append(module)
    return seen


@pytest.mark.parametrize("who", [EMPLOYEE, ADMIN], ids=["employee", "admin"])
def test_no_csp_violation_on_the_main_pages(
    page: Page, sign_in: Callable[..., None], who: str
) -> None:
    problems = _watch(page)
    sign_in(page, who)
    seen = _visit_main_pages(page)
    assert len(seen) >= 6, seen
    assert problems == [], "\n".join(problems)
