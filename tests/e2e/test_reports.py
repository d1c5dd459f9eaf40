"""HR signs in, changes the report filters, sees the charts, and downloads a CSV and an
XLSX that parse back with real parsers.

The server is the demo instance (migrated and seeded as ``make run`` does) plus a month of
learning events written by a small script. Tables the migrations do not have yet (features
in progress) are created with ``create_all`` right after ``db upgrade``: a no-op once the
migrations are generated.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from tests.e2e import conftest as e2e
from tests.e2e.conftest import DESKTOP, PROJECT_ROOT, serve_demo

pytestmark = pytest.mark.e2e

HR = "harper.hr@demo.peerlearn.test"
SEED_EVENTS = """
import random
from datetime import UTC, datetime, timedelta
from peerlearn.app import create_app
from peerlearn.extensions import db
from peerlearn.events import LearningEvent
from peerlearn.accounts.models import User

app = create_app()
with app.app_context():
    db.create_all()
    users = db.session.execute(db.select(User).order_by(User.id)).scalars().all()
    rng = random.Random(6)
    now = datetime.now(UTC)
    for n in range(600):
        user = rng.choice(users)
        module = rng.randint(1, 12)
        at = now - timedelta(minutes=rng.randint(10, 60 * 24 * 25))
        context = {"author_id": users[module % len(users)].id,
                   "origin": "official" if module % 4 == 0 else "peer"}
        db.session.add(LearningEvent(verb="module_viewed", actor_id=user.id, object_type="module",
                                     object_id=module, occurred_at=at, context=context))
        if n % 3 == 0:
            db.session.add(LearningEvent(
                verb="module_completed", actor_id=user.id, object_type="module", object_id=module,
                occurred_at=at + timedelta(minutes=4), context={**context, "reading_seconds": 240}))
    db.session.commit()
"""


@pytest.fixture(scope="module")
def reports_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("reports_server")
    run_cli = e2e._run_cli

    def upgrade_then_create_missing(args: list[str], env: dict[str, str]) -> None:
        run_cli(args, env)
        if args == ["db", "upgrade"]:
            script = "from peerlearn.app import create_app\nfrom peerlearn.extensions import db\n"
            script += "with create_app().app_context():\n    db.create_all()\n"
            subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, check=True)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(e2e, "_run_cli", upgrade_then_create_missing)
        with serve_demo(root) as base_url:
            env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SECRET_KEY"}}
            env.update(
                DATABASE_URL=f"sqlite:///{root / 'peerlearn.db'}",
                PEERLEARN_INSTANCE_PATH=str(root / "instance"),
            )
            subprocess.run(
                [sys.executable, "-c", SEED_EVENTS],
                cwd=PROJECT_ROOT,
                env=env,
                check=True,
                timeout=120,
            )
            yield base_url


@pytest.fixture
def hr_page(browser: Browser, reports_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=reports_server, viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _download(page: Page, tmp_path: Path) -> Path:
    """Press the exports form's Download button; save and return the file."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target


def _xlsx(path: Path) -> list[tuple]:
    workbook = load_workbook(path)  # not read-only: number formats are checked too
    try:
        return [tuple(cell for cell in row) for row in workbook.active.iter_rows()]
    finally:
        workbook.close()


def test_hr_filters_the_dashboard_and_downloads_exports(
    hr_page: Page,
    sign_in: Callable[..., None],
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    page = hr_page
    sign_in(page, HR)
    nav = page.get_by_role("navigation", name="Main")
    nav.locator(".nav-menu-label").filter(has_text=re.compile(r"^Reports$")).click()
    nav.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement reports")
    expect(page.locator('svg.chart[role="img"]')).to_have_count(4)
    expect(page.locator("svg.chart title").first).to_have_text(
        "Active learners and completions per day"
    )
    whole = int(page.locator('[data-figure="modules_read"]').inner_text())
    assert whole > 0
    screenshot(page, "reports-dashboard")

    page.get_by_label("Department", exact=True).select_option(label="Engineering")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"department_id=\d+"))
    engineering = int(page.locator('[data-figure="modules_read"]').inner_text())
    assert 0 < engineering < whole
    expect(page.locator("table.departments tbody tr")).to_have_count(1)
    screenshot(page, "reports-dashboard-engineering")

    page.get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", name="Download")).to_be_visible()
    # the default range is the dashboard's (the last 30 days): views add up to its reads
    page.get_by_label("Department").select_option(label="Whole organisation")
    page.get_by_label("Per-module statistics").check()
    page.get_by_label("Format").select_option("xlsx")
    table = _xlsx(_download(page, tmp_path))
    header = [cell.value for cell in table[0]]
    assert header[:4] == ["module_id", "title", "origin", "views"]
    assert sum(row[3].value for row in table[1:]) == whole
    rate = header.index("completion_rate")
    rates = [row[rate] for row in table[1:] if row[rate].value is not None]
    assert rates and all(cell.number_format == "0.0%" for cell in rates)
    assert all(0 <= cell.value <= 1 for cell in rates)
    screenshot(page, "reports-exports")


def test_hr_changes_the_dates_and_the_file_covers_them(
    hr_page: Page,
    sign_in: Callable[..., None],
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    """No "Apply" between typing dates and downloading: the file still covers the new dates."""
    page = hr_page
    sign_in(page, HR)
    page.goto("/reports/exports")
    today = date.today()
    first, last = today - timedelta(days=12), today - timedelta(days=5)
    page.get_by_label("From").fill(first.isoformat())
    page.get_by_label("To (inclusive)").fill(last.isoformat())
    page.get_by_label("Raw learning events").check()
    page.get_by_label("Format").select_option("xlsx")
    page.get_by_label("Why you need people by name").fill(
        "Checking last week's onboarding sessions for the leadership review"
    )
    screenshot(page, "reports-exports-form")
    path = _download(page, tmp_path)
    assert f"{first.isoformat()}-to-{last.isoformat()}" in path.name
    table = _xlsx(path)
    header = [cell.value for cell in table[0]]
    local = header.index("occurred_at_local")
    moments = [row[local].value for row in table[1:]]
    assert moments, "the seeded month has events in these days"
    assert all(isinstance(m, datetime) for m in moments)  # real dates, not text
    assert min(moments).date() >= first and max(moments).date() <= last

    page.get_by_label("From").fill((today - timedelta(days=3)).isoformat())
    page.get_by_label("To (inclusive)").fill(today.isoformat())
    page.get_by_label("Format").select_option("csv")
    csv_path = _download(page, tmp_path)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    days = {datetime.fromisoformat(r["occurred_at_local"]).date() for r in rows}
    assert rows and min(days) >= today - timedelta(days=3) and max(days) <= today
