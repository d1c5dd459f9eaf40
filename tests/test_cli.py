"""CLI commands: seed-demo (idempotent) and create-user."""

from __future__ import annotations

from sqlalchemy import func, select

from peerlearn.accounts.models import Department, User
from peerlearn.accounts.services import authenticate
from peerlearn.demo import DEMO_PASSWORD


def _count(db, model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_seed_demo_is_idempotent_and_covers_every_role(seeded_demo, runner, db):
    first = seeded_demo  # `seed-demo` on an empty database (seeded once per worker)
    assert first.exit_code == 0, first.output
    assert "ada.admin@demo.peerlearn.test" in first.output
    users, departments = _count(db, User), _count(db, Department)
    assert users >= 40 and departments >= 6
    roles = set(db.session.execute(select(User.role)).scalars())
    assert roles == {"employee", "reviewer", "hr", "admin"}
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert (_count(db, User), _count(db, Department)) == (users, departments)
    assert authenticate("emma.employee@demo.peerlearn.test", DEMO_PASSWORD).role == "employee"


def test_create_user_prompts_for_a_password(runner, db):
    result = runner.invoke(
        args=["create-user", "--email", "Boss@Example.com", "--role", "admin"],
        input="a-strong-password\na-strong-password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(select(User)).scalar_one()
    assert (user.email, user.role, user.display_name) == ("boss@example.com", "admin", "Boss")


def test_create_user_refuses_weak_passwords_and_duplicates(runner, db):
    weak = runner.invoke(
        args=["create-user", "--email", "a@example.com", "--password", "short"],
    )
    assert weak.exit_code != 0
    assert "at least 10 characters" in weak.output
    runner.invoke(args=["create-user", "--email", "a@example.com", "--password", "long-enough-1"])
    dup = runner.invoke(
        args=["create-user", "--email", "A@example.com", "--password", "long-enough-1"]
    )
    assert dup.exit_code != 0
    assert "already exists" in dup.output
    assert _count(db, User) == 1
