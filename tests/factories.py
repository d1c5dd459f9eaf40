"""Factory functions for test data. They write rows directly (fast), commit, and return them.

Services have their own tests; factories exist so that other tests need not go through them.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

from peerlearn.accounts.models import ApiToken, Department, User
from peerlearn.accounts.services import create_token, hash_password
from peerlearn.extensions import db
from peerlearn.permissions import Role

DEFAULT_PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


@cache
def _hash(password: str) -> str:
    return hash_password(password)


def make_department(name: str | None = None) -> Department:
    department = Department(name=name or f"Department {next(_counter)}")
    db.session.add(department)
    db.session.commit()
    return department


def make_user(
    role: Role | str = Role.EMPLOYEE,
    *,
    email: str | None = None,
    display_name: str | None = None,
    password: str = DEFAULT_PASSWORD,
    department: Department | None = None,
    active: bool = True,
    **fields: Any,
) -> User:
    n = next(_counter)
    fields.setdefault("password_hash", _hash(password))
    user = User(
        email=email or f"user{n}@example.com",
        display_name=display_name or f"User {n}",
        role=Role(role).value,
        department_id=department.id if department else None,
        active=active,
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_token(user: User, name: str = "script") -> tuple[ApiToken, str]:
    token, raw = create_token(user, name)
    db.session.commit()
    return token, raw
