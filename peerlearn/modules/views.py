"""Catalog, module page, quiz, claps, bookmarks and comments pages. Thin views: parse, call
one service, commit once, render or redirect. Learning paths and My learning: ``learning_views``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer

from peerlearn.accounts.services import list_departments
from peerlearn.content.forms import FlagForm
from peerlearn.content.queries import backlinks, get_live_module
from peerlearn.errors import Conflict, PermissionDenied
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification import reward
from peerlearn.modules import queries, reading, reward_moment, social
from peerlearn.modules.forms import (
    ActionForm,
    ClapForm,
    CommentForm,
    EditCommentForm,
    FinishForm,
    HideCommentForm,
    QuizForm,
)
from peerlearn.modules.next_step import next_steps
from peerlearn.modules.quizzing import public_quiz
from peerlearn.modules.search import LENGTHS, SearchFilters, catalog_search
from peerlearn.permissions import (
    can_clap,
    can_edit_module,
    can_hide_comment,
    can_mark_helpful,
    can_review_module,
    signed_in_required,
)
from peerlearn.web import run_action, safe_next, submit_form

bp = Blueprint("modules", __name__)
OPENED_MAX_AGE = 24 * 3600  # a page left open longer than a day finishes without the fallback

SORT_LABELS = {
    "relevance": "Best match",
    "newest": "Newest",
    "popular": "Most completed (30 days)",
    "claps": "Most clapped",
    "completion_rate": "Highest completion rate",
}
MAX_PICKS = 10
LENGTH_LABELS = {"short": "Short (≤ 3 min)", "medium": "Medium (4–6 min)", "long": "Long (7+ min)"}


def _filters() -> SearchFilters:
    args = request.args
    origin = args.get("origin") if args.get("origin") in ("peer", "official") else None
    length = args.get("length") if args.get("length") in LENGTHS else None
    sort = args.get("sort") if args.get("sort") in SORT_LABELS else None
    department = args.get("department", type=int)
    return SearchFilters(
        q=args.get("q", "")[:500],
        tag=(args.get("tag") or "")[:40] or None,
        origin=origin,
        length=length,
        department_id=department if department and 0 < department < 2**31 else None,
        sort=sort,
    )


def catalog_page(filters: SearchFilters, template: str, **context: Any) -> Any:
    """Render a page of search results (the catalog, a tag page, an author page)."""
    found = catalog_search(filters)
    page = db.paginate(found.stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    ids = [m.id for m in page.items]
    return render_template(
        template,
        page=page,
        stats=queries.module_stats(ids),
        done=queries.completed_among(current_user, ids),
        filters=filters,
        suggestion=found.suggestion,
        sorts=SORT_LABELS,
        lengths=LENGTH_LABELS,
        **context,
    )


@bp.get("/modules")
@signed_in_required
def catalog() -> Any:
    return catalog_page(
        _filters(),
        "modules/catalog.html",
        departments=list_departments(),
        tags=queries.popular_tags(),
    )


@bp.get("/tags/<tag>")
@signed_in_required
def tag_page(tag: str) -> Any:
    filters = SearchFilters(tag=tag[:40], sort=_filters().sort)
    return catalog_page(filters, "modules/tag.html", tag=tag[:40])


def _module_page(module: Any, status: int = 200, **context: Any) -> Any:
    """The module page (``modules/module.html``): body, backlinks, the flag form (handled by
    authoring), completion, quiz, claps, bookmark and comments; after an action, its reward
    where the action was (the finish box, the claps row, the comments)."""
    revision = module.published_revision
    quiz = public_quiz(revision.quiz)
    opened = opened_token(module)
    completion = reading.completion_of(current_user, module)
    moment, comment_id = reward_moment.pending(module)
    context.setdefault("reward", moment)
    context.setdefault("reward_comment_id", comment_id)
    context.setdefault("next_steps", next_steps(current_user, module) if completion else [])
    context.setdefault("comment_form", CommentForm())
    context.setdefault("clap_form", ClapForm())
    return (
        render_template(
            "modules/module.html",
            module=module,
            revision=revision,
            backlinks=backlinks(module),
            stale=module.is_stale(utcnow().date()),
            flag_form=FlagForm(),
            can_edit=can_edit_module(current_user, module),
            can_moderate=can_review_module(current_user, module),
            quiz=quiz,
            quiz_status=reading.quiz_status(current_user, module) if quiz else None,
            quiz_form=QuizForm(opened=opened),
            action_form=ActionForm(),
            finish_form=FinishForm(opened=opened),
            completion=completion,
            claps=social.clap_total(module),
            my_claps=social.my_claps(current_user, module),
            can_clap=can_clap(current_user, module),
            can_mark_helpful=can_mark_helpful(current_user, module),
            bookmarked=social.is_bookmarked(current_user, module),
            threads=social.comments_on(module, current_user),
            shows_body=lambda c: social.shows_body(current_user, c),
            stats=queries.module_stats([module.id])[module.id],
            **context,
        ),
        status,
    )


def opened_token(module: Any) -> str:
    """The page's opening time, signed for this reader and module (it writes nothing)."""
    return _opened_signer().dumps([current_user.id, module.id])


