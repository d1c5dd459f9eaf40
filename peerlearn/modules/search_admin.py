"""Admins edit the search synonyms: the page (``/admin/search-synonyms``) and
``/api/v1/search/synonyms``. Thin: parse, call the service, commit once."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.modules.search_synonyms import MAX_GROUPS, list_groups, replace_groups
from peerlearn.permissions import admin_required
from peerlearn.web import submit_form

bp = Blueprint("search_admin", __name__, url_prefix="/admin")
api_blp = ApiBlueprint(
    "search_synonyms",
    __name__,
    url_prefix="/api/v1/search",
    description="Catalog search settings: the synonyms list (admins).",
)


class SynonymsSchema(Schema):
    groups = fields.List(
        fields.List(
            fields.String(validate=validate.Length(max=300)), validate=validate.Length(max=12)
        ),
        required=True,
        validate=validate.Length(max=MAX_GROUPS),
        metadata={
            "description": "Groups of words or short phrases that mean the same to search, "
            'e.g. [["expenses", "reimbursement"], ["customer", "client"]]. Each group needs '
            "two different entries; entries are lower-cased to their letters and digits."
        },
    )


@bp.route("/search-synonyms", methods=["GET", "POST"])
@admin_required
def synonyms() -> Any:
    """One group a line, entries separated by commas; saving replaces the whole list."""
    typed = request.form.get("groups", "")[:200_000]
    errors: list[str] = []

    def refused(exc: ServiceError) -> None:
        errors.append(exc.message)

    ok, _ = submit_form(
        None, lambda: replace_groups(current_user, typed.splitlines()), refused=refused
    )
    if ok:
        flash("Search synonyms saved.", "success")
        return redirect(url_for("search_admin.synonyms"))
    text = typed if errors else "\n".join(", ".join(group) for group in list_groups())
    return render_template("search/synonyms.html", text=text, errors=errors), (
        422 if errors else 200
    )


@api_blp.get("/synonyms")
@admin_required
@api_blp.response(200, SynonymsSchema)
def get_synonyms() -> dict[str, Any]:
    """The synonyms list."""
    return {"groups": list_groups()}


@api_blp.put("/synonyms")
@admin_required
@api_blp.arguments(SynonymsSchema)
@api_blp.response(200, SynonymsSchema)
def put_synonyms(body: dict[str, Any]) -> dict[str, Any]:
    """Replace the whole synonyms list (all or nothing)."""
    groups = replace_groups(current_user, [", ".join(group) for group in body["groups"]])
    db.session.commit()
    return {"groups": groups}
