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

from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import (
    admin_required,
    hr_required,
    is_admin,
    signed_in_required,
    vetting_required,
)
from peerlearn.reports import jobs
from peerlearn.reports.audit import recent_access, record_access
from peerlearn.reports.charts import bar_chart, heatmap_chart, line_chart
from peerlearn.reports.dashboard import build_dashboard, report_query
from peerlearn.reports.definitions import METRICS
from peerlearn.reports.departments import department_choices
from peerlearn.reports.downloads import attachment, table_download, xapi_download
from peerlearn.reports.forwarding import backlog, configured, forwarding_status
from peerlearn.reports.metrics import WEEKDAYS, GroupTooSmall
from peerlearn.reports.models import ExportJob
from peerlearn.reports.mydata import my_data_chunks
from peerlearn.reports.privacy import check_named_export
from peerlearn.reports.schemas import JobCreateSchema, ReportArgsSchema, WebExportArgsSchema
from peerlearn.reports.tables import TABLES
from peerlearn.reports.vetting import vetting_report

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
            "Share of people (%) by modules completed in the period",
            [b["bucket"] for b in figures["completion_buckets"]],
            [round(100 * (b["share"] or 0), 1) for b in figures["completion_buckets"]],
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
            "Reading by weekday and hour"
            + (" (each reader's time)" if figures["smartup"]["heatmap_zone"] == "person" else ""),
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
        metrics=METRICS,
        departments=department_choices(query.min_group),
        timezone=current_app.config["ORG_TIMEZONE"],
    )


@bp.get("/vetting")
@vetting_required
def vetting() -> Any:
    """The L&D vetting report (reviewers, HR and admins)."""
    args, errors = _load(ReportArgsSchema(), request.args)
    query = report_query(args)
    return render_template(
        "reports/vetting.html",
        query=query,
        report=vetting_report(query.period),
        errors=errors,
        metrics=METRICS,
        departments=[],
        timezone=current_app.config["ORG_TIMEZONE"],
    )


@bp.get("/exports")
@hr_required
def exports() -> Any:
    args, errors = _load(WebExportArgsSchema(), request.args)  # back from an error: as chosen
    recent = db.session.execute(select(ExportJob).order_by(ExportJob.id.desc()).limit(20)).scalars()
    return render_template(
        "reports/exports.html",
        query=report_query(args),
        errors=errors,
        chosen={"kind": args["kind"], "format": args["format"]},
        jobs=list(recent),
        departments=department_choices(int(get_setting("report_min_group_size"))),
        sync_limit=current_app.config["REPORTS_SYNC_MAX_ROWS"],
        named_needs_reason=not is_admin(current_user),
    )


def _back_to_exports(message: str, args: dict[str, Any]) -> Any:
    """Back to the exports page with the same filters, kind and format, saying what to fix
    (the justification stays out of the address: it would land in access logs)."""
    flash(message, "error")
    chosen = {key: args[key] for key in ("kind", "format") if args.get(key)}
    return redirect(url_for("reports.exports", **jobs.filters_to_json(args), **chosen))


@bp.get("/exports/download")
@hr_required
def download() -> Any:
    """Stream the export the form describes (its dates, department, kind and format, exactly
    as they are on the page); a large one becomes a background job with a progress page."""
    args, errors = _load(WebExportArgsSchema(), request.args)
    if errors:
        message = "; ".join(f"{k}: {v[0]}" for k, v in errors.items())
        return _back_to_exports("Check the export's filters: " + message, args)
    kind = args["kind"]
    try:
        reason = check_named_export(current_user, kind, args.get("justification"))
        query = report_query(args)
        table = None if kind == "xapi" else TABLES[kind](query)
    except ServiceError as exc:
        return _back_to_exports(exc.message, args)
    if table is not None and table.count > current_app.config["REPORTS_SYNC_MAX_ROWS"]:
        job = jobs.create_job(current_user, kind, args["format"], args)
        db.session.commit()
        jobs.start(job.id)
        flash(f"{table.count:,} rows: the export is being prepared in the background.", "info")
        return redirect(url_for("reports.job", job_id=job.id))
    fmt = "json" if kind == "xapi" else args["format"]
    record_access(current_user, kind, fmt, jobs.filters_to_json(args), "web", reason)
    db.session.commit()
    if table is None:
        return xapi_download(query)
    return table_download(table, fmt, query)


@bp.post("/jobs")
@hr_required
def create_job() -> Any:
    args, errors = _load(JobCreateSchema(), request.form)
    if errors:
        message = "; ".join(f"{k}: {v[0]}" for k, v in errors.items())
        return _back_to_exports("Check the export's filters: " + message, args)
    try:
        job = jobs.create_job(current_user, args["kind"], args["format"], args)
    except ServiceError as exc:
        return _back_to_exports(exc.message, args)
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
