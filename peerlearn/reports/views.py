"""Report pages: the HR dashboard, exports and their background jobs, the access log
(admins) and "download my data" (everyone)."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from marshmallow import Schema, ValidationError
from sqlalchemy import select

from peerlearn.extensions import db
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import admin_required, hr_required, signed_in_required
from peerlearn.reports import jobs
from peerlearn.reports.audit import recent_access, record_access
from peerlearn.reports.charts import bar_chart, heatmap_chart, line_chart
from peerlearn.reports.dashboard import build_dashboard, report_query
from peerlearn.reports.departments import department_choices
from peerlearn.reports.downloads import attachment, table_download, xapi_download
from peerlearn.reports.forwarding import backlog, configured, forwarding_status
from peerlearn.reports.metrics import WEEKDAYS, GroupTooSmall
from peerlearn.reports.models import ExportJob
from peerlearn.reports.mydata import my_data_chunks
from peerlearn.reports.schemas import ExportArgsSchema, JobCreateSchema, ReportArgsSchema
from peerlearn.reports.tables import TABLES

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _load(schema: Schema, source: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Loaded arguments (blank fields dropped) and field errors; defaults on errors."""
    data = {k: v for k, v in source.items() if v not in ("", None) and k != "csrf_token"}
    try:
        return schema.load(data), {}
    except ValidationError as exc:
        errors = exc.normalized_messages()
        valid = {k: v for k, v in data.items() if k not in errors}
        try:
            return schema.load(valid), errors
        except ValidationError:
            return {}, errors


def _charts(figures: dict[str, Any]) -> dict[str, Any]:
    daily = figures["daily"]
    split = figures["origin_split"]
    return {
        "buckets": bar_chart(
            "chart-buckets",
            "People by modules completed in the period",
            [b["bucket"] for b in figures["completion_buckets"]],
            [b["people"] for b in figures["completion_buckets"]],
        ),
        "origin": bar_chart(
            "chart-origin",
            "Reads and completions: peer vs official modules",
            ["Peer reads", "Official reads", "Peer completions", "Official completions"],
            [
                split["peer"]["reads"],
                split["official"]["reads"],
                split["peer"]["completions"],
                split["official"]["completions"],
            ],
        ),
        "trend": line_chart(
            "chart-trend",
            "Active learners and completions per day",
            [d["day"] for d in daily],
            [
                ("Active learners", [d["active"] for d in daily]),
                ("Completions", [d["completions"] for d in daily]),
            ],
        ),
        "heatmap": heatmap_chart(
            "chart-heatmap",
            "Reading by weekday and hour (organisation time)",
            WEEKDAYS,
            figures["heatmap"],
        ),
    }


@bp.get("")
@hr_required
def dashboard() -> Any:
    args, errors = _load(ReportArgsSchema(), request.args)
    query = report_query(args)
    figures = charts = None
    try:
        figures = build_dashboard(query)
        charts = _charts(figures)
    except GroupTooSmall as exc:
        errors = {**errors, "department_id": [exc.message]}
    return render_template(
        "reports/dashboard.html",
        query=query,
        figures=figures,
        charts=charts,
        errors=errors,
        weekdays=WEEKDAYS,
        departments=department_choices(query.min_group),
        timezone=current_app.config["ORG_TIMEZONE"],
    )


@bp.get("/exports")
@hr_required
def exports() -> Any:
    args, errors = _load(ReportArgsSchema(), request.args)
    recent = db.session.execute(select(ExportJob).order_by(ExportJob.id.desc()).limit(20)).scalars()
    return render_template(
        "reports/exports.html",
        query=report_query(args),
        errors=errors,
        jobs=list(recent),
        departments=department_choices(int(get_setting("report_min_group_size"))),
        sync_limit=current_app.config["REPORTS_SYNC_MAX_ROWS"],
    )


@bp.get("/exports/download")
@hr_required
def download() -> Any:
    """Stream an export; a large one becomes a background job with a progress page."""
    args, errors = _load(ExportArgsSchema(), request.args)
    if errors:
        flash(
            "Check the export's filters: " + "; ".join(f"{k}: {v[0]}" for k, v in errors.items()),
            "error",
        )
        return redirect(url_for("reports.exports"))
    query = report_query(args)
    table = TABLES[args["kind"]](query)
    if table.count > current_app.config["REPORTS_SYNC_MAX_ROWS"]:
        job = jobs.create_job(current_user, args["kind"], args["format"], args)
        db.session.commit()
        jobs.start(job.id)
        flash(f"{table.count:,} rows: the export is being prepared in the background.", "info")
        return redirect(url_for("reports.job", job_id=job.id))
    record_access(current_user, args["kind"], args["format"], jobs.filters_to_json(args), "web")
    db.session.commit()
    return table_download(table, args["format"], query)


@bp.get("/exports/xapi")
@hr_required
def download_xapi() -> Any:
    """Every statement of the period as one xAPI 1.0.3 JSON array (streamed)."""
    args, _errors = _load(ReportArgsSchema(), request.args)
    query = report_query(args)
    record_access(current_user, "xapi", "json", jobs.filters_to_json(args), "web")
    db.session.commit()
    return xapi_download(query)


@bp.post("/jobs")
@hr_required
def create_job() -> Any:
    args, errors = _load(JobCreateSchema(), request.form)
    if errors:
        flash(
            "Check the export's filters: " + "; ".join(f"{k}: {v[0]}" for k, v in errors.items()),
            "error",
        )
        return redirect(url_for("reports.exports"))
    job = jobs.create_job(current_user, args["kind"], args["format"], args)
    db.session.commit()
    jobs.start(job.id)
    return redirect(url_for("reports.job", job_id=job.id))


@bp.get("/jobs/<int:job_id>")
@hr_required
def job(job_id: int) -> Any:
    return render_template("reports/job.html", job=jobs.get_job(job_id))


@bp.get("/jobs/<int:job_id>/download")
@hr_required
def job_download(job_id: int) -> Any:
    path = jobs.job_file(jobs.get_job(job_id), current_user, "web")
    db.session.commit()
    return send_file(path, as_attachment=True, download_name=path.name, max_age=0)


@bp.get("/access-log")
@admin_required
def access_log() -> Any:
    state = forwarding_status()
    return render_template(
        "reports/access_log.html",
        accesses=recent_access(),
        forwarding=state,
        forwarding_configured=configured(),
        backlog=backlog(state.last_event_id),
    )


@bp.get("/my-data")
@signed_in_required
def my_data() -> Any:
    """Everything about me, as JSON (every employee)."""
    record_access(current_user, "my_data", "json", {}, "web")
    db.session.commit()
    user_id = current_user.id
    return attachment(my_data_chunks(user_id), f"peerlearn-my-data-{user_id}.json", "json")
