"""``flask reports …``: scheduled exports, background jobs, retention and xAPI forwarding."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.reports import jobs
from peerlearn.reports.audit import record_access
from peerlearn.reports.dashboard import report_query
from peerlearn.reports.downloads import json_array
from peerlearn.reports.forwarding import configured, forward
from peerlearn.reports.retention import purge
from peerlearn.reports.tables import TABLES, events_filter
from peerlearn.reports.writers import csv_chunks, write_xlsx
from peerlearn.reports.xapi import statements


@click.group("reports")
def reports_group() -> None:
    """HR reports: exports, background jobs, retention and xAPI forwarding."""


def _date(_ctx: Any, _param: Any, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@reports_group.command("export")
@click.option("--kind", type=click.Choice([*TABLES, "xapi"]), required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv")
@click.option("--since", callback=_date, help="First local day (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Last local day, inclusive (YYYY-MM-DD).")
@click.option("--department-id", type=int, default=None)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output; XLSX needs a file).",
)
def export_command(
    kind: str,
    fmt: str,
    since: date | None,
    until: date | None,
    department_id: int | None,
    output: Path | None,
) -> None:
    """Write an export for a scheduled job (the access is logged as channel "cli")."""
    if since and until and since > until:
        raise click.BadParameter("--since must not be after --until")
    if kind == "xapi":
        fmt = "json"
    elif fmt == "json":
        raise click.BadParameter("tables export as csv or xlsx", param_hint="--format")
    if fmt == "xlsx" and output is None:
        raise click.BadParameter("XLSX is binary: give --output FILE", param_hint="--output")
    args = {"start": since, "end": until, "department_id": department_id}
    query = report_query(args)
    try:
        if kind == "xapi":
            chunks: Any = json_array(statements(events_filter(query)))
        else:
            table = TABLES[kind](query)
            if fmt == "xlsx":
                assert output is not None
                write_xlsx(output, table.name, table.header, table.rows(), formats=table.formats)
                chunks = None
            else:
                chunks = csv_chunks(table.header, table.rows())
        if chunks is not None:
            stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                for chunk in chunks:
                    stream.write(chunk)
            finally:
                if output:
                    stream.close()
    except ServiceError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    record_access(None, kind, fmt, jobs.filters_to_json(args), "cli")
    db.session.commit()
    if output:
        click.echo(f"Wrote {output}", err=True)


@reports_group.command("run-jobs")
def run_jobs_command() -> None:
    """Run queued background exports (and restart ones whose worker died)."""
    ids = jobs.runnable_jobs()
    db.session.commit()
    for job_id in ids:
        job = jobs.run_job(job_id)
        click.echo(f"Export {job.id} ({job.kind} {job.format}): {job.state}")
    if not ids:
        click.echo("No exports waiting.")


@reports_group.command("purge")
def purge_command() -> None:
    """Forward to the LRS first, then roll raw events older than the retention window into
    hourly totals and delete them, keeping what `gamification replay` needs."""
    report = purge()
    if report.forwarded:
        click.echo(f"Forwarded {report.forwarded} statements to the LRS first.")
    click.echo(
        f"Purged {report.events_deleted} events before {report.cutoff.isoformat()} "
        f"({report.days} days, {report.rollup_rows} hourly totals written). Kept what "
        "`gamification replay` needs: the events that pay points, each person's first event."
    )
    if report.held_for_lrs:
        click.echo(
            "Some older events wait: the learning record store has not accepted them yet "
            "(see `reports forward-xapi`).",
            err=True,
        )


@reports_group.command("forward-xapi")
@click.option("--max-batches", type=int, default=None, help="Stop after this many batches.")
def forward_xapi_command(max_batches: int | None) -> None:
    """Send new statements to the configured LRS; exits 1 while it is unreachable."""
    if not configured():
        raise click.ClickException("PEERLEARN_XAPI_LRS_URL is not set: nothing to forward to.")
    report = forward(max_batches)
    click.echo(
        f"Sent {report.sent} statements in {report.batches} batches; backlog {report.backlog}."
    )
    if report.error:
        raise click.ClickException(f"The LRS did not accept a batch: {report.error}")
