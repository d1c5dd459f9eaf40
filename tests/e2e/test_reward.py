"""The reward loop in a real browser: completing shows +points and a new badge where the
reader is looking; a failed quiz says honestly why nothing was earned; a change request is
read in the editor, the reviewer sees the diff, and approval lands the author on the live
module."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from peerlearn.demo.modules import MODULES
from tests.e2e.conftest import EMPLOYEE
from tests.e2e.test_accessibility import check

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]
SignIn = Callable[..., None]
REVIEWER = "riley.reviewer@demo.peerlearn.test"
QUIZZES: dict[str, dict[str, Any]] = {
    slug: quiz for slug, _t, _s, _tags, _body, quiz in MODULES if quiz
}
READ_SECONDS = 33  # the engine's minimum is 30 s of credited reading


def _sign_up(page: Page, name: str, email: str) -> None:
    page.goto("/sign-up")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Work e-mail").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_label("Repeat password").fill("a-long-enough-password")
    page.get_by_role("button", name=re.compile("Create")).click()
    # Sign-up never says whether the address had an account: the new person signs in next.
    expect(page.get_by_label("E-mail")).to_have_value(email)
    page.get_by_label("Password", exact=True).fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {name.split()[0]}")


def _modules(page: Page) -> list[dict[str, Any]]:
    response = page.request.get("/api/v1/modules?per_page=100&sort=newest")
    assert response.ok, response.text()
    return response.json()["items"]


def test_completion_shows_points_and_a_new_badge(
    page: Page, screenshot: Screenshot, screenshots_dir: Path
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_up(page, "Robin Reward", "robin.reward@peerlearn-demo.org")
    plain = next(m for m in _modules(page) if not m["has_quiz"])
    page.goto(f"/m/{plain['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(plain["title"])
    time.sleep(READ_SECONDS)  # reading time is what the server can believe: real seconds
    # the script's last visible seconds ride with the finish form (no race with a report)
    page.get_by_role("button", name="Mark as completed").click()
    panel = page.locator("#finish #reward")
    expect(panel).to_be_visible()
    expect(panel).to_be_in_viewport()  # where the reader is looking, not at the top
    expect(panel.locator(".reward-plus")).to_have_text("+10")
    expect(panel).to_contain_text("Completed a module")
    expect(panel).to_contain_text("New badge: First Steps")
    expect(panel.get_by_role("link", name="Share your badge")).to_have_attribute(
        "href", re.compile(r"^/badges/")
    )
    expect(panel).to_contain_text("Day 1 of your learning streak")
    panel.scroll_into_view_if_needed()
    screenshot(page, "reward-panel-1366")
    page.locator("#finish").screenshot(path=str(screenshots_dir / "reward-finish-box.png"))
    check(page)
    page.set_viewport_size({"width": 375, "height": 812})
    panel.scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the module page scrolls sideways on a phone ({width}px)"
    screenshot(page, "reward-panel-375")
    # what to read next, never the module just completed
    expect(page.locator("#finish .next-steps")).to_be_visible()
    expect(page.locator("#finish .next-steps")).not_to_contain_text(plain["title"])


def test_failed_quiz_says_why_nothing_was_earned(page: Page, screenshot: Screenshot) -> None:
    _sign_up(page, "Fran Failing", "fran.failing@peerlearn-demo.org")
    quizzed = next(m for m in _modules(page) if m["has_quiz"] and m["slug"] in QUIZZES)
    quiz = QUIZZES[quizzed["slug"]]
    page.goto(f"/m/{quizzed['slug']}")
    for i, question in enumerate(quiz["questions"]):
        wrong = next(n for n in range(len(question["choices"])) if n not in question["correct"])
        page.locator(f'input[name="q-{i}"][value="{wrong}"]').check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Not quite")
    panel = page.locator("#reward")
    expect(panel).to_contain_text("No points this time")
    expect(panel).to_contain_text("No points for this attempt: pass the quiz")
    screenshot(page, "reward-quiz-failed")


def _sign_out(page: Page) -> None:
    page.locator(".nav-account summary").click()  # the account menu holds Sign out
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def _open_notification(page: Page, text: str) -> None:
    page.goto("/notifications")
    item = page.locator(".notification").filter(has_text=text).first
    item.get_by_role("button", name="Open").click()


def test_changes_requested_to_live_module(
    page: Page, sign_in: SignIn, screenshot: Screenshot
) -> None:
    title = "Naming things in spreadsheets"
    body = (
        "Give every sheet a **short, plain name**: *Budget 2025*, not *Sheet3*.\n\n"
        "- Name columns for what they hold, with the unit: *Amount (EUR)*.\n"
        "- Keep one table per sheet, starting in cell A1.\n"
        "- Write dates the same way everywhere.\n\n"
        "Colleagues who open your file later will thank you for it."
    )
    sign_in(page, EMPLOYEE)
    page.goto("/write")
    page.get_by_label("Title").fill(title)
    page.get_by_label("One-line summary").fill("Sheets, columns and dates people understand.")
    page.get_by_label("Tags").fill("spreadsheets")
    page.get_by_label("Lesson").fill(body)
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    _sign_out(page)

    sign_in(page, REVIEWER)
    page.goto("/review?sort=newest")
    page.get_by_role("row").filter(has_text=title).get_by_role(
        "button", name=re.compile(r"^Claim")
    ).click()
    page.get_by_label("Comment for the author").fill("Please add an example of a good sheet name.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    _sign_out(page)

    # the notification opens the editor at the reviewer's comments
    sign_in(page, EMPLOYEE)
    _open_notification(page, f"A reviewer suggests changes to “{title}”")
    expect(page).to_have_url(re.compile(r"/edit#review-comments$"))
    comments = page.locator("#review-comments")
    expect(comments).to_be_visible()
    expect(comments).to_contain_text("Please add an example of a good sheet name.")
    screenshot(page, "review-loop-editor-comments")
    page.get_by_label("Lesson").fill(body + "\n\nA good sheet name: *Travel costs Q3*.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    _sign_out(page)

    # the reviewer sees what changed since the first submission
    sign_in(page, REVIEWER)
    page.goto("/review?sort=newest")
    page.get_by_role("row").filter(has_text=title).get_by_role(
        "button", name=re.compile(r"^Claim")
    ).click()
    diff = page.locator("section[aria-labelledby=diff-title]")
    expect(diff).to_contain_text("Changes since revision 1 (submitted before)")
    expect(diff.locator("ins").filter(has_text="A good sheet name")).to_be_visible()
    screenshot(page, "review-loop-diff")
    for label in page.locator(".rubric-scores label[for$='-5']").all():
        label.click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    _sign_out(page)

    # "approved" lands the author on the live module
    sign_in(page, EMPLOYEE)
    _open_notification(page, f"“{title}” was approved")
    expect(page).to_have_url(re.compile(r"/m/naming-things-in-spreadsheets$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("A good sheet name: Travel costs Q3.")).to_be_visible()
