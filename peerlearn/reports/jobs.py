"""Background exports: a row per job, a file under ``instance/exports`` when it is done.

A job is created by a request (one commit) and then run by the task queue
(``reports.run_export``, enqueued by :func:`start`), or by ``flask reports run-jobs`` (a
manual trigger). Progress is written on a separate connection, so the page polling it sees
the figures while the export still reads. A job that stopped moving for ``STALE_AFTER`` (its
worker died) is picked up again by the periodic ``reports.resume_exports``.
"""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update

from peerlearn.errors import Conflict, NotFoundError, PermissionDenied
from peerlearn.events import LearningEvent, utcnow
from peerlearn.extensions import db
from peerlearn.permissions import can_download_export
from peerlearn.reports.audit import record_access
from peerlearn.reports.dashboard import report_query
from peerlearn.reports.models import ExportJob
from peerlearn.reports.privacy import check_named_export
from peerlearn.reports.tables import TABLES, events_filter
from peerlearn.reports.writers import csv_chunks, write_xlsx
from peerlearn.reports.xapi import statements
from peerlearn.tasks.queue import run_now

STALE_AFTER = timedelta(minutes=10)


def export_dir() -> Path:
    path = Path(current_app.instance_path) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def filters_to_json(args: dict[str, Any]) -> dict[str, Any]:
    """Loaded report arguments as JSON-safe values (dates as ISO strings)."""
    return {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in args.items()
        if k in {"start", "end", "department_id"} and v is not None
    }


def filters_from_json(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = dict(data)
    for key in ("start", "end"):
        if out.get(key):
            out[key] = date.fromisoformat(out[key])
    return out


def create_job(actor: Any, kind: str, fmt: str, args: dict[str, Any]) -> ExportJob:
    """Queue an export (``xapi`` is always JSON; tables are CSV or XLSX). Flushes.

    An export naming people needs an admin, or HR's justification (kept with the job).
    """
    reason = check_named_export(actor, kind, args.get("justification"))
    fmt = "json" if kind == "xapi" else ("xlsx" if fmt == "xlsx" else "csv")
    job = ExportJob(
        kind=kind,
        format=fmt,
        filters=filters_to_json(args),
        justification=reason,
        requested_by_id=actor.id,
    )
    db.session.add(job)
    db.session.flush()
    return job


def get_job(job_id: int) -> ExportJob:
    job = db.session.get(ExportJob, job_id)
    if job is None:
        raise NotFoundError("No such export.")
    return job


def _progress(job_id: int, **values: Any) -> None:
    """Write progress on its own connection and transaction."""
    with db.engine.begin() as connection:
        connection.execute(
            update(ExportJob).where(ExportJob.id == job_id).values(updated_at=utcnow(), **values)
        )


def _write_xapi(path: Path, query: Any, job_id: int) -> int:
    done = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for done, item in enumerate(statements(events_filter(query)), start=1):
            out.write(("," if done > 1 else "") + "\n" + json.dumps(item, ensure_ascii=False))
            if done % 1000 == 0:
                _progress(job_id, rows_done=done)
        out.write("\n]\n")
    return done


def run_job(job_id: int) -> ExportJob:
    """Run one job to the end; a failure is recorded on the job, never raised."""
    job = get_job(job_id)
    query = report_query(filters_from_json(job.filters))
    name = f"{job.kind}-{job.id}-{secrets.token_hex(6)}.{job.format}"
    path = export_dir() / name
    _progress(job.id, state="running", rows_done=0, error=None)
    try:
        if job.kind == "xapi":
            total = db.session.execute(
                select(db.func.count()).select_from(LearningEvent).where(events_filter(query))
            ).scalar_one()
            _progress(job.id, rows_total=total)
            done = _write_xapi(path, query, job.id)
        else:
            table = TABLES[job.kind](query)
            _progress(job.id, rows_total=table.count)

            def progress(n: int) -> None:
                _progress(job.id, rows_done=n)

            if job.format == "xlsx":
                done = write_xlsx(
                    path, table.name, table.header, table.rows(), progress, table.formats
                )
            else:
                with path.open("w", encoding="utf-8", newline="") as out:
                    for chunk in csv_chunks(table.header, table.rows(), progress):
                        out.write(chunk)
                done = table.count
        db.session.rollback()
        _progress(job.id, state="done", rows_done=done, file_name=name, finished_at=utcnow())
    except Exception as exc:
        db.session.rollback()
        path.unlink(missing_ok=True)
        current_app.logger.exception("Export job %s failed", job_id)
        message = getattr(exc, "message", None) or "The export failed; it has been logged."
        _progress(job.id, state="failed", error=message, finished_at=utcnow())
    db.session.expire_all()
    return get_job(job_id)


def start(job_id: int) -> None:
    """Enqueue the (committed) job on the task queue unless ``REPORTS_EXPORT_THREADS`` is
    off (then it waits for ``reports run-jobs`` or ``reports.resume_exports``)."""
    if current_app.config.get("REPORTS_EXPORT_THREADS", True):
        run_now("reports.run_export", job_id)


def runnable_jobs() -> list[int]:
    """Queued jobs, and running ones whose worker stopped writing progress."""
    stale = utcnow() - STALE_AFTER
    return list(
        db.session.execute(
            select(ExportJob.id)
            .where(
                or_(
                    ExportJob.state == "queued",
                    (ExportJob.state == "running") & (ExportJob.updated_at < stale),
                )
            )
            .order_by(ExportJob.id)
        ).scalars()
    )


def job_file(job: ExportJob, actor: Any, channel: str) -> Path:
    """The finished file of ``job``, recording the download. Flushes the access row."""
    if not can_download_export(actor, job):
        raise PermissionDenied(
            "This export names people: only the person who asked for it (or an admin) may "
            "download it."
        )
    if job.state != "done" or not job.file_name:
        raise Conflict("This export is not ready yet: check its state and try again shortly.")
    path = export_dir() / job.file_name
    if not path.exists():
        raise NotFoundError("This export's file is gone; start a new one.")
    record_access(actor, job.kind, job.format, job.filters, channel, job.justification)
    return path