def _opened_at(form: FinishForm, module: Any) -> datetime | None:
    """When the page a finish form came from was opened, if its token is genuine."""
    try:
        ids, signed_at = _opened_signer().loads(
            form.opened.data or "", max_age=OPENED_MAX_AGE, return_timestamp=True
        )
    except BadData:
        return None
    return signed_at if ids == [current_user.id, module.id] else None


def _credit_last_reading(form: FinishForm, module: Any) -> None:
    """Credit the reading script's last report, sent with the finish or quiz form, before
    the completion is judged (the server still believes it only as far as the clock
    allows). Nothing for a reader whose view was never recorded, or without the script."""
    try:
        seconds = float(form.visible_seconds.data or 0)
    except ValueError:
        return
    if 0 < seconds < reading.MAX_TOTAL_SECONDS and reading.progress_of(current_user, module):
        reading.record_reading_time(current_user, module, seconds)


def _opened_signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="module-opened")


@bp.get("/m/<slug>")
@signed_in_required
def read(slug: str) -> Any:
    """Read a module. A GET writes nothing: the reading script reports the view
    (``POST …/view``) and the visible time; without it, finishing records the view."""
    return _module_page(get_live_module(slug))


@bp.post("/m/<slug>/view")
@signed_in_required
def view(slug: str) -> Any:
    """The reading script's first report: this reader opened the page (once per visit)."""
    reading.view_module(current_user, get_live_module(slug))
    db.session.commit()
    return "", 204


@bp.post("/m/<slug>/reading")
@signed_in_required
def reading_time(slug: str) -> Any:
    """The reading script's report: ``seconds`` of visible-page time since its last one,
    credited as far as the wall clock allows (see ``reading.record_reading_time``). A report
    for a module this reader has not opened answers 409 without a flash message: the
    script ignores it, and the next page shows nothing stray."""
    module = get_live_module(slug)
    seconds = request.form.get("seconds", type=float)
    if seconds is None:
        abort(400, "Send the visible seconds as a number.")
    try:
        reading.record_reading_time(current_user, module, seconds)
    except Conflict as exc:
        db.session.rollback()
        abort(409, exc.message)
    db.session.commit()
    return "", 204


@bp.post("/m/<slug>/complete")
@signed_in_required
def complete(slug: str) -> Any:
    module = get_live_module(slug)
    form = FinishForm()

    def finish() -> tuple[Any, bool]:
        _credit_last_reading(form, module)
        return reading.complete_module(current_user, module, opened_at=_opened_at(form, module))

    with reward.watch() as seen:
        ok, result = submit_form(form, finish)
    if ok and result is not None:
        # the finish box shows what it earned (the page opens there), not a flash on top
        reward_moment.remember(module, "complete", seen, repeat=not result[1])
    elif form.errors or form.form_errors:
        flash(" ".join(form.form_errors) or "Please try again.", "error")
    return redirect(url_for("modules.read", slug=slug, _anchor="finish"))


def _answers(quiz: dict[str, Any]) -> list[list[int]]:
    answers = []
    for i, _question in enumerate(quiz["questions"]):
        picks = [int(v) for v in request.form.getlist(f"q-{i}") if v.isdigit() and len(v) < 3]
        answers.append(picks[:MAX_PICKS])
    return answers


@bp.post("/m/<slug>/quiz")
@signed_in_required
def quiz(slug: str) -> Any:
    """Score the quiz; passing completes the module. The result page shows which answers
    were wrong, and the explanations only with a pass."""
    module = get_live_module(slug)
    form = QuizForm()
    quiz_data = public_quiz(module.published_revision.quiz)
    if quiz_data is None:
        return redirect(url_for("modules.read", slug=slug))

    def attempt() -> Any:
        _credit_last_reading(form, module)
        return reading.attempt_quiz(
            current_user, module, _answers(quiz_data), _opened_at(form, module)
        )

    with reward.watch() as seen:
        ok, result = submit_form(form, attempt)
    if not ok or result is None:
        return _module_page(module, 422, quiz_errors=form.form_errors or ["Please try again."])
    return render_template(
        "modules/quiz_result.html",
        module=module,
        result=result,
        quiz=quiz_data,
        reward=reward.summarize(current_user, seen.event_ids, "quiz"),
        next_steps=next_steps(current_user, module) if result.attempt.passed else [],
    )


