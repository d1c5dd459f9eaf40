"""My learning, author pages and learning-path pages."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from peerlearn.accounts.models import User
from peerlearn.content.models import Module
from peerlearn.errors import PermissionDenied
from peerlearn.extensions import db
from peerlearn.modules import paths, queries
from peerlearn.modules.forms import ActionForm, PathForm
from peerlearn.modules.search import SearchFilters
from peerlearn.modules.views import catalog_page
from peerlearn.permissions import can_edit_path, signed_in_required
from peerlearn.web import run_action, submit_form

bp = Blueprint("learning", __name__)

_SLUG = re.compile(r"(?:/m/)?([a-z0-9][a-z0-9-]{0,79})/?$")


@bp.get("/learning")
@signed_in_required
def my_learning() -> Any:
    """In progress, completed (dates and scores), bookmarks and followed paths."""
    completed = db.paginate(
        queries.completed_stmt(current_user),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "modules/my_learning.html",
        in_progress=queries.in_progress(current_user),
        completed=completed,
        bookmarks=queries.bookmarks_of(current_user),
        followed=paths.followed_paths(current_user),
        summary=queries.learning_summary(current_user),
        action_form=ActionForm(),
    )


@bp.get("/people/<int:user_id>")
@signed_in_required
def author(user_id: int) -> Any:
    """An author's published modules and totals."""
    person = db.get_or_404(User, user_id, description="No such person.")
    return catalog_page(
        SearchFilters(author_id=person.id, sort=request.args.get("sort")),
        "modules/author.html",
        person=person,
        totals=queries.author_totals(person),
        authored_paths=list(db.session.execute(paths.paths_stmt(person.id)).scalars()),
    )


def module_ids_from(text: str) -> tuple[list[int], list[str]]:
    """Module ids for the lines of the path form (addresses or slugs); and unknown lines."""
    slugs, unknown = [], []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = _SLUG.search(line.lower())
        (slugs if match else unknown).append(match.group(1) if match else line)
    found = dict(
        db.session.execute(select(Module.slug, Module.id).where(Module.slug.in_(slugs))).all()
    )
    unknown += [slug for slug in slugs if slug not in found]
    return [found[s] for s in slugs if s in found], unknown


@bp.get("/paths")
@signed_in_required
def path_list() -> Any:
    q = request.args.get("q", "")[:100]
    page = db.paginate(
        paths.paths_stmt(q=q), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template("modules/paths.html", page=page, q=q, progress=paths.progress)


def picked_modules(text: str) -> list[Module]:
    """The modules the path form's lines name, in order (the picker shows their titles)."""
    ids, _unknown = module_ids_from(text)
    found = db.session.execute(select(Module).where(Module.id.in_(ids))).scalars()
    by_id = {module.id: module for module in found}
    return [by_id[i] for i in ids if i in by_id]


def _path_values(form: PathForm) -> dict[str, Any] | None:
    ids, unknown = module_ids_from(form.modules.data)
    if unknown:
        form.modules.errors = [*form.modules.errors, "Not found: " + ", ".join(unknown[:5])]
        return None
    return {"title": form.title.data, "description": form.description.data or "", "module_ids": ids}


def _save_path(form: PathForm, save: Any) -> tuple[bool, Any]:
    if not form.validate_on_submit():
        return False, None
    values = _path_values(form)
    if values is None:
        return False, None
    return submit_form(form, lambda: save(values))


@bp.route("/paths/new", methods=["GET", "POST"])
@signed_in_required
def new_path() -> Any:
    form = PathForm()
    if request.method == "GET" and request.args.get("add"):
        form.modules.data = request.args.get("add", "")[:80]
    ok, path = _save_path(form, lambda values: paths.create_path(current_user, values))
    if ok and path is not None:
        flash("Learning path created.", "success")
        return redirect(url_for("modules.learning.path_page", path_id=path.id))
    status = 422 if request.method == "POST" else 200
    picked = picked_modules(form.modules.data or "")
    return render_template("modules/path_edit.html", form=form, path=None, picked=picked), status


@bp.get("/paths/<int:path_id>")
@signed_in_required
def path_page(path_id: int) -> Any:
    path = paths.get_path(path_id)
    return render_template(
        "modules/path.html",
        path=path,
        progress=paths.progress(current_user, path),
        following=paths.follower_of(current_user, path) is not None,
        followers=paths.follower_count(path),
        can_edit=can_edit_path(current_user, path),
        action_form=ActionForm(),
    )


@bp.route("/paths/<int:path_id>/edit", methods=["GET", "POST"])
@signed_in_required
def edit_path(path_id: int) -> Any:
    path = paths.get_path(path_id)
    if not can_edit_path(current_user, path):
        raise PermissionDenied("Only the person who built this path changes it.")
    form = PathForm(obj=path)
    if request.method == "GET":
        form.modules.data = "\n".join(f"/m/{item.module.slug}" for item in path.items)
    ok, _ = _save_path(form, lambda values: paths.update_path(current_user, path, values))
    if ok:
        flash("Learning path saved.", "success")
        return redirect(url_for("modules.learning.path_page", path_id=path.id))
    status = 422 if request.method == "POST" else 200
    picked = picked_modules(form.modules.data or "")
    return render_template("modules/path_edit.html", form=form, path=path, picked=picked), status


@bp.post("/paths/<int:path_id>/delete")
@signed_in_required
def delete_path(path_id: int) -> Any:
    path = paths.get_path(path_id)
    if not can_edit_path(current_user, path):
        raise PermissionDenied("Only the person who built this path deletes it.")
    ok, _ = submit_form(ActionForm(), lambda: paths.delete_path(current_user, path))
    if ok:
        flash("Learning path deleted.", "success")
    return redirect(url_for("modules.learning.path_list"))


@bp.post("/paths/<int:path_id>/follow")
@signed_in_required
def follow(path_id: int) -> Any:
    """Toggle following."""
    path = paths.get_path(path_id)

    def toggle() -> bool:
        if paths.follower_of(current_user, path):
            paths.unfollow_path(current_user, path)
            return False
        paths.follow_path(current_user, path)
        return True

    ok, following = run_action(ActionForm(), toggle)
    if ok:
        flash(
            "You follow this path: it waits for you on My learning."
            if following
            else "You no longer follow this path.",
            "success",
        )
    return redirect(url_for("modules.learning.path_page", path_id=path.id))
