"""An author writes a module with a quiz and submits it; a reviewer claims it and requests
changes; the author revises; the reviewer approves; readers see it published."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import EMPLOYEE

pytestmark = pytest.mark.e2e

REVIEWER = "riley.reviewer@demo.peerlearn.test"
TITLE = "Reading your payslip"
SLUG = "reading-your-payslip"
BODY = (
    "Your payslip has three parts: **gross pay**, the deductions, and **net pay**.\n\n"
    "- Gross pay is your salary before anything is taken off.\n"
    "- Deductions are tax, pension and social security.\n"
    "- Net pay is what reaches your bank account.\n\n"
    "Check your tax code every January; see [[expense-policy-essentials]] for claims."
)

SignIn = Callable[..., None]
Screenshot = Callable[[Page, str], Path]


def sign_out(page: Page) -> None:
    page.locator(".nav-account summary").click()  # the account menu holds Sign out
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def open_in_queue(page: Page) -> None:
    page.goto("/review?sort=newest")
    row = page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("button", name=re.compile(r"^Claim")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {TITLE}")


def test_author_and_reviewer_take_a_module_to_publication(
    page: Page, sign_in: SignIn, screenshot: Screenshot
) -> None:
    sign_in(page, EMPLOYEE)
    nav = page.get_by_role("navigation", name="Main")
    nav.locator(".nav-menu-label").filter(has_text=re.compile(r"^Write$")).click()
    nav.get_by_role("link", name="Write a module").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("One-line summary").fill("Gross, deductions, net: what each line means.")
    page.get_by_label("Tags").fill("payroll, money")
    page.get_by_label("Lesson").fill(BODY)
    expect(page.locator("#preview strong").first).to_have_text("gross pay")  # live preview
    page.get_by_role("button", name="Add a question").click()  # the quiz builder
    page.get_by_label("Question", exact=True).first.fill("Which amount reaches your bank?")
    page.locator("#q-0-choice-0").fill("Gross pay")
    page.locator("#q-0-choice-1").fill("Net pay")
    page.get_by_label("Choice 2 is correct").first.check()
    page.locator("#q-0-explanation").fill("Net pay is what is left after the deductions.")
    screenshot(page, "authoring-write")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted. A reviewer will look at it soon")).to_be_visible()
    sign_out(page)

    sign_in(page, REVIEWER)
    open_in_queue(page)
    expect(page.get_by_text("Why: Net pay is what is left after the deductions.")).to_be_visible()
    page.get_by_label("Comment for the author").fill(
        "Lovely and clear. Could you add where to find the tax code on the payslip?"
    )
    screenshot(page, "authoring-review")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    sign_out(page)

    sign_in(page, EMPLOYEE)
    page.locator("#main-nav .nav-menu-label").filter(has_text=re.compile(r"^Write$")).click()
    page.get_by_role("link", name="My modules").click()
    expect(page.get_by_text("where to find the tax code")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Lesson").fill(BODY + "\n\nYour tax code is printed under your name.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    sign_out(page)

    sign_in(page, REVIEWER)
    open_in_queue(page)
    expect(page.get_by_text("Changes since the published revision")).to_have_count(0)
    for label in page.locator(".rubric-scores label[for$='-5']").all():
        label.click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()

    page.goto(f"/m/{SLUG}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Your tax code is printed under your name.")).to_be_visible()
    expect(page.get_by_role("link", name="Expense policy essentials")).to_be_visible()
    screenshot(page, "authoring-published")
