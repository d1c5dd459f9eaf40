"""Report endpoints under /api/v1/reports: dashboard figures, exports, xAPI, jobs, my data."""

from __future__ import annotations

from typing import Any

from flask import send_file, url_for
from flask_login import current_user
from sqlalchemy import and_, func, select

from peerlearn.accounts.models import Department, User
from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.permissions import (
    can_download_export,
    hr_required,
    signed_in_required,
    vetting_required,
)
from peerlearn.reports import jobs
from peerlearn.reports.audit import record_access
from peerlearn.reports.dashboard import build_dashboard, report_query
from peerlearn.reports.downloads import attachment, table_download
from peerlearn.reports.models import ExportJob
from peerlearn.reports.mydata import my_data_chunks
from peerlearn.reports.privacy import check_named_export
from peerlearn.reports.schemas import (
    DashboardSchema,
    ExportArgsSchema,
    JobCreateSchema,
    JobSchema,
    ReportArgsSchema,
    StatementPageSchema,
    VettingReportSchema,
    XapiArgsSchema,
)
from peerlearn.reports.tables import TABLES, events_filter
from peerlearn.reports.vetting import vetting_report
from peerlearn.reports.xapi import STATEMENT_COLUMNS, statement

blp = ApiBlueprint(
    "reports_api",
    __name__,
    url_prefix="/api/v1/reports",
    description="HR engagement reports and exports (hr and admin); your own data (everyone).",
)
FILE_RESPONSE = {
    "description": "The file, streamed.",
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        },
        "application/json": {"schema": {}},  # xAPI statements
    },
}
JSON_FILE = {
    "description": "A JSON document, streamed.",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


def _job_out(job: ExportJob) -> dict[str, Any]:
    out = {name: getattr(job, name) for name in JobSchema().fields if name != "download_url"}
    ready = job.state == "done" and can_download_export(current_user, job)
    out["download_url"] = url_for("reports_api.job_file", job_id=job.id) if ready else None
    return out


@blp.get("/dashboard")
@hr_required
@blp.arguments(ReportArgsSchema, location="query")
@blp.response(200, DashboardSchema)
def dashboard(args: dict[str, Any]) -> dict[str, Any]:
    """Every dashboard figure for local days ``start``..``end`` (default: the last 30).

    A department with fewer than K members answers 422 ``group_too_small``.
    """
    return build_dashboard(report_query(args))


@blp.get("/vetting")
@vetting_required
@blp.arguments(ReportArgsSchema, location="query")
@blp.response(200, VettingReportSchema)
def vetting(args: dict[str, Any]) -> dict[str, Any]:
    """The L&D vetting report: submissions, decisions, time to first decision and to
    publication (median, p90) per period and per reviewer, rejection reasons and rubric
    scores (reviewers, HR and admins)."""
    return vetting_report(report_query(args).period)


@blp.get("/exports")
@hr_required
@blp.arguments(ExportArgsSchema, location="query")
@blp.doc(responses={"200": FILE_RESPONSE})
def export(args: dict[str, Any]) -> Any:
    """Per-person (``people``), per-module (``modules``) or raw-event (``events``) export as
    CSV or XLSX, streamed however large. Formula-like cells are neutralised.

    ``people`` and ``events`` name people: admins, or HR with a ``justification``
    (403 ``justification_required`` without one)."""
    reason = check_named_export(current_user, args["kind"], args.get("justification"))
    query = report_query(args)
    table = TABLES[args["kind"]](query)
    filters = jobs.filters_to_json(args)
    record_access(current_user, args["kind"], args["format"], filters, "api", reason)
    db.session.commit()
    return table_download(table, args["format"], query)


@blp.get("/xapi/statements")
@hr_required
@blp.arguments(XapiArgsSchema, location="query")
@blp.response(200, StatementPageSchema)
def xapi_statements(args: dict[str, Any]) -> dict[str, Any]:
    """Learning events of the period as xAPI 1.0.3 statements, oldest first, paginated.

    Statements name people: admins, or HR with a ``justification`` on every page."""
    reason = check_named_export(current_user, "xapi", args.get("justification"))
    query = report_query(args)
    clause = and_(events_filter(query), LearningEvent.actor_id.is_not(None))
    total = db.session.execute(
        select(func.count()).select_from(LearningEvent).where(clause)
    ).scalar_one()
    page, per_page = args["page"], args["per_page"]
    rows = db.session.execute(
        select(*STATEMENT_COLUMNS)
        .outerjoin(User, User.id == LearningEvent.actor_id)
        .outerjoin(Department, Department.id == User.department_id)
        .where(clause)
        .order_by(LearningEvent.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    if page == 1:
        record_access(current_user, "xapi", "json", jobs.filters_to_json(args), "api", reason)
        db.session.commit()
    return {
        "items": [statement(row) for row in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": -(-total // per_page),
    }


@blp.post("/jobs")
@hr_required
@blp.arguments(JobCreateSchema)
@blp.response(202, JobSchema)
def create_job(body: dict[str, Any]) -> dict[str, Any]:
    """Prepare an export in the background; poll the job, then fetch ``download_url``."""
    job = jobs.create_job(current_user, body["kind"], body["format"], body)
    db.session.commit()
    jobs.start(job.id)
    return _job_out(job)


@blp.get("/jobs/<int:job_id>")
@hr_required
@blp.response(200, JobSchema)
def get_job(job_id: int) -> dict[str, Any]:
    """A background export's state and progress."""
    return _job_out(jobs.get_job(job_id))


@blp.get("/jobs/<int:job_id>/file")
@hr_required
@blp.doc(responses={"200": FILE_RESPONSE})
def job_file(job_id: int) -> Any:
    """The finished file of a background export (409 until it is ready: poll the job)."""
    path = jobs.job_file(jobs.get_job(job_id), current_user, "api")
    db.session.commit()
    return send_file(path, as_attachment=True, download_name=path.name, max_age=0)


@blp.get("/my-data")
@signed_in_required
@blp.doc(responses={"200": JSON_FILE})
def my_data() -> Any:
    """Everything PeerLearn holds about you: profile, events, points and badges."""
    record_access(current_user, "my_data", "json", {}, "api")
    db.session.commit()
    user_id = current_user.id
    return attachment(my_data_chunks(user_id), f"peerlearn-my-data-{user_id}.json", "json")


BLUEPRINTS = (blp,)
