"""Administration pages: users (search, role, department, deactivate) and departments."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.accounts import services
from peerlearn.accounts.forms import AdminUserForm, ConfirmForm, DepartmentForm
from peerlearn.accounts.models import Department, User
from peerlearn.extensions import db
from peerlearn.permissions import Role, admin_required
from peerlearn.web import submit_form

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@admin_required
def users() -> Any:
    query = request.args.get("q", "")[:100]
    role = request.args.get("role", "")
    if role not in {r.value for r in Role}:
        role = ""
    department_id = request.args.get("department", type=int)
    page = db.paginate(
        services.search_users(query, role or None, department_id),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "admin/users.html",
        page=page,
        q=query,
        role=role,
        department_id=department_id,
        roles=list(Role),
        departments=services.list_departments(),
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int) -> Any:
    user = db.get_or_404(User, user_id)
    form = AdminUserForm(obj=user)
    ok, _ = submit_form(
        form, lambda: services.admin_update_user(current_user, user, form.changes())
    )
    if ok:
        flash(f"Saved {user.display_name}.", "success")
        return redirect(url_for("accounts.admin.users"))
    return render_template("admin/user_edit.html", form=form, user=user)


@bp.route("/departments", methods=["GET", "POST"])
@admin_required
def departments() -> Any:
    form = DepartmentForm()
    ok, department = submit_form(
        form, lambda: services.create_department(current_user, form.name.data)
    )
    if ok:
        flash(f"Department “{department.name}” created.", "success")
        return redirect(url_for("accounts.admin.departments"))
    return render_template(
        "admin/departments.html",
        form=form,
        departments=services.list_departments(),
        counts=services.department_member_counts(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
@admin_required
def edit_department(department_id: int) -> Any:
    department = db.get_or_404(Department, department_id)
    form = DepartmentForm(obj=department)
    ok, _ = submit_form(
        form, lambda: services.rename_department(current_user, department, form.name.data)
    )
    if ok:
        flash("Department renamed.", "success")
        return redirect(url_for("accounts.admin.departments"))
    return render_template("admin/department_edit.html", form=form, department=department)


@bp.post("/departments/<int:department_id>/delete")
@admin_required
def delete_department(department_id: int) -> Any:
    department = db.get_or_404(Department, department_id)
    name = department.name
    services.delete_department(current_user, department)
    db.session.commit()
    flash(f"Department “{name}” deleted.", "success")
    return redirect(url_for("accounts.admin.departments"))
