"""A learner searches, opens a module, passes its quiz, claps, comments, bookmarks another,
and finds it all on "My learning" — on the seeded demo, in headless Chromium.

A freshly signed-up colleague is used, so the seeded history (which includes every demo
person) cannot have completed the module already. The right answers come from the demo
content itself: the page never has them before submission.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from peerlearn.demo.modules import MODULES
from tests.e2e.test_accessibility import check

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]
QUIZZES: dict[str, dict[str, Any]] = {
    slug: quiz for slug, _t, _s, _tags, _body, quiz in MODULES if quiz
}


def _sign_up(page: Page) -> None:
    page.goto("/sign-up")
    page.get_by_label("Your name").fill("Quinn Learner")
    page.get_by_label("Work e-mail").fill("quinn.learner@peerlearn-demo.org")
    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_label("Repeat password").fill("a-long-enough-password")
    page.get_by_role("button", name=re.compile("Create")).click()
    # Sign-up never says whether the address had an account: the new person signs in next.
    expect(page.get_by_label("E-mail")).to_have_value("quinn.learner@peerlearn-demo.org")
    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Quinn")


def _catalog(page: Page) -> list[dict[str, Any]]:
    response = page.request.get("/api/v1/modules?per_page=100&sort=newest")
    assert response.ok, response.text()
    return response.json()["items"]


def test_learner_journey(page: Page, screenshot: Screenshot) -> None:
    _sign_up(page)
    items = _catalog(page)
    quizzed = next(m for m in items if m["has_quiz"] and m["slug"] in QUIZZES)
    other = next(m for m in items if not m["has_quiz"] and m["id"] != quizzed["id"])

    # search from the navigation's catalog page
    page.locator("#main-nav .nav-menu-label").filter(has_text=re.compile(r"^Learn$")).click()
    page.get_by_role("link", name="All modules", exact=True).click()
    page.get_by_role("searchbox", name="Search").fill(quizzed["title"])
    page.get_by_role("button", name="Search").click()
    screenshot(page, "learning-search")
    page.get_by_role("link", name=quizzed["title"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(quizzed["title"])

    # the quiz: choose the right answers, submit, read the explanations
    quiz = QUIZZES[quizzed["slug"]]
    for i, question in enumerate(quiz["questions"]):
        for choice in question["correct"]:
            page.locator(f'input[name="q-{i}"][value="{choice}"]').check()
    screenshot(page, "learning-quiz")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passed!")
    expect(page.get_by_text(quiz["questions"][0]["explanation"])).to_be_visible()
    page.get_by_role("link", name="Back to the module").click()
    expect(page.get_by_text("You completed this module")).to_be_visible()

    # clap: the count changes without a reload
    total = page.locator("[data-clap-total]")
    before = int(total.inner_text())
    page.get_by_role("button", name=re.compile("Clap")).click()
    expect(total).to_have_text(str(before + 1))
    expect(page.locator("[data-clap-mine]")).to_have_text("1")

    # comment
    page.get_by_label("Your comment").fill("The **second** check is the one I forget.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment-body strong", has_text="second")).to_be_visible()
    screenshot(page, "learning-module-after")

    # bookmark another module
    page.goto(f"/m/{other['slug']}")
    page.get_by_role("button", name=re.compile("Read later")).click()
    expect(page.get_by_role("button", name=re.compile("Bookmarked"))).to_be_visible()

    # My learning shows it all
    page.locator("#main-nav .nav-menu-label").filter(has_text=re.compile(r"^Learn$")).click()
    page.get_by_role("link", name="My learning").click()
    completed = page.locator("#completed-title + .table-scroll")
    expect(completed).to_contain_text(quizzed["title"])
    expect(completed).to_contain_text("100%")
    expect(page.locator("section[aria-labelledby=bookmarks-title]")).to_contain_text(other["title"])
    expect(page.locator("section[aria-labelledby=progress-title]")).to_contain_text(other["title"])
    screenshot(page, "learning-my-learning")
    for path in ("/learning", "/modules?q=meeting", f"/m/{quizzed['slug']}", "/paths"):
        page.goto(path)
        check(page)  # axe: no serious or critical accessibility violations


def test_module_page_reads_well_on_a_phone(phone_page: Page, screenshot: Screenshot) -> None:
    from tests.e2e.conftest import DEMO_PASSWORD, EMPLOYEE

    phone_page.goto("/sign-in")
    phone_page.get_by_label("E-mail", exact=True).fill(EMPLOYEE)
    phone_page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    phone_page.get_by_role("button", name="Sign in").click()
    item = _catalog(phone_page)[0]
    phone_page.goto(f"/m/{item['slug']}")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(item["title"])
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the module page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "learning-module-phone")
