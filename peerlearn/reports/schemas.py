"""Marshmallow schemas of the reports: filters in, dashboard figures and jobs out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from peerlearn.api.schemas import ID_RANGE, PageArgsSchema
from peerlearn.reports.models import EXPORT_KINDS, JOB_STATES

MAX_RANGE_DAYS = 3660
TABLE_KINDS = ("people", "modules", "events")


class ReportArgsSchema(Schema):
    """The filters every report takes: local dates (inclusive) and a department."""

    start = fields.Date(metadata={"description": "First local day (default: 29 days before end)."})
    end = fields.Date(metadata={"description": "Last local day, inclusive (default: today)."})
    department_id = fields.Integer(
        allow_none=True, validate=ID_RANGE, metadata={"description": "One department only."}
    )
    heatmap_zone = fields.String(
        validate=validate.OneOf(("organisation", "person")),
        metadata={
            "description": "The heatmap's clock: the organisation's time zone (default) or "
            "each reader's own."
        },
    )

    @validates_schema
    def _range(self, data: dict[str, Any], **_: Any) -> None:
        start, end = data.get("start"), data.get("end")
        for name, value in (("start", start), ("end", end)):
            if value is not None and not date(2000, 1, 1) <= value <= date(2999, 12, 31):
                raise ValidationError("Use a date between 2000 and 2999.", name)
        if start and end and start > end:
            raise ValidationError("The start must not be after the end.", "start")
        if start and end and (end - start) > timedelta(days=MAX_RANGE_DAYS):
            raise ValidationError(f"Choose at most {MAX_RANGE_DAYS} days.", "start")


JUSTIFICATION = {
    "description": "Why you need people by name (HR: required for the people, events and "
    "xAPI exports, at least 15 characters; kept in the export access log)."
}


class ExportArgsSchema(ReportArgsSchema):
    kind = fields.String(load_default="people", validate=validate.OneOf(TABLE_KINDS))
    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "xlsx")))
    justification = fields.String(validate=validate.Length(max=500), metadata=JUSTIFICATION)


class WebExportArgsSchema(ExportArgsSchema):
    """The exports page's one form: a table, or the xAPI statements."""

    kind = fields.String(load_default="people", validate=validate.OneOf((*TABLE_KINDS, "xapi")))


class XapiArgsSchema(ReportArgsSchema, PageArgsSchema):
    """Filters and page of the xAPI statements endpoint."""

    justification = fields.String(validate=validate.Length(max=500), metadata=JUSTIFICATION)


class JobCreateSchema(ReportArgsSchema):
    justification = fields.String(validate=validate.Length(max=500), metadata=JUSTIFICATION)
    kind = fields.String(required=True, validate=validate.OneOf(EXPORT_KINDS))
    format = fields.String(load_default="csv", validate=validate.OneOf(("csv", "xlsx", "json")))


class JobSchema(Schema):
    """A background export and its progress."""

    id = fields.Integer(dump_only=True)
    kind = fields.String(dump_only=True)
    format = fields.String(dump_only=True)
    filters = fields.Dict(dump_only=True)
    state = fields.String(dump_only=True, metadata={"enum": list(JOB_STATES)})
    rows_done = fields.Integer(dump_only=True)
    rows_total = fields.Integer(dump_only=True, allow_none=True)
    percent = fields.Integer(dump_only=True)
    error = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    finished_at = fields.DateTime(dump_only=True, allow_none=True)
    download_url = fields.String(dump_only=True, allow_none=True)


class DashboardSchema(Schema):
    """Every dashboard figure (see ``peerlearn.reports.metrics`` for the definitions)."""

    period = fields.Dict(required=True)
    department_id = fields.Integer(allow_none=True)
    min_group_size = fields.Integer(required=True)
    headline = fields.Dict(required=True)
    smartup = fields.Dict(
        required=True,
        metadata={"description": "SmartUp's headline figures (see the README's definitions)."},
    )
    completion_buckets = fields.List(fields.Dict(), required=True)
    origin_split = fields.Dict(required=True)
    heatmap = fields.List(fields.List(fields.Integer()), required=True)
    daily = fields.List(fields.Dict(), required=True)
    top_modules = fields.List(fields.Dict(), required=True)
    top_authors = fields.List(fields.Dict(), required=True)
    departments = fields.List(fields.Dict(), required=True)


class VettingReportSchema(Schema):
    """The L&D vetting report (definitions in the README)."""

    period = fields.Dict(required=True)
    submissions = fields.Integer(required=True)
    published_on_submission = fields.Integer(required=True)
    decisions = fields.Dict(required=True)
    time_to_first_decision = fields.Dict(required=True)
    time_to_publication = fields.Dict(required=True)
    pending_now = fields.Integer(required=True)
    by_period = fields.List(fields.Dict(), required=True)
    by_reviewer = fields.List(fields.Dict(), required=True)
    reasons = fields.List(fields.Dict(), required=True)
    rubric = fields.List(fields.Dict(), required=True)


class StatementPageSchema(Schema):
    """A page of xAPI 1.0.3 statements."""

    items = fields.List(fields.Dict(), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)
