"""The two builders an author uses in the browser: the quiz builder in the module editor and
the path builder's module picker. Both enhance plain forms, so the saved result is checked
on the page the server renders afterwards, not in the script's own state."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import EMPLOYEE

pytestmark = pytest.mark.e2e

SignIn = Callable[..., None]
Screenshot = Callable[[Page, str], Path]


def test_author_builds_a_quiz_and_the_preview_agrees_with_the_saved_module(
    page: Page, sign_in: SignIn, screenshot: Screenshot
) -> None:
    sign_in(page, EMPLOYEE)
    page.goto("/write")
    # Only what is in use shows: no question yet, and the buttons to add one.
    expect(page.locator("details[data-question]:visible")).to_have_count(0)
    page.get_by_label("Title").fill("Quiz builder in the browser")
    page.get_by_label("One-line summary").fill("Two questions, one of them true/false.")
    # 280 words (1.4 min) and two questions (1 min): about 3 minutes.
    page.locator("#body_markdown").fill("A lesson about checking what you read. " * 40)

    page.get_by_role("button", name="Add a question").click()
    first = page.locator("details[data-question='0']")
    expect(first.locator("[data-choice]:visible")).to_have_count(2)
    first.get_by_label("Question", exact=True).fill("Which comes first?")
    first.get_by_label("Choice 1", exact=True).fill("Reading")
    first.get_by_label("Choice 2", exact=True).fill("Writing")
    first.get_by_role("button", name="Add a choice").click()
    first.get_by_label("Choice 3", exact=True).fill("Neither")
    first.get_by_label("Choice 1 is correct").check()
    first.get_by_role("button", name="Remove choice 3").click()
    expect(first.locator("[data-choice]:visible")).to_have_count(2)
    first.get_by_label("Explanation").fill("You read before you write.")

    page.get_by_role("button", name="Add a true/false question").click()
    second = page.locator("details[data-question='1']")
    expect(second.get_by_label("Choice 1", exact=True)).to_have_value("True")
    expect(second.get_by_label("Choice 2", exact=True)).to_have_value("False")
    second.get_by_label("Question", exact=True).fill("Skimming counts as reading.")
    second.get_by_label("Choice 2 is correct").check()
    second.get_by_label("Explanation").fill("Skimming misses the point.")

    # The live preview shows the quiz and counts its questions in the minutes.
    expect(page.locator("#quiz-preview")).to_contain_text("Skimming counts as reading.")
    expect(page.locator("#preview-minutes")).to_have_text("about 3 min")
    screenshot(page, "quiz-builder")
    page.get_by_role("button", name="Save draft").click()

    expect(page).to_have_url(re.compile(r"/modules/\d+/edit$"))
    expect(page.locator("details[data-question]:visible")).to_have_count(2)
    expect(page.locator("#q-1-kind")).to_have_value("true_false")
    expect(page.locator("#q-0-choice-2")).to_have_value("")
    expect(page.locator("#preview-minutes")).to_have_text("about 3 min")  # saved = preview

    page.locator("details[data-question='0']").get_by_role(
        "button", name="Remove this question"
    ).click()
    expect(page.locator("#q-0-prompt")).to_have_value("Skimming counts as reading.")
    expect(page.locator("details[data-question]:visible")).to_have_count(1)


def test_author_builds_a_path_by_searching_the_catalog(
    page: Page, sign_in: SignIn, screenshot: Screenshot
) -> None:
    sign_in(page, EMPLOYEE)
    page.goto("/paths/new")
    expect(page.locator("#modules")).to_be_hidden()  # no slugs to type
    page.get_by_label("Title").fill("SQL from scratch")
    search = page.get_by_label("Find a module to add")
    search.fill("sql")
    results = page.locator("#module-results")
    expect(results.get_by_role("button", name=re.compile(r"^Add SQL basics"))).to_be_visible()
    results.get_by_role("button", name=re.compile(r"^Add SQL basics")).click()
    results.get_by_role("button", name=re.compile(r"^Add SQL joins")).click()
    expect(
        results.get_by_role("button", name=re.compile(r"SQL joins.* is in the path"))
    ).to_be_disabled()
    picked = page.locator("[data-picked] > li")
    expect(picked).to_have_count(2)
    page.get_by_role("button", name=re.compile(r"^Move SQL joins.* up")).click()
    expect(picked.first).to_contain_text("SQL joins")
    screenshot(page, "path-builder")
    page.get_by_role("button", name="Save path").click()

    expect(page).to_have_url(re.compile(r"/paths/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SQL from scratch")
    items = page.locator(".path-items > li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("SQL joins")
    expect(items.nth(1)).to_contain_text("SQL basics")
