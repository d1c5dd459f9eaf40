"""Author pages: write and edit (with live preview), my modules, history and diff, and the
reader's page of a published module (``/m/<slug>``) with its flag form."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.authoring import drafting, flags, queries, services
from peerlearn.authoring.diff import diff_revisions
from peerlearn.authoring.forms import ModuleForm, NewModuleForm, ReviewByForm
from peerlearn.authoring.quiz import (
    KIND_LABELS,
    MAX_CHOICES,
    MAX_QUESTIONS,
    QuizInvalid,
    quiz_from_form,
)
from peerlearn.content.forms import FlagForm
from peerlearn.content.models import Module, ModuleState
from peerlearn.content.queries import get_live_module
from peerlearn.errors import ServiceError
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.permissions import (
    can_edit_module,
    can_reconfirm_module,
    signed_in_required,
)
from peerlearn.web import form_error, run_action, safe_next, submit_form

bp = Blueprint("authoring", __name__)


def _values(form: ModuleForm) -> dict[str, Any]:
    return {
        "title": form.title.data,
        "summary": form.summary.data,
        "body_markdown": form.body_markdown.data,
        "tags": form.tags.data or "",
        "quiz": quiz_from_form(request.form),
    }


def _editor(form: ModuleForm, module: Module | None, quiz: Any, quiz_errors: Any, warnings: Any):
    revision = module.current_revision if module else None
    rendered, minutes, _ = drafting.draft_preview(form.body_markdown.data or "", quiz)
    return render_template(
        "authoring/edit.html",
        form=form,
        module=module,
        revision=revision,
        quiz=quiz or {"pass_mark": 70, "questions": []},
        quiz_errors=quiz_errors or {},
        warnings=warnings,
        feedback=queries.open_feedback(module) if module else [],
        preview=rendered.html,
        preview_minutes=minutes,
        kinds=KIND_LABELS,
        max_questions=MAX_QUESTIONS,
        max_choices=MAX_CHOICES,
    ), (422 if (form.errors or form.form_errors or quiz_errors) else 200)


def _save(form: ModuleForm, module: Module | None) -> tuple[Any, dict[str, list[str]]]:
    """Save (and submit when asked) when the form is submitted and valid; a refused
    submission keeps the save. Returns the module (``None`` when nothing was saved) and quiz
    errors."""
    quiz_errors: dict[str, list[str]] = {}

    def refused(exc: ServiceError) -> None:
        if isinstance(exc, QuizInvalid):
            quiz_errors.update(exc.fields)
        else:
            form_error(form, exc)

    _ok, saved = submit_form(form, lambda: _save_draft(form, module), refused=refused)
    return saved, quiz_errors


def _save_draft(form: ModuleForm, module: Module | None) -> Module:
    values = _values(form)
    if module is None:
        slug = form.slug.data if isinstance(form, NewModuleForm) else None
        result = services.create_module(current_user, values, slug=slug)
    else:
        result = services.save_draft(current_user, module, values)
    module = result.revision.module
    for warning in result.warnings:
        flash(warning, "warning")
    if request.form.get("action") == "submit":
        try:  # the save stands even when the submission is refused
            with db.session.begin_nested():
                submission = services.submit(current_user, module)
        except ServiceError as exc:
            flash(f"Saved, but not submitted: {exc.message}", "error")
        else:
            flash(_submitted_message(submission), "success")
    else:
        flash("Draft saved.", "success")
    return module


def _submitted_message(submission: Any) -> str:
    if submission.published_on_submit:
        return "Published! Reviewers will still have a look afterwards."
    return "Submitted. A reviewer will look at it soon; you will be notified here."


@bp.route("/write", methods=["GET", "POST"])
@signed_in_required
def write() -> Any:
    form = NewModuleForm()
    module, quiz_errors = _save(form, None)
    if module is not None:
        return redirect(url_for("authoring.edit", module_id=module.id))
    quiz = quiz_from_form(request.form) if request.method == "POST" else None
    return _editor(form, None, quiz, quiz_errors, [])


@bp.route("/modules/<int:module_id>/edit", methods=["GET", "POST"])
@signed_in_required
def edit(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    if not can_edit_module(current_user, module):
        abort(403)
    revision = module.current_revision
    form = ModuleForm(
        data={
            "title": revision.title,
            "summary": revision.summary,
            "body_markdown": revision.body_markdown,
            "tags": ", ".join(revision.tags),
        }
    )
    saved, quiz_errors = _save(form, module)
    if saved is not None:
        return redirect(url_for("authoring.edit", module_id=module.id))
    quiz = quiz_from_form(request.form) if request.method == "POST" else revision.quiz
    warnings = drafting.revision_warnings(revision) if request.method == "GET" else []
    return _editor(form, module, quiz, quiz_errors, warnings)


@bp.post("/modules/<int:module_id>/submit")
@signed_in_required
def submit(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    submission = services.submit(current_user, module)
    db.session.commit()
    flash(_submitted_message(submission), "success")
    return redirect(url_for("authoring.history", module_id=module.id))


@bp.post("/modules/<int:module_id>/withdraw")
@signed_in_required
def withdraw(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    services.withdraw(current_user, module)
    db.session.commit()
    flash("Withdrawn. Your draft is back with you to edit.", "success")
    default = url_for("authoring.edit", module_id=module.id)
    return redirect(safe_next(request.form.get("next"), default))


@bp.post("/modules/<int:module_id>/delete")
@signed_in_required
def delete(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    services.delete_draft(current_user, module)
    db.session.commit()
    flash("Module deleted.", "success")
    return redirect(url_for("authoring.mine"))


@bp.post("/modules/<int:module_id>/reconfirm")
@signed_in_required
def reconfirm(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    flags.reconfirm(current_user, module)
    db.session.commit()
    flash(f"Thank you: re-confirmed until {module.review_by:%d %b %Y}.", "success")
    return redirect(url_for("authoring.history", module_id=module.id))


@bp.post("/modules/<int:module_id>/review-by")
@signed_in_required
def review_by(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    form = ReviewByForm()
    ok, _ = run_action(form, lambda: flags.set_review_by(current_user, module, form.review_by.data))
    if not ok:
        raise ServiceError("Enter a date.", "review_by")
    flash(f"Review-by date set to {module.review_by:%d %b %Y}.", "success")
    return redirect(url_for("authoring.history", module_id=module.id))


@bp.get("/my/modules")
@signed_in_required
def mine() -> Any:
    modules = list(db.session.execute(queries.modules_by_author(current_user)).scalars())
    groups = {state: [m for m in modules if m.state == state] for state in ModuleState}
    published_ids = [m.id for m in groups[ModuleState.PUBLISHED]]
    return render_template(
        "authoring/mine.html",
        groups=groups,
        counts=queries.reader_counts(published_ids),
        feedback={
            m.id: queries.latest_feedback(m)
            for m in modules
            if m.state in (ModuleState.CHANGES_REQUESTED, ModuleState.REJECTED)
            or m.has_pending_edit
        },
        pending={m.id: queries.pending_submission(m) for m in modules},
        deletable={m.id for m in modules if services.deletable(m)},
        stale=db.session.execute(flags.stale_modules(current_user)).scalars().all(),
        outdated_flags=flags.flags_with_author(current_user),
        today=utcnow().date(),
    )


@bp.get("/modules/<int:module_id>/history")
@signed_in_required
def history(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    revisions = queries.revisions_of(module)
    return render_template(
        "authoring/history.html",
        module=module,
        revisions=revisions,
        submissions=queries.submissions_of(module),
        pending=queries.pending_submission(module),
        can_edit=can_edit_module(current_user, module),
        can_reconfirm=can_reconfirm_module(current_user, module),
        review_by_form=ReviewByForm(obj=module),
        today=utcnow().date(),
        now_utc=utcnow(),
    )


@bp.get("/modules/<int:module_id>/diff")
@signed_in_required
def diff(module_id: int) -> Any:
    module = queries.get_module_for(current_user, module_id)
    older, newer = queries.diff_pair(
        module, request.args.get("to", type=int), request.args.get("from", type=int)
    )
    return render_template(
        "authoring/diff.html",
        module=module,
        older=older,
        newer=newer,
        sections=diff_revisions(older, newer),
    )


@bp.post("/m/<slug>/flag")
@signed_in_required
def flag(slug: str) -> Any:
    module = get_live_module(slug)
    form = FlagForm()
    ok, _ = run_action(
        form, lambda: flags.flag_module(current_user, module, form.reason.data, form.note.data)
    )
    if ok:
        flash("Thank you. The right people will look at it.", "success")
    else:
        flash("Choose what is wrong with it.", "error")
    return redirect(url_for("modules.read", slug=module.slug))
