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

from peerlearn.gamification.leagues import close_week, this_week
from peerlearn.mail.tasks import send_export_ready
from peerlearn.reports import jobs as exports
from peerlearn.reports.forwarding import configured, forward
from peerlearn.reports.retention import purge
from peerlearn.tasks.queue import background, periodic


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
