"""Account services: the only place that changes users, departments and tokens.

Functions take the acting user explicitly, check permissions, flush, record learning events
and never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from peerlearn.accounts.models import (
    ApiToken,
    Department,
    LeaderboardVisibility,
    User,
    UserSession,
)
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event, utcnow
from peerlearn.extensions import db
from peerlearn.permissions import Role, can_edit_user, can_manage_users
from peerlearn.tasks.queue import defer

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256
TOKEN_PREFIX = "pl_"
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


# --- passwords -------------------------------------------------------------------------


def _hasher() -> PasswordHasher:
    """The Argon2id hasher: argon2-cffi's defaults (RFC 9106, low memory) unless
    ``PASSWORD_HASH_PARAMETERS`` says otherwise (the test suite asks for cheap ones)."""
    return _hasher_with(**(current_app.config.get("PASSWORD_HASH_PARAMETERS") or {}))


@cache
def _hasher_with(**parameters: int) -> PasswordHasher:
    return PasswordHasher(**parameters)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verified against when the e-mail is unknown, so timing does not reveal which accounts
    exist: same parameters, same cost. Made on first use, not at import."""
    return hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """Argon2id hash of ``password``."""
    return _hasher().hash(password)


def check_password_policy(password: str, email: str = "", field: str = "password") -> None:
    """Raise :class:`ServiceError` unless ``password`` is acceptable."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise ServiceError(f"Use at least {PASSWORD_MIN_LENGTH} characters.", field)
    if len(password) > PASSWORD_MAX_LENGTH:
        raise ServiceError(f"Use at most {PASSWORD_MAX_LENGTH} characters.", field)
    if email and password.strip().lower() == email.strip().lower():
        raise ServiceError("Your password cannot be your e-mail address.", field)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- sign up / sign in -----------------------------------------------------------------


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalize_email(email))
    ).scalar_one_or_none()


def email_domain_allowed(email: str) -> bool:
    domains = current_app.config["SIGNUP_DOMAINS"]
    return not domains or normalize_email(email).rpartition("@")[2] in domains


def sign_up(
    email: str, display_name: str, password: str, department_id: int | None = None
) -> User | None:
    """Create an employee account and record ``signed_up``.

    An address that already has an account changes nothing and answers ``None`` after the
    same work (a password hash), so the page can answer both alike: sign-up never tells
    anyone whether an address has an account; its owner gets an e-mail instead.
    """
    if not current_app.config["SIGNUP_ENABLED"]:
        raise PermissionDenied("Sign-up is closed. Ask an administrator for an account.")
    email = normalize_email(email)
    if not email_domain_allowed(email):
        allowed = ", ".join("@" + d for d in current_app.config["SIGNUP_DOMAINS"])
        raise ServiceError(f"Sign-up is limited to addresses ending in {allowed}.", "email")
    check_password_policy(password, email)
    if department_id is not None:
        get_department(department_id)
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the cost of creating one, so timing tells nothing either
        if existing.active:  # the owner hears of it by e-mail, with the ways in
            defer("mail.account_exists", existing.id, secrets.token_hex(8))
        return None
    return create_user(email, display_name, password, department_id=department_id)


def create_user(
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.EMPLOYEE,
    department_id: int | None = None,
    password_hash: str | None = None,
) -> User:
    """Create a user (sign-up, CLI, seeding). Records ``signed_up``.

    ``password_hash`` (already hashed ``password``) lets the demo seeding hash once for all.
    """
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise Conflict("An account with this e-mail address already exists.", "email")
    display_name = _clean_display_name(display_name)
    if department_id is not None:
        get_department(department_id)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=password_hash or hash_password(password),
        role=Role(role).value,
        department_id=department_id,
        timezone=current_app.config["ORG_TIMEZONE"],
    )
    db.session.add(user)
    db.session.flush()
    record_event(Verb.SIGNED_UP, user, "user", user.id)
    return user


def authenticate(email: str, password: str) -> User:
    """Return the user for valid credentials and record ``signed_in``; raise otherwise."""
    user = find_user_by_email(email)
    if user is None:
        _verify(_dummy_hash(_hasher()), password)
        raise ServiceError("That e-mail and password do not match an account.")
    if not _verify(user.password_hash, password):
        raise ServiceError("That e-mail and password do not match an account.")
    if not user.active:
        raise PermissionDenied("This account has been deactivated. Contact an administrator.")
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    db.session.flush()
    record_event(Verb.SIGNED_IN, user, "user", user.id)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change ``user``'s password; every session of theirs ends (the page that changed it
    starts a new one for itself)."""
    if not _verify(user.password_hash, current_password):
        raise ServiceError("Your current password is not correct.", "current_password")
    check_password_policy(new_password, user.email, "new_password")
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)


