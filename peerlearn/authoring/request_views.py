"""Content request pages: ask for a topic, upvote, take one on, give it back."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.authoring import content_requests as requests_service
from peerlearn.authoring.forms import RequestForm
from peerlearn.extensions import db
from peerlearn.permissions import can_post_priority_request, signed_in_required
from peerlearn.web import submit_form

bp = Blueprint("requests", __name__)


@bp.route("/requests", methods=["GET", "POST"])
@signed_in_required
def index() -> Any:
    form = RequestForm()
    if request.method == "GET" and request.args.get("topic"):
        form.title.data = request.args["topic"][:120]  # "Request this topic" from a search
    ok, _ = submit_form(
        form,
        lambda: requests_service.post_request(
            current_user, form.title.data, form.description.data, form.priority.data
        ),
    )
    if ok:
        flash("Request posted. Colleagues can upvote it and take it on.", "success")
        return redirect(url_for("authoring.requests.index"))
    state = request.args.get("state", "open")
    if state not in requests_service.STATES:
        state = "open"
    page = db.paginate(
        requests_service.list_requests(state),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    ids = [item.id for item in page.items]
    return render_template(
        "authoring/requests.html",
        form=form,
        page=page,
        votes=requests_service.vote_counts(ids),
        state=state,
        voted=requests_service.voted_by(current_user, ids),
        can_prioritise=can_post_priority_request(current_user),
    ), (422 if form.errors or form.form_errors else 200)


@bp.post("/requests/<int:request_id>/vote")
@signed_in_required
def vote(request_id: int) -> Any:
    item = requests_service.get_request(request_id)
    if request.form.get("remove"):
        requests_service.remove_upvote(current_user, item)
    else:
        requests_service.upvote(current_user, item)
    db.session.commit()
    return redirect(url_for("authoring.requests.index"))


@bp.post("/requests/<int:request_id>/take")
@signed_in_required
def take(request_id: int) -> Any:
    result = requests_service.take_request(current_user, requests_service.get_request(request_id))
    db.session.commit()
    flash("It is yours: here is a draft to start from.", "success")
    return redirect(url_for("authoring.edit", module_id=result.revision.module_id))


@bp.post("/requests/<int:request_id>/release")
@signed_in_required
def release(request_id: int) -> Any:
    requests_service.release_request(current_user, requests_service.get_request(request_id))
    db.session.commit()
    flash("Request given back; your draft stays in My modules.", "success")
    return redirect(url_for("authoring.requests.index"))
