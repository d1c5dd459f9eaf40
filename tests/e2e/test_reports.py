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


def _download(page: Page, link_name: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target


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
    csv_path = _download(page, "Per-person engagement (CSV)", tmp_path)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert len(rows) >= 40 and {"user_id", "name", "modules_completed"} <= set(rows[0])
    assert any(int(r["modules_completed"]) > 0 for r in rows)

    xlsx_path = _download(page, "Per-module statistics (XLSX)", tmp_path)
    workbook = load_workbook(xlsx_path, read_only=True)  # read-only keeps the file open
    try:
        table = list(workbook.active.iter_rows(values_only=True))
    finally:
        workbook.close()
    assert table[0][:4] == ("module_id", "title", "origin", "views")
    assert sum(row[3] for row in table[1:]) == whole
    screenshot(page, "reports-exports")
