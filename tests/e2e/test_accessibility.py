"""axe-core finds no serious or critical accessibility violations on the main pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ADMIN, EMPLOYEE

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}
AXE = Axe()

# (path, who is signed in or None, heading the page must show before axe looks at it)
PAGES = [
    ("/sign-in", None, "Sign in"),
    ("/sign-up", None, "Create your account"),
    ("/", EMPLOYEE, "Hello, Emma"),
    ("/account/profile", EMPLOYEE, "Your account"),
    ("/account/tokens", EMPLOYEE, "Your account"),
    ("/admin/users", ADMIN, "Administration"),
    ("/admin/departments", ADMIN, "Administration"),
    ("/no-such-page", EMPLOYEE, "We can't find that page"),
    ("/no-such-page", None, "We can't find that page"),
]


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule id, impact, help text, link, failing selectors."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            # failureSummary is "Fix any of the following:\n  <reason>…"; keep the reasons.
            reasons = "; ".join(
                line.strip() for line in node.get("failureSummary", "").splitlines()[1:]
            )
            lines.append(f"    at {target}: {reasons}")
    return "\n".join(lines)


def check(page: Page) -> None:
    """Run axe on the page; fail on serious/critical violations, print the lesser ones."""
    violations = AXE.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    minor = [v for v in violations if v["impact"] not in BLOCKING]
    if minor:
        print(f"axe, not blocking, on {page.url}:\n{describe(minor)}")
    assert not blocking, (
        f"axe found {len(blocking)} serious/critical violation(s) on {page.url}:\n"
        f"{describe(blocking)}"
    )


@pytest.mark.parametrize(
    ("path", "who", "heading"),
    PAGES,
    ids=[f"{path}-{who.split('.')[0] if who else 'signed-out'}" for path, who, _ in PAGES],
)
def test_page_has_no_serious_violations(
    page: Page,
    sign_in: Callable[..., None],
    path: str,
    who: str | None,
    heading: str | None,
) -> None:
    if who:
        sign_in(page, who)
        expect(page.locator("#main-nav")).to_have_count(1)  # signed in
    response = page.goto(path)
    assert response is not None
    assert response.status == (404 if path == "/no-such-page" else 200)
    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check(page)


def test_phone_menu_open_has_no_serious_violations(
    phone_page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(phone_page, ADMIN)
    phone_page.get_by_role("button", name="Menu").tap()
    phone_page.locator(".nav-account summary").tap()
    expect(phone_page.get_by_role("button", name="Sign out")).to_be_visible()
    check(phone_page)


def test_form_with_errors_has_no_serious_violations(page: Page) -> None:
    """Field errors add aria-invalid and aria-describedby; axe checks they are well formed."""
    page.goto("/sign-up")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    check(page)


def test_wrong_password_page_has_no_serious_violations(
    page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(page, EMPLOYEE, "not-the-password")
    expect(page.get_by_role("alert")).to_be_visible()
    check(page)
