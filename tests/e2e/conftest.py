"""Fixtures for the browser tests: a live PeerLearn server and headless Debian Chromium.

``live_server`` migrates and seeds a throwaway SQLite database exactly as ``make run`` does,
then serves it with gunicorn on a free loopback port. ``browser`` drives the system's
``/usr/bin/chromium`` through Playwright (no browser is ever downloaded). ``page`` and
``phone_page`` are fresh browser contexts, so cookies never leak between tests.
``screenshot(page, name)`` saves a PNG under the pytest tmp dir and prints its path.

Every test in this directory is marked ``e2e``; the default ``pytest`` run deselects them,
``pytest -m e2e tests/e2e`` runs them.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
STARTUP_TIMEOUT = 30.0
E2E_DIR = Path(__file__).resolve().parent
SCREENSHOTS_KEY = pytest.StashKey[list[Path]]()

DEMO_PASSWORD = "peerlearn-demo"
EMPLOYEE = "emma.employee@demo.peerlearn.test"
ADMIN = "ada.admin@demo.peerlearn.test"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/e2e as ``e2e`` before ``-m`` selects, so none slips out."""
    for item in items:
        if E2E_DIR in item.path.parents and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List the screenshots at the end of the run, so a person can look at them."""
    paths = terminalreporter.config.stash.get(SCREENSHOTS_KEY, [])
    if paths:
        terminalreporter.section("e2e screenshots")
        for path in paths:
            terminalreporter.write_line(str(path))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_cli(args: list[str], env: dict[str, str]) -> None:
    """Run ``flask --app wsgi …`` as ``make run`` does; fail with its output if it fails."""
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # seeding takes ~20 s alone, several times that on a busy machine
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`flask --app wsgi {' '.join(args)}` exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and b'"ok"' in response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def serve_demo(root: Path) -> Iterator[str]:
    """Migrate, seed and serve a fresh demo instance under ``root``; yield its base URL."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SECRET_KEY"}}
    env.update(
        DATABASE_URL=f"sqlite:///{root / 'peerlearn.db'}",
        PEERLEARN_INSTANCE_PATH=str(root / "instance"),
        PYTHONUNBUFFERED="1",
    )
    _run_cli(["db", "upgrade"], env)
    _run_cli(["seed-demo"], env)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = root / "gunicorn.log"
    # A file, not a pipe: a pipe nobody reads fills up and stalls the server.
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
                "wsgi:app",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/healthz"):
            if server.poll() is not None or time.monotonic() > deadline:
                state = (
                    f"exited with {server.returncode}"
                    if server.poll() is not None
                    else f"did not answer /healthz within {STARTUP_TIMEOUT:.0f} s"
                )
                pytest.fail(
                    f"gunicorn on {base_url} {state}.\n--- server output ({log_path}) ---\n"
                    f"{log_path.read_text(errors='replace')}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo instance the browser tests share; yield its base URL (no trailing /)."""
    with serve_demo(tmp_path_factory.mktemp("live_server")) as base_url:
        yield base_url


@pytest.fixture
def scratch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo instance of the test's own, for tests that change data in bulk (fuzzers)."""
    with serve_demo(tmp_path_factory.mktemp("scratch_server")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Headless Debian Chromium. Missing Chromium is an error, never a skip: CI installs it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing. Install Debian's chromium "
            "(`apt-get install -y chromium`); never `playwright install`.",
            pytrace=False,
        )
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _new_page(browser: Browser, base_url: str, **context_options: object) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, **context_options)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A desktop-sized page (1280×800) in its own context; relative URLs go to the server."""
    yield from _new_page(browser, live_server, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A phone-sized page (390×844, touch) in its own context."""
    yield from _new_page(
        browser,
        live_server,
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture(scope="session")
def screenshots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def screenshot(
    screenshots_dir: Path, request: pytest.FixtureRequest
) -> Callable[[Page, str], Path]:
    """``screenshot(page, name)``: save a full-page PNG, print and remember its path."""

    def take(page: Page, name: str) -> Path:
        path = screenshots_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        request.config.stash.setdefault(SCREENSHOTS_KEY, []).append(path)
        return path

    return take


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """``sign_in(page, email, password=DEMO_PASSWORD)``: sign in through the form."""

    def fill_and_submit(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/sign-in")
        page.get_by_label("E-mail", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()

    return fill_and_submit
