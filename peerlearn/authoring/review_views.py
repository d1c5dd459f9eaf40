"""Reviewer pages: the queue with its health, claiming, the review page, the flag queue,
freshness, archiving and restoring; and the admins' rubric page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.accounts.services import list_departments
from peerlearn.authoring import flags, queries, review, rubric
from peerlearn.authoring.diff import diff_revisions
from peerlearn.authoring.forms import CriterionForm, DecisionForm, NoteForm, ReasonForm
from peerlearn.content.models import Tag
from peerlearn.content.queries import get_module
from peerlearn.errors import ServiceError
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification import reward
from peerlearn.permissions import admin_required, can_review_module, reviewer_required
from peerlearn.web import form_error, submit_form

bp = Blueprint("review", __name__, url_prefix="/review")
rubric_bp = Blueprint("rubric", __name__, url_prefix="/admin")

CLAIM_FILTERS = ("all", "unclaimed", "mine")


@bp.get("")
@reviewer_required
def queue() -> Any:
    args = {
        "tag": request.args.get("tag", "")[:40] or None,
        "department_id": request.args.get("department", type=int),
        "claim_filter": request.args.get("claim", "all"),
        "sort": request.args.get("sort", "oldest"),
    }
    if args["claim_filter"] not in CLAIM_FILTERS:
        args["claim_filter"] = "all"
    if args["sort"] not in review.SORTS:
        args["sort"] = "oldest"
    page = db.paginate(
        review.queue(current_user, **args),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "authoring/queue.html",
        page=page,
        args=args,
        health=review.queue_health(),
        tags=db.session.execute(db.select(Tag.name).order_by(Tag.name)).scalars().all(),
        departments=list_departments(),
        sorts=list(review.SORTS),
        now=utcnow(),
    )


@bp.post("/submissions/<int:submission_id>/claim")
@reviewer_required
def claim(submission_id: int) -> Any:
    submission = queries.get_submission(submission_id)
    review.claim(current_user, submission)
    db.session.commit()
    flash(f"It is yours until {submission.claimed_until:%H:%M} UTC.", "success")
    return redirect(url_for("authoring.review.submission", submission_id=submission.id))


@bp.post("/submissions/<int:submission_id>/release")
@reviewer_required
def release(submission_id: int) -> Any:
    review.release(current_user, queries.get_submission(submission_id))
    db.session.commit()
    flash("Released: a colleague can take it.", "success")
    return redirect(url_for("authoring.review.queue"))


@bp.route("/submissions/<int:submission_id>", methods=["GET", "POST"])
@reviewer_required
def submission(submission_id: int) -> Any:
    item = queries.get_submission(submission_id)
    module = item.module
    form = DecisionForm(official=module.origin == "official")
    criteria = rubric.rubric_criteria()
    scores = {c.key: request.form.get(f"rubric-{c.key}", "") for c in criteria}
    field_errors: dict[str, str] = {}

    def refused(exc: ServiceError) -> None:
        if exc.field and exc.field.startswith("rubric."):
            field_errors[exc.field] = exc.message
        else:
            form_error(form, exc)

    with reward.watch() as seen:
        ok, _ = submit_form(
            form,
            lambda: review.decide(
                current_user,
                item,
                form.decision.data,
                scores,
                form.comment.data,
                official=form.official.data,
            ),
            refused=refused,
        )
    if ok:
        earned = reward.in_words(reward.summarize(current_user, seen.event_ids, "review"))
        flash(f"Decision recorded. The author has been notified. {earned}".strip(), "success")
        return redirect(url_for("authoring.review.queue"))
    compare_with = queries.review_baseline(item)
    return render_template(
        "authoring/review.html",
        item=item,
        module=module,
        revision=item.revision,
        compare_with=compare_with,
        sections=diff_revisions(compare_with, item.revision) if compare_with else None,
        form=form,
        criteria=criteria,
        scores=scores,
        field_errors=field_errors,
        can_decide=can_review_module(current_user, module) and item.state == "pending",
        history=queries.submissions_of(module),
        now=utcnow(),
    ), (422 if (form.errors or form.form_errors or field_errors) else 200)


@bp.get("/flags")
@reviewer_required
def flag_queue() -> Any:
    state = request.args.get("state", "open")
    page = db.paginate(
        flags.flag_queue(current_user, state),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "authoring/flags.html",
        page=page,
        state=state if state in ("open", "with_author") else "open",
        note_form=NoteForm(),
        reason_form=ReasonForm(),
    )


@bp.post("/flags/<int:flag_id>/dismiss")
@reviewer_required
def dismiss_flag(flag_id: int) -> Any:
    form = NoteForm()  # read, not validated: the service cleans and limits the note
    flags.dismiss_flag(current_user, flags.get_flag(flag_id), form.note.data or "")
    db.session.commit()
    flash("Flag dismissed; the reader has been told.", "success")
    return redirect(url_for("authoring.review.flag_queue"))


@bp.post("/modules/<int:module_id>/archive")
@reviewer_required
def archive(module_id: int) -> Any:
    form = ReasonForm()  # read, not validated: the service checks the reason
    module = get_module(module_id)
    flags.archive_module(current_user, module, form.reason.data or "")
    db.session.commit()
    flash(f"“{module.title}” is unpublished; the author has the reason.", "success")
    if request.form.get("next") == "flags":
        return redirect(url_for("authoring.review.flag_queue"))
    return redirect(url_for("authoring.history", module_id=module.id))


@bp.post("/modules/<int:module_id>/restore")
@reviewer_required
def restore(module_id: int) -> Any:
    module = get_module(module_id)
    flags.restore_module(current_user, module)
    db.session.commit()
    flash(f"“{module.title}” is published again.", "success")
    return redirect(url_for("authoring.history", module_id=module.id))


@bp.post("/modules/<int:module_id>/origin")
@reviewer_required
def origin(module_id: int) -> Any:
    module = get_module(module_id)
    review.set_origin(current_user, module, request.form.get("origin", ""))
    db.session.commit()
    flash(f"Marked as {module.origin}.", "success")
    return redirect(url_for("authoring.history", module_id=module.id))


@bp.get("/freshness")
@reviewer_required
def freshness() -> Any:
    page = db.paginate(
        flags.stale_modules(), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template("authoring/freshness.html", page=page, today=utcnow().date())


@rubric_bp.route("/rubric", methods=["GET", "POST"])
@admin_required
def rubric_page() -> Any:
    form = CriterionForm()
    ok, _ = submit_form(
        form, lambda: rubric.add_criterion(current_user, form.label.data, form.help.data)
    )
    if ok:
        flash("Criterion added.", "success")
        return redirect(url_for("authoring.rubric.rubric_page"))
    return render_template(
        "authoring/rubric.html",
        form=form,
        criteria=rubric.rubric_criteria(include_inactive=True),
    ), (422 if form.errors else 200)


@rubric_bp.post("/rubric/<key>")
@admin_required
def update_criterion(key: str) -> Any:
    changes = {
        "label": request.form.get("label", ""),
        "help": request.form.get("help", ""),
        "active": "active" in request.form,
    }
    rubric.update_criterion(current_user, key, changes)
    db.session.commit()
    flash("Rubric saved.", "success")
    return redirect(url_for("authoring.rubric.rubric_page"))