# --- browser sessions ------------------------------------------------------------------


def start_session(user: User) -> UserSession:
    """Record a new signed-in browser for ``user``; its key goes into the session cookie."""
    started = UserSession(user_id=user.id)
    db.session.add(started)
    db.session.flush()
    return started


def session_is_live(user: User, key: str) -> bool:
    """Whether the browser session ``key`` of ``user`` has not been signed out."""
    found = db.session.execute(
        select(UserSession.id).where(UserSession.key == key, UserSession.user_id == user.id)
    ).first()
    return found is not None


def end_session(user: User, key: str | None) -> None:
    """Sign one browser session out: its cookies stop working, here and wherever copied."""
    if key:
        db.session.execute(
            delete(UserSession).where(UserSession.key == key, UserSession.user_id == user.id)
        )
        db.session.flush()


def end_all_sessions(user: User) -> None:
    """Sign ``user`` out everywhere: every browser session ends (API tokens keep working;
    they are revoked one by one on the tokens page)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.rotate_session_nonce()  # also ends any session that predates session rows
    db.session.flush()


def forget_sessions_before(moment: datetime) -> int:
    """Delete browser sessions begun before ``moment`` (their remember cookie has run out by
    then; a browser simply closed never says goodbye). Flushes; how many went."""
    gone = db.session.execute(delete(UserSession).where(UserSession.created_at < moment))
    db.session.flush()
    return gone.rowcount or 0


# --- profile and administration --------------------------------------------------------

TIMEZONES = sorted(available_timezones())


def _clean_display_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Enter the name colleagues know you by.", "display_name")
    if len(name) > 80:
        raise ServiceError("Use at most 80 characters.", "display_name")
    return name


def update_profile(actor: User, user: User, changes: dict[str, Any]) -> User:
    """Change display name, department, time zone and leaderboard visibility."""
    if not can_edit_user(actor, user):
        raise PermissionDenied("You can only change your own profile.")
    if "display_name" in changes:
        user.display_name = _clean_display_name(changes["display_name"])
    if "department_id" in changes:
        department_id = changes["department_id"]
        if department_id is not None:
            get_department(department_id)
        user.department_id = department_id
    if "timezone" in changes:
        if changes["timezone"] not in TIMEZONES:
            raise ServiceError("Choose a time zone from the list.", "timezone")
        if changes["timezone"] != user.timezone:
            zones = {"from": user.timezone, "to": changes["timezone"]}
            record_event(Verb.TIMEZONE_CHANGED, actor, "user", user.id, zones)
        user.timezone = changes["timezone"]
    if "leaderboard_visibility" in changes:
        try:
            value = LeaderboardVisibility(changes["leaderboard_visibility"]).value
        except ValueError:
            raise ServiceError(
                "Choose public, anonymous or hidden.", "leaderboard_visibility"
            ) from None
        user.leaderboard_visibility = value
    db.session.flush()
    return user


def admin_update_user(actor: User, user: User, changes: dict[str, Any]) -> User:
    """An admin changes a user's role, department or active state (and profile fields)."""
    if not can_manage_users(actor):
        raise PermissionDenied("Only administrators manage users.")
    if actor.id == user.id and (
        ("role" in changes and changes["role"] != Role.ADMIN.value)
        or ("active" in changes and not changes["active"])
    ):
        raise ServiceError("You cannot demote or deactivate yourself.", "role")
    if "role" in changes:
        try:
            user.role = Role(changes["role"]).value
        except ValueError:
            raise ServiceError("Choose employee, reviewer, hr or admin.", "role") from None
    if "active" in changes and bool(changes["active"]) != user.active:
        user.active = bool(changes["active"])
        if not user.active:
            user.rotate_session_nonce()
    profile = {k: v for k, v in changes.items() if k not in {"role", "active"}}
    return update_profile(actor, user, profile)


