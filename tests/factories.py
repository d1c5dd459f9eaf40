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


# --- authoring -------------------------------------------------------------------------

DEFAULT_BODY = (
    "## Why it matters\n\nA short lesson written by a colleague for colleagues. It explains "
    "one idea clearly, gives an example from our own work, and ends with a question or two "
    "so readers can check they understood it before moving on."
)
QUIZ = {
    "pass_mark": 70,
    "questions": [
        {
            "kind": "single",
            "prompt": "Which is right?",
            "choices": ["This one", "That one"],
            "correct": [0],
            "explanation": "Because the lesson says so.",
        }
    ],
}


def make_module(
    author: User | None = None,
    *,
    title: str | None = None,
    summary: str = "One idea, explained in two minutes.",
    body: str = DEFAULT_BODY,
    tags: tuple[str, ...] = ("onboarding",),
    quiz: dict[str, Any] | None = None,
    slug: str | None = None,
) -> Any:
    """A draft module (through the authoring service), committed."""
    from peerlearn.authoring.services import create_module

    author = author or make_user()
    values = {
        "title": title or f"Module {next(_counter)}",
        "summary": summary,
        "body_markdown": body,
        "tags": list(tags),
        "quiz": quiz,
    }
    result = create_module(author, values, slug=slug)
    db.session.commit()
    return result.revision.module


def submit_module(module: Any) -> Any:
    """Submit ``module`` as its author; return the submission."""
    from peerlearn.authoring.services import submit

    submission = submit(module.author, module)
    db.session.commit()
    return submission


def make_reviewer(**fields: Any) -> User:
    return make_user(Role.REVIEWER, **fields)


def publish_module(module: Any | None = None, *, reviewer: User | None = None, **kw: Any) -> Any:
    """A module submitted and approved by a reviewer (with full rubric scores), committed."""
    from peerlearn.authoring.review import decide
    from peerlearn.authoring.rubric import rubric_criteria

    module = module or make_module(**kw)
    submission = submit_module(module)
    if submission.state == "pending" and not submission.published_on_submit:
        scores = {c.key: 4 for c in rubric_criteria()}
        decide(reviewer or make_reviewer(), submission, "approve", scores, "Looks good.")
        db.session.commit()
    return module


# --- gamification ----------------------------------------------------------------------


def record_learning(
    verb: str,
    actor: Any,
    object_id: int | None = 40,
    *,
    author: Any = None,
    at: Any = None,
    object_type: str = "module",
    **context: Any,
) -> Any:
    """Record a learning event as the producing features do (the engine reacts), commit.

    ``author`` (a User or id) becomes ``context["author_id"]``; completions default to two
    minutes of reading."""
    from peerlearn.events import record_event

    if author is not None:
        context.setdefault("author_id", getattr(author, "id", author))
    if verb == "module_completed":
        context.setdefault("reading_seconds", 120.0)
    event = record_event(verb, actor, object_type, object_id, context, occurred_at=at)
    db.session.commit()
    return event


# --- reports -----------------------------------------------------------------------------


def make_event(
    verb: str,
    actor: User | None,
    object_id: int | None = None,
    at: Any = None,
    *,
    object_type: str | None = "module",
    commit: bool = True,
    **context: Any,
) -> Any:
    """A learning event row written directly (no signal, so no points follow), committed."""
    from peerlearn.events import LearningEvent, utcnow

    event = LearningEvent(
        verb=verb,
        actor_id=actor.id if actor is not None else None,
        object_type=object_type,
        object_id=object_id,
        occurred_at=at or utcnow(),
        context=context,
    )
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


# --- learning (peerlearn.modules) --------------------------------------------------------

QUIZ_ALL_KINDS = {
    "pass_mark": 70,
    "questions": [
        {
            "kind": "single",
            "prompt": "Which join keeps unmatched rows from the left table?",
            "choices": ["INNER JOIN", "LEFT JOIN", "CROSS JOIN"],
            "correct": [1],
            "explanation": "A LEFT JOIN keeps every row of the left table.",
        },
        {
            "kind": "multiple",
            "prompt": "Which are aggregate functions?",
            "choices": ["COUNT", "SUM", "LOWER", "AVG"],
            "correct": [0, 1, 3],
            "explanation": "COUNT, SUM and AVG aggregate; LOWER works on one value.",
        },
        {
            "kind": "true_false",
            "prompt": "NULL = NULL is true in SQL.",
            "choices": ["True", "False"],
            "correct": [1],
            "explanation": "Comparing with NULL is unknown; use IS NULL.",
        },
    ],
}


def make_live_module(author: User | None = None, **kw: Any) -> Any:
    """A published module (see ``publish_module``), with ``origin`` set when given."""
    origin = kw.pop("origin", None)
    module = publish_module(make_module(author, **kw))
    if origin:
        module.origin = origin
        db.session.commit()
    return module


def make_comment(module: Any, author: User | None = None, body: str = "Useful, thanks!") -> Any:
    """A comment on ``module`` through the service, committed."""
    from peerlearn.modules.social import post_comment

    comment = post_comment(author or make_user(), module, body)
    db.session.commit()
    return comment


def make_path(owner: User | None = None, modules: list[Any] | None = None, **kw: Any) -> Any:
    """A learning path of ``modules`` (published ones are made when not given), committed."""
    from peerlearn.modules.paths import create_path

    modules = modules or [make_live_module(), make_live_module()]
    values = {"title": kw.get("title", "Path"), "description": kw.get("description", "")}
    path = create_path(owner or make_user(), {**values, "module_ids": [m.id for m in modules]})
    db.session.commit()
    return path


def move_application_clock(monkeypatch: Any, now: Any) -> None:
    """Replace ``utcnow`` (``peerlearn.events.utcnow``) in every PeerLearn module with
    ``now``, for one test. Every module is imported first: a module first imported during
    the test would otherwise bind the fake clock for good and outlive the test with it."""
    import importlib
    import pkgutil
    import sys

    import peerlearn
    from peerlearn import events

    for info in pkgutil.walk_packages(peerlearn.__path__, "peerlearn."):
        if not info.name.startswith("peerlearn.demo"):
            importlib.import_module(info.name)
    real = events.utcnow
    for name, module in list(sys.modules.items()):
        if name.startswith("peerlearn") and getattr(module, "utcnow", None) is real:
            monkeypatch.setattr(module, "utcnow", now)
