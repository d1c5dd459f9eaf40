"""The maintenance schedule, defined in code instead of crontab lines.

Schedules are UTC ``crontab`` tests run by the consumer's scheduler; anything that depends on
a local clock (the league week in the organisation's zone) runs often and decides itself,
idempotently, whether there is work: closing a week twice, purging twice or forwarding the
same statements twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from huey import crontab

from peerlearn.accounts.services import forget_sessions_before
from peerlearn.events import utcnow
from peerlearn.gamification.leagues import close_week, this_week
from peerlearn.mail.delivery import forget_sent_before
from peerlearn.mail.tasks import send_export_ready
from peerlearn.reports import jobs as exports
from peerlearn.reports.forwarding import configured, forward
from peerlearn.reports.retention import purge
from peerlearn.tasks.queue import background, forget_runs_before, periodic


@periodic(
    "leagues.close_week",
    crontab(minute="5"),
    "hourly at :05 (closes last week once its Monday has begun in the organisation's zone)",
)
def close_last_league_week() -> None:
    """Close last week's leagues: promotions, demotions and next week's cohorts."""
    closed = close_week(this_week() - timedelta(days=7))
    if closed is not None:
        current_app.logger.info("Closed league week %s", closed.week_start)


KEEP_TASK_LOG = timedelta(days=90)
"""How long the task-run log and the sent-e-mail records are kept."""
KEEP_SESSIONS = timedelta(days=365)
"""Browser sessions older than the remember-me cookie's year are dead: their rows go."""


@periodic("maintenance.prune", crontab(minute="45", hour="2"), "daily at 02:45 UTC")
def prune_bookkeeping() -> None:
    """Delete task runs and sent-e-mail records older than 90 days, and browser sessions
    older than a year: tables that would otherwise only grow."""
    now = utcnow()
    runs = forget_runs_before(now - KEEP_TASK_LOG)
    mails = forget_sent_before(now - KEEP_TASK_LOG)
    sessions = forget_sessions_before(now - KEEP_SESSIONS)
    current_app.logger.info("Pruned %s task runs, %s e-mail records, %s sessions", runs, mails,
                            sessions)  # fmt: skip


@periodic("reports.purge", crontab(minute="30", hour="2"), "daily at 02:30 UTC")
def purge_old_events() -> None:
    """Forward to the LRS first, then roll raw events older than the retention window into
    hourly totals and delete them, keeping what `gamification replay` needs."""
    purge()


@periodic("reports.forward_xapi", crontab(minute="*/5"), "every 5 minutes (when an LRS is set)")
def forward_xapi() -> None:
    """Send new xAPI statements to the configured learning record store."""
    if not configured():
        return
    report = forward()
    if report.error:
        raise RuntimeError(f"The LRS did not accept a batch: {report.error}")


@background("reports.run_export", retries=1)
def run_export(job_id: int) -> None:
    """Run one background export (a failure is recorded on the job itself), then e-mail
    whoever asked for it that it is ready."""
    exports.run_job(job_id)
    send_export_ready(job_id)


@periodic("reports.resume_exports", crontab(minute="*/10"), "every 10 minutes")
def resume_exports() -> None:
    """Run exports still queued, and restart ones whose worker died."""
    for job_id in exports.runnable_jobs():
        exports.run_job(job_id)
        send_export_ready(job_id)