@bp.post("/m/<slug>/claps")
@signed_in_required
def clap(slug: str) -> Any:
    """Clap without scripts (the page's script uses the API and updates the count in place)."""
    module = get_live_module(slug)
    form = ClapForm()
    with reward.watch() as seen:
        ok, result = submit_form(
            form, lambda: social.clap(current_user, module, form.count.data or 1)
        )
    if ok and result is not None:
        flash(f"You clapped {result.mine} times for this module.", "success")
        reward_moment.remember(module, "clap", seen)
    else:
        flash(" ".join(form.form_errors + form.count.errors) or "Please try again.", "error")
    return redirect(url_for("modules.read", slug=slug, _anchor="claps"))


@bp.post("/m/<slug>/bookmark")
@signed_in_required
def bookmark(slug: str) -> Any:
    """Toggle "read later"."""
    module = get_live_module(slug)

    def toggle() -> bool:
        if social.is_bookmarked(current_user, module):
            social.remove_bookmark(current_user, module)
            return False
        social.add_bookmark(current_user, module)
        return True

    ok, saved = run_action(ActionForm(), toggle)
    if ok:
        flash("Saved to read later." if saved else "Removed from your bookmarks.", "success")
    return redirect(safe_next(request.form.get("next"), url_for("modules.read", slug=slug)))


@bp.post("/m/<slug>/comments")
@signed_in_required
def post_comment(slug: str) -> Any:
    module = get_live_module(slug)
    form = CommentForm()
    parent = form.parent_id.data
    parent_id = int(parent) if parent and parent.isdigit() and len(parent) < 10 else None
    with reward.watch() as seen:
        ok, comment = submit_form(
            form, lambda: social.post_comment(current_user, module, form.body.data, parent_id)
        )
    if ok and comment is not None:  # the reward panel under the comment says it is posted
        reward_moment.remember(module, "comment", seen, comment_id=comment.id)
        return redirect(url_for("modules.read", slug=slug, _anchor=f"comment-{comment.id}"))
    return _module_page(module, 422, comment_form=form)


def _comment_redirect(comment: Any) -> Any:
    return redirect(
        url_for("modules.read", slug=comment.module.slug, _anchor=f"comment-{comment.id}")
    )


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@signed_in_required
def edit_comment(comment_id: int) -> Any:
    comment = social.get_comment(comment_id)
    form = EditCommentForm(
        data={"body": comment.body_markdown} if request.method == "GET" else None
    )
    social.check_changeable(current_user, comment)  # 403 (or 409) before the form
    ok, _ = submit_form(form, lambda: social.edit_comment(current_user, comment, form.body.data))
    if ok:
        flash("Comment updated.", "success")
        return _comment_redirect(comment)
    status = 422 if request.method == "POST" else 200
    return render_template("modules/comment_edit.html", form=form, comment=comment), status


@bp.post("/comments/<int:comment_id>/delete")
@signed_in_required
def delete_comment(comment_id: int) -> Any:
    comment = social.get_comment(comment_id)
    social.check_changeable(current_user, comment)  # 403 (or 409) before anything else
    form = ActionForm()
    ok, _ = submit_form(form, lambda: social.delete_comment(current_user, comment))
    if ok:
        flash("Comment deleted.", "success")
    return redirect(url_for("modules.read", slug=comment.module.slug, _anchor="comments"))


@bp.post("/comments/<int:comment_id>/helpful")
@signed_in_required
def helpful(comment_id: int) -> Any:
    comment = social.get_comment(comment_id)
    if not can_mark_helpful(current_user, comment.module):
        raise PermissionDenied("Only the module's author marks comments helpful.")
    form = ActionForm()
    wanted = request.form.get("helpful", "1") != "0"
    ok, _ = submit_form(form, lambda: social.mark_helpful(current_user, comment, wanted))
    if not ok and form.form_errors:
        flash(" ".join(form.form_errors), "error")
    return _comment_redirect(comment)


@bp.route("/comments/<int:comment_id>/hide", methods=["GET", "POST"])
@signed_in_required
def hide_comment(comment_id: int) -> Any:
    comment = social.get_comment(comment_id)
    if not can_hide_comment(current_user):
        raise PermissionDenied("Only reviewers hide comments.")
    form = HideCommentForm()
    ok, _ = submit_form(form, lambda: social.hide_comment(current_user, comment, form.reason.data))
    if ok:
        flash("Comment hidden.", "success")
        return _comment_redirect(comment)
    status = 422 if request.method == "POST" else 200
    return render_template("modules/comment_hide.html", form=form, comment=comment), status