def search_users(query: str = "", role: str | None = None, department_id: int | None = None):
    """A select of users matching a free-text query (name or e-mail), role and department."""
    stmt = select(User).order_by(func.lower(User.display_name), User.id)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(
            or_(func.lower(User.display_name).like(like), func.lower(User.email).like(like))
        )
    if role:
        stmt = stmt.where(User.role == role)
    if department_id:
        stmt = stmt.where(User.department_id == department_id)
    return stmt


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError("No such user.")
    return user


# --- departments -----------------------------------------------------------------------


def list_departments() -> list[Department]:
    return list(db.session.execute(select(Department).order_by(Department.name)).scalars())


def department_member_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(User.department_id, func.count(User.id)).group_by(User.department_id)
    )
    return {dept_id: count for dept_id, count in rows if dept_id is not None}


def get_department(department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None:
        raise ServiceError("No such department.", "department_id")
    return department


def _clean_department_name(name: str, exclude_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 80:
        raise ServiceError("Give the department a name of 1 to 80 characters.", "name")
    # Compared in Python: SQLite's lower() folds only ASCII, and departments are few.
    for department in list_departments():
        if department.name.casefold() == name.casefold() and department.id != exclude_id:
            raise Conflict("A department with this name already exists.", "name")
    return name


def create_department(actor: User, name: str) -> Department:
    if not can_manage_users(actor):
        raise PermissionDenied("Only administrators manage departments.")
    department = Department(name=_clean_department_name(name))
    db.session.add(department)
    db.session.flush()
    return department


def rename_department(actor: User, department: Department, name: str) -> Department:
    if not can_manage_users(actor):
        raise PermissionDenied("Only administrators manage departments.")
    department.name = _clean_department_name(name, exclude_id=department.id)
    db.session.flush()
    return department


def delete_department(actor: User, department: Department) -> None:
    """Delete an empty department; one with members must be emptied first."""
    if not can_manage_users(actor):
        raise PermissionDenied("Only administrators manage departments.")
    if department_member_counts().get(department.id):
        raise Conflict("Move this department's members elsewhere before deleting it.")
    db.session.delete(department)
    db.session.flush()


# --- API tokens ------------------------------------------------------------------------


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it and the raw secret (shown only once)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 80:
        raise ServiceError("Name the token (1 to 80 characters) so you recognise it.", "name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_token_hash(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.flush()
    return token, raw


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.execute(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        ).scalars()
    )


def get_token(actor: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and not can_manage_users(actor)):
        raise NotFoundError("No such token.")
    return token


def revoke_token(actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token of the actor's own (admins may revoke anyone's)."""
    if token.user_id != actor.id and not can_manage_users(actor):
        raise PermissionDenied("You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def authenticate_token(raw: str) -> User | None:
    """The active user owning the unrevoked token ``raw`` (token and user in one query).

    Notes when the token was last used, at most once a minute, as an ``UPDATE`` in the
    request's own transaction (no commit of its own): it is written with what the request
    writes, and :func:`token_use_pending` tells a read-only request that it has one to commit.
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = db.session.execute(
        select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == _token_hash(raw))
    ).scalar_one_or_none()
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        token.last_used_at = now  # flushed with the request's first query or commit
        db.session.info["token_touched"] = True
    return token.user


def token_use_pending() -> bool:
    """Whether this transaction holds a token's "last used" note not yet committed."""
    return bool(db.session.info.get("token_touched"))
