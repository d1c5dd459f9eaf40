"""A person who forgot their password asks for a link, opens it from the e-mail the task
queue wrote (the demo server has no SMTP server: ``instance/outbox``), and signs in."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PERSON = "chloe.martin@demo.peerlearn.test"  # a demo author no other browser test signs in as


def _reset_link(outbox_glob: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in Path("/").glob(outbox_glob.lstrip("/")):
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if message["Subject"] == "Reset your password" and PERSON in message["To"]:
                text = message.get_body(("plain",)).get_content()
                return re.search(r"https?://\S+(/password/reset/\S+)", text).group(1)
        time.sleep(0.3)
    raise AssertionError("no reset e-mail arrived")


def test_forgotten_password_reset_by_e_mail_link(
    page: Page,
    sign_in: Callable[..., None],
    screenshot: Callable[[Page, str], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail").fill(PERSON)
    screenshot(page, "password-forgot")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("If an account uses that address")).to_be_visible()

    outbox = tmp_path_factory.getbasetemp() / "live_server*" / "instance" / "outbox" / "*.eml"
    page.goto(_reset_link(str(outbox)))
    new = "a-fresh-passphrase-2026"
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("Repeat new password").fill(new)
    screenshot(page, "password-reset")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()

    sign_in(page, PERSON, new)
    expect(page).to_have_url(re.compile(r"/$"))
