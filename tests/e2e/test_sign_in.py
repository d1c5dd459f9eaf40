"""A person signs in and out through the real pages, on a desktop and on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ADMIN, EMPLOYEE

pytestmark = pytest.mark.e2e

SignIn = Callable[..., None]
Screenshot = Callable[[Page, str], Path]
WRONG_PASSWORD = "That e-mail and password do not match an account."


def test_employee_signs_in_and_out(page: Page, sign_in: SignIn, screenshot: Screenshot) -> None:
    sign_in(page, EMPLOYEE)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Emma")
    # On a wide screen the navigation is always shown: there is no Menu button to press;
    # Sign out waits in the account menu (a <details> named after the person).
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    screenshot(page, "desktop-home-signed-in")
    page.locator(".nav-account summary").click()
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()

    sign_out.click()

    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    screenshot(page, "desktop-signed-out")


def test_wrong_password_shows_an_error(page: Page, sign_in: SignIn) -> None:
    sign_in(page, EMPLOYEE, "not-the-password")

    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("alert")).to_contain_text(WRONG_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("E-mail", exact=True)).to_have_value(EMPLOYEE)


def test_phone_menu_opens_to_sign_out(
    phone_page: Page, sign_in: SignIn, screenshot: Screenshot
) -> None:
    sign_in(phone_page, EMPLOYEE)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Hello, Emma")

    menu = phone_page.get_by_role("button", name="Menu")
    sign_out = phone_page.get_by_role("button", name="Sign out")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(sign_out).to_be_hidden()
    screenshot(phone_page, "phone-home-menu-closed")

    menu.tap()

    expect(menu).to_have_attribute("aria-expanded", "true")
    phone_page.locator(".nav-account summary").tap()
    expect(sign_out).to_be_visible()
    screenshot(phone_page, "phone-home-menu-open")

    sign_out.tap()
    expect(phone_page).to_have_url(re.compile(r"/sign-in$"))


def test_admin_finds_a_person(page: Page, sign_in: SignIn, screenshot: Screenshot) -> None:
    sign_in(page, ADMIN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ada")

    page.goto("/admin/users")
    page.get_by_role("searchbox", name="Name or e-mail").fill("Okafor")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/admin/users\?.*q=Okafor"))
    name_cells = page.locator("table.users tbody tr td:first-child")
    expect(name_cells).to_have_text(["Lena Okafor"])
    screenshot(page, "desktop-admin-users-okafor")
