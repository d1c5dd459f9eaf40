"""Account endpoints under /api/v1: me, tokens, users (admins) and departments."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from peerlearn.accounts import services
from peerlearn.accounts.models import ApiToken, Department, User
from peerlearn.accounts.schemas import (
    AdminUserUpdateSchema,
    DepartmentSchema,
    PasswordChangeSchema,
    ProfileUpdateSchema,
    TokenCreatedSchema,
    TokenSchema,
    UserListArgsSchema,
    UserSchema,
)
from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.api.pagination import paginate
from peerlearn.api.schemas import PageArgsSchema, page_of
from peerlearn.extensions import db
from peerlearn.permissions import admin_required, signed_in_required

me_blp = ApiBlueprint("me", __name__, url_prefix="/api/v1/me", description="Your own account.")
tokens_blp = ApiBlueprint(
    "tokens", __name__, url_prefix="/api/v1/tokens", description="Your personal API tokens."
)
users_blp = ApiBlueprint(
    "users", __name__, url_prefix="/api/v1/users", description="User administration (admins)."
)
departments_blp = ApiBlueprint(
    "departments",
    __name__,
    url_prefix="/api/v1/departments",
    description="Departments: anyone signed in lists them; admins change them.",
)
BLUEPRINTS = (me_blp, tokens_blp, users_blp, departments_blp)


# --- me --------------------------------------------------------------------------------


@me_blp.get("")
@signed_in_required
@me_blp.response(200, UserSchema)
def get_me() -> User:
    """Your profile."""
    return current_user


@me_blp.patch("")
@signed_in_required
@me_blp.arguments(ProfileUpdateSchema)
@me_blp.response(200, UserSchema)
def update_me(changes: dict[str, Any]) -> User:
    """Change your display name, department, time zone or leaderboard visibility."""
    user = services.update_profile(current_user, current_user, changes)
    db.session.commit()
    return user


@me_blp.post("/password")
@signed_in_required
@me_blp.arguments(PasswordChangeSchema)
@me_blp.response(204)
def change_my_password(body: dict[str, str]) -> None:
    """Change your password; your browser sessions end (API tokens keep working)."""
    services.change_password(current_user, body["current_password"], body["new_password"])
    db.session.commit()


@me_blp.delete("/sessions")
@signed_in_required
@me_blp.response(204)
def end_my_sessions() -> None:
    """Sign out everywhere: every browser session of yours ends (API tokens keep working;
    revoke them one by one)."""
    services.end_all_sessions(current_user)
    db.session.commit()


# --- tokens ----------------------------------------------------------------------------


@tokens_blp.get("")
@signed_in_required
@tokens_blp.arguments(PageArgsSchema, location="query")
@tokens_blp.response(200, page_of(TokenSchema))
def list_tokens(args: dict[str, int]) -> dict[str, Any]:
    """Your tokens, newest first (the secrets themselves are never shown again)."""
    stmt = db.select(ApiToken).where(ApiToken.user_id == current_user.id)
    return paginate(stmt.order_by(ApiToken.id.desc()), **args)


@tokens_blp.post("")
@signed_in_required
@tokens_blp.arguments(TokenSchema)
@tokens_blp.response(201, TokenCreatedSchema)
def create_token(body: dict[str, str]) -> dict[str, Any]:
    """Create a token. Its secret is in this response and nowhere else: keep it safe."""
    token, raw = services.create_token(current_user, body["name"])
    db.session.commit()
    return {"token": raw, **{name: getattr(token, name) for name in TokenSchema().fields}}


@tokens_blp.delete("/<int:token_id>")
@signed_in_required
@tokens_blp.response(204)
def revoke_token(token_id: int) -> None:
    """Revoke one of your tokens: it stops working at once."""
    services.revoke_token(current_user, services.get_token(current_user, token_id))
    db.session.commit()


# --- users (admins) --------------------------------------------------------------------


@users_blp.get("")
@admin_required
@users_blp.arguments(UserListArgsSchema, location="query")
@users_blp.response(200, page_of(UserSchema))
def list_users(args: dict[str, Any]) -> dict[str, Any]:
    """Search users by name or e-mail (``q``), role and department."""
    stmt = services.search_users(args["q"], args.get("role"), args.get("department_id"))
    return paginate(stmt, args["page"], args["per_page"])


@users_blp.get("/<int:user_id>")
@admin_required
@users_blp.response(200, UserSchema)
def get_user(user_id: int) -> User:
    """One user."""
    return services.get_user(user_id)


@users_blp.patch("/<int:user_id>")
@admin_required
@users_blp.arguments(AdminUserUpdateSchema)
@users_blp.response(200, UserSchema)
def update_user(changes: dict[str, Any], user_id: int) -> User:
    """Change a user's role, department or profile, or deactivate them (``active: false``)."""
    user = services.admin_update_user(current_user, services.get_user(user_id), changes)
    db.session.commit()
    return user


# --- departments -----------------------------------------------------------------------


def _department(department_id: int) -> Department:
    return db.get_or_404(Department, department_id, description="No such department.")


@departments_blp.get("")
@signed_in_required
@departments_blp.response(200, DepartmentSchema(many=True))
def list_departments() -> list[Department]:
    """All departments, by name."""
    return services.list_departments()


@departments_blp.post("")
@admin_required
@departments_blp.arguments(DepartmentSchema)
@departments_blp.response(201, DepartmentSchema)
def create_department(body: dict[str, str]) -> Department:
    """Create a department."""
    department = services.create_department(current_user, body["name"])
    db.session.commit()
    return department


@departments_blp.patch("/<int:department_id>")
@admin_required
@departments_blp.arguments(DepartmentSchema)
@departments_blp.response(200, DepartmentSchema)
def rename_department(body: dict[str, str], department_id: int) -> Department:
    """Rename a department."""
    department = services.rename_department(current_user, _department(department_id), body["name"])
    db.session.commit()
    return department


@departments_blp.delete("/<int:department_id>")
@admin_required
@departments_blp.response(204)
def delete_department(department_id: int) -> None:
    """Delete a department that has no members (409 otherwise)."""
    services.delete_department(current_user, _department(department_id))
    db.session.commit()
